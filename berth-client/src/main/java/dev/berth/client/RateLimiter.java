package dev.berth.client;

import dev.berth.api.time.Clock;
import java.time.Duration;

/**
 * How long an item waits before it is retried, like client-go's {@code workqueue.RateLimiter}.
 * Implementations are thread-safe.
 */
public interface RateLimiter<K> {

  /** The delay before {@code item} may be processed again; counts one more failure for it. */
  Duration when(K item);

  /** The item succeeded: its failure history is dropped. */
  void forget(K item);

  /** How many times {@link #when} was asked about {@code item} since it was last forgotten. */
  int numRequeues(K item);

  /**
   * client-go's {@code DefaultControllerRateLimiter}: the larger of a per-item exponential back-off
   * (5 ms, 10 ms, 20 ms, … capped at 1000 s) and an overall token bucket (10 per second, burst 100).
   */
  static <K> RateLimiter<K> defaultControllerRateLimiter(Clock clock) {
    return maxOf(
        new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
        new BucketRateLimiter<>(clock, 10, 100));
  }

  /** The longest delay of {@code limiters}; requeues are the maximum any of them counted. */
  @SafeVarargs
  static <K> RateLimiter<K> maxOf(RateLimiter<K>... limiters) {
    RateLimiter<K>[] all = limiters.clone();
    return new RateLimiter<>() {
      @Override
      public Duration when(K item) {
        Duration max = Duration.ZERO;
        for (RateLimiter<K> l : all) {
          Duration d = l.when(item);
          if (d.compareTo(max) > 0) {
            max = d;
          }
        }
        return max;
      }

      @Override
      public void forget(K item) {
        for (RateLimiter<K> l : all) {
          l.forget(item);
        }
      }

      @Override
      public int numRequeues(K item) {
        int max = 0;
        for (RateLimiter<K> l : all) {
          max = Math.max(max, l.numRequeues(item));
        }
        return max;
      }
    };
  }
}
