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
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The items of {@code spec/kubelet.md} Appendix E that status decides: 1, 4, 7, 11. */
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
}
