package dev.berth.controllers.gc;

import dev.berth.api.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the garbage collector knows about one object: who owns it and whether it is being deleted.
 * Immutable; the {@code owners} are copies of the object's {@code ownerReferences}.
 */
public record GraphNode(ObjectRef ref, List<OwnerReference> owners, boolean beingDeleted, Set<String> finalizers) {
  /** Set by a {@code propagationPolicy: Foreground} delete: the object waits for its blocking dependents. */
  public static final String FOREGROUND_DELETION = "foregroundDeletion";
  /** Set by a {@code propagationPolicy: Orphan} delete: dependents are released before the object goes. */
  public static final String ORPHAN = "orphan";

  public GraphNode {
    owners = List.copyOf(owners);
    finalizers = Set.copyOf(finalizers);
  }

  public static GraphNode of(ResourceType type, HasMetadata object) {
    List<OwnerReference> owners = new ArrayList<>();
    if (object.getMetadata().getOwnerReferences() != null) {
      for (OwnerReference r : object.getMetadata().getOwnerReferences()) {
        // Copies: the cached object stays untouched and the node stays immutable.
        owners.add(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder(r).build());
      }
    }
    Set<String> finalizers = new LinkedHashSet<>();
    if (object.getMetadata().getFinalizers() != null) {
      finalizers.addAll(object.getMetadata().getFinalizers());
    }
    return new GraphNode(ObjectRef.of(type, object), owners, object.getMetadata().getDeletionTimestamp() != null, finalizers);
  }

  public String uid() {
    return ref.uid();
  }

  public boolean hasFinalizer(String finalizer) {
    return finalizers.contains(finalizer);
  }

  /** Being deleted in the foreground: the object waits until its blocking dependents are gone. */
  public boolean isDeletingDependents() {
    return beingDeleted && hasFinalizer(FOREGROUND_DELETION);
  }

  /** Being deleted with {@code Orphan}: its dependents must be released first. */
  public boolean isOrphaningDependents() {
    return beingDeleted && hasFinalizer(ORPHAN);
  }

  public boolean isOwnedBy(String ownerUid) {
    return owners.stream().anyMatch(r -> ownerUid.equals(r.getUid()));
  }

  /** This object's reference to {@code ownerUid} has {@code blockOwnerDeletion: true}. */
  public boolean blocksDeletionOf(String ownerUid) {
    return owners.stream().anyMatch(r -> ownerUid.equals(r.getUid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
  }

  /**
   * Dependents must share the owner's namespace unless the owner is cluster-scoped; a reference
   * from another namespace names a different (absent) owner.
   */
  public boolean canDependOn(ObjectRef owner) {
    return owner.namespace() == null || owner.namespace().equals(ref.namespace());
  }

  /** The fields whose change can change what the collector does with this node or its owners. */
  boolean sameCollectorState(GraphNode other) {
    return other != null && owners.equals(other.owners) && beingDeleted == other.beingDeleted
        && finalizers.equals(other.finalizers);
  }
}
