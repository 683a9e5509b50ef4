package dev.berth.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import tools.jackson.databind.node.ObjectNode;

/**
 * The current objects and the store's revision, in memory: every read of a store is answered
 * here. Readers take the read lock; the single writer changes it under the write lock only after
 * the write is durable, so a {@link Store.Snapshot} pairs items with exactly the revision they
 * reflect.
 *
 * <p>The store's writer lock serialises {@link #put} and {@link #remove}; the writer may call
 * {@link #stored} without the read lock because nobody else changes the maps.
 */
final class ObjectIndex {
  /** An object as stored, with its revision parsed once. */
  record Stored(ObjectNode object, long revision) {}

  /** resource → namespace → name → object; the sorted maps give list order for free. */
  private final Map<String, NavigableMap<String, NavigableMap<String, Stored>>> resources = new HashMap<>();

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile long revision;

  ObjectIndex(long revision) {
    this.revision = revision;
  }

  long revision() {
    return revision;
  }

  Stored stored(String resource, String namespace, String name) {
    lock.readLock().lock();
    try {
      var namespaces = resources.get(resource);
      if (namespaces == null) {
        return null;
      }
      var names = namespaces.get(namespace);
      return names == null ? null : names.get(name);
    } finally {
      lock.readLock().unlock();
    }
  }

  Store.Snapshot list(String resource, String namespace) {
    lock.readLock().lock();
    try {
      var namespaces = resources.get(resource);
      if (namespaces == null) {
        return new Store.Snapshot(revision, List.of());
      }
      var items = new ArrayList<ObjectNode>();
      if (namespace == null) {
        for (var names : namespaces.values()) {
          names.values().forEach(s -> items.add(s.object()));
        }
      } else {
        var names = namespaces.get(namespace);
        if (names != null) {
          names.values().forEach(s -> items.add(s.object()));
        }
      }
      return new Store.Snapshot(revision, Collections.unmodifiableList(items));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Adds an object loaded from disk at open, without touching the store's revision. */
  void restore(String resource, String namespace, String name, ObjectNode object, long objectRevision) {
    lock.writeLock().lock();
    try {
      resources
          .computeIfAbsent(resource, r -> new TreeMap<>())
          .computeIfAbsent(namespace, n -> new TreeMap<>())
          .put(name, new Stored(object, objectRevision));
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Makes {@code object} current at {@code newRevision}, which becomes the store's revision. */
  void put(String resource, String namespace, String name, ObjectNode object, long newRevision) {
    lock.writeLock().lock();
    try {
      resources
          .computeIfAbsent(resource, r -> new TreeMap<>())
          .computeIfAbsent(namespace, n -> new TreeMap<>())
          .put(name, new Stored(object, newRevision));
      revision = newRevision;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes the object; {@code newRevision} (the deletion's) becomes the store's revision. */
  void remove(String resource, String namespace, String name, long newRevision) {
    lock.writeLock().lock();
    try {
      var namespaces = resources.get(resource);
      var names = namespaces == null ? null : namespaces.get(namespace);
      if (names != null) {
        names.remove(name);
        if (names.isEmpty()) {
          namespaces.remove(namespace);
        }
        if (namespaces.isEmpty()) {
          resources.remove(resource);
        }
      }
      revision = newRevision;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
