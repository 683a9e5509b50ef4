package dev.berth.node.probe.timing;

import static dev.berth.node.probe.timing.ProbeFixtures.app;
import static dev.berth.node.probe.timing.ProbeFixtures.pod;
import static dev.berth.node.probe.timing.ProbeFixtures.probe;
import static dev.berth.node.probe.timing.ProbeFixtures.running;
import static dev.berth.node.probe.timing.ProbeFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import dev.berth.node.status.TestPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** When a worker runs on the clock ({@code spec/kubelet.md} §4.2). */
class ProbeTickerTest {
  private final FakeClock clock = new FakeClock(TestPods.T0);
  private final Container ctr = app(probe(0, 10, 1, 3), null, null);
  private final Pod pod = pod("Always", ctr);
  private final AtomicReference<PodStatus> status = new AtomicReference<>(status("Running", running("process://a", TestPods.T0, true)));
  private final List<Long> runsAt = new ArrayList<>();

  private ProbeTicker start(Duration initialDelay) {
    ProbeWorker worker = new ProbeWorker(ProbeKind.READINESS, ctr);
    return ProbeTicker.start(clock, worker, initialDelay, () -> pod, status::get, (p, target) -> {
      runsAt.add(Duration.between(TestPods.T0, clock.now()).toSeconds());
      return dev.berth.node.probe.ProbeResult.SUCCESS;
    }, ProbeFixtures.RUNNING, step -> {});
  }

  @Test
  void runsAtOnceThenEveryPeriodFromItsStart() {
    start(Duration.ZERO);
    clock.advance(Duration.ofSeconds(25));
    assertThat(runsAt).containsExactly(0L, 10L, 20L);
  }

  @Test
  void aTriggeredRunDoesNotMoveTheTicks() {
    start(Duration.ZERO).trigger();
    clock.advance(Duration.ofSeconds(3));
    start(Duration.ZERO);
    clock.advance(Duration.ofSeconds(10));
    assertThat(runsAt).as("the first ticker still runs at 10; the one started at 3 runs at 3 and 13")
        .containsExactly(0L, 0L, 3L, 10L, 13L);
  }

  @Test
  void anInitialDelayShiftsEveryTick() {
    start(Duration.ofMillis(3_500));
    clock.advance(Duration.ofSeconds(3));
    assertThat(runsAt).isEmpty();
    clock.advance(Duration.ofSeconds(21));
    assertThat(runsAt).containsExactly(3L, 13L, 23L);
  }

  @Test
  void aRunThatEndsTheWorkerStopsTheTicks() {
    ProbeTicker t = start(Duration.ZERO);
    status.set(status("Succeeded"));
    clock.advance(Duration.ofSeconds(10));
    assertThat(t.isStopped()).isTrue();
    assertThat(clock.pendingTimers()).isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(runsAt).containsExactly(0L);
  }

  @Test
  void stopCancelsTheNextTick() {
    ProbeTicker t = start(Duration.ZERO);
    t.stop();
    t.trigger();
    clock.advance(Duration.ofSeconds(30));
    assertThat(runsAt).containsExactly(0L);
    assertThat(clock.pendingTimers()).isZero();
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));
  }
}
