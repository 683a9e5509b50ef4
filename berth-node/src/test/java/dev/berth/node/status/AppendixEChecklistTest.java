package dev.berth.node.status;

import static dev.berth.node.status.PodStatusesTest.condition;
import static dev.berth.node.status.PodStatusesTest.status;
import static dev.berth.node.status.TestPods.at;
import static dev.berth.node.status.TestPods.container;
import static dev.berth.node.status.TestPods.exited;
import static dev.berth.node.status.TestPods.facts;
import static dev.berth.node.status.TestPods.podFacts;
import static dev.berth.node.status.TestPods.running;
import static dev.berth.node.status.TestPods.starting;
import static dev.berth.node.status.TestPods.terminal;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import dev.berth.api.table.TablePrinters;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The items of {@code spec/kubelet.md} Appendix E that status decides: 1, 4, 7, 11, 15.
 *
 * <p>Where every item of Appendix E is tested in berth-node:
 *
 * <ol>
 *   <li>{@link #item1_containerStatusesAreSortedByNameAndInitStatusesFollowSpecOrder}
 *   <li>{@code restart.AppendixEChecklistTest#item2_…}; through the agent {@code agent.RestartTest}
 *   <li>{@code restart.AppendixEChecklistTest#item3_…}; {@code agent.RestartTest}
 *   <li>{@link #item4_aContainerInCrashLoopBackOffKeepsThePodRunning}; {@code agent.RestartTest}
 *   <li>{@code probe.timing.AppendixEChecklistTest#item5_…}; {@code agent.ProbeTest}
 *   <li>{@code probe.timing.AppendixEChecklistTest#item6_…}
 *   <li>{@link #item7_postStartBlocksTheContainerFromBeingReportedRunning}; {@code agent.LifecycleTest}
 *   <li>{@code restart.AppendixEChecklistTest#item8_…}, {@code runtime.GracefulStopTest}
 *   <li>{@code runtime.GracefulStopTest#sigkillComesWhenTheGraceIsOverButNeverSoonerThanTwoSeconds}; the
 *       process side, a PID 1 ignoring SIGTERM, needs real processes: {@code
 *       runtime.OsProcessLauncherIT#exitCodesAndSignalsAsOnANode}
 *   <li>{@code agent.TerminationTest#aForceDeletedPodStillHasItsProcessesStoppedWithTheFullGracePeriod}
 *   <li>{@link #item11_deletedRunningPodsEndFailedOrSucceededByTheirExitCodes}; {@code agent.TerminationTest}
 *   <li>{@code env.AppendixEChecklistTest#item12_…}
 *   <li>{@code env.AppendixEChecklistTest#item13_…}
 *   <li>{@code volume.PodVolumesTest#item14_…}, {@code volume.AtomicWriterTest}
 *   <li>{@link #item15_kubectlStatusIsDerivedFromStatusAndDeletionTimestamp}
 *   <li>not the node's: {@code StatefulSetReconcilerTest} in berth-controllers (it emits {@code
 *       RecreatingFailedPod} as 1.31+ does not; see docs/differences-from-upstream.md)
 *   <li>{@code status.PodStatusesTest#qosClass}: the QoS class; berth has no cgroups or {@code
 *       OOMKilled} yet (docs/differences-from-upstream.md)
 *   <li>{@code volume.PodVolumesTest#claimsMountTheirLocalPathDirectory}
 * </ol>
 */
class AppendixEChecklistTest {

  @Test
  void item1_containerStatusesAreSortedByNameAndInitStatusesFollowSpecOrder() {
    Pod pod = TestPods.pod("Always", List.of(container("zz-init"), container("aa-init")),
        List.of(container("web"), container("app"), container("db")));
    PodStatus s = PodStatuses.generate(pod, null, podFacts(), at(1));
    assertThat(s.getContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("app", "db", "web");
    assertThat(s.getInitContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("zz-init", "aa-init");
  }

  @Test
  void item4_aContainerInCrashLoopBackOffKeepsThePodRunning() {
    ContainerFacts app = facts("app", exited("app", 1, at(10), at(11), 1), exited("app", 0, at(1), at(2), 1))
        .withStartFailure(new StartFailure("CrashLoopBackOff", "back-off 10s restarting failed container=app pod=web-0_default(uid-1)"));
    PodStatus s = PodStatuses.generate(TestPods.pod("Always", container("app")), null, podFacts(app), at(12));

    ContainerStatus c = status(s, "app");
    assertThat(c.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(c.getState().getWaiting().getMessage()).isEqualTo("back-off 10s restarting failed container=app pod=web-0_default(uid-1)");
    assertThat(c.getLastState().getTerminated().getExitCode()).as("lastState: the newest exit, not the older one").isEqualTo(1);
    assertThat(c.getLastState().getTerminated().getFinishedAt()).isEqualTo("2026-01-01T00:00:11Z");
    assertThat(c.getRestartCount()).isEqualTo(1);
    assertThat(s.getPhase()).isEqualTo("Running");
    assertThat(PodConditionsTest.show(condition(s, "Ready"))).isEqualTo("False ContainersNotReady \"containers with unready status: [app]\"");
  }

  @Test
  void item7_postStartBlocksTheContainerFromBeingReportedRunning() {
    Pod pod = TestPods.pod("Always", container("app"));
    PodStatus during = PodStatuses.generate(pod, null, podFacts(facts("app", starting("app", 0, at(2)))), at(3));
    assertThat(status(during, "app").getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(status(during, "app").getStarted()).isFalse();
    assertThat(during.getPhase()).isEqualTo("Pending");

    PodStatus after = PodStatuses.generate(pod, during, podFacts(facts("app", running("app", 0, at(2)))), at(4));
    assertThat(status(after, "app").getState().getRunning().getStartedAt()).isEqualTo("2026-01-01T00:00:02Z");
    assertThat(after.getPhase()).isEqualTo("Running");

    ContainerFacts restarting = facts("app", starting("app", 1, at(30)), exited("app", 0, at(2), at(9), 1))
        .withStartFailure(new StartFailure("CrashLoopBackOff", "back-off 10s restarting failed container=app pod=web-0_default(uid-1)"));
    ContainerStatus c = status(PodStatuses.generate(pod, after, podFacts(restarting), at(31)), "app");
    assertThat(c.getState().getWaiting().getReason()).as("a restart in its postStart hook shows what it showed before")
        .isEqualTo("CrashLoopBackOff");
    assertThat(c.getRestartCount()).isZero();
  }

  @Test
  void item11_deletedRunningPodsEndFailedOrSucceededByTheirExitCodes() {
    Pod pod = TestPods.deleting(TestPods.pod("Always", container("app"), container("worker")));
    PodStatus stopping = PodStatuses.generate(pod, null,
        podFacts(facts("app", exited("app", 0, at(1), at(40), 143)), facts("worker", running("worker", 0, at(1)))), at(40));
    assertThat(stopping.getPhase()).as("still stopping: not terminal yet").isEqualTo("Running");
    assertThat(status(stopping, "app").getState().getTerminated().getExitCode())
        .as("no restart is pending for a deleted pod, so the exit stays visible").isEqualTo(143);

    PodStatus sigterm = PodStatuses.generate(pod, stopping, terminal(podFacts(facts("app", exited("app", 0, at(1), at(40), 143)),
        facts("worker", exited("worker", 0, at(1), at(41), 0)))), at(42));
    assertThat(sigterm.getPhase()).isEqualTo("Failed");
    assertThat(PodConditionsTest.show(condition(sigterm, "Ready"))).isEqualTo("False PodFailed");

    PodStatus clean = PodStatuses.generate(pod, stopping, terminal(podFacts(facts("app", exited("app", 0, at(1), at(40), 0)),
        facts("worker", exited("worker", 0, at(1), at(41), 0)))), at(42));
    assertThat(clean.getPhase()).isEqualTo("Succeeded");
    assertThat(PodConditionsTest.show(condition(clean, "Ready"))).isEqualTo("False PodCompleted");
    assertThat(PodConditionsTest.show(condition(clean, "Initialized"))).isEqualTo("True PodCompleted");
  }

  /** What {@code kubectl get pod} shows in STATUS for {@code pod} with {@code status}, from berth's server-side printer. */
  private static String kubectlStatus(Pod pod, PodStatus status) {
    return String.valueOf(TablePrinters.forKind("v1", "Pod").cells(new PodBuilder(pod).withStatus(status).build(), at(100)).get(2));
  }

  @Test
  void item15_kubectlStatusIsDerivedFromStatusAndDeletionTimestamp() {
    Pod inits = TestPods.pod("Always", List.of(container("one"), container("two")), List.of(container("app")));
    PodStatus first = PodStatuses.generate(inits, null, podFacts(facts("one", running("one", 0, at(1)))), at(2));
    assertThat(kubectlStatus(inits, first)).isEqualTo("Init:0/2");
    PodStatus second = PodStatuses.generate(inits, first,
        podFacts(facts("one", exited("one", 0, at(1), at(3), 0)), facts("two", running("two", 0, at(4)))), at(5));
    assertThat(kubectlStatus(inits, second)).isEqualTo("Init:1/2");
    PodStatus initialized = PodStatuses.generate(inits, second,
        podFacts(facts("one", exited("one", 0, at(1), at(3), 0)), facts("two", exited("two", 0, at(4), at(6), 0))), at(7));
    assertThat(kubectlStatus(inits, initialized)).as("no main container instance yet").isEqualTo("PodInitializing");
    assertThat(initialized.getPhase()).isEqualTo("Pending");

    Pod two = TestPods.pod("Never", container("a"), container("b"));
    PodStatus oneDone = PodStatuses.generate(two, null,
        podFacts(facts("a", exited("a", 0, at(1), at(5), 0)), facts("b", running("b", 0, at(1)))), at(6));
    assertThat(kubectlStatus(two, oneDone)).as("Completed beside a running container, pod not Ready").isEqualTo("NotReady");
    assertThat(oneDone.getPhase()).isEqualTo("Running");

    Pod deleted = TestPods.deleting(TestPods.pod("Always", container("app")));
    PodStatus stopping = PodStatuses.generate(deleted, null, podFacts(facts("app", running("app", 0, at(1)))), at(2));
    assertThat(stopping.getReason()).as("nothing stored").isNull();
    assertThat(kubectlStatus(deleted, stopping)).isEqualTo("Terminating");
    PodStatus over = PodStatuses.generate(deleted, stopping, terminal(podFacts(facts("app", exited("app", 0, at(1), at(3), 0)))), at(4));
    assertThat(kubectlStatus(deleted, over)).as("a terminal phase is shown even while deleted").isEqualTo("Completed");
  }
}
