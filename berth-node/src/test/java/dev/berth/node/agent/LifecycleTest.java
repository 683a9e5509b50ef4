package dev.berth.node.agent;

import static dev.berth.node.agent.NodeAgentFixture.container;
import static dev.berth.node.agent.NodeAgentFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.probe.HookResult;
import dev.berth.node.runtime.ContainerLaunch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle hooks, {@code activeDeadlineSeconds} and termination messages ({@code spec/kubelet.md}
 * §5.1–5.6, Appendix E 7 and 8), and what a restarted berth reports for a container that ended
 * while it was down.
 */
class LifecycleTest {
  private final NodeAgentFixture f = new NodeAgentFixture();

  private static LifecycleHandler exec(String... command) {
    return new LifecycleHandlerBuilder().withNewExec().withCommand(command).endExec().build();
  }

  private static LifecycleHandler sleep(long seconds) {
    return new LifecycleHandlerBuilder().withNewSleep().withSeconds(seconds).endSleep().build();
  }

  private static Container withPostStart(LifecycleHandler h) {
    return new ContainerBuilder(container("app", "sleep", "3600")).withNewLifecycle().withPostStart(h).endLifecycle().build();
  }

  private static Container withPreStop(LifecycleHandler h) {
    return new ContainerBuilder(container("app", "sleep", "3600")).withNewLifecycle().withPreStop(h).endLifecycle().build();
  }

  private ContainerStatus app(String pod) {
    return f.containerStatus(pod, "app");
  }

