package dev.berth.store;

import java.time.Duration;

/** One watcher's stream of events. Closing it releases its buffer; it never blocks the store. */
public interface Watch extends AutoCloseable {
  /**
   * The next event, waiting at most {@code timeout}; null on timeout. After an
   * {@link WatchEvent.Expired} the watch is over.
   */
  WatchEvent poll(Duration timeout) throws InterruptedException;

  @Override
  void close();
}
