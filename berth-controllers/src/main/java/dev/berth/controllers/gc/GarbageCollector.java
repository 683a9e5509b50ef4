package dev.berth.controllers.gc;

import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.client.ReconcileResult;
import dev.berth.client.Reconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The garbage collector's algorithm ({@code spec/api-server.md} §12.3; upstream's
 * {@code attemptToDeleteItem}, {@code processDeletingDependentsItem} and {@code orphanDependents}),
 * one graph node per call, keyed by uid.
 *
 * <p>For a node, {@link #plan} decides from the node, its dependents and the state of its owners:
 *
 * <ul>
 *   <li><b>Being deleted with {@code orphan}</b>: remove the node from every dependent's
 *       {@code ownerReferences}, then remove the {@code orphan} finalizer.
 *   <li><b>Being deleted with {@code foregroundDeletion}</b>: while a dependent with
 *       {@code blockOwnerDeletion: true} exists, wait (and make sure each dependent not yet being
 *       deleted is looked at); then remove the {@code foregroundDeletion} finalizer, after which the
 *       API server removes the node.
 *   <li><b>Otherwise, with owners</b>, classify each owner reference as {@link OwnerState#SOLID},
 *       {@link OwnerState#DANGLING} or {@link OwnerState#WAITING_FOR_DEPENDENTS_DELETION}:
 *       <ul>
 *         <li>some owner solid: keep the node; drop the references to dangling and waiting owners;
 *         <li>no owner solid, some waiting, and the node has dependents itself: delete it with
 *             {@code Foreground}, so the chain is removed leaf first;
 *         <li>no owner solid: delete it with {@code Background} (or the policy its own
 *             {@code orphan}/{@code foregroundDeletion} finalizer asks for).
 *       </ul>
 * </ul>
 *
 * <p>Deletion with {@code Background} of an owner needs no special case: the owner is gone at once,
 * its dependents' references dangle, and each dependent is deleted in its own pass; so are theirs
 * (Deployment → ReplicaSet → Pod). A re-created owner (same name, new uid) does not adopt: the
 * reference names the old uid, which is dangling.
 */
public final class GarbageCollector implements Reconciler<String> {
  private static final System.Logger LOG = System.getLogger(GarbageCollector.class.getName());
  private static final int ABSENT_OWNER_CACHE_SIZE = 1024;

  private final DependencyGraph graph;
  private final GarbageCollectorControl control;
  private final ResourceRegistry registry;
  private final Consumer<String> attemptToDelete;
  /** Uids confirmed absent by a live GET; uids are never reused, so this never goes stale. */
  private final Set<String> absentOwners = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > ABSENT_OWNER_CACHE_SIZE;
    }
  });

  /**
   * @param attemptToDelete enqueues a uid for a pass of its own (the controller's work queue)
   */
  public GarbageCollector(DependencyGraph graph, GarbageCollectorControl control, ResourceRegistry registry,
      Consumer<String> attemptToDelete) {
    this.graph = graph;
    this.control = control;
    this.registry = registry;
    this.attemptToDelete = attemptToDelete;
  }

  /**
   * One pass over the node with {@code uid}. Reads the graph, re-reads the node itself from the API
   * (deletion must not rest on a stale cache), resolves its owners, plans, applies.
   */
  @Override
  public ReconcileResult reconcile(String uid) {
    Optional<GraphNode> cached = graph.node(uid);
    if (cached.isEmpty()) {
      return ReconcileResult.done();
    }
    GraphNode node = cached.get();
    if (node.owners().isEmpty() && !node.isDeletingDependents() && !node.isOrphaningDependents()) {
      return ReconcileResult.done();
    }
    ObjectRef ref = node.ref();
    HasMetadata live = control.get(ref.type(), ref.namespace(), ref.name());
    if (live == null || !uid.equals(live.getMetadata().getUid())) {
      return ReconcileResult.done(); // gone; its DELETED event re-enqueues whoever cares
    }
    GraphNode item = GraphNode.of(ref.type(), live);
    Map<String, OwnerState> owners = item.beingDeleted() ? Map.of() : classifyOwners(item);
    GcPlan plan = plan(item, graph.dependentsOf(item.ref()), owners);
    apply(item, plan);
    return ReconcileResult.done();
  }

  /**
   * The pure decision for {@code item}.
   *
   * @param dependents the item's dependents (same namespace, or any for a cluster-scoped item)
   * @param owners the state of each owner the item refers to, by uid; unused while the item is
   *     being deleted
   */
  public static GcPlan plan(GraphNode item, List<GraphNode> dependents, Map<String, OwnerState> owners) {
    if (item.beingDeleted()) {
      if (item.hasFinalizer(GraphNode.ORPHAN)) {
        List<GcAction> actions = new ArrayList<>();
        for (GraphNode d : dependents) {
          actions.add(new GcAction.RemoveOwnerReferences(d.ref(), Set.of(item.uid())));
        }
        actions.add(new GcAction.RemoveFinalizer(item.ref(), GraphNode.ORPHAN));
        return new GcPlan(actions, List.of());
      }
      if (item.hasFinalizer(GraphNode.FOREGROUND_DELETION)) {
        List<ObjectRef> blocking = dependents.stream().filter(d -> d.blocksDeletionOf(item.uid())).map(GraphNode::ref).toList();
        if (blocking.isEmpty()) {
          return GcPlan.of(new GcAction.RemoveFinalizer(item.ref(), GraphNode.FOREGROUND_DELETION));
        }
        List<GcAction> actions = new ArrayList<>();
        for (GraphNode d : dependents) {
          if (!d.beingDeleted()) {
            actions.add(new GcAction.AttemptToDelete(d.ref()));
          }
        }
        return new GcPlan(actions, blocking);
      }
      return GcPlan.NOTHING; // someone else's deletion (grace period, other finalizers)
    }
    if (item.owners().isEmpty()) {
      return GcPlan.NOTHING;
    }
    Set<String> solid = new LinkedHashSet<>();
    Set<String> dangling = new LinkedHashSet<>();
    Set<String> waiting = new LinkedHashSet<>();
    for (OwnerReference r : item.owners()) {
      switch (owners.getOrDefault(r.getUid(), OwnerState.SOLID)) {
        case SOLID -> solid.add(r.getUid());
        case DANGLING -> dangling.add(r.getUid());
        case WAITING_FOR_DEPENDENTS_DELETION -> waiting.add(r.getUid());
      }
    }
    if (!solid.isEmpty()) {
      Set<String> release = new LinkedHashSet<>(dangling);
      release.addAll(waiting);
      return release.isEmpty() ? GcPlan.NOTHING : GcPlan.of(new GcAction.RemoveOwnerReferences(item.ref(), release));
    }
    if (!waiting.isEmpty() && !dependents.isEmpty()) {
      return GcPlan.of(new GcAction.DeleteObject(item.ref(), "Foreground"));
    }
    return GcPlan.of(new GcAction.DeleteObject(item.ref(), ownPolicy(item)));
  }

  /** The policy an object's own finalizers ask for; Background without them. */
  static String ownPolicy(GraphNode item) {
    if (item.hasFinalizer(GraphNode.ORPHAN)) {
      return "Orphan";
    }
    if (item.hasFinalizer(GraphNode.FOREGROUND_DELETION)) {
      return "Foreground";
    }
    return "Background";
  }

  private Map<String, OwnerState> classifyOwners(GraphNode item) {
    Map<String, OwnerState> out = new LinkedHashMap<>();
    for (OwnerReference r : item.owners()) {
      out.put(r.getUid(), ownerState(item, r));
    }
    return out;
  }

  /**
   * The state of the owner {@code ref} names, looked up where a dependent's owner must live: the
   * dependent's namespace, or cluster scope for cluster-scoped kinds. The graph answers when it
   * knows that uid at that place; otherwise a live GET decides, and the object found must carry
   * the referenced uid. A kind berth does not serve is treated as solid: never delete on a guess.
   */
  OwnerState ownerState(GraphNode item, OwnerReference ref) {
    Optional<ResourceType> type = registry.byKind(ref.getApiVersion(), ref.getKind());
    if (type.isEmpty()) {
      LOG.log(System.Logger.Level.DEBUG, () -> item.ref() + ": owner kind " + ref.getApiVersion() + "/" + ref.getKind()
          + " is not served; keeping the reference");
      return OwnerState.SOLID;
    }
    ResourceType t = type.get();
    if (t.namespaced() && item.ref().namespace() == null) {
      return OwnerState.DANGLING; // a cluster-scoped object cannot have a namespaced owner
    }
    String namespace = t.namespaced() ? item.ref().namespace() : null;
    synchronized (absentOwners) {
      if (absentOwners.contains(ref.getUid())) {
        return OwnerState.DANGLING;
      }
    }
    Optional<GraphNode> known = graph.node(ref.getUid());
    if (known.isPresent() && sameObject(known.get().ref(), t, namespace, ref.getName())) {
      return known.get().isDeletingDependents() ? OwnerState.WAITING_FOR_DEPENDENTS_DELETION : OwnerState.SOLID;
    }
    HasMetadata live = control.get(t, namespace, ref.getName());
    if (live == null || !ref.getUid().equals(live.getMetadata().getUid())) {
      synchronized (absentOwners) {
        absentOwners.add(ref.getUid());
      }
      return OwnerState.DANGLING;
    }
    return GraphNode.of(t, live).isDeletingDependents() ? OwnerState.WAITING_FOR_DEPENDENTS_DELETION : OwnerState.SOLID;
  }

  private static boolean sameObject(ObjectRef known, ResourceType t, String namespace, String name) {
    return known.type().storageKey().equals(t.storageKey()) && java.util.Objects.equals(known.namespace(), namespace)
        && known.name().equals(name);
  }

  private void apply(GraphNode item, GcPlan plan) {
    for (GcAction action : plan.actions()) {
      switch (action) {
        case GcAction.DeleteObject d -> {
          LOG.log(System.Logger.Level.INFO, "garbage collector: deleting " + d.object() + " with " + d.propagationPolicy()
              + " propagation; owners " + describeOwners(item));
          control.delete(d.object(), d.propagationPolicy());
        }
        case GcAction.RemoveOwnerReferences r -> {
          LOG.log(System.Logger.Level.INFO, "garbage collector: removing owner references " + r.ownerUids() + " from " + r.object());
          control.removeOwnerReferences(r.object(), r.ownerUids());
        }
        case GcAction.RemoveFinalizer f -> {
          LOG.log(System.Logger.Level.INFO, "garbage collector: removing finalizer " + f.finalizer() + " from " + f.object());
          control.removeFinalizer(f.object(), f.finalizer());
        }
        case GcAction.AttemptToDelete a -> attemptToDelete.accept(a.dependent().uid());
      }
    }
  }

  private static String describeOwners(GraphNode item) {
    return item.owners().stream().map(r -> r.getKind() + "/" + r.getName() + " (" + r.getUid() + ")").toList().toString();
  }
}