  @Test
  void appendixE7_postStartBlocksTheContainerFromBeingReportedRunning() {
    f.create("web", withPostStart(exec("sh", "-c", "echo hi > /tmp/x")));
    String uid = f.uid("web");
    assertThat(f.launcher.running(uid, "app")).as("the process runs during the hook").isPresent();
    assertThat(f.hooks.pending("app")).as("the hook runs against the new instance").isPresent();
    assertThat(f.events("web")).contains("Started: Started container app");
    assertThat(app("web").getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(app("web").getStarted()).isFalse();
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Pending");

    f.hooks.complete("app", HookResult.SUCCESS);
    f.settle();
    assertThat(app("web").getState().getRunning()).isNotNull();
    assertThat(app("web").getStarted()).isTrue();
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void aSleepPostStartHookHoldsTheContainerForItsSeconds() {
    f.create("web", withPostStart(sleep(5)));
    f.advanceSeconds(4);
    assertThat(app("web").getState().getWaiting()).isNotNull();
    f.advanceSeconds(1);
    assertThat(app("web").getState().getRunning()).isNotNull();
    assertThat(f.hooks.runs()).as("sleep is the agent's, on its clock").isEmpty();
  }

  @Test
  void aFailedPostStartHookKillsTheContainerWithFailedPostStartHook() {
    f.create(podBuilder("web", withPostStart(exec("sh", "-c", "exit 3"))).editSpec().withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(5L).endSpec().build());
    String uid = f.uid("web");
    var p = f.launcher.running(uid, "app").orElseThrow();
    f.hooks.complete("app", new HookResult.Failure("command 'sh -c exit 3' exited with 3: ", ""));
    f.settle();

    assertThat(f.events("web")).contains("FailedPostStartHook: PostStartHook failed", "Killing: FailedPostStartHook");
    assertThat(p.signals()).containsExactly(false);
    assertThat(app("web").getState().getRunning()).as("never reported running").isNull();
    f.advanceSeconds(5);
    assertThat(p.signals()).containsExactly(false, true);
    assertThat(app("web").getState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Failed");
  }

  @Test
  void afterAFailedPostStartHookTheContainerWaitsWithPostStartHookError() {
    f.launcher.exitOnSigterm(143);
    f.create(podBuilder("web", withPostStart(exec("sh", "-c", "exit 3"))).editSpec().endSpec().build());
    String uid = f.uid("web");
    f.hooks.complete("app", new HookResult.Failure("command 'sh -c exit 3' exited with 3: bye", "bye\n"));
    f.settle();
    assertThat(f.launcher.processes()).as("restarted at once, as after a first crash").hasSize(2);
    f.hooks.complete("app", new HookResult.Failure("command 'sh -c exit 3' exited with 3: bye", "bye\n"));
    f.settle();

    ContainerStatus s = app("web");
    assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(143);
    assertThat(f.launcher.running(uid, "app")).isEmpty();
    f.advanceSeconds(10);
    assertThat(f.launcher.processes()).hasSize(3);
    f.hooks.complete("app", new HookResult.Failure("command 'sh -c exit 3' exited with 3: bye", "bye\n"));
    f.settle();
    assertThat(f.worker("web").state()).isEqualTo(PodWorker.State.SYNCING);
  }

  @Test
  void theWaitingMessageOfPostStartHookErrorIsUpstreams() {
    f.create(podBuilder("web", withPostStart(exec("sh", "-c", "exit 3"))).editSpec().withTerminationGracePeriodSeconds(30L)
        .endSpec().build());
    String uid = f.uid("web");
    f.hooks.complete("app", new HookResult.Failure("command 'sh -c exit 3' exited with 3: bye", "bye\n"));
    f.settle();
    ContainerStatus s = app("web");
    assertThat(s.getState().getWaiting().getReason()).isEqualTo("PostStartHookError");
    assertThat(s.getState().getWaiting().getMessage()).isEqualTo("Exec lifecycle hook ([sh -c exit 3]) for Container \"app\" in Pod \"web_default("
        + uid + ")\" failed - error: command 'sh -c exit 3' exited with 3: bye, message: \"bye\\n\"");
  }

  @Test
  void appendixE8_preStopRunsBeforeSigtermAndCountsAgainstTheGracePeriod() {
    f.create(podBuilder("web", withPreStop(exec("sh", "-c", "sleep 10"))).editSpec().withTerminationGracePeriodSeconds(30L)
        .endSpec().build());
    var p = f.launcher.running(f.uid("web"), "app").orElseThrow();
    f.delete("web", null);
    assertThat(f.events("web")).contains("Killing: Stopping container app");
    assertThat(f.hooks.pending("app")).isPresent();
    assertThat(p.signals()).as("no stop signal while preStop runs").isEmpty();

    f.advanceSeconds(10);
    f.hooks.complete("app", HookResult.SUCCESS);
    f.settle();
    assertThat(p.signals()).as("SIGTERM once preStop returned").containsExactly(false);
    f.advanceSeconds(19);
    assertThat(p.signals()).containsExactly(false);
    f.advanceSeconds(1);
    assertThat(p.signals()).as("SIGKILL 30 s after preStop began, not 30 s after SIGTERM").containsExactly(false, true);
    assertThat(f.get("web")).isNull();
  }

  @Test
  void appendixE8_aPreStopHookThatOutlastsTheGraceStillLeavesTwoSecondsBeforeSigkill() {
    f.create(podBuilder("web", withPreStop(exec("sleep", "100"))).editSpec().withTerminationGracePeriodSeconds(10L).endSpec()
        .build());
    var p = f.launcher.running(f.uid("web"), "app").orElseThrow();
    f.delete("web", null);
    f.advanceSeconds(9);
    assertThat(p.signals()).isEmpty();
    f.advanceSeconds(1);
    assertThat(p.signals()).as("the hook is abandoned at the end of the grace period").containsExactly(false);
    f.advanceSeconds(1);
    assertThat(p.signals()).containsExactly(false);
    f.advanceSeconds(1);
    assertThat(p.signals()).as("minimumGracePeriodInSeconds").containsExactly(false, true);
    assertThat(f.events("web")).as("an abandoned hook is no failure").doesNotContain("FailedPreStopHook: PreStopHook failed");
  }

  @Test
  void aFailedPreStopHookIsAWarningAndTheStopGoesOn() {
    f.create(podBuilder("web", withPreStop(exec("false"))).editSpec().withTerminationGracePeriodSeconds(10L).endSpec().build());
    var p = f.launcher.running(f.uid("web"), "app").orElseThrow();
    f.hooks.answer("app", new HookResult.Failure("command 'false' exited with 1: ", ""));
    f.delete("web", null);
    assertThat(f.events("web")).contains("FailedPreStopHook: PreStopHook failed");
    assertThat(p.signals()).containsExactly(false);
  }

  @Test
  void aSleepPreStopHookDelaysSigterm() {
    f.create(podBuilder("web", withPreStop(sleep(3))).editSpec().withTerminationGracePeriodSeconds(30L).endSpec().build());
    var p = f.launcher.running(f.uid("web"), "app").orElseThrow();
    f.delete("web", null);
    f.advanceSeconds(2);
    assertThat(p.signals()).isEmpty();
    f.advanceSeconds(1);
    assertThat(p.signals()).containsExactly(false);
  }

  @Test
  void activeDeadlineSecondsFailsThePodWithDeadlineExceeded() {
    f.create(podBuilder("job", container("app", "sleep", "3600")).editSpec().withActiveDeadlineSeconds(10L)
        .withTerminationGracePeriodSeconds(5L).endSpec().build());
    var p = f.launcher.running(f.uid("job"), "app").orElseThrow();
    f.advanceSeconds(9);
    assertThat(f.get("job").getStatus().getPhase()).isEqualTo("Running");
    f.advanceSeconds(1);
    Pod pod = f.get("job");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(pod.getStatus().getReason()).isEqualTo("DeadlineExceeded");
    assertThat(pod.getStatus().getMessage()).isEqualTo("Pod was active on the node longer than the specified deadline");
    assertThat(f.statusColumn("job")).isEqualTo("DeadlineExceeded");
    assertThat(f.events("job")).contains("DeadlineExceeded: Pod was active on the node longer than the specified deadline",
        "Killing: Stopping container app");
    assertThat(p.signals()).containsExactly(false);
    f.advanceSeconds(5);
    assertThat(p.isAlive()).isFalse();
    pod = f.get("job");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(pod.getStatus().getReason()).isEqualTo("DeadlineExceeded");
    assertThat(f.launcher.processes()).as("never restarted").hasSize(1);
  }

  @Test
  void theTerminationMessageFileIsMountedAndReadIntoTheTerminatedState() {
    f.create(podBuilder("web", container("app", "sleep", "3600")).editSpec().withRestartPolicy("Never").endSpec().build());
    String uid = f.uid("web");
    ContainerLaunch launch = f.launcher.launches().get(0);
    assertThat(launch.mounts()).anyMatch(m -> m.target().equals("/dev/termination-log") && m.optional());
    f.sandboxes.writeTerminationMessage(uid, "app", 0, "disk full");
    f.launcher.exit(uid, "app", 1);
    f.settle();
    assertThat(app("web").getState().getTerminated().getMessage()).isEqualTo("disk full");
  }

  @Test
  void fallbackToLogsOnErrorUsesTheLogTailOnlyWhenTheContainerFailedWithoutAMessage() {
    Container c = new ContainerBuilder(container("app", "sleep", "3600")).withTerminationMessagePolicy("FallbackToLogsOnError")
        .build();
    f.create(podBuilder("fails", c).editSpec().withRestartPolicy("Never").endSpec().build());
    f.create(podBuilder("ok", c).editSpec().withRestartPolicy("Never").endSpec().build());
    f.sandboxes.writeLogTail(f.uid("fails"), "app", 0, "panic: boom\n");
    f.sandboxes.writeLogTail(f.uid("ok"), "app", 0, "all done\n");
    f.launcher.exit(f.uid("fails"), "app", 2);
    f.launcher.exit(f.uid("ok"), "app", 0);
    f.settle();
    assertThat(app("fails").getState().getTerminated().getMessage()).isEqualTo("panic: boom\n");
    assertThat(app("ok").getState().getTerminated().getMessage()).isNull();
  }

  @Test
  void aContainerThatEndedWhileBerthWasDownIsReportedWithItsRecordedExit() {
    f.create(podBuilder("web", container("app", "sleep", "3600")).editSpec().withRestartPolicy("Never").endSpec().build());
    String uid = f.uid("web");
    f.advanceSeconds(5);
    String startedAt = app("web").getState().getRunning().getStartedAt();

    // berth is killed; the container exits with 3 while no berth runs, and its supervisor records it.
    NodeAgentFixture after = new NodeAgentFixture(f.clock, f.client);
    Instant finished = f.clock.now().plusSeconds(2);
    after.launcher.recordExit(uid, "app", 0, 3, finished);
    after.sandboxes.writeTerminationMessage(uid, "app", 0, "bye");
    after.advanceSeconds(10);

    ContainerStatus s = after.containerStatus("web", "app");
    assertThat(s.getState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(s.getState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(s.getState().getTerminated().getMessage()).isEqualTo("bye");
    assertThat(s.getState().getTerminated().getStartedAt()).isEqualTo(startedAt);
    assertThat(s.getState().getTerminated().getFinishedAt()).isEqualTo(finished.toString());
    assertThat(after.get("web").getStatus().getPhase()).isEqualTo("Failed");
    assertThat(after.launcher.launches()).isEmpty();
  }

  @Test
  void theFilesOfPodsDeletedWhileBerthWasDownAreRemovedAndThoseOfLivePodsKept() {
    f.create("web", container("app", "sleep", "3600"));
    String uid = f.uid("web");
    NodeAgentFixture after = new NodeAgentFixture(f.clock, f.client);
    after.launcher.addSurvivor(uid, "app", 0, f.clock.now());
    after.sandboxes.addPodOnDisk(uid);
    after.sandboxes.addPodOnDisk("uid-of-a-pod-deleted-meanwhile");
    after.settle();
    assertThat(after.sandboxes.released()).containsExactly("uid-of-a-pod-deleted-meanwhile");
    after.delete("web", 1L);
    after.advanceSeconds(2);
    assertThat(after.sandboxes.released()).containsExactly("uid-of-a-pod-deleted-meanwhile", uid);
  }
}
