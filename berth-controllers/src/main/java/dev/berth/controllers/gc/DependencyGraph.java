package dev.berth.controllers.gc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The owner → dependents graph by uid, fed by the collector's informers (upstream's
 * {@code GraphBuilder.uidToNode}). Thread-safe; everything it returns is an immutable snapshot.
 *
 * <p>An owner that no informer has seen has no node: dependents still point at its uid and are
 * found by {@link #dependentUidsOf}.
 */
public final class DependencyGraph {
  private final Map<String, GraphNode> nodes = new HashMap<>();
  private final Map<String, Set<String>> dependentsByOwnerUid = new HashMap<>();

  /** Inserts or replaces the node with {@code node}'s uid; returns the previous one, or null. */
  public synchronized GraphNode upsert(GraphNode node) {
    GraphNode old = nodes.put(node.uid(), node);
    if (old != null) {
      unlink(old);
    }
    for (var r : node.owners()) {
      if (r.getUid() != null) {
        dependentsByOwnerUid.computeIfAbsent(r.getUid(), u -> new LinkedHashSet<>()).add(node.uid());
      }
    }
    return old;
  }

  /** Removes the node; returns it, or null if it was not there. */
  public synchronized GraphNode remove(String uid) {
    GraphNode old = nodes.remove(uid);
    if (old != null) {
      unlink(old);
    }
    return old;
  }

  private void unlink(GraphNode node) {
    for (var r : node.owners()) {
      Set<String> deps = dependentsByOwnerUid.get(r.getUid());
      if (deps != null) {
        deps.remove(node.uid());
        if (deps.isEmpty()) {
          dependentsByOwnerUid.remove(r.getUid());
        }
      }
    }
  }

  public synchronized Optional<GraphNode> node(String uid) {
    return Optional.ofNullable(nodes.get(uid));
  }

  /**
   * The dependents of {@code owner}: nodes with a reference to its uid, in its namespace (any
   * namespace when the owner is cluster-scoped), ordered by namespace and name.
   */
  public synchronized List<GraphNode> dependentsOf(ObjectRef owner) {
    List<GraphNode> out = new ArrayList<>();
    for (String uid : dependentsByOwnerUid.getOrDefault(owner.uid(), Set.of())) {
      GraphNode n = nodes.get(uid);
      if (n != null && n.canDependOn(owner)) {
        out.add(n);
      }
    }
    out.sort(Comparator.comparing((GraphNode n) -> n.ref().namespace() == null ? "" : n.ref().namespace())
        .thenComparing(n -> n.ref().name()));
    return out;
  }

  /** Uids of every node referring to {@code ownerUid}, whatever its namespace. */
  public synchronized List<String> dependentUidsOf(String ownerUid) {
    return List.copyOf(dependentsByOwnerUid.getOrDefault(ownerUid, Set.of()));
  }

  public synchronized int size() {
    return nodes.size();
  }

  public synchronized List<GraphNode> nodes() {
    return List.copyOf(nodes.values());
  }
}
