package dev.berth.controllers.gc;

import java.util.List;

/**
 * What the garbage collector will do for one node, in order, and which dependents it waits for.
 *
 * @param actions applied in order; a failure stops the rest, and the next pass recomputes
 * @param blockingDependents for an owner being deleted in the foreground: the dependents with
 *     {@code blockOwnerDeletion: true} that still exist (its {@code foregroundDeletion} finalizer
 *     stays until this is empty)
 */
public record GcPlan(List<GcAction> actions, List<ObjectRef> blockingDependents) {
  public static final GcPlan NOTHING = new GcPlan(List.of(), List.of());

  public GcPlan {
    actions = List.copyOf(actions);
    blockingDependents = List.copyOf(blockingDependents);
  }

  public static GcPlan of(GcAction... actions) {
    return new GcPlan(List.of(actions), List.of());
  }

  public boolean isEmpty() {
    return actions.isEmpty() && blockingDependents.isEmpty();
  }
}
