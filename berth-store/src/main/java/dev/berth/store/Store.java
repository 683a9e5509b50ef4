package dev.berth.store;

import tools.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A versioned key-value store of API objects (JSON trees), with one global, monotonic revision
 * that becomes every object's {@code metadata.resourceVersion}.
 *
 * <p>Contract, for every implementation (one contract test runs against all):
 *
 * <ul>
 *   <li>A write that returns has been made durable (the durable store fsyncs before returning);
 *       a write that throws changed nothing.
 *   <li>Each successful write takes the next revision; revisions never repeat or go back, also
 *       across restarts and after deletes.
 *   <li>Objects handed out are shared snapshots: callers must not mutate them ({@code deepCopy()}
 *       first). Objects handed in are owned by the store after the call.
 *   <li>Watchers never block writers: each has a bounded buffer; a watcher that falls behind is
 *       ended with {@link WatchEvent.Expired} and must re-list.
 * </ul>
 *
 * <p>{@code resource} is {@link dev.berth.api.ResourceType#storageKey()}; {@code namespace} is
 * {@code ""} for cluster-scoped objects.
 */
public interface Store extends AutoCloseable {

  /** The revision of the latest write (0 for an empty, new store). */
  long currentRevision();

  Optional<ObjectNode> get(String resource, String namespace, String name);

  /**
   * A consistent snapshot of one resource, sorted by namespace then name.
   *
   * @param namespace null for all namespaces
   */
  Snapshot list(String resource, String namespace);

  /**
   * Stores a new object under the next revision, which it writes into
   * {@code metadata.resourceVersion}.
   *
   * @throws StoreException.AlreadyExists if the key is taken
   */
  ObjectNode create(String resource, String namespace, String name, ObjectNode object);

  /**
   * Replaces an object if its current revision equals {@code expectedRevision} (0 means
   * unconditional).
   *
   * @throws StoreException.NotFound if absent
   * @throws StoreException.Conflict if the revision differs
   */
  ObjectNode update(String resource, String namespace, String name, long expectedRevision, ObjectNode object);

  /**
   * Removes an object (0 means unconditional) and returns its last state carrying the revision of
   * the deletion.
   */
  ObjectNode delete(String resource, String namespace, String name, long expectedRevision);

  /**
   * Events of one resource (or every resource when null) with a revision greater than
   * {@code afterRevision}, then live ones. Pass {@link #currentRevision()} to get only live ones.
   *
   * @param namespace null for all namespaces
   * @throws StoreException.Expired if the history no longer reaches back to {@code afterRevision}
   */
  Watch watch(String resource, String namespace, long afterRevision);

  /** The oldest revision a watch can still resume from. */
  long oldestWatchableRevision();

  @Override
  void close();

  record Snapshot(long revision, List<ObjectNode> items) {}
}
