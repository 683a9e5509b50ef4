package dev.berth.node.probe.timing;

import static dev.berth.node.probe.timing.ProbeFixtures.RUNNING;
import static dev.berth.node.probe.timing.ProbeFixtures.app;
import static dev.berth.node.probe.timing.ProbeFixtures.calls;
import static dev.berth.node.probe.timing.ProbeFixtures.creating;
import static dev.berth.node.probe.timing.ProbeFixtures.pod;
import static dev.berth.node.probe.timing.ProbeFixtures.probe;
import static dev.berth.node.probe.timing.ProbeFixtures.runner;
import static dev.berth.node.probe.timing.ProbeFixtures.running;
import static dev.berth.node.probe.timing.ProbeFixtures.status;
import static dev.berth.node.probe.timing.ProbeFixtures.terminated;
import static dev.berth.node.status.TestPods.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.node.probe.ProbeResult.Failure;
import dev.berth.node.probe.ProbeResult.Success;
import dev.berth.node.probe.ProbeResult.Unknown;
import dev.berth.node.probe.testing.FakeProbeRunner;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One probe worker's runs ({@code spec/kubelet.md} §4.2, §4.3, §4.6). */
class ProbeWorkerTest {
  private static final Container READY_ONLY = app(probe(0, 10, 1, 3), null, null);
  private static final Pod POD = pod("Always", READY_ONLY);
  private static final PodStatus UP = status("Running", running("process://a", at(0), true));

