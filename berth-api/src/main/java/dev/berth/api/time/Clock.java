package dev.berth.api.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Time, injected: production code never reads the wall clock directly (an ArchUnit test guards
 * this), so tests drive timers with {@link FakeClock#advance}.
 */
public interface Clock {
  Instant now();

  /** Runs {@code task} once after {@code delay}; the returned handle cancels it. */
  Cancellable schedule(Duration delay, Runnable task);

  interface Cancellable {
    void cancel();
  }
}
