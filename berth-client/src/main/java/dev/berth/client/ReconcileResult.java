package dev.berth.client;

import java.time.Duration;
import java.util.Objects;

/**
 * What a level-triggered {@code reconcile(key)} tells its loop. Errors are not a result: a
 * reconcile that throws is retried with per-key back-off ({@link WorkQueue#addRateLimited}).
 */
public sealed interface ReconcileResult {

  /** Nothing more to do until the next event for this key; the key's back-off is forgotten. */
  record Done() implements ReconcileResult {}

  /**
   * Look again after {@code delay} even without an event (e.g. waiting for something no informer
   * watches); the key's back-off is forgotten.
   */
  record RequeueAfter(Duration delay) implements ReconcileResult {
    public RequeueAfter {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("negative delay " + delay);
      }
    }
  }

  Done DONE = new Done();

  static ReconcileResult done() {
    return DONE;
  }

  static ReconcileResult requeueAfter(Duration delay) {
    return new RequeueAfter(delay);
  }
}
