package dev.berth.api.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** A clock for tests: time moves only with {@link #advance}, which runs due timers in order, synchronously. */
public final class FakeClock implements Clock {
  private record Timer(Instant due, long seq, Runnable task, boolean[] cancelled) {}

  private Instant now;
  private long seq;
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>((a, b) -> a.due.equals(b.due) ? Long.compare(a.seq, b.seq) : a.due.compareTo(b.due));

  public FakeClock(Instant start) {
    this.now = start;
  }

  public FakeClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    timers.add(new Timer(now.plus(delay), seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves time forward, running every timer that falls due, in due order. */
  public void advance(Duration d) {
    Instant target;
    synchronized (this) {
      target = now.plus(d);
    }
    while (true) {
      Timer t;
      synchronized (this) {
        t = timers.peek();
        if (t == null || t.due.isAfter(target)) {
          now = target;
          return;
        }
        timers.poll();
        now = t.due;
      }
      if (!t.cancelled[0]) {
        t.task.run();
      }
    }
  }

  public synchronized int pendingTimers() {
    return (int) timers.stream().filter(t -> !t.cancelled[0]).count();
  }
}
