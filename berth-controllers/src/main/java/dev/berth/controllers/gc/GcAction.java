package dev.berth.controllers.gc;

import java.util.Set;

/** One step of a {@link GcPlan}. */
public sealed interface GcAction {

  /**
   * DELETE {@code object} with {@code propagationPolicy} ({@code Background}, {@code Foreground} or
   * {@code Orphan}) and a uid precondition, so a re-created namesake is never hit.
   */
  record DeleteObject(ObjectRef object, String propagationPolicy) implements GcAction {}

  /** Drop the {@code ownerReferences} entries for {@code ownerUids} from {@code object}. */
  record RemoveOwnerReferences(ObjectRef object, Set<String> ownerUids) implements GcAction {
    public RemoveOwnerReferences {
      ownerUids = Set.copyOf(ownerUids);
    }
  }

  /** Drop {@code finalizer} from {@code object}'s {@code metadata.finalizers}. */
  record RemoveFinalizer(ObjectRef object, String finalizer) implements GcAction {}

  /** Look at this dependent next: its owner started a foreground deletion (upstream's attemptToDelete). */
  record AttemptToDelete(ObjectRef dependent) implements GcAction {}
}
