package dev.berth.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The worker half of a controller: takes keys from a {@link WorkQueue}, calls
 * {@link Reconciler#reconcile} and files the outcome, as client-go controllers'
 * {@code processNextWorkItem} does:
 *
 * <ul>
 *   <li>{@link ReconcileResult.Done}: forget the key's back-off.
 *   <li>{@link ReconcileResult.RequeueAfter}: forget the back-off, add the key again after the delay.
 *   <li>an exception: log it, {@link WorkQueue#addRateLimited} (5 ms, 10 ms, … per key).
 * </ul>
 */
public final class ReconcileLoop<K> {
  /** Failures of one key before its retries are logged as warnings rather than at debug level. */
  static final int WARN_AFTER_REQUEUES = 5;

  private static final System.Logger LOG = System.getLogger(ReconcileLoop.class.getName());

  private final String name;
  private final WorkQueue<K> queue;
  private final Reconciler<K> reconciler;
  private final List<Thread> workers = new ArrayList<>();

  public ReconcileLoop(String name, WorkQueue<K> queue, Reconciler<K> reconciler) {
    this.name = Objects.requireNonNull(name);
    this.queue = Objects.requireNonNull(queue);
    this.reconciler = Objects.requireNonNull(reconciler);
  }

  public WorkQueue<K> queue() {
    return queue;
  }

  /**
   * Takes one key (blocking while the queue is empty) and reconciles it.
   *
   * @return false once the queue is shut down and drained, or the thread was interrupted
   */
  public boolean processNextItem() {
    K key;
    try {
      key = queue.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (key == null) {
      return false;
    }
    process(key);
    return true;
  }

  /**
   * Reconciles the next queued key if there is one, without blocking. For tests that step a
   * controller one key at a time.
   *
   * @return false if nothing was queued
   */
  public boolean tryProcessNextItem() {
    K key = queue.poll();
    if (key == null) {
      return false;
    }
    process(key);
    return true;
  }

  /**
   * Reconciles every key queued now and every key those reconciles queue, without blocking; keys
   * waiting for a timer stay waiting. For tests.
   *
   * @return how many keys were processed
   */
  public int processAll() {
    int n = 0;
    K key;
    while ((key = queue.poll()) != null) {
      process(key);
      n++;
    }
    return n;
  }

  private void process(K key) {
    try {
      ReconcileResult result = reconciler.reconcile(key);
      switch (result) {
        case ReconcileResult.Done d -> queue.forget(key);
        case ReconcileResult.RequeueAfter r -> {
          queue.forget(key);
          queue.addAfter(key, r.delay());
        }
      }
    } catch (RuntimeException e) {
      // a conflict or a cache that has not caught up yet is routine and retried at once: only a
      // failure that keeps coming back (the rate limiter's 5th retry is ~80 ms later) is a warning
      int requeue = queue.numRequeues(key) + 1;
      LOG.log(requeue >= WARN_AFTER_REQUEUES ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
          name + ": reconcile of " + key + " failed (requeue " + requeue + "): " + e.getMessage());
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }

  /** Starts {@code count} virtual-thread workers that run until the queue is shut down. */
  public synchronized void start(int count) {
    for (int i = 0; i < count; i++) {
      workers.add(Thread.ofVirtual().name(name + "-worker-" + i).start(() -> {
        while (processNextItem()) {
          // keep going
        }
      }));
    }
  }

  /** Shuts the queue down and interrupts the workers. */
  public synchronized void stop() {
    queue.shutDown();
    for (Thread t : workers) {
      t.interrupt();
    }
    workers.clear();
  }
}
