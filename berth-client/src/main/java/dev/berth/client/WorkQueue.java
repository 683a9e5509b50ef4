package dev.berth.client;

import dev.berth.api.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * client-go's rate-limited, delaying work queue ({@code util/workqueue}).
 *
 * <p>The contract, with item {@code k}:
 *
 * <ul>
 *   <li><b>Dedup.</b> {@code add(k)} while {@code k} waits in the queue is a no-op: a key is queued
 *       at most once, however many events named it.
 *   <li><b>One worker per key.</b> {@link #get} hands {@code k} out and marks it processing until
 *       {@link #done}. {@code add(k)} meanwhile only marks it dirty; {@code done(k)} then queues it
 *       again, so the changes that arrived during processing are looked at after it, never
 *       concurrently and never lost.
 *   <li><b>Delays</b> go through the injected {@link Clock}: {@link #addAfter} schedules a timer;
 *       a second {@code addAfter} for a waiting key keeps the earlier time.
 *       {@link #addRateLimited} waits as long as the {@link RateLimiter} says (by default 5 ms,
 *       10 ms, 20 ms, … up to 1000 s per key) until {@link #forget}.
 *   <li><b>Shut down:</b> later adds are dropped, pending timers cancelled, {@link #get} hands out
 *       what is still queued and then returns null.
 * </ul>
 */
public final class WorkQueue<K> {
  private final Clock clock;
  private final RateLimiter<K> rateLimiter;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition nonEmpty = lock.newCondition();
  private final ArrayDeque<K> queue = new ArrayDeque<>();
  /** Keys that need processing: queued, or added again while processing. */
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Waiting> waiting = new HashMap<>();
  private boolean shuttingDown;

  private record Waiting(Instant readyAt, Clock.Cancellable timer) {}

  public WorkQueue(Clock clock, RateLimiter<K> rateLimiter) {
    this.clock = clock;
    this.rateLimiter = rateLimiter;
  }

  /** A queue with {@link RateLimiter#defaultControllerRateLimiter}. */
  public WorkQueue(Clock clock) {
    this(clock, RateLimiter.defaultControllerRateLimiter(clock));
  }

  public void add(K item) {
    lock.lock();
    try {
      if (shuttingDown || !dirty.add(item)) {
        return;
      }
      if (processing.contains(item)) {
        return;
      }
      queue.addLast(item);
      nonEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Adds {@code item} once {@code delay} has passed on the clock; zero or negative adds now. */
  public void addAfter(K item, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(item);
      return;
    }
    lock.lock();
    try {
      if (shuttingDown) {
        return;
      }
      Instant readyAt = clock.now().plus(delay);
      Waiting existing = waiting.get(item);
      if (existing != null) {
        if (!existing.readyAt().isAfter(readyAt)) {
          return;
        }
        existing.timer().cancel();
      }
      // The timer removes its own entry only if it is still the current one.
      Clock.Cancellable[] self = new Clock.Cancellable[1];
      Runnable fire = () -> {
        lock.lock();
        try {
          Waiting w = waiting.get(item);
          if (w == null || w.timer() != self[0]) {
            return;
          }
          waiting.remove(item);
        } finally {
          lock.unlock();
        }
        add(item);
      };
      self[0] = clock.schedule(delay, fire);
      waiting.put(item, new Waiting(readyAt, self[0]));
    } finally {
      lock.unlock();
    }
  }

  /** Adds {@code item} after its rate-limited back-off; each call counts one more failure. */
  public void addRateLimited(K item) {
    addAfter(item, rateLimiter.when(item));
  }

  /** The item was processed successfully: its back-off starts again at the base delay. */
  public void forget(K item) {
    rateLimiter.forget(item);
  }

  public int numRequeues(K item) {
    return rateLimiter.numRequeues(item);
  }

  /**
   * The next item, blocking while the queue is empty; null once shut down and drained. The caller
   * must call {@link #done} for it.
   */
  public K get() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty() && !shuttingDown) {
        nonEmpty.await();
      }
      return takeLocked();
    } finally {
      lock.unlock();
    }
  }

  /** The next item if one is queued now, else null; never blocks. */
  public K poll() {
    lock.lock();
    try {
      return takeLocked();
    } finally {
      lock.unlock();
    }
  }

  private K takeLocked() {
    K item = queue.pollFirst();
    if (item != null) {
      processing.add(item);
      dirty.remove(item);
    }
    return item;
  }

  /** Ends processing of {@code item}; if it was added meanwhile it is queued again. */
  public void done(K item) {
    lock.lock();
    try {
      processing.remove(item);
      if (dirty.contains(item)) {
        queue.addLast(item);
        nonEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Number of queued items (not counting those being processed or waiting for a timer). */
  public int len() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Queued items in order, for tests and debugging. */
  public List<K> queued() {
    lock.lock();
    try {
      return List.copyOf(queue);
    } finally {
      lock.unlock();
    }
  }

  /** Number of items waiting for a timer ({@link #addAfter} / {@link #addRateLimited}). */
  public int waitingCount() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  public boolean isProcessing(K item) {
    lock.lock();
    try {
      return processing.contains(item);
    } finally {
      lock.unlock();
    }
  }

  public void shutDown() {
    lock.lock();
    try {
      shuttingDown = true;
      for (Waiting w : waiting.values()) {
        w.timer().cancel();
      }
      waiting.clear();
      nonEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean isShuttingDown() {
    lock.lock();
    try {
      return shuttingDown;
    } finally {
      lock.unlock();
    }
  }
}
