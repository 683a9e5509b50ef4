package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodPrinterTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  final PodPrinter printer = new PodPrinter();

  static String ago(Duration d) {
    return NOW.minus(d).toString();
  }

  static String minutesAgo(long m) {
    return ago(Duration.ofMinutes(m));
  }

  // ---- building blocks -------------------------------------------------------------------

  static Container container(String name) {
    return new ContainerBuilder().withName(name).withImage("nginx:1.27").build();
  }

  static Container sidecar(String name) {
    return new ContainerBuilder().withName(name).withImage("envoy").withRestartPolicy("Always").build();
  }

  static ContainerStatus running(String name, boolean ready) {
    return new ContainerStatusBuilder().withName(name).withReady(ready).withStarted(true).withRestartCount(0)
        .withNewState().withNewRunning().withStartedAt(minutesAgo(4)).endRunning().endState().build();
  }

  static ContainerStatus waiting(String name, String reason) {
    return new ContainerStatusBuilder().withName(name).withReady(false).withStarted(false).withRestartCount(0)
        .withNewState().withNewWaiting().withReason(reason).endWaiting().endState().build();
  }

  static ContainerStatus terminated(String name, String reason, int exitCode) {
    return new ContainerStatusBuilder().withName(name).withReady(false).withStarted(false).withRestartCount(0)
        .withNewState().withNewTerminated().withReason(reason).withExitCode(exitCode)
        .withFinishedAt(minutesAgo(1)).endTerminated().endState().build();
  }

  static ContainerStatus signalled(String name, int signal) {
    return new ContainerStatusBuilder().withName(name).withReady(false).withRestartCount(0)
        .withNewState().withNewTerminated().withExitCode(137).withSignal(signal).endTerminated().endState().build();
  }

  /** {@code status} after {@code restarts} restarts, the last one finished {@code finishedAgo}. */
  static ContainerStatus restarted(ContainerStatus status, int restarts, Duration finishedAgo) {
    return new ContainerStatusBuilder(status).withRestartCount(restarts)
        .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
        .withFinishedAt(ago(finishedAgo)).endTerminated().endLastState().build();
  }

  static ContainerStatus startedSidecar(String name, boolean ready) {
    return running(name, ready);
  }

  static PodCondition condition(String type, String status) {
    return new PodConditionBuilder().withType(type).withStatus(status).build();
  }

  static PodBuilder pod(List<Container> init, List<Container> containers, String phase) {
    return new PodBuilder()
        .withNewMetadata().withName("web-0").withNamespace("default").withCreationTimestamp(minutesAgo(5)).endMetadata()
        .withNewSpec().withInitContainers(init).withContainers(containers).withNodeName("node1").endSpec()
        .withNewStatus().withPhase(phase).endStatus();
  }

  static Pod pod(List<Container> init, List<Container> containers, String phase,
      List<ContainerStatus> initStatuses, List<ContainerStatus> statuses, PodCondition... conditions) {
    return pod(init, containers, phase).editStatus()
        .withInitContainerStatuses(initStatuses).withContainerStatuses(statuses).withConditions(conditions)
        .endStatus().build();
  }

  static Pod simple(String phase, ContainerStatus status, PodCondition... conditions) {
    return pod(List.of(), List.of(container(status.getName())), phase, List.of(), List.of(status), conditions);
  }

  // ---- READY / STATUS / RESTARTS ---------------------------------------------------------

  record Case(String why, Pod pod, String ready, String status, String restarts) {
    @Override
    public String toString() {
      return why;
    }
  }

  static final List<Container> TWO_INITS = List.of(container("init-db"), container("init-cache"));

  static Stream<Case> statusCases() {
    return Stream.of(
        new Case("not yet synced by the node: the phase",
            pod(List.of(), List.of(container("app")), "Pending").build(), "0/1", "Pending", "0"),
        new Case("image pulling or sandbox being created",
            simple("Pending", waiting("app", "ContainerCreating")), "0/1", "ContainerCreating", "0"),
        new Case("first of two init containers running",
            pod(TWO_INITS, List.of(container("app")), "Pending",
                List.of(running("init-db", false), waiting("init-cache", "PodInitializing")),
                List.of(waiting("app", "PodInitializing"))),
            "0/1", "Init:0/2", "0"),
        new Case("second init container running after the first succeeded",
            pod(TWO_INITS, List.of(container("app")), "Pending",
                List.of(terminated("init-db", "Completed", 0), running("init-cache", false)),
                List.of(waiting("app", "PodInitializing"))),
            "0/1", "Init:1/2", "0"),
        new Case("init container waiting to be created is still i/n",
            pod(TWO_INITS, List.of(container("app")), "Pending",
                List.of(waiting("init-db", "PodInitializing"), waiting("init-cache", "PodInitializing")),
                List.of(waiting("app", "PodInitializing"))),
            "0/1", "Init:0/2", "0"),
        new Case("init container crash looping counts its restarts",
            pod(TWO_INITS, List.of(container("app")), "Pending",
                List.of(restarted(waiting("init-db", "CrashLoopBackOff"), 3, Duration.ofMinutes(5)),
                    waiting("init-cache", "PodInitializing")),
                List.of(waiting("app", "PodInitializing"))),
            "0/1", "Init:CrashLoopBackOff", "3 (5m ago)"),
        new Case("init container failed",
            pod(TWO_INITS, List.of(container("app")), "Failed",
                List.of(terminated("init-db", "Error", 1), waiting("init-cache", "PodInitializing")),
                List.of(waiting("app", "PodInitializing"))),
            "0/1", "Init:Error", "0"),
        new Case("init container failed without a reason",
            pod(TWO_INITS, List.of(container("app")), "Pending",
                List.of(terminated("init-db", null, 2), waiting("init-cache", "PodInitializing")), List.of()),
            "0/1", "Init:ExitCode:2", "0"),
        new Case("init container killed by a signal",
            pod(TWO_INITS, List.of(container("app")), "Pending",
                List.of(signalled("init-db", 9), waiting("init-cache", "PodInitializing")), List.of()),
            "0/1", "Init:Signal:9", "0"),
        new Case("init done, containers starting",
            pod(TWO_INITS, List.of(container("app")), "Pending",
                List.of(terminated("init-db", "Completed", 0), terminated("init-cache", "Completed", 0)),
                List.of(waiting("app", "PodInitializing")), condition("Initialized", "True")),
            "0/1", "PodInitializing", "0"),
        new Case("running and ready",
            simple("Running", running("app", true), condition("Ready", "True")), "1/1", "Running", "0"),
        new Case("running, readiness probe failing",
            simple("Running", running("app", false), condition("Ready", "False")), "0/1", "Running", "0"),
        new Case("one container completed, the other still running but pod not Ready",
            pod(List.of(), List.of(container("app"), container("job")), "Running", List.of(),
                List.of(running("app", true), terminated("job", "Completed", 0)), condition("Ready", "False")),
            "1/2", "NotReady", "0"),
        new Case("one container completed, the other running and pod Ready",
            pod(List.of(), List.of(container("app"), container("job")), "Running", List.of(),
                List.of(running("app", true), terminated("job", "Completed", 0)), condition("Ready", "True")),
            "1/2", "Running", "0"),
        new Case("job-style pod finished",
            simple("Succeeded", terminated("app", "Completed", 0)), "0/1", "Completed", "0"),
        new Case("container exited non-zero, restartPolicy Never",
            simple("Failed", terminated("app", "Error", 1)), "0/1", "Error", "0"),
        new Case("terminated without a reason shows the exit code",
            simple("Running", terminated("app", null, 3)), "0/1", "ExitCode:3", "0"),
        new Case("terminated by a signal without a reason",
            simple("Running", signalled("app", 15)), "0/1", "Signal:15", "0"),
        new Case("crash looping with the last crash 2m30s ago",
            simple("Running", restarted(waiting("app", "CrashLoopBackOff"), 5, Duration.ofSeconds(150))),
            "0/1", "CrashLoopBackOff", "5 (2m30s ago)"),
        new Case("restarted but no termination time known",
            simple("Running", new ContainerStatusBuilder(running("app", true)).withRestartCount(2).build(),
                condition("Ready", "True")),
            "1/1", "Running", "2"),
        new Case("the first container (in list order) with a reason wins",
            pod(List.of(), List.of(container("a"), container("b")), "Pending", List.of(),
                List.of(waiting("a", "ImagePullBackOff"), waiting("b", "CrashLoopBackOff"))),
            "0/2", "ImagePullBackOff", "0"),
        new Case("deletion requested on a running pod",
            new PodBuilder(simple("Running", running("app", true), condition("Ready", "True")))
                .editMetadata().withDeletionTimestamp(minutesAgo(0)).endMetadata().build(),
            "1/1", "Terminating", "0"),
        new Case("deletion requested on a finished pod keeps the terminal status",
            new PodBuilder(simple("Succeeded", terminated("app", "Completed", 0)))
                .editMetadata().withDeletionTimestamp(minutesAgo(0)).endMetadata().build(),
            "0/1", "Completed", "0"),
        new Case("node lost while deleting",
            new PodBuilder(simple("Running", running("app", true)))
                .editMetadata().withDeletionTimestamp(minutesAgo(0)).endMetadata()
                .editStatus().withReason("NodeLost").endStatus().build(),
            "1/1", "Unknown", "0"),
        new Case("status.reason overrides the phase",
            new PodBuilder(pod(List.of(), List.of(container("app")), "Failed").build())
                .editStatus().withReason("Evicted").endStatus().build(),
            "0/1", "Evicted", "0"),
        new Case("scheduling gates",
            pod(List.of(), List.of(container("app")), "Pending", List.of(), List.of(),
                new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("SchedulingGated").build()),
            "0/1", "SchedulingGated", "0"),
        new Case("a started, ready sidecar counts in READY",
            pod(List.of(sidecar("proxy")), List.of(container("app")), "Running",
                List.of(startedSidecar("proxy", true)), List.of(running("app", true)), condition("Ready", "True")),
            "2/2", "Running", "0"),
        new Case("a started sidecar that is not ready",
            pod(List.of(sidecar("proxy")), List.of(container("app")), "Running",
                List.of(startedSidecar("proxy", false)), List.of(running("app", true))),
            "1/2", "Running", "0"),
        new Case("a sidecar not started yet blocks initialization",
            pod(List.of(sidecar("proxy")), List.of(container("app")), "Pending",
                List.of(new ContainerStatusBuilder(running("proxy", false)).withStarted(false).build()),
                List.of(waiting("app", "PodInitializing"))),
            "0/2", "Init:0/1", "0"),
        new Case("sidecar and container restarts add up, newest termination wins",
            pod(List.of(sidecar("proxy")), List.of(container("app")), "Running",
                List.of(restarted(startedSidecar("proxy", true), 1, Duration.ofMinutes(10))),
                List.of(restarted(running("app", true), 2, Duration.ofMinutes(3))), condition("Ready", "True")),
            "2/2", "Running", "3 (3m ago)"),
        new Case("restarts of finished regular init containers are not counted once initialized",
            pod(List.of(container("init-db")), List.of(container("app")), "Running",
                List.of(restarted(terminated("init-db", "Completed", 0), 4, Duration.ofMinutes(20))),
                List.of(running("app", true)), condition("Ready", "True")),
            "1/1", "Running", "0"));
  }

  @ParameterizedTest
  @MethodSource("statusCases")
  void readyStatusAndRestarts(Case c) {
    List<Object> cells = printer.cells(c.pod(), NOW);
    assertThat(cells.subList(1, 4))
        .as("READY, STATUS, RESTARTS for: %s", c.why())
        .containsExactly(c.ready(), c.status(), c.restarts());
  }

  // ---- the whole row -----------------------------------------------------------------------

  @Test
  void wideCellsWithDefaults() {
    Pod pod = pod(List.of(), List.of(container("app")), "Pending").editSpec().withNodeName(null).endSpec().build();
    assertThat(printer.cells(pod, NOW))
        .containsExactly("web-0", "0/1", "Pending", "0", "5m", "<none>", "<none>", "<none>", "<none>");
  }

  @Test
  void wideCellsOfAScheduledPod() {
    Pod pod = new PodBuilder(simple("Running", running("app", true), condition("Ready", "True"), condition("example.com/lb", "True")))
        .editSpec().addNewReadinessGate("example.com/lb").addNewReadinessGate("example.com/dns").endSpec()
        .editStatus().addNewPodIP("10.0.0.5").addNewPodIP("fd00::5").withNominatedNodeName("node2").endStatus()
        .build();
    assertThat(printer.cells(pod, NOW))
        .containsExactly("web-0", "1/1", "Running", "0", "5m", "10.0.0.5", "node1", "node2", "1/2");
  }

  @Test
  void podIpWinsOverPodIpsLikeTheV1Conversion() {
    Pod pod = new PodBuilder(simple("Running", running("app", true)))
        .editStatus().withPodIP("10.0.0.9").addNewPodIP("10.0.0.5").endStatus().build();
    assertThat(printer.cells(pod, NOW).get(5)).isEqualTo("10.0.0.9");
  }

  @Test
  void columnsMatchKubectl() {
    assertThat(printer.columns()).extracting(Column::name).containsExactly(
        "Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates");
    assertThat(printer.columns()).extracting(Column::priority).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
    assertThat(printer.columns().getFirst().format()).isEqualTo("name");
    assertThat(printer.columns()).extracting(Column::type).containsOnly("string");
  }

  @Test
  void finishedPodsCarryACompletedRowCondition() {
    assertThat(printer.conditions(simple("Succeeded", terminated("app", "Completed", 0))))
        .containsExactly(new RowCondition("Completed", "True", "Succeeded", "The pod has completed successfully."));
    assertThat(printer.conditions(simple("Failed", terminated("app", "Error", 1))))
        .containsExactly(new RowCondition("Completed", "True", "Failed", "The pod failed."));
    assertThat(printer.conditions(simple("Running", running("app", true)))).isEmpty();
  }
}
