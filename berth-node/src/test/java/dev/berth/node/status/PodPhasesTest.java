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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream's getPhase, case by case ({@code spec/kubelet.md} §1.4). */
class PodPhasesTest {

  record Case(String name, String restartPolicy, List<Container> inits, List<Container> containers,
      List<ContainerStatus> statuses, boolean podIsTerminal, boolean podHasInitialized, String expected) {
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
        new Case("running container", "Always", List.of(), List.of(APP), List.of(sRunning("app")), false, true, "Running"),
        new Case("container creating", "Always", List.of(), List.of(APP), List.of(sWaiting("app", "ContainerCreating")),
            false, false, "Pending"),
        new Case("no status yet", "Always", List.of(), List.of(APP), List.of(), false, false, "Pending"),
        new Case("CrashLoopBackOff under Always stays Running", "Always", List.of(), List.of(APP),
            List.of(sRestarting("app", 1)), false, true, "Running"),
        new Case("CrashLoopBackOff under OnFailure stays Running", "OnFailure", List.of(), List.of(APP),
            List.of(sRestarting("app", 1)), false, true, "Running"),
        new Case("exit 0 under Never", "Never", List.of(), List.of(APP), List.of(sTerminated("app", 0)), false, true, "Succeeded"),
        new Case("exit 1 under Never", "Never", List.of(), List.of(APP), List.of(sTerminated("app", 1)), false, true, "Failed"),
        new Case("exit 0 under OnFailure", "OnFailure", List.of(), List.of(APP), List.of(sTerminated("app", 0)), false, true,
            "Succeeded"),
        new Case("exit 1 under OnFailure, not yet restarted", "OnFailure", List.of(), List.of(APP),
            List.of(sTerminated("app", 1)), false, true, "Running"),
        new Case("exit 0 under Always is restarted", "Always", List.of(), List.of(APP), List.of(sTerminated("app", 0)), false,
            true, "Running"),
        new Case("one of two failed under Never", "Never", List.of(), List.of(APP, WORKER),
            List.of(sTerminated("app", 0), sTerminated("worker", 1)), false, true, "Failed"),
        new Case("one still running under Never", "Never", List.of(), List.of(APP, WORKER),
            List.of(sRunning("app"), sTerminated("worker", 1)), false, true, "Running"),
        new Case("one status missing", "Always", List.of(), List.of(APP, WORKER), List.of(sRunning("app")), false, true,
            "Pending"),
        new Case("one waiting, one running", "Always", List.of(), List.of(APP, WORKER),
            List.of(sRunning("app"), sWaiting("worker", "ContainerCreating")), false, true, "Pending"),
        new Case("init container running", "Always", List.of(MIGRATE), List.of(APP),
            List.of(sRunning("migrate"), sWaiting("app", "PodInitializing")), false, false, "Pending"),
        new Case("init container failed under Never", "Never", List.of(MIGRATE), List.of(APP),
            List.of(sTerminated("migrate", 1), sWaiting("app", "PodInitializing")), false, false, "Failed"),
        new Case("init container crash-looping under Always", "Always", List.of(MIGRATE), List.of(APP),
            List.of(sRestarting("migrate", 1), sWaiting("app", "PodInitializing")), false, false, "Pending"),
        new Case("init container restarting after failure under Never is Failed", "Never", List.of(MIGRATE), List.of(APP),
            List.of(sRestarting("migrate", 2), sWaiting("app", "PodInitializing")), false, false, "Failed"),
        new Case("init completed, container creating", "Always", List.of(MIGRATE), List.of(APP),
            List.of(sCompletedInit("migrate"), sWaiting("app", "PodInitializing")), false, false, "Pending"),
        new Case("init completed, container running", "Always", List.of(MIGRATE), List.of(APP),
            List.of(sCompletedInit("migrate"), sRunning("app")), false, true, "Running"),
        new Case("sidecar running but not started holds the pod Pending", "Always", List.of(PROXY), List.of(APP),
            List.of(sRunning("proxy", false, false), sWaiting("app", "PodInitializing")), false, false, "Pending"),
        new Case("sidecar restarting after initialization keeps Running", "Always", List.of(PROXY), List.of(APP),
            List.of(sRunning("proxy", false, false), sRunning("app")), false, true, "Running"),
        new Case("sidecar waiting for its first start", "Always", List.of(PROXY), List.of(APP),
            List.of(sWaiting("proxy", "PodInitializing"), sWaiting("app", "PodInitializing")), false, false, "Pending"),
        new Case("sidecar exit code never decides the phase", "Never", List.of(PROXY), List.of(APP),
            List.of(sTerminated("proxy", 137), sTerminated("app", 0)), false, true, "Succeeded"),
        new Case("sidecar in back-off does not count as stopped", "Never", List.of(PROXY), List.of(APP),
            List.of(sRestarting("proxy", 1), sRunning("app")), false, true, "Running"),
        new Case("deleted pod, all exited 0, under Always", "Always", List.of(), List.of(APP, WORKER),
            List.of(sTerminated("app", 0), sTerminated("worker", 0)), true, true, "Succeeded"),
        new Case("deleted pod, SIGTERM exit 143, under Always", "Always", List.of(), List.of(APP),
            List.of(sTerminated("app", 143)), true, true, "Failed"),
        new Case("deleted pod still running is not terminal yet", "Always", List.of(), List.of(APP), List.of(sRunning("app")),
            true, true, "Running"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void phase(Case c) {
    Pod pod = TestPods.pod(c.restartPolicy(), c.inits(), c.containers());
    assertThat(PodPhases.phase(pod, c.statuses(), c.podIsTerminal(), c.podHasInitialized()))
        .as("%s: phase from %s", c.name(), c.statuses().stream().map(s -> s.getName() + "=" + s.getState()).toList())
        .isEqualTo(c.expected());
  }

  static Stream<Case> terminalCases() {
    return cases().filter(Case::podIsTerminal).filter(c -> !c.expected().equals("Running"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("terminalCases")
  void staticPodsNeverGetTheTerminalShortcut(Case c) {
    Pod pod = new PodBuilder(TestPods.pod(c.restartPolicy(), c.inits(), c.containers())).editMetadata()
        .addToAnnotations("kubernetes.io/config.source", "file").endMetadata().build();
    assertThat(PodPhases.phase(pod, c.statuses(), true, c.podHasInitialized()))
        .as("a static pod under Always keeps restarting: not terminal").isEqualTo("Running");
  }
}
