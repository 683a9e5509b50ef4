package dev.berth.node.probe.timing;

import static dev.berth.node.probe.timing.ProbeFixtures.app;
import static dev.berth.node.probe.timing.ProbeFixtures.creating;
import static dev.berth.node.probe.timing.ProbeFixtures.pod;
import static dev.berth.node.probe.timing.ProbeFixtures.probe;
import static dev.berth.node.probe.timing.ProbeFixtures.running;
import static dev.berth.node.probe.timing.ProbeFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import dev.berth.node.probe.testing.FakeProbeRunner;
import dev.berth.node.status.TestPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The items of {@code spec/kubelet.md} Appendix E about probe timing: 5 and 6. */
class AppendixEChecklistTest {

  @Test
  void item5_readinessStartsAsFailureLivenessAsSuccessAndStartupGatesBoth() {
    Container ctr = app(probe(0, 10, 1, 3), probe(0, 10, 1, 3), probe(0, 10, 1, 30));
    Pod pod = pod("Always", ctr);
    ProbeWorker readiness = new ProbeWorker(ProbeKind.READINESS, ctr);
    ProbeWorker liveness = new ProbeWorker(ProbeKind.LIVENESS, ctr);
    ProbeWorker startup = new ProbeWorker(ProbeKind.STARTUP, ctr);
    assertThat(List.of(readiness.result(), liveness.result(), startup.result()))
        .containsExactly(ProbeResult.FAILURE, ProbeResult.SUCCESS, ProbeResult.UNKNOWN);

    FakeProbeRunner failing = new FakeProbeRunner();
    failing.set("app", new dev.berth.node.probe.ProbeResult.Failure("not yet"));
    PodStatus notStarted = status("Running", running("process://a", TestPods.at(0), false));
    for (int t = 0; t < 50; t += 10) {
      readiness.probe(TestPods.at(t), pod, notStarted, failing, ProbeFixtures.RUNNING);
      liveness.probe(TestPods.at(t), pod, notStarted, failing, ProbeFixtures.RUNNING);
      startup.probe(TestPods.at(t), pod, notStarted, failing, ProbeFixtures.RUNNING);
    }
    assertThat(ProbeFixtures.calls(failing, ctr)).as("while not started only the startup probe runs")
        .containsOnly("STARTUP process://a").hasSize(5);
    assertThat(readiness.result()).isEqualTo(ProbeResult.FAILURE);
    assertThat(liveness.result()).as("liveness never ran, so it cannot kill").isEqualTo(ProbeResult.SUCCESS);
    assertThat(startup.result()).as("4 of 30 failures: not started, not failed").isEqualTo(ProbeResult.UNKNOWN);
  }

  @Test
  void item6_initialDelayIsCheckedOnTicksSoTheFirstProbeCanBeAPeriodLate() {
    // Appendix C: the worker starts at ~1 s, the container at ~2 s, initialDelaySeconds 5, period 10.
    FakeClock clock = new FakeClock(TestPods.T0);
    Container ctr = app(probe(5, 10, 1, 3), null, null);
    Pod pod = pod("Always", ctr);
    AtomicReference<PodStatus> published = new AtomicReference<>(status("Pending", creating()));
    List<Long> probedAt = new ArrayList<>();
    List<ProbeResult> results = new ArrayList<>();
    clock.advance(Duration.ofSeconds(1));
    ProbeTicker ticker = ProbeTicker.start(clock, new ProbeWorker(ProbeKind.READINESS, ctr), Duration.ZERO, () -> pod, published::get,
        (p, target) -> {
          probedAt.add(Duration.between(TestPods.T0, clock.now()).toSeconds());
          return dev.berth.node.probe.ProbeResult.SUCCESS;
        }, ProbeFixtures.RUNNING, step -> results.add(step.result()));

    clock.advance(Duration.ofSeconds(2));
    published.set(status("Running", running("process://a", TestPods.at(2), true)));
    ticker.trigger();
    clock.advance(Duration.ofSeconds(5));
    assertThat(probedAt).as("at t=3 and t=8 nothing is probed: the delay is only looked at on runs").isEmpty();
    clock.advance(Duration.ofSeconds(4));
    assertThat(probedAt).as("the first probe is the t=11 tick, 9 s after the start").containsExactly(11L);
    assertThat(results).containsExactly(ProbeResult.FAILURE, ProbeResult.FAILURE, ProbeResult.SUCCESS);
  }
}
