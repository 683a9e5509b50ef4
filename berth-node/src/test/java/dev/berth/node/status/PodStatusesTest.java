package dev.berth.node.status;

import static dev.berth.node.status.TestPods.at;
import static dev.berth.node.status.TestPods.container;
import static dev.berth.node.status.TestPods.exited;
import static dev.berth.node.status.TestPods.facts;
import static dev.berth.node.status.TestPods.podFacts;
import static dev.berth.node.status.TestPods.running;
import static dev.berth.node.status.TestPods.sidecar;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.probe.timing.ProbeKind;
import dev.berth.node.probe.timing.ProbeResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole statuses as a kubelet publishes them ({@code spec/kubelet.md} §1). */
class PodStatusesTest {
  private static final Pod APP_POD = TestPods.pod("Always", container("app"));

  static ContainerStatus status(PodStatus s, String name) {
    return Stream.concat(s.getInitContainerStatuses().stream(), s.getContainerStatuses().stream())
        .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  static PodCondition condition(PodStatus s, String type) {
    return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void aPodWithoutInstancesIsPendingAndContainerCreating() {
    PodStatus s = PodStatuses.generate(APP_POD, null, podFacts(), at(1));

    assertThat(s.getPhase()).isEqualTo("Pending");
    ContainerStatus app = status(s, "app");
    assertThat(app.getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(app.getImage()).as("before the first instance: the spec image").isEqualTo("busybox:1.36");
    assertThat(app.getImageID()).isEmpty();
    assertThat(app.getContainerID()).isNull();
    assertThat(app.getRestartCount()).isZero();
    assertThat(app.getReady()).isFalse();
    assertThat(app.getStarted()).isFalse();
    assertThat(s.getConditions()).extracting(PodCondition::getType)
        .containsExactly("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
    assertThat(s.getConditions()).extracting(PodConditionsTest::show).containsExactly("True", "True",
        "False ContainersNotReady \"containers with unready status: [app]\"",
        "False ContainersNotReady \"containers with unready status: [app]\"", "True");
    assertThat(s.getConditions()).extracting(PodCondition::getLastTransitionTime).containsOnly("2026-01-01T00:00:01Z");
    assertThat(s.getStartTime()).isEqualTo("2026-01-01T00:00:01Z");
    assertThat(s.getPodIP()).isEqualTo("127.1.0.5");
    assertThat(s.getPodIPs()).extracting(p -> p.getIp()).containsExactly("127.1.0.5");
    assertThat(s.getHostIP()).isEqualTo("127.0.0.1");
    assertThat(s.getHostIPs()).extracting(p -> p.getIp()).containsExactly("127.0.0.1");
    assertThat(s.getQosClass()).isEqualTo("BestEffort");
  }

  @Test
  void aPodWithInitContainersDefaultsEveryContainerToPodInitializing() {
    Pod pod = TestPods.pod("Always", List.of(container("migrate")), List.of(container("app")));
    PodStatus s = PodStatuses.generate(pod, null, podFacts(), at(1));
    assertThat(status(s, "migrate").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    assertThat(status(s, "app").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    assertThat(PodConditionsTest.show(condition(s, "Initialized")))
        .isEqualTo("False ContainersNotInitialized \"containers with incomplete status: [migrate]\"");
  }

  @Test
  void aRunningContainerWithoutProbesIsStartedAndReady() {
    PodStatus s = PodStatuses.generate(APP_POD, null, podFacts(facts("app", running("app", 0, at(2)))), at(3));
    ContainerStatus app = status(s, "app");
    assertThat(app.getState().getRunning().getStartedAt()).isEqualTo("2026-01-01T00:00:02Z");
    assertThat(app.getContainerID()).isEqualTo("process://app-0");
    assertThat(app.getStarted()).isTrue();
    assertThat(app.getReady()).isTrue();
    assertThat(s.getPhase()).isEqualTo("Running");
    assertThat(PodConditionsTest.show(condition(s, "Ready"))).isEqualTo("True");
  }

  record ProbeCase(String name, boolean startupProbe, boolean readinessProbe, ProbeResult startup, ProbeResult readiness,
      boolean started, boolean ready) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ProbeCase> probeCases() {
    return Stream.of(
        new ProbeCase("readiness not yet succeeded", false, true, ProbeResult.UNKNOWN, ProbeResult.FAILURE, true, false),
        new ProbeCase("readiness succeeded", false, true, ProbeResult.UNKNOWN, ProbeResult.SUCCESS, true, true),
        new ProbeCase("startup pending gates readiness", true, true, ProbeResult.UNKNOWN, ProbeResult.SUCCESS, false, false),
        new ProbeCase("startup failed", true, false, ProbeResult.FAILURE, ProbeResult.FAILURE, false, false),
        new ProbeCase("startup succeeded, no readiness probe", true, false, ProbeResult.SUCCESS, ProbeResult.FAILURE, true, true),
        new ProbeCase("results of undeclared probes are ignored", false, false, ProbeResult.FAILURE, ProbeResult.FAILURE, true,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("probeCases")
  void startedAndReadyFollowTheProbes(ProbeCase c) {
    ContainerBuilder b = new ContainerBuilder(container("app"));
    if (c.startupProbe()) {
      b.withNewStartupProbe().withNewExec().withCommand("true").endExec().endStartupProbe();
    }
    if (c.readinessProbe()) {
      b.withNewReadinessProbe().withNewExec().withCommand("true").endExec().endReadinessProbe();
    }
    Pod pod = TestPods.pod("Always", b.build());
    ContainerFacts f = facts("app", running("app", 0, at(2))).withProbeResult(ProbeKind.STARTUP, c.startup())
        .withProbeResult(ProbeKind.READINESS, c.readiness());
    ContainerStatus app = status(PodStatuses.generate(pod, null, podFacts(f), at(3)), "app");
    assertThat(app.getStarted()).as("%s: started", c.name()).isEqualTo(c.started());
    assertThat(app.getReady()).as("%s: ready", c.name()).isEqualTo(c.ready());
  }

  @Test
  void theTwoNewestInstancesGiveStateAndLastState() {
    ContainerFacts f = facts("app", running("app", 2, at(30)), exited("app", 1, at(10), at(20), 1), exited("app", 0, at(1), at(5), 1));
    ContainerStatus app = status(PodStatuses.generate(APP_POD, null, podFacts(f), at(31)), "app");
    assertThat(app.getRestartCount()).isEqualTo(2);
    assertThat(app.getState().getRunning()).isNotNull();
    assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(app.getLastState().getTerminated().getStartedAt()).isEqualTo("2026-01-01T00:00:10Z");
    assertThat(app.getLastState().getTerminated().getFinishedAt()).isEqualTo("2026-01-01T00:00:20Z");
    assertThat(app.getLastState().getTerminated().getContainerID()).isEqualTo("process://app-1");
  }

  @Test
  void aStartFailureIsShownAsWaitingWithoutAnInstance() {
    ContainerFacts f = ContainerFacts.none("app").withStartFailure(new StartFailure("CreateContainerConfigError",
        "configmap \"cfg\" not found"));
    PodStatus s = PodStatuses.generate(APP_POD, null, podFacts(f), at(1));
    assertThat(status(s, "app").getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(status(s, "app").getState().getWaiting().getMessage()).isEqualTo("configmap \"cfg\" not found");
    assertThat(s.getPhase()).as("never started: waiting").isEqualTo("Pending");
  }

  @Test
  void aStartFailureIsNotShownForAContainerThatWillNotRestart() {
    Pod pod = TestPods.pod("Never", container("app"));
    ContainerFacts f = facts("app", exited("app", 0, at(1), at(5), 3))
        .withStartFailure(new StartFailure("CrashLoopBackOff", "back-off 10s restarting failed container=app pod=x"));
    ContainerStatus app = status(PodStatuses.generate(pod, null, podFacts(f), at(6)), "app");
    assertThat(app.getState().getTerminated().getExitCode()).isEqualTo(3);
  }

  @Test
  void aRunningContainerThatVanishedIsRecordedAsStatusUnknown() {
    PodStatus before = PodStatuses.generate(APP_POD, null, podFacts(facts("app", running("app", 0, at(2)))), at(3));
    PodStatus after = PodStatuses.generate(APP_POD, before, podFacts(), at(4));
    ContainerStatus app = status(after, "app");
    assertThat(app.getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
    assertThat(app.getLastState().getTerminated().getMessage())
        .isEqualTo("The container could not be located when the pod was deleted.  The container used to be Running");
    assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(app.getRestartCount()).isEqualTo(1);
    assertThat(after.getPhase()).as("stopped, not waiting: no step back to Pending").isEqualTo("Running");

    PodStatus whenDeleting = PodStatuses.generate(TestPods.deleting(APP_POD), before, podFacts(), at(4));
    assertThat(status(whenDeleting, "app").getRestartCount()).as("no restart counted for a deleted pod").isZero();
  }

  @Test
  void anUnknownInstanceThatWasRunningIsTerminatedStatusUnknown() {
    PodStatus before = PodStatuses.generate(APP_POD, null, podFacts(facts("app", running("app", 0, at(2)))), at(3));
    ContainerInstance lost = new ContainerInstance("process://app-0", 0, "busybox:1.36", "", new InstanceState.Unknown());
    ContainerStatus app = status(PodStatuses.generate(APP_POD, before, podFacts(facts("app", lost)), at(4)), "app");
    assertThat(app.getState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
    assertThat(app.getState().getTerminated().getMessage()).isEqualTo("The container could not be located when the pod was terminated");
    assertThat(app.getRestartCount()).isEqualTo(1);
  }

  @Test
  void aCollectedInitContainerOfAnInitializedPodCountsAsCompleted() {
    Pod pod = TestPods.pod("Always", List.of(container("migrate"), sidecar("proxy")), List.of(container("app")));
    PodStatus s = PodStatuses.generate(pod, null, podFacts(facts("proxy", running("proxy", 0, at(2))),
        facts("app", running("app", 0, at(3)))), at(4));
    ContainerStatus migrate = status(s, "migrate");
    assertThat(migrate.getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(migrate.getState().getTerminated().getMessage()).isEqualTo(
        "Unable to get init container status from container runtime and pod has been initialized, treat it as exited normally");
    assertThat(migrate.getReady()).isTrue();
    assertThat(s.getPhase()).isEqualTo("Running");
  }

  @Test
  void conditionsKeepTheirTransitionTimeUntilTheirStatusFlips() {
    Container probed = new ContainerBuilder(container("app")).withNewReadinessProbe().withNewExec().withCommand("true").endExec()
        .endReadinessProbe().build();
    Pod pod = TestPods.pod("Always", probed);
    ContainerFacts notReady = facts("app", running("app", 0, at(2)));
    PodStatus first = PodStatuses.generate(pod, null, podFacts(notReady), at(3));
    PodStatus second = PodStatuses.generate(pod, first, podFacts(notReady), at(13));
    assertThat(second.getConditions()).as("nothing flipped: every time kept")
        .extracting(PodCondition::getLastTransitionTime).containsOnly("2026-01-01T00:00:03Z");
    assertThat(PodStatuses.sameIgnoringTimes(first, second)).isTrue();

    PodStatus third = PodStatuses.generate(pod, second, podFacts(notReady.withProbeResult(ProbeKind.READINESS,
        ProbeResult.SUCCESS)), at(21));
    assertThat(condition(third, "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:21Z");
    assertThat(condition(third, "ContainersReady").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:21Z");
    assertThat(condition(third, "Initialized").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:03Z");
    assertThat(condition(third, "PodScheduled").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:03Z");
    assertThat(PodStatuses.sameIgnoringTimes(second, third)).isFalse();
  }

  @Test
  void startTimeIsSetOnceAndKeptFromThePreviousStatus() {
    PodStatus first = PodStatuses.generate(APP_POD, null, podFacts(), at(1));
    PodStatus later = PodStatuses.generate(APP_POD, first, podFacts(facts("app", running("app", 0, at(5)))), at(9));
    assertThat(later.getStartTime()).isEqualTo("2026-01-01T00:00:01Z");
    Pod fromApi = new PodBuilder(APP_POD).withStatus(new PodStatusBuilder().withStartTime("2025-12-31T23:59:00Z").build()).build();
    assertThat(PodStatuses.generate(fromApi, null, podFacts(), at(9)).getStartTime())
        .as("after a restart of berth the API object's startTime wins").isEqualTo("2025-12-31T23:59:00Z");
  }

  @Test
  void sameIgnoringTimesSeesEveryChangeButConditionTimes() {
    PodStatus a = PodStatuses.generate(APP_POD, null, podFacts(facts("app", running("app", 0, at(2)))), at(3));
    PodStatus b = new PodStatusBuilder(a).build();
    b.getConditions().forEach(c -> c.setLastTransitionTime("2030-01-01T00:00:00Z"));
    assertThat(PodStatuses.sameIgnoringTimes(a, b)).isTrue();
    PodStatus restarted = new PodStatusBuilder(a).build();
    restarted.getContainerStatuses().get(0).setRestartCount(1);
    assertThat(PodStatuses.sameIgnoringTimes(a, restarted)).isFalse();
    PodStatus reason = new PodStatusBuilder(a).build();
    reason.getConditions().get(2).setMessage("other");
    assertThat(PodStatuses.sameIgnoringTimes(a, reason)).isFalse();
    assertThat(PodStatuses.sameIgnoringTimes(a, null)).isFalse();
  }

  @Test
  void aTerminalPhaseIsSticky() {
    Pod pod = TestPods.pod("Never", container("app"));
    PodStatus done = PodStatuses.generate(pod, null, podFacts(facts("app", exited("app", 0, at(1), at(2), 0))), at(3));
    assertThat(done.getPhase()).isEqualTo("Succeeded");
    PodStatus later = PodStatuses.generate(pod, done, podFacts(facts("app", running("app", 1, at(4)))), at(5));
    assertThat(later.getPhase()).as("never out of a terminal phase").isEqualTo("Succeeded");
    Pod apiFailed = new PodBuilder(pod).withStatus(new PodStatusBuilder().withPhase("Failed").build()).build();
    assertThat(PodStatuses.generate(apiFailed, null, podFacts(facts("app", exited("app", 0, at(1), at(2), 0))), at(3)).getPhase())
        .as("the API object's terminal phase wins over a different terminal phase").isEqualTo("Failed");
  }

  @Test
  void reasonAndMessageStayWhileThePhaseDoesAndAFailureOverridesThePhase() {
    PodFacts deadline = new PodFacts(Map.of("app", facts("app", running("app", 0, at(2)))), PodFacts.Sandbox.READY,
        List.of("127.1.0.5"), List.of("127.0.0.1"), false,
        Optional.of(new PodFacts.PodFailure("DeadlineExceeded", "Pod was active on the node longer than the specified deadline")));
    PodStatus failed = PodStatuses.generate(APP_POD, null, deadline, at(3));
    assertThat(failed.getPhase()).isEqualTo("Failed");
    assertThat(failed.getReason()).isEqualTo("DeadlineExceeded");
    assertThat(PodConditionsTest.show(condition(failed, "Ready"))).isEqualTo("False PodFailed");

    PodStatus again = PodStatuses.generate(APP_POD, failed, podFacts(facts("app", exited("app", 0, at(2), at(4), 137))), at(5));
    assertThat(again.getPhase()).isEqualTo("Failed");
    assertThat(again.getReason()).as("carried over while the phase is unchanged").isEqualTo("DeadlineExceeded");
    assertThat(again.getMessage()).isEqualTo("Pod was active on the node longer than the specified deadline");
  }

  @Test
  void conditionsOfOthersArePreservedAndDisruptionTargetComesFromThePreviousStatus() {
    PodCondition gate = new PodConditionBuilder().withType("example.com/lb").withStatus("True")
        .withLastTransitionTime("2025-01-01T00:00:00Z").build();
    PodCondition staleReady = new PodConditionBuilder().withType("Ready").withStatus("True").build();
    Pod pod = new PodBuilder(APP_POD).withStatus(new PodStatusBuilder().withConditions(gate, staleReady).build()).build();
    PodCondition disruption = new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
        .withReason("TerminationByKubelet").build();
    PodStatus previous = new PodStatusBuilder().withConditions(disruption).build();
    PodStatus s = PodStatuses.generate(pod, previous, podFacts(), at(1));
    assertThat(s.getConditions()).extracting(PodCondition::getType).containsExactly("example.com/lb", "DisruptionTarget",
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
    assertThat(s.getConditions().get(0).getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
  }

  @Test
  void aHostNetworkPodGetsTheNodeAddressAndNoSandboxMeansNotReadyToStart() {
    Pod pod = new PodBuilder(APP_POD).editSpec().withHostNetwork(true).endSpec().build();
    PodFacts f = new PodFacts(Map.of(), PodFacts.Sandbox.NOT_CREATED, List.of(), List.of("192.168.1.10"), false, Optional.empty());
    PodStatus s = PodStatuses.generate(pod, null, f, at(1));
    assertThat(s.getPodIP()).isEqualTo("192.168.1.10");
    assertThat(PodConditionsTest.show(condition(s, "PodReadyToStartContainers"))).isEqualTo("False");
  }

  @Test
  void terminationMessagesShareTwelveKibibytes() {
    Pod pod = TestPods.pod("Never", container("a"), container("b"), container("c"));
    String long5k = "x".repeat(5000);
    ContainerInstance a = new ContainerInstance("process://a", 0, "busybox:1.36", "",
        new InstanceState.Exited(at(1), at(2), 1, "Error", long5k));
    PodStatus s = PodStatuses.generate(pod, null, podFacts(facts("a", a)), at(3));
    assertThat(status(s, "a").getState().getTerminated().getMessage()).hasSize(4096);
  }

  record QosCase(String name, Map<String, String> requests, Map<String, String> limits, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<QosCase> qosCases() {
    return Stream.of(
        new QosCase("nothing", Map.of(), Map.of(), "BestEffort"),
        new QosCase("limits only, requests defaulted equal", Map.of("cpu", "500m", "memory", "128Mi"),
            Map.of("cpu", "500m", "memory", "128Mi"), "Guaranteed"),
        new QosCase("equal but differently written", Map.of("cpu", "0.5", "memory", "128Mi"), Map.of("cpu", "500m",
            "memory", "134217728"), "Guaranteed"),
        new QosCase("memory limit missing", Map.of("cpu", "500m"), Map.of("cpu", "500m"), "Burstable"),
        new QosCase("request below limit", Map.of("cpu", "250m", "memory", "128Mi"), Map.of("cpu", "500m", "memory", "128Mi"),
            "Burstable"),
        new QosCase("only other resources", Map.of("ephemeral-storage", "1Gi"), Map.of(), "BestEffort"),
        new QosCase("zero values do not count", Map.of("cpu", "0"), Map.of("memory", "0"), "BestEffort"));
  }

  /**
   * {@code spec/kubelet.md} §9.3 and the QoS half of Appendix E 17 (berth sets no cgroup values and
   * reports no {@code OOMKilled} yet: docs/differences-from-upstream.md).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("qosCases")
  void qosClass(QosCase c) {
    Container app = new ContainerBuilder(container("app")).withNewResources()
        .withRequests(quantities(c.requests())).withLimits(quantities(c.limits())).endResources().build();
    assertThat(QosClasses.compute(TestPods.pod("Always", app))).as(c.name()).isEqualTo(c.expected());
  }

  private static Map<String, Quantity> quantities(Map<String, String> m) {
    return m.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> new Quantity(e.getValue())));
  }

  @Test
  void thePreviousStatusAndThePodAreNeverChanged() {
    PodStatus previous = PodStatuses.generate(APP_POD, null, podFacts(facts("app", exited("app", 0, at(1), at(2), 1))), at(3));
    PodStatus snapshot = new PodStatusBuilder(previous).build();
    Pod pod = new PodBuilder(APP_POD).withStatus(new PodStatusBuilder(previous).build()).build();
    Pod podSnapshot = new PodBuilder(pod).build();
    ContainerFacts crashing = facts("app", exited("app", 1, at(4), at(5), 1), exited("app", 0, at(1), at(2), 1))
        .withStartFailure(new StartFailure("CrashLoopBackOff", "back-off 10s ..." + "x".repeat(20_000)));
    PodStatus next = PodStatuses.generate(pod, previous, podFacts(crashing), at(6));
    assertThat(next).isNotEqualTo(previous);
    assertThat(previous).isEqualTo(snapshot);
    assertThat(pod).isEqualTo(podSnapshot);
  }
}
