package dev.berth.store;

import tools.jackson.databind.node.ObjectNode;

/** A change in the store, or the end of a watch that fell behind. */
public sealed interface WatchEvent {
  /** A write: {@code previous} is null for ADDED; {@code object} is the last state for DELETED. */
  record Change(Type type, String resource, ObjectNode object, ObjectNode previous, long revision) implements WatchEvent {}

  /** The watcher's buffer overflowed or its start is older than the history: re-list. */
  record Expired(String message) implements WatchEvent {}

  enum Type { ADDED, MODIFIED, DELETED }
}
