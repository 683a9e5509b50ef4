package dev.berth.controllers.gc;

import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.Informer;
import dev.berth.client.ReconcileLoop;
import dev.berth.client.ResourceEventHandler;
import dev.berth.client.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The garbage collector's loop: one informer per monitored resource type feeds the
 * {@link DependencyGraph}; the handlers decide which uids to enqueue; workers run
 * {@link GarbageCollector#reconcile} per uid. Wiring only, no policy.
 *
 * <p>What gets enqueued, and why:
 *
 * <ul>
 *   <li>an object added with owner references, or with an {@code orphan}/{@code foregroundDeletion}
 *       deletion under way: itself (dangling owners are found on startup this way);
 *   <li>an object whose owner references, deletion state or finalizers changed: itself and every
 *       owner it names before or after (an owner may be waiting for it); if it has just entered a
 *       foreground deletion, also each of its dependents;
 *   <li>an object deleted: each of its dependents (their owner is gone) and each of its owners
 *       (one fewer blocking dependent).
 * </ul>
 *
 * Status-only updates enqueue nothing. Workers start only once every informer has synced, so no
 * owner is taken for absent just because its type was listed later.
 *
 * <p>Production: {@code new GarbageCollectorController(client, SystemClock.INSTANCE).start()}, and
 * {@link #stop()} at shutdown. Tests: {@link #processPendingEvents()} then {@link #processAll()}.
 */
public final class GarbageCollectorController {
  private static final int DEFAULT_WORKERS = 4;

  private final DependencyGraph graph = new DependencyGraph();
  private final WorkQueue<String> queue;
  private final GarbageCollector collector;
  private final ReconcileLoop<String> loop;
  private final List<Informer<?>> informers = new ArrayList<>();
  private final int workers;
  private Thread starter;

  /** Watches {@link #defaultMonitoredTypes} of {@link ResourceRegistry#standard()}. */
  public GarbageCollectorController(ApiClient client, Clock clock) {
    this(client, clock, ResourceRegistry.standard(), defaultMonitoredTypes(ResourceRegistry.standard()), DEFAULT_WORKERS);
  }

  /**
   * @param registry resolves owner references (apiVersion + kind) to resource types
   * @param monitored the resource types whose objects take part in garbage collection
   */
  public GarbageCollectorController(ApiClient client, Clock clock, ResourceRegistry registry, List<ResourceType> monitored,
      int workers) {
    this.queue = new WorkQueue<>(clock);
    this.collector = new GarbageCollector(graph, new ClientGarbageCollectorControl(client), registry, queue::add);
    this.loop = new ReconcileLoop<>("garbage-collector", queue, collector);
    this.workers = workers;
    for (ResourceType t : monitored) {
      informers.add(monitor(client, clock, t));
    }
  }

  /**
   * Every resource type of {@code registry}, once per storage (events.k8s.io Events are core Events),
   * without Events: like upstream's default {@code ignoredResources}, the collector leaves the most
   * written, shortest lived kind alone (the namespace controller still deletes them).
   */
  public static List<ResourceType> defaultMonitoredTypes(ResourceRegistry registry) {
    Set<String> storage = new HashSet<>();
    List<ResourceType> out = new ArrayList<>();
    for (ResourceType t : registry.types()) {
      if (!t.storageKey().equals("events") && storage.add(t.storageKey())) {
        out.add(t);
      }
    }
    return out;
  }

  private <T extends HasMetadata> Informer<T> monitor(ApiClient client, Clock clock, ResourceType type) {
    @SuppressWarnings("unchecked")
    Class<T> javaType = (Class<T>) type.javaType();
    Informer<T> informer = new Informer<>(client, javaType, clock);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        GraphNode node = GraphNode.of(type, object);
        graph.upsert(node);
        if (!node.owners().isEmpty() || node.isDeletingDependents() || node.isOrphaningDependents()) {
          queue.add(node.uid());
        }
      }

      @Override
      public void onUpdate(T oldObject, T newObject) {
        GraphNode node = GraphNode.of(type, newObject);
        GraphNode previous = graph.upsert(node);
        if (node.sameCollectorState(previous)) {
          return;
        }
        queue.add(node.uid());
        Set<String> owners = new LinkedHashSet<>();
        for (OwnerReference r : node.owners()) {
          owners.add(r.getUid());
        }
        if (previous != null) {
          for (OwnerReference r : previous.owners()) {
            owners.add(r.getUid());
          }
        }
        owners.forEach(queue::add);
        if (node.isDeletingDependents() && (previous == null || !previous.isDeletingDependents())) {
          for (GraphNode d : graph.dependentsOf(node.ref())) {
            queue.add(d.uid());
          }
        }
      }

      @Override
      public void onDelete(T object) {
        GraphNode removed = graph.remove(object.getMetadata().getUid());
        GraphNode node = removed != null ? removed : GraphNode.of(type, object);
        graph.dependentUidsOf(node.uid()).forEach(queue::add);
        for (OwnerReference r : node.owners()) {
          queue.add(r.getUid());
        }
      }
    });
    return informer;
  }

  /** Starts the informers, and the workers once every informer has synced. */
  public synchronized void start() {
    if (starter != null) {
      throw new IllegalStateException("already started");
    }
    informers.forEach(Informer::start);
    starter = Thread.ofVirtual().name("garbage-collector-start").start(() -> {
      try {
        for (Informer<?> i : informers) {
          i.awaitSynced();
        }
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
    informers.forEach(Informer::stop);
    loop.stop();
  }

  /** True when every informer has delivered its first list. */
  public boolean hasSynced() {
    return informers.stream().allMatch(Informer::hasSynced);
  }

  /** For tests: lets every informer apply what the API has for it, synchronously. */
  public boolean processPendingEvents() {
    boolean progressed = false;
    for (Informer<?> i : informers) {
      progressed |= i.processPending();
    }
    return progressed;
  }

  /** Processes one uid (blocking while none is queued); false once shut down. */
  public boolean processNextItem() {
    return loop.processNextItem();
  }

  /** For tests: processes the next queued uid if any, without blocking; false if none was queued. */
  public boolean tryProcessNextItem() {
    return loop.tryProcessNextItem();
  }

  /** For tests: processes every queued uid, and those they queue, without blocking. */
  public int processAll() {
    return loop.processAll();
  }

  public WorkQueue<String> queue() {
    return queue;
  }

  public DependencyGraph graph() {
    return graph;
  }
}
