package dev.berth.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** SIGTERM, then SIGKILL after the grace period with the 2 s floor (Appendix E item 8). */
class GracefulStopTest {

  /** A process that records the signals it gets; SIGKILL ends it with 137. */
  static final class RecordingProcess implements ContainerProcess {
    final List<String> signals = new ArrayList<>();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    @Override
    public String podUid() {
      return "uid";
    }

    @Override
    public String containerName() {
      return "app";
    }

    @Override
    public int attempt() {
      return 0;
    }

    @Override
    public long pid() {
      return 42;
    }

    @Override
    public Instant startedAt() {
      return Instant.EPOCH;
    }

    @Override
    public CompletableFuture<Integer> exit() {
      return exit;
    }

    @Override
    public void signal(boolean force) {
      signals.add(force ? "KILL" : "TERM");
      if (force) {
        exit.complete(137);
      }
    }
  }

  record Case(Duration grace, Duration killAfter, String meaning) {}

  @Test
  void sigkillComesWhenTheGraceIsOverButNeverSoonerThanTwoSeconds() {
    for (Case c : List.of(
        new Case(Duration.ofSeconds(30), Duration.ofSeconds(30), "the default grace"),
        new Case(Duration.ofSeconds(1), Duration.ofSeconds(2), "a 1 s grace is raised to the 2 s floor"),
        new Case(Duration.ZERO, Duration.ofSeconds(2), "a grace used up by preStop still leaves 2 s"))) {
      FakeClock clock = new FakeClock();
      RecordingProcess p = new RecordingProcess();
      CompletableFuture<Integer> exit = GracefulStop.stop(p, c.grace(), clock);
      assertThat(p.signals).as(c.meaning()).containsExactly("TERM");
      clock.advance(c.killAfter().minusMillis(1));
      assertThat(p.signals).as(c.meaning() + ": not yet").containsExactly("TERM");
      clock.advance(Duration.ofMillis(1));
      assertThat(p.signals).as(c.meaning()).containsExactly("TERM", "KILL");
      assertThat(exit).isCompletedWithValue(137);
    }
  }

  @Test
  void aContainerThatStopsOnSigtermIsNotKilled() {
    FakeClock clock = new FakeClock();
    RecordingProcess p = new RecordingProcess();
    CompletableFuture<Integer> exit = GracefulStop.stop(p, Duration.ofSeconds(30), clock);
    p.exit.complete(143);
    clock.advance(Duration.ofSeconds(60));
    assertThat(p.signals).containsExactly("TERM");
    assertThat(exit).isCompletedWithValue(143);
    assertThat(clock.pendingTimers()).isZero();
  }
}
