package dev.berth.node.status;

import static dev.berth.node.status.TestPods.container;
import static dev.berth.node.status.TestPods.sCompletedInit;
import static dev.berth.node.status.TestPods.sRestarting;
import static dev.berth.node.status.TestPods.sRunning;
import static dev.berth.node.status.TestPods.sTerminated;
import static dev.berth.node.status.TestPods.sWaiting;
import static dev.berth.node.status.TestPods.sidecar;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The kubelet-owned conditions, their reasons and messages ({@code spec/kubelet.md} §1.5). */
class PodConditionsTest {

  /** A condition as {@code status reason "message"}, e.g. {@code False ContainersNotReady "containers with unready status: [app]"}. */
  static String show(PodCondition c) {
    return c.getStatus() + (c.getReason() == null ? "" : " " + c.getReason())
        + (c.getMessage() == null ? "" : " \"" + c.getMessage() + "\"");
  }

  record Case(String name, List<Container> inits, List<Container> containers, List<ContainerStatus> statuses, String phase,
      String initialized, String containersReady) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Container APP = container("app");
  private static final Container WORKER = container("worker");
  private static final Container MIGRATE = container("migrate");
  private static final Container PROXY = sidecar("proxy");

  static Stream<Case> cases() {
    return Stream.of(
        new Case("all ready", List.of(), List.of(APP), List.of(sRunning("app")), "Running", "True", "True"),
        new Case("app not ready", List.of(), List.of(APP), List.of(sRunning("app", true, false)), "Running", "True",
            "False ContainersNotReady \"containers with unready status: [app]\""),
        new Case("unknown and unready, unknown first", List.of(), List.of(APP, WORKER),
            List.of(sWaiting("app", "ContainerCreating")), "Pending", "True",
            "False ContainersNotReady \"containers with unknown status: [worker], containers with unready status: [app]\""),
        new Case("regular init running", List.of(MIGRATE), List.of(APP),
            List.of(sRunning("migrate", true, false), sWaiting("app", "PodInitializing")), "Pending",
            "False ContainersNotInitialized \"containers with incomplete status: [migrate]\"",
            "False ContainersNotReady \"containers with unready status: [app]\""),
        new Case("init and sidecar not there yet, in spec order", List.of(MIGRATE, PROXY), List.of(APP),
            List.of(sWaiting("migrate", "PodInitializing"), sWaiting("proxy", "PodInitializing"), sWaiting("app", "PodInitializing")),
            "Pending", "False ContainersNotInitialized \"containers with incomplete status: [migrate proxy]\"",
            "False ContainersNotReady \"containers with unready status: [proxy app]\""),
        new Case("init statuses missing", List.of(MIGRATE), List.of(APP), List.of(), "Pending",
            "False ContainersNotInitialized \"containers with unknown status: [migrate]\"",
            "False ContainersNotReady \"containers with unknown status: [app]\""),
        new Case("init done, sidecar started but unready", List.of(MIGRATE, PROXY), List.of(APP),
            List.of(sCompletedInit("migrate"), sRunning("proxy", true, false), sRunning("app")), "Running", "True",
            "False ContainersNotReady \"containers with unready status: [proxy]\""),
        new Case("sidecar restarting after a regular container ran", List.of(PROXY), List.of(APP),
            List.of(sRestarting("proxy", 1), sRunning("app")), "Running", "True",
            "False ContainersNotReady \"containers with unready status: [proxy]\""),
        new Case("init failed", List.of(MIGRATE), List.of(APP),
            List.of(sTerminated("migrate", 1), sWaiting("app", "PodInitializing")), "Failed",
            "False ContainersNotInitialized \"containers with incomplete status: [migrate]\"", "False PodFailed"),
        new Case("succeeded", List.of(MIGRATE), List.of(APP), List.of(sCompletedInit("migrate"), sTerminated("app", 0)),
            "Succeeded", "True PodCompleted", "False PodCompleted"),
        new Case("failed", List.of(), List.of(APP), List.of(sTerminated("app", 1)), "Failed", "True", "False PodFailed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conditions(Case c) {
    Pod pod = TestPods.pod("Always", c.inits(), c.containers());
    assertThat(show(PodConditions.initialized(pod, c.statuses(), c.phase()))).as("%s: Initialized", c.name())
        .isEqualTo(c.initialized());
    assertThat(show(PodConditions.containersReady(pod, c.statuses(), c.phase()))).as("%s: ContainersReady", c.name())
        .isEqualTo(c.containersReady());
    assertThat(show(PodConditions.ready(pod, List.of(), c.statuses(), c.phase()))).as("%s: Ready copies ContainersReady", c.name())
        .isEqualTo(c.containersReady().replace("ContainersReady", "Ready"));
  }

  @Test
  void readinessGatesHoldReadyBackOnceContainersAreReady() {
    Pod pod = new PodBuilder(TestPods.pod("Always", container("app"))).editSpec().addNewReadinessGate()
        .withConditionType("example.com/lb").endReadinessGate().addNewReadinessGate().withConditionType("example.com/dns")
        .endReadinessGate().endSpec().build();
    List<ContainerStatus> ready = List.of(sRunning("app"));
    PodCondition lbFalse = new PodConditionBuilder().withType("example.com/lb").withStatus("False").build();
    assertThat(show(PodConditions.ready(pod, List.of(lbFalse), ready, "Running"))).isEqualTo("False ReadinessGatesNotReady "
        + "\"the status of pod readiness gate \"example.com/lb\" is not \"True\", but False, "
        + "corresponding condition of pod readiness gate \"example.com/dns\" does not exist.\"");
    PodCondition lbTrue = new PodConditionBuilder(lbFalse).withStatus("True").build();
    PodCondition dnsTrue = new PodConditionBuilder().withType("example.com/dns").withStatus("True").build();
    assertThat(show(PodConditions.ready(pod, List.of(lbTrue, dnsTrue), ready, "Running"))).isEqualTo("True");
    assertThat(show(PodConditions.ready(pod, List.of(lbTrue, dnsTrue), List.of(sRunning("app", true, false)), "Running")))
        .as("unready containers win over gates").startsWith("False ContainersNotReady");
  }

  @Test
  void readyToStartContainersFollowsTheSandbox() {
    assertThat(show(PodConditions.readyToStartContainers(true))).isEqualTo("True");
    assertThat(show(PodConditions.readyToStartContainers(false))).isEqualTo("False");
    assertThat(show(PodConditions.scheduled())).isEqualTo("True");
  }
}
