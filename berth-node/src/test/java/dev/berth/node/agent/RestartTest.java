package dev.berth.node.agent;

import static dev.berth.node.agent.NodeAgentFixture.container;
import static dev.berth.node.agent.NodeAgentFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Restart policy and CrashLoopBackOff through the whole agent ({@code spec/kubelet.md} §2, Appendix E 2–4). */
class RestartTest {
  private final NodeAgentFixture f = new NodeAgentFixture();

  private Pod pod(String restartPolicy) {
    return podBuilder("web", container("app", "false")).editSpec().withRestartPolicy(restartPolicy).endSpec().build();
  }

  @Test
  void theFirstRestartIsImmediateThenBackOffDoublesFromFinishedAt() {
    f.create(pod("Always"));
    String uid = f.uid("web");
    Instant t0 = f.clock.now();

    f.advanceSeconds(5);
    f.launcher.exit(uid, "app", 1);
    f.settle();
    ContainerStatus cs = f.containerStatus("web", "app");
    assertThat(cs.getRestartCount()).as("first crash: restarted at once").isEqualTo(1);
    assertThat(cs.getState().getRunning()).isNotNull();
    assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(cs.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(cs.getLastState().getTerminated().getFinishedAt()).isEqualTo("2026-01-01T00:00:05Z");
    assertThat(f.launcher.launches()).extracting(l -> l.attempt()).containsExactly(0, 1);

    // Each further crash waits 10 s, 20 s, 40 s ... after the instance's finishedAt.
    List<Integer> waits = new ArrayList<>();
    for (int crash = 2; crash <= 5; crash++) {
      f.advanceSeconds(1);
      f.launcher.exit(uid, "app", 2);
      f.settle();
      Instant finished = f.clock.now();
      ContainerStatus waiting = f.containerStatus("web", "app");
      assertThat(waiting.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
      assertThat(waiting.getLastState().getTerminated().getExitCode()).isEqualTo(2);
      assertThat(f.statusColumn("web")).isEqualTo("CrashLoopBackOff");
      assertThat(f.get("web").getStatus().getPhase()).as("a pod in CrashLoopBackOff is Running (Appendix E 4)").isEqualTo("Running");
      int launches = f.launcher.launches().size();
      int seconds = 0;
      while (f.launcher.launches().size() == launches) {
        f.advanceSeconds(1);
        seconds++;
        assertThat(seconds).as("restart after crash " + crash).isLessThanOrEqualTo(400);
      }
      waits.add((int) Duration.between(finished, f.clock.now()).toSeconds());
      assertThat(f.containerStatus("web", "app").getRestartCount()).isEqualTo(crash);
    }
    assertThat(waits).containsExactly(10, 20, 40, 80);
    assertThat(f.events("web")).contains("BackOff: Back-off restarting failed container app in pod web_default(" + uid + ")");
    assertThat(t0).isBefore(f.clock.now());
  }

  @Test
  void theWaitingMessageNamesTheDelayInGoFormat() {
    f.create(pod("Always"));
    String uid = f.uid("web");
    f.launcher.exit(uid, "app", 1);
    f.settle();
    f.launcher.exit(uid, "app", 1);
    f.settle();
    assertThat(f.containerStatus("web", "app").getState().getWaiting().getMessage())
        .isEqualTo("back-off 10s restarting failed container=app pod=web_default(" + uid + ")");
  }

  @Test
  void exitZeroUnderAlwaysIsRestartedToo() {
    f.create(pod("Always"));
    f.launcher.exit(f.uid("web"), "app", 0);
    f.settle();
    assertThat(f.containerStatus("web", "app").getRestartCount()).as("Appendix E 3").isEqualTo(1);
    assertThat(f.containerStatus("web", "app").getLastState().getTerminated().getReason()).isEqualTo("Completed");
  }

  @Test
  void neverEndsSucceededOrFailedAndNothingRunsAgain() {
    f.create(pod("Never"));
    f.launcher.exit(f.uid("web"), "app", 0);
    f.settle();
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(f.statusColumn("web")).isEqualTo("Completed");
    assertThat(f.containerStatus("web", "app").getState().getTerminated().getExitCode()).isZero();
    assertThat(NodeAgentFixture.conditions(f.get("web"))).containsEntry("Ready", "False/PodCompleted")
        .containsEntry("PodReadyToStartContainers", "False");
    assertThat(f.worker("web").state()).isEqualTo(PodWorker.State.FINISHED);
    assertThat(f.sandboxes.tornDown()).containsExactly(f.uid("web"));
    assertThat(f.get("web")).as("a finished pod stays until someone deletes it").isNotNull();
    assertThat(f.sandboxes.addressOf(f.uid("web"))).as("and keeps its address until then").isPresent();

    f.advance(Duration.ofMinutes(5));
    assertThat(f.launcher.launches()).hasSize(1);

    f.create(podBuilder("job", container("app", "false")).editSpec().withRestartPolicy("Never").endSpec().build());
    f.launcher.exit(f.uid("job"), "app", 3);
    f.settle();
    assertThat(f.get("job").getStatus().getPhase()).isEqualTo("Failed");
    assertThat(f.statusColumn("job")).isEqualTo("Error");
  }

  @Test
  void onFailureRestartsFailuresAndStopsAtSuccess() {
    f.create(pod("OnFailure"));
    String uid = f.uid("web");
    f.launcher.exit(uid, "app", 1);
    f.settle();
    assertThat(f.containerStatus("web", "app").getRestartCount()).isEqualTo(1);
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Running");
    f.launcher.exit(uid, "app", 0);
    f.settle();
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(f.launcher.launches()).hasSize(2);
  }

  @Test
  void deletingAFinishedPodReleasesItsAddress() {
    f.create(pod("Never"));
    String uid = f.uid("web");
    f.launcher.exit(uid, "app", 0);
    f.settle();
    f.delete("web", null);
    assertThat(f.get("web")).isNull();
    assertThat(f.sandboxes.released()).containsExactly(uid);
    assertThat(f.sandboxes.addressOf(uid)).isEmpty();
    assertThat(f.controller.worker(new dev.berth.client.ResourceKey("default", "web"))).isEmpty();
  }
}