  @Test
  void aWorkerNeedsItsProbe() {
    assertThatThrownBy(() -> new ProbeWorker(ProbeKind.LIVENESS, READY_ONLY)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("container app has no liveness probe");
  }

  @Test
  void nothingToProbeBeforeTheStatusShowsAnInstance() {
    ProbeWorker w = new ProbeWorker(ProbeKind.READINESS, READY_ONLY);
    FakeProbeRunner runner = runner();
    assertThat(w.probe(at(0), POD, null, runner, RUNNING)).isEqualTo(new ProbeStep(true, false, ProbeResult.FAILURE, List.of()));
    assertThat(w.probe(at(0), POD, status("Pending", creating()), runner, RUNNING).keepGoing()).isTrue();
    assertThat(runner.runs()).isEmpty();
  }

  @Test
  void aTerminalPodEndsTheWorker() {
    ProbeWorker w = new ProbeWorker(ProbeKind.READINESS, READY_ONLY);
    assertThat(w.probe(at(0), POD, status("Succeeded"), runner(), RUNNING).keepGoing()).isFalse();
  }

  @Test
  void aNewInstanceResetsTheResultToTheInitialValue() {
    ProbeWorker w = new ProbeWorker(ProbeKind.READINESS, READY_ONLY);
    FakeProbeRunner runner = runner(new Success("ok"));
    ProbeStep first = w.probe(at(1), POD, UP, runner, RUNNING);
    assertThat(first.result()).isEqualTo(ProbeResult.SUCCESS);
    assertThat(first.resultChanged()).isTrue();
    PodStatus restarted = status("Running", running("process://b", at(20), false));
    ProbeStep next = w.probe(at(21), POD, restarted, runner, RUNNING);
    assertThat(next.result()).as("not started yet: reset to Failure and not probed").isEqualTo(ProbeResult.FAILURE);
    assertThat(next.resultChanged()).isTrue();
    assertThat(w.containerId()).isEqualTo("process://b");
  }

  record ThresholdCase(String name, ProbeKind kind, int success, int failure, List<dev.berth.node.probe.ProbeResult> outcomes, List<ProbeResult> results) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final dev.berth.node.probe.ProbeResult OK = new Success("");
  private static final dev.berth.node.probe.ProbeResult BAD = new Failure("boom");

  static Stream<ThresholdCase> thresholds() {
    ProbeResult s = ProbeResult.SUCCESS;
    ProbeResult f = ProbeResult.FAILURE;
    return Stream.of(
        new ThresholdCase("readiness flips on the first success", ProbeKind.READINESS, 1, 3, List.of(OK, BAD, BAD, BAD, OK),
            List.of(s, s, s, f, s)),
        new ThresholdCase("readiness needs successThreshold successes in a row", ProbeKind.READINESS, 2, 1,
            List.of(OK, BAD, OK, OK, BAD), List.of(f, f, f, s, f)),
        new ThresholdCase("a success breaks a run of failures", ProbeKind.READINESS, 1, 2, List.of(OK, BAD, OK, BAD, BAD),
            List.of(s, s, s, s, f)),
        new ThresholdCase("liveness fails after failureThreshold in a row, then holds", ProbeKind.LIVENESS, 1, 3,
            List.of(BAD, BAD, OK, BAD, BAD, BAD, OK), List.of(s, s, s, s, s, f, f)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("thresholds")
  void thresholdsCountConsecutiveResults(ThresholdCase c) {
    Container ctr = c.kind() == ProbeKind.READINESS ? app(probe(0, 10, c.success(), c.failure()), null, null)
        : app(null, probe(0, 10, c.success(), c.failure()), null);
    ProbeWorker w = new ProbeWorker(c.kind(), ctr);
    FakeProbeRunner runner = runner(c.outcomes().toArray(dev.berth.node.probe.ProbeResult[]::new));
    List<ProbeResult> results = new ArrayList<>();
    for (int i = 0; i < c.outcomes().size(); i++) {
      results.add(w.probe(at(10 * i), pod("Always", ctr), UP, runner, RUNNING).result());
    }
    assertThat(results).as(c.name()).containsExactlyElementsOf(c.results());
  }

  @Test
  void everyFailedAttemptIsAnEventBeforeTheThreshold() {
    Container ctr = app(null, probe(0, 10, 1, 3), null);
    ProbeWorker w = new ProbeWorker(ProbeKind.LIVENESS, ctr);
    FakeProbeRunner runner = runner(new Failure("HTTP probe failed with statuscode: 503"));
    ProbeStep first = w.probe(at(0), pod("Always", ctr), UP, runner, RUNNING);
    assertThat(first.events()).containsExactly(new ProbeEvent("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 503"));
    assertThat(first.result()).isEqualTo(ProbeResult.SUCCESS);
    w.probe(at(10), pod("Always", ctr), UP, runner, RUNNING);
    ProbeStep third = w.probe(at(20), pod("Always", ctr), UP, runner, RUNNING);
    assertThat(third.result()).isEqualTo(ProbeResult.FAILURE);
    assertThat(third.resultChanged()).isTrue();
    assertThat(third.events()).hasSize(1);
  }

  @Test
  void afterALivenessFailureTheWorkerHoldsUntilANewInstance() {
    Container ctr = app(null, probe(0, 10, 1, 1), null);
    ProbeWorker w = new ProbeWorker(ProbeKind.LIVENESS, ctr);
    FakeProbeRunner runner = runner(BAD);
    assertThat(w.probe(at(0), pod("Always", ctr), UP, runner, RUNNING).result()).isEqualTo(ProbeResult.FAILURE);
    ProbeStep held = w.probe(at(10), pod("Always", ctr), UP, runner, RUNNING);
    assertThat(held).isEqualTo(new ProbeStep(true, false, ProbeResult.FAILURE, List.of()));
    assertThat(runner.runs()).hasSize(1);
    ProbeStep fresh = w.probe(at(30), pod("Always", ctr), status("Running", running("process://b", at(25), true)), runner, RUNNING);
    assertThat(runner.runs()).as("a new instance is probed again").hasSize(2);
    assertThat(fresh.result()).as("one failure again reaches the threshold of 1").isEqualTo(ProbeResult.FAILURE);
  }

  @Test
  void startupGatesTheOtherProbesAndGoesIdleOnceStarted() {
    Container ctr = app(probe(0, 10, 1, 3), probe(0, 10, 1, 3), probe(0, 10, 1, 3));
    Pod pod = pod("Always", ctr);
    FakeProbeRunner runner = runner(OK);
    PodStatus notStarted = status("Running", running("process://a", at(0), false));
    PodStatus started = status("Running", running("process://a", at(0), true));
    ProbeWorker startup = new ProbeWorker(ProbeKind.STARTUP, ctr);
    ProbeWorker liveness = new ProbeWorker(ProbeKind.LIVENESS, ctr);
    ProbeWorker readiness = new ProbeWorker(ProbeKind.READINESS, ctr);
    liveness.probe(at(1), pod, notStarted, runner, RUNNING);
    readiness.probe(at(1), pod, notStarted, runner, RUNNING);
    assertThat(runner.runs()).as("only startup runs before the container started").isEmpty();
    assertThat(startup.probe(at(1), pod, notStarted, runner, RUNNING).result()).isEqualTo(ProbeResult.SUCCESS);
    startup.probe(at(11), pod, started, runner, RUNNING);
    liveness.probe(at(11), pod, started, runner, RUNNING);
    readiness.probe(at(11), pod, started, runner, RUNNING);
    assertThat(calls(runner, ctr)).containsExactly("STARTUP process://a", "LIVENESS process://a", "READINESS process://a");
  }

  @Test
  void aDeletedPodStopsLivenessAndStartupQuietlyButKeepsReadiness() {
    Container ctr = app(probe(0, 10, 1, 3), probe(0, 10, 1, 1), null);
    Pod deleted = ProbeFixtures.deleting(pod("Always", ctr));
    FakeProbeRunner runner = runner(BAD);
    ProbeStep liveness = new ProbeWorker(ProbeKind.LIVENESS, ctr).probe(at(0), deleted, UP, runner, RUNNING);
    assertThat(liveness).isEqualTo(new ProbeStep(false, true, ProbeResult.SUCCESS, List.of()));
    ProbeStep readiness = new ProbeWorker(ProbeKind.READINESS, ctr).probe(at(0), deleted, UP, runner, RUNNING);
    assertThat(readiness.keepGoing()).isTrue();
    assertThat(readiness.events()).containsExactly(new ProbeEvent("Unhealthy", "Readiness probe failed: boom"));
  }

  @Test
  void aContainerThatIsNotRunningFailsAndEndsTheWorkerOnlyUnderNever() {
    PodStatus exited = status("Running", terminated("process://a"));
    ProbeWorker always = new ProbeWorker(ProbeKind.READINESS, READY_ONLY);
    assertThat(always.probe(at(0), pod("Always", READY_ONLY), exited, runner(), RUNNING))
        .isEqualTo(new ProbeStep(true, true, ProbeResult.FAILURE, List.of()));
    ProbeWorker never = new ProbeWorker(ProbeKind.READINESS, READY_ONLY);
    assertThat(never.probe(at(0), pod("Never", READY_ONLY), exited, runner(), RUNNING).keepGoing()).isFalse();
    ProbeWorker waiting = new ProbeWorker(ProbeKind.LIVENESS, app(null, probe(0, 10, 1, 3), null));
    PodStatus backOff = status("Running", new ContainerStatusBuilder(terminated("process://a")).withNewState().withNewWaiting()
        .withReason("CrashLoopBackOff").endWaiting().endState().build());
    assertThat(waiting.probe(at(0), pod("Never", READY_ONLY), backOff, runner(), RUNNING).result())
        .as("liveness of a waiting container is Failure too; only a running one can be killed").isEqualTo(ProbeResult.FAILURE);
  }

  @Test
  void aProbeThatCannotRunIsRetriedReportedAndDiscarded() {
    ProbeWorker w = new ProbeWorker(ProbeKind.READINESS, app(probe(0, 10, 1, 1), null, null));
    FakeProbeRunner runner = runner(new Unknown("a"), new Unknown("b"),
        new Unknown("missing probe handler"), OK);
    ProbeStep s = w.probe(at(0), POD, UP, runner, RUNNING);
    assertThat(runner.runs()).hasSize(3);
    assertThat(s.events()).containsExactly(new ProbeEvent("Unhealthy",
        "Readiness probe errored and resulted in unknown state: missing probe handler"));
    assertThat(s.result()).as("discarded: still the initial value").isEqualTo(ProbeResult.FAILURE);
    assertThat(w.probe(at(10), POD, UP, runner, RUNNING).result()).isEqualTo(ProbeResult.SUCCESS);

    FakeProbeRunner flaky = runner(new Unknown("once"), OK);
    ProbeStep recovered = new ProbeWorker(ProbeKind.READINESS, READY_ONLY).probe(at(0), POD, UP, flaky, RUNNING);
    assertThat(recovered.events()).as("a retry that works reports nothing").isEmpty();
    assertThat(recovered.result()).isEqualTo(ProbeResult.SUCCESS);
  }

  @Test
  void warningsSucceedWithAnEventAndAnInstanceThatIsGoneIsDiscarded() {
    ProbeWorker w = new ProbeWorker(ProbeKind.READINESS, app(probe(0, 10, 1, 1), null, null));
    FakeProbeRunner runner = runner(new Success("Probe terminated redirects, Response body: x"));
    ProbeStep warned = w.probe(at(0), POD, UP, runner, RUNNING);
    assertThat(warned.result()).isEqualTo(ProbeResult.SUCCESS);
    assertThat(warned.events()).containsExactly(new ProbeEvent("ProbeWarning",
        "Readiness probe warning: Probe terminated redirects, Response body: x"));
    ProbeStep gone = w.probe(at(10), POD, UP, runner, id -> Optional.empty());
    assertThat(runner.runs()).as("nothing to run against").hasSize(1);
    assertThat(gone.events()).containsExactly(new ProbeEvent("Unhealthy",
        "Readiness probe errored and resulted in unknown state: container app is not running"));
    assertThat(gone.result()).as("discarded").isEqualTo(ProbeResult.SUCCESS);
  }


  @Test
  void sidecarsAreFoundAmongTheInitContainerStatuses() {
    ProbeWorker w = new ProbeWorker(ProbeKind.READINESS, READY_ONLY);
    PodStatus s = new PodStatusBuilder().withPhase("Pending").withInitContainerStatuses(running("process://s", at(0), true)).build();
    FakeProbeRunner runner = runner();
    w.probe(at(1), POD, s, runner, RUNNING);
    assertThat(calls(runner, READY_ONLY)).containsExactly("READINESS process://s");
  }
}
