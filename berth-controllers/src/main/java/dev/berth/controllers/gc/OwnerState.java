package dev.berth.controllers.gc;

/** How the collector sees one owner a dependent refers to (upstream's {@code classifyReferences}). */
public enum OwnerState {
  /** Exists with the referenced uid and is not being deleted in the foreground: the reference holds. */
  SOLID,
  /** No object of that kind and name with that uid: deleted, re-created, or in another namespace. */
  DANGLING,
  /** Exists but is being deleted in the foreground, waiting for its dependents to go. */
  WAITING_FOR_DEPENDENTS_DELETION
}
