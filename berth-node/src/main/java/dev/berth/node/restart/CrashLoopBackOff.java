package dev.berth.node.restart;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The restart back-off of containers ({@code spec/kubelet.md} §2.2, Appendix E 2): upstream's {@code
 * flowcontrol.Backoff} with the kubelet's constants and reset rule, as an immutable value — every
 * change returns a new table, so planning stays a pure function.
 *
 * <p>Worked example for a program that exits a second after each start, finishing at t=1 the first
 * time: no entry, so the first restart is immediate (entry 10s, updated at t=1); it exits at t=2;
 * 2 − 2 = 0 < 10s: {@code CrashLoopBackOff}, retry at finishedAt + 10s = t=12; at t=12 the delay
 * doubles to 20s and it starts; it exits at t=13, retry at t=33; then 40s, 80s, 160s, 300s, 300s…
 * always counted from the previous instance's {@code finishedAt}. An instance that finishes more
 * than 600 s after the entry's last update (it ran fine for 10 minutes) expires the entry: the next
 * restart is immediate again and the delay starts over at 10 s.
 *
 * @param initial the first delay, 10 s
 * @param max the cap, 300 s
 * @param entries the current delay and last update of each container
 */
public record CrashLoopBackOff(Duration initial, Duration max, Map<BackOffKey, Entry> entries) {
  /** Upstream's {@code initialCrashLoopBackOff}. */
  public static final Duration INITIAL = Duration.ofSeconds(10);
  /** Upstream's {@code MaxContainerBackOff}. */
  public static final Duration MAX = Duration.ofSeconds(300);
  /** The kubelet's {@code HasExpiredFunc}: an entry expires when an exit comes this long after its last update. */
  public static final Duration RESET_AFTER = Duration.ofSeconds(600);

  public CrashLoopBackOff {
    entries = Map.copyOf(entries);
  }

  /** One container's back-off: the current delay and when it last changed (when the container was last restarted). */
  public record Entry(Duration delay, Instant lastUpdate) {}

  /** The outcome of asking to restart a container whose newest exited instance finished at a given time. */
  public sealed interface Decision {
    /** Start now; {@code backOff} is the table with this restart recorded. */
    record Start(CrashLoopBackOff backOff) implements Decision {}

    /** Not before {@code until} (= finishedAt + delay); {@code delay} is shown as {@code back-off 40s ...}. */
    record Wait(Duration delay, Instant until) implements Decision {}
  }

  /** An empty table with the kubelet's constants: 10 s doubling to 300 s. */
  public static CrashLoopBackOff standard() {
    return new CrashLoopBackOff(INITIAL, MAX, Map.of());
  }

  /**
   * Upstream's {@code doBackOff} for a container whose newest exited instance finished at {@code
   * finishedAt}: {@link Decision.Wait} while {@code now − finishedAt < delay} for a live entry, else
   * {@link Decision.Start} with the entry created (10 s) or doubled (capped at 300 s).
   */
  public Decision decide(BackOffKey key, Instant finishedAt, Instant now) {
    Optional<Duration> delay = delayIfInBackOff(key, finishedAt, now);
    if (delay.isPresent()) {
      return new Decision.Wait(delay.get(), finishedAt.plus(delay.get()));
    }
    return new Decision.Start(next(key, finishedAt, now));
  }

  /** Upstream's {@code IsInBackOffSince}: the current delay while {@code now − finishedAt} is shorter than it. */
  public Optional<Duration> delayIfInBackOff(BackOffKey key, Instant finishedAt, Instant now) {
    Entry e = entries.get(key);
    if (e == null || expired(finishedAt, e)) {
      return Optional.empty();
    }
    return Duration.between(finishedAt, now).compareTo(e.delay()) < 0 ? Optional.of(e.delay()) : Optional.empty();
  }

  /** Upstream's {@code Next}: a new entry at {@link #initial} if none or expired, else the delay doubled up to {@link #max}. */
  public CrashLoopBackOff next(BackOffKey key, Instant finishedAt, Instant now) {
    Entry e = entries.get(key);
    Duration delay;
    if (e == null || expired(finishedAt, e)) {
      delay = initial;
    } else {
      Duration doubled = e.delay().multipliedBy(2);
      delay = doubled.compareTo(max) > 0 ? max : doubled;
    }
    Map<BackOffKey, Entry> m = new HashMap<>(entries);
    m.put(key, new Entry(delay, now));
    return new CrashLoopBackOff(initial, max, m);
  }

  /** The current delay of {@code key}, {@link Duration#ZERO} without an entry (upstream {@code Get}). */
  public Duration delay(BackOffKey key) {
    Entry e = entries.get(key);
    return e == null ? Duration.ZERO : e.delay();
  }

  /** Without the entries not updated for {@code 2 × max} (600 s): housekeeping, upstream {@code GC}. */
  public CrashLoopBackOff gc(Instant now) {
    Map<BackOffKey, Entry> m = new HashMap<>();
    entries.forEach((k, e) -> {
      if (Duration.between(e.lastUpdate(), now).compareTo(max.multipliedBy(2)) <= 0) {
        m.put(k, e);
      }
    });
    return new CrashLoopBackOff(initial, max, m);
  }

  private static boolean expired(Instant finishedAt, Entry e) {
    return Duration.between(e.lastUpdate(), finishedAt).compareTo(RESET_AFTER) > 0;
  }
}
