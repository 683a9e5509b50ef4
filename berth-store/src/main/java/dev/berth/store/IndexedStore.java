package dev.berth.store;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link Store} semantics both implementations share: one writer at a time assigns the next
 * revision, has the subclass make the write durable ({@link #persist}), and only then shows it to
 * readers ({@link ObjectIndex}) and watchers ({@link WatchHub}). A write that fails to persist
 * changes neither, so a failed commit is invisible and its revision is reused by the next write.
 *
 * <p>Reads never take the writer lock: they are answered from memory while a write waits for its
 * fsync.
 */
abstract sealed class IndexedStore implements Store permits MemoryStore, SqliteStore {

  /** One change to make durable, carrying the revision it will be known by. */
  sealed interface Write {
    String resource();

    String namespace();

    String name();

    long revision();

    /** Stores {@code object} (its {@code metadata.resourceVersion} already set) as the current state. */
    record Put(String resource, String namespace, String name, ObjectNode object, long revision) implements Write {}

    /** Removes the object; {@code revision} is the deletion's. */
    record Remove(String resource, String namespace, String name, long revision) implements Write {}
  }

  private final ReentrantLock writer = new ReentrantLock();
  private final ObjectIndex index;
  private final WatchHub hub;
  private boolean closed;

  IndexedStore(Options options, ObjectIndex index) {
    this.index = Objects.requireNonNull(index);
    this.hub = new WatchHub(Objects.requireNonNull(options), index.revision());
  }

  /**
   * Makes {@code write} durable, together with the store's revision becoming {@code
   * write.revision()}, before returning; called with the writer lock held, in revision order.
   *
   * @throws StoreException.Unavailable if it could not, having changed nothing
   */
  abstract void persist(Write write);

  /** Releases files and locks; called once, with the writer lock held, after the last write. */
  abstract void release();

  /** Names the store in messages, e.g. {@code the store at /var/lib/berth/store.db}. */
  abstract String describe();

  @Override
  public long currentRevision() {
    return index.revision();
  }

  @Override
  public Optional<ObjectNode> get(String resource, String namespace, String name) {
    requireKey(resource, namespace, name);
    var stored = index.stored(resource, namespace, name);
    return stored == null ? Optional.empty() : Optional.of(stored.object());
  }

  @Override
  public Snapshot list(String resource, String namespace) {
    Objects.requireNonNull(resource, "resource");
    return index.list(resource, namespace);
  }

  @Override
  public ObjectNode create(String resource, String namespace, String name, ObjectNode object) {
    requireKey(resource, namespace, name);
    Objects.requireNonNull(object, "object");
    writer.lock();
    try {
      requireOpen();
      if (index.stored(resource, namespace, name) != null) {
        throw new StoreException.AlreadyExists(key(resource, namespace, name));
      }
      long revision = index.revision() + 1;
      setResourceVersion(object, revision);
      persist(new Write.Put(resource, namespace, name, object, revision));
      index.put(resource, namespace, name, object, revision);
      hub.publish(namespace, new WatchEvent.Change(WatchEvent.Type.ADDED, resource, object, null, revision));
      return object;
    } finally {
      writer.unlock();
    }
  }

  @Override
  public ObjectNode update(
      String resource, String namespace, String name, long expectedRevision, ObjectNode object) {
    requireKey(resource, namespace, name);
    Objects.requireNonNull(object, "object");
    writer.lock();
    try {
      requireOpen();
      var current = current(resource, namespace, name, expectedRevision);
      long revision = index.revision() + 1;
      setResourceVersion(object, revision);
      persist(new Write.Put(resource, namespace, name, object, revision));
      index.put(resource, namespace, name, object, revision);
      hub.publish(
          namespace,
          new WatchEvent.Change(WatchEvent.Type.MODIFIED, resource, object, current.object(), revision));
      return object;
    } finally {
      writer.unlock();
    }
  }

  @Override
  public ObjectNode delete(String resource, String namespace, String name, long expectedRevision) {
    requireKey(resource, namespace, name);
    writer.lock();
    try {
      requireOpen();
      var current = current(resource, namespace, name, expectedRevision);
      long revision = index.revision() + 1;
      persist(new Write.Remove(resource, namespace, name, revision));
      var last = current.object().deepCopy();
      setResourceVersion(last, revision);
      index.remove(resource, namespace, name, revision);
      hub.publish(
          namespace,
          new WatchEvent.Change(WatchEvent.Type.DELETED, resource, last, current.object(), revision));
      return last;
    } finally {
      writer.unlock();
    }
  }

  @Override
  public Watch watch(String resource, String namespace, long afterRevision) {
    return hub.watch(resource, namespace, afterRevision);
  }

  @Override
  public long oldestWatchableRevision() {
    return hub.oldestWatchableRevision();
  }

  @Override
  public void close() {
    writer.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      hub.close(describe() + " is closed");
      release();
    } finally {
      writer.unlock();
    }
  }

  /** The stored object a conditional write applies to; {@code expectedRevision} 0 matches any. */
  private ObjectIndex.Stored current(String resource, String namespace, String name, long expectedRevision) {
    var current = index.stored(resource, namespace, name);
    if (current == null) {
      throw new StoreException.NotFound(key(resource, namespace, name));
    }
    if (expectedRevision != 0 && expectedRevision != current.revision()) {
      throw new StoreException.Conflict(key(resource, namespace, name), expectedRevision, current.revision());
    }
    return current;
  }

  private void requireOpen() {
    if (closed) {
      throw new StoreException.Unavailable(describe() + " is closed");
    }
  }

  /** e.g. {@code configmaps/default/cfg}, or {@code namespaces/default} for cluster-scoped keys. */
  static String key(String resource, String namespace, String name) {
    return namespace.isEmpty() ? resource + "/" + name : resource + "/" + namespace + "/" + name;
  }

  /** Writes {@code revision} into {@code metadata.resourceVersion}, creating {@code metadata} if absent. */
  static void setResourceVersion(ObjectNode object, long revision) {
    var metadata = object.get("metadata");
    if (metadata == null || metadata.isNull()) {
      object.putObject("metadata").put("resourceVersion", Long.toString(revision));
    } else if (metadata instanceof ObjectNode m) {
      m.put("resourceVersion", Long.toString(revision));
    } else {
      throw new IllegalArgumentException("metadata must be an object, got " + metadata.getNodeType());
    }
  }

  private static void requireKey(String resource, String namespace, String name) {
    if (resource == null || resource.isEmpty()) {
      throw new IllegalArgumentException("resource must not be empty");
    }
    Objects.requireNonNull(namespace, "namespace (\"\" for cluster-scoped objects)");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
  }
}
