package dev.berth.node.agent;

import static dev.berth.node.agent.NodeAgentFixture.container;
import static dev.berth.node.agent.NodeAgentFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.runtime.testing.FakeProcessLauncher.FakeProcess;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * berth restarted after {@code kill -9}: the processes it left behind are adopted or stopped, never
 * started twice (issue "Node agent", crash recovery).
 */
class AdoptionTest {
  private final NodeAgentFixture before = new NodeAgentFixture();

  /** The agent of the next berth, over the same API, given what still runs from {@link #before}. */
  private NodeAgentFixture restart() {
    NodeAgentFixture after = new NodeAgentFixture(before.clock, before.client);
    for (FakeProcess p : before.launcher.live()) {
      after.launcher.addSurvivor(p.podUid(), p.containerName(), p.attempt(), p.startedAt());
    }
    return after;
  }

  private static void assertOneLiveProcessPerContainer(NodeAgentFixture f) {
    var perContainer = f.launcher.live().stream().collect(Collectors.groupingBy(p -> p.podUid() + "/" + p.containerName(),
        Collectors.counting()));
    assertThat(perContainer.values()).as("live processes per container: " + perContainer).allMatch(n -> n == 1);
  }

  @Test
  void survivorsOfPodsThatStillExistAreAdoptedAndThoseOfGonePodsStopped() {
    before.create("web", container("app", "sleep", "3600"));
    before.create("gone", container("app", "sleep", "3600"));
    String web = before.uid("web");
    String gone = before.uid("gone");
    before.advanceSeconds(3);
    before.launcher.exit(web, "app", 1);
    before.settle();
    Pod published = before.get("web");
    ContainerStatus was = NodeAgentFixture.containerStatus(published, "app");
    assertThat(was.getRestartCount()).isEqualTo(1);

    // berth is killed; while it is down the pod "gone" is force-deleted.
    before.client.delete(Pod.class, "default", "gone", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
    NodeAgentFixture after = restart();
    after.settle();

    assertThat(after.launcher.launches()).as("nothing started again").isEmpty();
    assertOneLiveProcessPerContainer(after);
    ContainerStatus now = after.containerStatus("web", "app");
    assertThat(now.getContainerID()).isEqualTo(was.getContainerID());
    assertThat(now.getRestartCount()).isEqualTo(1);
    assertThat(now.getState().getRunning().getStartedAt()).isEqualTo(was.getState().getRunning().getStartedAt());
    assertThat(now.getLastState().getTerminated().getExitCode()).as("lastState survives the restart").isEqualTo(1);
    assertThat(after.get("web").getStatus().getPodIP()).isEqualTo(published.getStatus().getPodIP());

    FakeProcess orphan = after.launcher.running(gone, "app").orElseThrow();
    assertThat(after.controller.orphans()).containsExactly(orphan);
    assertThat(orphan.signals()).containsExactly(false);
    after.advanceSeconds(1);
    assertThat(orphan.signals()).containsExactly(false);
    after.advanceSeconds(1);
    assertThat(orphan.signals()).as("upstream's orphan grace of 1 s, raised to 2 s").containsExactly(false, true);

    // The adopted process crashes: it is restarted as the next attempt, as if berth had never gone.
    after.launcher.exit(web, "app", 2);
    after.settle();
    assertThat(after.launcher.launches()).extracting(l -> l.attempt()).containsExactly(2);
    assertThat(after.containerStatus("web", "app").getRestartCount()).isEqualTo(2);
    assertThat(after.containerStatus("web", "app").getLastState().getTerminated().getExitCode()).isEqualTo(2);
    assertOneLiveProcessPerContainer(after);

    after.create("new", container("app", "sleep", "1"));
    assertThat(after.get("new").getStatus().getPodIP()).as("the adopted pod's address was taken back first")
        .isNotEqualTo(published.getStatus().getPodIP());
  }

  @Test
  void completedInitContainersAreNotRunAgain() {
    before.create(podBuilder("web", container("app", "sleep", "3600")).editSpec().withInitContainers(container("migrate", "m")).endSpec()
        .build());
    before.launcher.exit(before.uid("web"), "migrate", 0);
    before.settle();
    assertThat(before.statusColumn("web")).isEqualTo("Running");

    NodeAgentFixture after = restart();
    after.advanceSeconds(30);
    assertThat(after.launcher.launches()).isEmpty();
    assertThat(after.statusColumn("web")).isEqualTo("Running");
  }

  @Test
  void aFinishedPodIsNotRunAgain() {
    before.create(podBuilder("job", container("app", "true")).editSpec().withRestartPolicy("Never").endSpec().build());
    before.launcher.exit(before.uid("job"), "app", 0);
    before.settle();

    NodeAgentFixture after = restart();
    after.advanceSeconds(30);
    assertThat(after.launcher.launches()).isEmpty();
    assertThat(after.get("job").getStatus().getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void aContainerThatEndedWhileBerthWasDownIsReportedUnknownAndRestarted() {
    before.create("web", container("app", "sleep", "3600"));
    String web = before.uid("web");
    NodeAgentFixture after = new NodeAgentFixture(before.clock, before.client);
    after.settle();

    ContainerStatus cs = after.containerStatus("web", "app");
    assertThat(cs.getLastState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
    assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(cs.getRestartCount()).isEqualTo(1);
    assertThat(after.launcher.launches()).extracting(l -> l.podUid() + "#" + l.attempt()).containsExactly(web + "#1");
  }

  @Test
  void ofTwoSurvivorsOfOneContainerTheNewestIsKept() {
    before.create("web", container("app", "sleep", "3600"));
    String web = before.uid("web");
    before.launcher.exit(web, "app", 1);
    before.settle();
    NodeAgentFixture after = new NodeAgentFixture(before.clock, before.client);
    FakeProcess old = after.launcher.addSurvivor(web, "app", 0, before.clock.now());
    FakeProcess current = after.launcher.addSurvivor(web, "app", 1, before.clock.now());
    after.settle();
    assertThat(after.controller.orphans()).containsExactly(old);
    assertThat(old.signals()).containsExactly(false);
    assertThat(current.signals()).isEmpty();
    assertThat(after.launcher.launches()).isEmpty();
    assertThat(after.containerStatus("web", "app").getState().getRunning()).isNotNull();
  }

  @Test
  void aPodDeletedWhileBerthWasDownIsTerminatedGracefully() {
    before.create("web", container("app", "sleep", "3600"));
    before.client.delete(Pod.class, "default", "web", new DeleteOptionsBuilder().withGracePeriodSeconds(10L).build());
    NodeAgentFixture after = restart();
    after.settle();
    FakeProcess p = after.launcher.running(before.uid("web"), "app").orElseThrow();
    assertThat(p.signals()).containsExactly(false);
    after.advanceSeconds(10);
    assertThat(p.signals()).containsExactly(false, true);
    assertThat(after.get("web")).isNull();
    assertThat(after.launcher.launches()).isEmpty();
  }
}
