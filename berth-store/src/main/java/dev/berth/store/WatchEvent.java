package dev.berth.store;

import tools.jackson.databind.node.ObjectNode;

/** A change in the store, or the end of a watch that fell behind. */
public sealed interface WatchEvent {
  /**
   * A write at {@code revision}. {@code object} is the new state for ADDED and MODIFIED, and the
   * last state carrying the deletion's revision for DELETED. {@code previous} is the state before
   * the write (null for ADDED). Both are shared snapshots: do not mutate.
   */
  record Change(Type type, String resource, ObjectNode object, ObjectNode previous, long revision) implements WatchEvent {}

  /**
   * The watcher's buffer overflowed, its start is older than the history, or the store closed:
   * re-list. The message is what the API layer puts in its 410 Status.
   */
  record Expired(String message) implements WatchEvent {}

  enum Type { ADDED, MODIFIED, DELETED }
}
