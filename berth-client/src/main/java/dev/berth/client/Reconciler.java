package dev.berth.client;

/**
 * A level-triggered reconcile of one key: look at the cached state for {@code key} now, and move
 * the world one step towards what it should be.
 *
 * <p>Contract: safe to call any number of times; never called concurrently for the same key (the
 * {@link WorkQueue} guarantees that); throwing requeues the key with per-key back-off.
 */
@FunctionalInterface
public interface Reconciler<K> {
  ReconcileResult reconcile(K key);
}
