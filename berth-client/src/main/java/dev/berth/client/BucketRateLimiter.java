package dev.berth.client;

import dev.berth.api.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An overall token bucket shared by all items (client-go's {@code BucketRateLimiter} over
 * {@code rate.Limiter}): {@code burst} tokens, refilled at {@code qps} per second. Each
 * {@link #when} takes a token, borrowing against the future when the bucket is empty: with qps 10
 * and an empty bucket, the next three calls wait 100 ms, 200 ms and 300 ms.
 */
public final class BucketRateLimiter<K> implements RateLimiter<K> {
  private final Clock clock;
  private final double qps;
  private final double burst;
  private double tokens;
  private Instant last;

  public BucketRateLimiter(Clock clock, double qps, int burst) {
    if (qps <= 0 || burst <= 0) {
      throw new IllegalArgumentException("qps and burst must be positive");
    }
    this.clock = clock;
    this.qps = qps;
    this.burst = burst;
    this.tokens = burst;
    this.last = clock.now();
  }

  @Override
  public synchronized Duration when(K item) {
    Instant now = clock.now();
    if (now.isAfter(last)) {
      double elapsed = Duration.between(last, now).toNanos() / 1e9;
      tokens = Math.min(burst, tokens + elapsed * qps);
      last = now;
    }
    tokens -= 1;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-tokens / qps * 1e9));
  }

  @Override
  public void forget(K item) {}

  @Override
  public int numRequeues(K item) {
    return 0;
  }
}
