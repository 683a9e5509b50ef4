package dev.berth.controllers.serviceaccount;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.Informer;
import dev.berth.client.ReconcileLoop;
import dev.berth.client.Reconciler;
import dev.berth.client.ResourceEventHandler;
import dev.berth.client.ResourceKey;
import dev.berth.client.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.function.Predicate;

/**
 * The wiring both controllers of this package share: a Namespace informer and one informer of the
 * object kept per namespace; every namespace added or changed, and the namespace of every kept
 * object ({@code isKept}) changed or deleted, is queued as the key {@code (null, namespace)}. One
 * worker. Wiring only: the reconcile is the caller's.
 */
final class NamespaceKeyedLoop<T extends HasMetadata> {
  final Informer<Namespace> namespaces;
  final Informer<T> objects;
  private final WorkQueue<ResourceKey> queue;
  private final ReconcileLoop<ResourceKey> loop;
  private final String name;
  private Thread starter;

  NamespaceKeyedLoop(String name, ApiClient client, Clock clock, Class<T> type, Predicate<T> isKept, Reconciler<ResourceKey> reconciler) {
    this.name = name;
    this.namespaces = new Informer<>(client, Namespace.class, clock);
    this.objects = new Informer<>(client, type, clock);
    this.queue = new WorkQueue<>(clock);
    this.loop = new ReconcileLoop<>(name, queue, reconciler);
    namespaces.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        queue.add(ResourceKey.clusterScoped(ns.getMetadata().getName()));
      }

      @Override
      public void onUpdate(Namespace oldNs, Namespace newNs) {
        queue.add(ResourceKey.clusterScoped(newNs.getMetadata().getName()));
      }
    });
    objects.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onUpdate(T oldObject, T newObject) {
        if (isKept.test(newObject)) {
          queue.add(ResourceKey.clusterScoped(newObject.getMetadata().getNamespace()));
        }
      }

      @Override
      public void onDelete(T object) {
        if (isKept.test(object)) {
          queue.add(ResourceKey.clusterScoped(object.getMetadata().getNamespace()));
        }
      }
    });
  }

  /** The namespace {@code key} names if it exists and is not terminating, else null. */
  Namespace activeNamespace(ResourceKey key) {
    Namespace ns = namespaces.lister().get(null, key.name());
    if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
        || (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()))) {
      return null;
    }
    return ns;
  }

  synchronized void start() {
    if (starter != null) {
      throw new IllegalStateException("already started");
    }
    namespaces.start();
    objects.start();
    starter = Thread.ofVirtual().name(name + "-start").start(() -> {
      try {
        namespaces.awaitSynced();
        objects.awaitSynced();
        loop.start(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  synchronized void stop() {
    if (starter != null) {
      starter.interrupt();
    }
    List.of(namespaces, objects).forEach(Informer::stop);
    loop.stop();
  }

  /** For tests: applies what the API has and processes every queued key, until nothing changes. */
  int settle() {
    int total = 0;
    for (int i = 0; i < 100; i++) {
      boolean events = namespaces.processPending() | objects.processPending();
      int processed = loop.processAll();
      total += processed;
      if (!events && processed == 0) {
        return total;
      }
    }
    throw new IllegalStateException(name + " did not settle");
  }
}
