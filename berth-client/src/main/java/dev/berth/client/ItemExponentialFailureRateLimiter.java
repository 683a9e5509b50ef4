package dev.berth.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-item exponential back-off: the n-th failure (counting from 0) of an item waits
 * {@code base * 2^n}, capped at {@code max}. With base 5 ms and max 1000 s: 5 ms, 10 ms, 20 ms, …,
 * 655.36 s after 18 failures, then 1000 s from the 19th on (5 ms * 2^18 = 1310.72 s > 1000 s).
 */
public final class ItemExponentialFailureRateLimiter<K> implements RateLimiter<K> {
  private final Duration base;
  private final Duration max;
  private final Map<K, Integer> failures = new HashMap<>();

  public ItemExponentialFailureRateLimiter(Duration base, Duration max) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= max, got " + base + ", " + max);
    }
    this.base = base;
    this.max = max;
  }

  @Override
  public synchronized Duration when(K item) {
    int exp = failures.getOrDefault(item, 0);
    failures.put(item, exp + 1);
    // base * 2^exp, without overflowing: beyond 62 doublings every sane base exceeds any max.
    if (exp >= 62) {
      return max;
    }
    long nanos = base.toNanos();
    if (nanos > (Long.MAX_VALUE >> exp)) {
      return max;
    }
    Duration d = Duration.ofNanos(nanos << exp);
    return d.compareTo(max) > 0 ? max : d;
  }

  @Override
  public synchronized void forget(K item) {
    failures.remove(item);
  }

  @Override
  public synchronized int numRequeues(K item) {
    return failures.getOrDefault(item, 0);
  }
}
