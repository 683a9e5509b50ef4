package dev.berth.controllers.namespace;

import dev.berth.api.ResourceRegistry;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.Informer;
import dev.berth.client.ReconcileLoop;
import dev.berth.client.ReconcileResult;
import dev.berth.client.ResourceEventHandler;
import dev.berth.client.ResourceKey;
import dev.berth.client.WorkQueue;
import io.fabric8.kubernetes.api.model.Namespace;

/**
 * The namespace lifecycle loop: a Namespace informer enqueues every namespace that carries a
 * {@code deletionTimestamp}; workers run {@link NamespaceDeleter#delete} for it until it is empty
 * and released. Wiring only.
 *
 * <p>Production: {@code new NamespaceController(client, SystemClock.INSTANCE).start()}, and
 * {@link #stop()} at shutdown. Tests: {@link #processPendingEvents()}, {@link #processAll()}, and
 * {@code FakeClock.advance} for the content poll.
 */
public final class NamespaceController {
  private static final int DEFAULT_WORKERS = 2;

  private final Informer<Namespace> informer;
  private final WorkQueue<ResourceKey> queue;
  private final NamespaceDeleter deleter;
  private final ReconcileLoop<ResourceKey> loop;
  private final int workers;
  private Thread starter;

  public NamespaceController(ApiClient client, Clock clock) {
    this(client, clock, new NamespaceDeleter(client, clock, NamespaceDeleter.namespacedTypes(ResourceRegistry.standard()),
        NamespaceDeleter.DEFAULT_CONTENT_POLL_INTERVAL), DEFAULT_WORKERS);
  }

  public NamespaceController(ApiClient client, Clock clock, NamespaceDeleter deleter, int workers) {
    this.informer = new Informer<>(client, Namespace.class, clock);
    this.queue = new WorkQueue<>(clock);
    this.deleter = deleter;
    this.loop = new ReconcileLoop<>("namespace-controller", queue, this::reconcile);
    this.workers = workers;
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        enqueueIfDeleting(ns);
      }

      @Override
      public void onUpdate(Namespace oldNs, Namespace newNs) {
        enqueueIfDeleting(newNs);
      }
    });
  }

  private void enqueueIfDeleting(Namespace ns) {
    if (ns.getMetadata().getDeletionTimestamp() != null) {
      queue.add(ResourceKey.of(ns));
    }
  }

  /** Empties and releases the namespace {@code key} names, from the cache's point of view first. */
  public ReconcileResult reconcile(ResourceKey key) {
    Namespace cached = informer.lister().get(key);
    if (cached == null || cached.getMetadata().getDeletionTimestamp() == null) {
      return ReconcileResult.done();
    }
    return deleter.delete(key.name());
  }

  public synchronized void start() {
    if (starter != null) {
      throw new IllegalStateException("already started");
    }
    informer.start();
    starter = Thread.ofVirtual().name("namespace-controller-start").start(() -> {
      try {
        informer.awaitSynced();
        loop.start(workers);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  public synchronized void stop() {
    if (starter != null) {
      starter.interrupt();
    }
    informer.stop();
    loop.stop();
  }

  public boolean hasSynced() {
    return informer.hasSynced();
  }

  /** For tests: lets the informer apply what the API has, synchronously. */
  public boolean processPendingEvents() {
    return informer.processPending();
  }

  public boolean processNextItem() {
    return loop.processNextItem();
  }

  /** For tests: processes the next queued key if any, without blocking; false if none was queued. */
  public boolean tryProcessNextItem() {
    return loop.tryProcessNextItem();
  }

  /** For tests: processes every queued key without blocking. */
  public int processAll() {
    return loop.processAll();
  }

  public WorkQueue<ResourceKey> queue() {
    return queue;
  }
}
