package dev.berth.store;

import java.time.Duration;

/**
 * One watcher's stream of events. Closing it releases its buffer; it never blocks the store.
 * {@link #poll} and {@link #close} may be called from different threads.
 */
public interface Watch extends AutoCloseable {
  /**
   * The next event, waiting at most {@code timeout}; null on timeout. After an
   * {@link WatchEvent.Expired} the watch is over: every later poll returns that same event at
   * once. After {@link #close()} (also from another thread, which wakes a waiting poll) poll
   * returns null at once.
   */
  WatchEvent poll(Duration timeout) throws InterruptedException;

  /** Unregisters the watcher and drops its buffer. Idempotent. */
  @Override
  void close();
}
