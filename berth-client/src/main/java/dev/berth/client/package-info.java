/**
 * The client side of berth, shaped like client-go: {@link dev.berth.client.ApiClient} (the API),
 * {@link dev.berth.client.Informer} (list + watch into an {@link dev.berth.client.Indexer}, read
 * through a {@link dev.berth.client.Lister}), {@link dev.berth.client.WorkQueue} (dedup, one
 * worker per key, rate-limited retries on the injected clock) and
 * {@link dev.berth.client.ReconcileLoop} (queue → {@link dev.berth.client.Reconciler} →
 * {@link dev.berth.client.ReconcileResult}).
 *
 * <p>A controller wires them: informer handlers decide which {@link dev.berth.client.ResourceKey}
 * to enqueue; the loop calls {@code reconcile(key)}, which reads listers, never event payloads.
 * Tests drive all of it synchronously: {@code informer.processPending()},
 * {@code loop.processAll()}, {@code FakeClock.advance(d)}, over
 * {@link dev.berth.client.testing.FakeApiClient}.
 */
package dev.berth.client;
