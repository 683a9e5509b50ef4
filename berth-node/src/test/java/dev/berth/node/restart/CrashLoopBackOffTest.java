package dev.berth.node.restart;

import static dev.berth.node.status.TestPods.at;
import static dev.berth.node.status.TestPods.container;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.status.TestPods;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code spec/kubelet.md} §2.2: 10 s doubling to 300 s, from finishedAt, reset after 10 minutes of running. */
class CrashLoopBackOffTest {
  private static final BackOffKey KEY = new BackOffKey("uid-1", "app", "busybox:1.36");

  @Test
  void aProgramThatExitsAtOnceWaitsTenTwentyFortySecondsUpToFiveMinutes() {
    CrashLoopSimulation sim = new CrashLoopSimulation(TestPods.pod("Always", container("app")));
    for (int i = 0; i < 9; i++) {
      assertThat(sim.syncUntilStarted()).isTrue();
      sim.exitAfter(Duration.ofSeconds(1), 1);
    }
    assertThat(sim.restartGaps(Duration.ofSeconds(1))).containsExactly(0L, 10L, 20L, 40L, 80L, 160L, 300L, 300L);
    assertThat(sim.waits).containsExactly(
        "back-off 10s restarting failed container=app pod=web-0_default(uid-1)",
        "back-off 20s restarting failed container=app pod=web-0_default(uid-1)",
        "back-off 40s restarting failed container=app pod=web-0_default(uid-1)",
        "back-off 1m20s restarting failed container=app pod=web-0_default(uid-1)",
        "back-off 2m40s restarting failed container=app pod=web-0_default(uid-1)",
        "back-off 5m0s restarting failed container=app pod=web-0_default(uid-1)",
        "back-off 5m0s restarting failed container=app pod=web-0_default(uid-1)");
  }

  @Test
  void theWaitIsCountedFromFinishedAtNotFromTheSync() {
    CrashLoopBackOff table = CrashLoopBackOff.standard().next(KEY, at(0), at(0));
    assertThat(table.decide(KEY, at(5), at(14))).isEqualTo(new CrashLoopBackOff.Decision.Wait(Duration.ofSeconds(10), at(15)));
    assertThat(table.decide(KEY, at(5), at(15))).as("strictly shorter than the delay is back-off")
        .isInstanceOf(CrashLoopBackOff.Decision.Start.class);
  }

  @Test
  void anEntryExpiresOnlyWhenTheExitComesMoreThanTenMinutesAfterItsLastUpdate() {
    CrashLoopBackOff table = CrashLoopBackOff.standard().next(KEY, at(0), at(0)).next(KEY, at(10), at(10));
    assertThat(table.delay(KEY)).isEqualTo(Duration.ofSeconds(20));
    assertThat(table.delayIfInBackOff(KEY, at(610), at(611))).as("exactly 600 s: still counted").contains(Duration.ofSeconds(20));
    assertThat(table.delayIfInBackOff(KEY, at(611), at(611))).as("601 s: expired").isEqualTo(Optional.empty());
    assertThat(table.next(KEY, at(611), at(611)).delay(KEY)).as("starts over").isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aChangedImageHasItsOwnEntry() {
    CrashLoopBackOff table = CrashLoopBackOff.standard().next(KEY, at(0), at(0));
    BackOffKey other = new BackOffKey("uid-1", "app", "busybox:1.37");
    assertThat(table.delayIfInBackOff(other, at(1), at(2))).isEmpty();
  }

  @Test
  void housekeepingDropsEntriesNotUpdatedForTenMinutes() {
    CrashLoopBackOff table = CrashLoopBackOff.standard().next(KEY, at(0), at(0));
    assertThat(table.gc(at(600)).entries()).containsKey(KEY);
    assertThat(table.gc(at(601)).entries()).isEmpty();
  }

  @Test
  void theConstantsAreTheKubeletsOwn() {
    assertThat(List.of(CrashLoopBackOff.INITIAL, CrashLoopBackOff.MAX, CrashLoopBackOff.RESET_AFTER))
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(300), Duration.ofSeconds(600));
  }
}
