package dev.berth.node.restart;

import static dev.berth.node.status.TestPods.container;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.status.PodFacts;
import dev.berth.node.status.PodStatuses;
import dev.berth.node.status.StartFailure;
import dev.berth.node.status.TestPods;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The items of {@code spec/kubelet.md} Appendix E that restarts decide: 2, 3 and the arithmetic of 8. */
class AppendixEChecklistTest {

  @Test
  void item2_firstRestartImmediateBackOffFromTheSecondExitFromFinishedAtResetOnlyAfterTenMinutesOfRunning() {
    CrashLoopSimulation sim = new CrashLoopSimulation(TestPods.pod("Always", container("app")));
    sim.syncUntilStarted();
    sim.exitAfter(Duration.ofSeconds(30), 1);
    sim.syncUntilStarted();
    assertThat(sim.waits).as("the first crash restarts at once").isEmpty();
    sim.exitAfter(Duration.ofSeconds(30), 1);
    sim.syncUntilStarted();
    assertThat(sim.waits).as("the second exit is backed off").hasSize(1);
    assertThat(sim.restartGaps(Duration.ofSeconds(30))).as("10 s after finishedAt, not after the last start").containsExactly(0L, 10L);

    sim.exitAfter(Duration.ofSeconds(600), 1);
    sim.syncUntilStarted();
    assertThat(sim.waits).as("exactly 10 minutes of running is not enough to reset").hasSize(2);
    assertThat(sim.restartGaps(Duration.ofSeconds(600)).getLast()).isEqualTo(20L);

    sim.exitAfter(Duration.ofSeconds(601), 1);
    int before = sim.waits.size();
    sim.syncUntilStarted();
    assertThat(sim.waits).as("after more than 10 minutes of running: immediate again").hasSize(before);
    sim.exitAfter(Duration.ofSeconds(1), 1);
    sim.syncUntilStarted();
    assertThat(sim.waits.getLast()).as("and the delay starts over").startsWith("back-off 10s ");
  }

  @Test
  void item3_exitZeroUnderAlwaysIsRestartedAndEndsInCrashLoopBackOff() {
    assertThat(ContainerRestarts.shouldRestart("Always", 0)).isTrue();
    CrashLoopSimulation sim = new CrashLoopSimulation(TestPods.pod("Always", container("app")));
    sim.syncUntilStarted();
    sim.exitAfter(Duration.ofSeconds(1), 0);
    sim.syncUntilStarted();
    sim.exitAfter(Duration.ofSeconds(1), 0);
    sim.syncUntilStarted();
    assertThat(sim.waits).containsExactly("back-off 10s restarting failed container=app pod=web-0_default(uid-1)");

    sim.exitAfter(Duration.ofSeconds(1), 0);
    PodFacts facts = new PodFacts(Map.of("app", sim.app.withStartFailure(new StartFailure("CrashLoopBackOff", "back-off 20s ..."))),
        PodFacts.Sandbox.READY, List.of(), List.of(), false, Optional.empty());
    PodStatus s = PodStatuses.generate(sim.pod, null, facts, sim.clock.now());
    assertThat(s.getContainerStatuses().getFirst().getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(s.getContainerStatuses().getFirst().getLastState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(s.getPhase()).isEqualTo("Running");
  }

  @Test
  void item8_preStopTimeCountsAgainstTheGracePeriodAndSigkillNeverComesSoonerThanTwoSecondsAfterTheStopSignal() {
    assertThat(GracePeriods.stopWindow(30, Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    assertThat(GracePeriods.stopWindow(30, Duration.ofMillis(12_900))).as("whole seconds of preStop are taken off")
        .isEqualTo(Duration.ofSeconds(18));
    assertThat(GracePeriods.stopWindow(30, Duration.ofMillis(29_600))).as("1 s left: raised to 2 s").isEqualTo(Duration.ofSeconds(2));
    assertThat(GracePeriods.stopWindow(30, Duration.ofSeconds(45))).as("a preStop that used it all").isEqualTo(Duration.ofSeconds(2));
    assertThat(GracePeriods.stopWindow(0, Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
  }
}
