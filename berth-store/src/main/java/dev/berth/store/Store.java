package dev.berth.store;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A versioned key-value store of API objects (JSON trees), with one global, monotonic revision
 * that becomes every object's {@code metadata.resourceVersion} (as a decimal string).
 *
 * <p>Contract, for every implementation (one contract test runs against all):
 *
 * <ul>
 *   <li>A write that returns has been made durable (the durable store fsyncs before returning);
 *       a write that throws changed nothing.
 *   <li>Each successful write takes the next revision; revisions never repeat or go back, also
 *       across restarts and after deletes. Writes are serialised: revisions are assigned in
 *       commit order, and a write is visible to reads and watches only once it is durable.
 *   <li>Reads ({@link #get}, {@link #list}) are served from memory and never wait for a write's
 *       fsync.
 *   <li>Objects handed out are shared snapshots: callers must not mutate them ({@code deepCopy()}
 *       first). Objects handed in are owned by the store after the call.
 *   <li>Watchers never block writers: each has a bounded buffer; a watcher that falls behind is
 *       ended with {@link WatchEvent.Expired} and must re-list.
 *   <li>After {@link #close()}, writes and new watches throw {@link StoreException.Unavailable}
 *       and open watches end with {@link WatchEvent.Expired}.
 * </ul>
 *
 * <p>{@code resource} is {@link dev.berth.api.ResourceType#storageKey()}; {@code namespace} is
 * {@code ""} for cluster-scoped objects. Selectors, synthetic ADDED events for {@code
 * resourceVersion=0} and selector transitions are the API layer's business, built on {@link
 * #list} and {@link #watch}.
 */
public interface Store extends AutoCloseable {

  /** The revision of the latest write (0 for an empty, new store). */
  long currentRevision();

  Optional<ObjectNode> get(String resource, String namespace, String name);

  /**
   * A consistent snapshot of one resource, sorted by namespace then name; {@code revision} is
   * the store's revision at the snapshot (a list's {@code metadata.resourceVersion}), so {@code
   * watch(resource, namespace, snapshot.revision())} continues exactly after it.
   *
   * @param namespace null for all namespaces
   */
  Snapshot list(String resource, String namespace);

  /**
   * Stores a new object under the next revision, which it writes into
   * {@code metadata.resourceVersion}.
   *
   * @throws StoreException.AlreadyExists if the key is taken
   * @throws StoreException.Unavailable if the write could not be made durable (nothing changed)
   */
  ObjectNode create(String resource, String namespace, String name, ObjectNode object);

  /**
   * Replaces an object if its current revision equals {@code expectedRevision} (0 means
   * unconditional).
   *
   * @throws StoreException.NotFound if absent
   * @throws StoreException.Conflict if the revision differs
   * @throws StoreException.Unavailable if the write could not be made durable (nothing changed)
   */
  ObjectNode update(String resource, String namespace, String name, long expectedRevision, ObjectNode object);

  /**
   * Removes an object (0 means unconditional) and returns its last state carrying the revision of
   * the deletion.
   *
   * @throws StoreException.NotFound if absent
   * @throws StoreException.Conflict if the revision differs
   * @throws StoreException.Unavailable if the write could not be made durable (nothing changed)
   */
  ObjectNode delete(String resource, String namespace, String name, long expectedRevision);

  /**
   * Events of one resource (or every resource when null) with a revision greater than
   * {@code afterRevision}, then live ones, in revision order, without gaps or duplicates. Pass
   * {@link #currentRevision()} (or a {@link Snapshot#revision()}) to get only live ones. A
   * revision ahead of the store is accepted: events up to it are skipped.
   *
   * <p>The replayed part is bounded by the history ({@link Options#historySize()}); the live part
   * by the watcher's buffer ({@link Options#watchBufferSize()}): when a write would overflow it,
   * the watch ends with {@link WatchEvent.Expired} instead and the writer carries on.
   *
   * @param namespace null for all namespaces
   * @throws StoreException.Expired if {@code afterRevision < }{@link #oldestWatchableRevision()},
   *     with upstream's message {@code too old resource version: 12 (345)}
   */
  Watch watch(String resource, String namespace, long afterRevision);

  /**
   * The oldest revision a watch can still resume from: the revision just before the oldest event
   * in the history (upstream's {@code oldest-1}), or the current revision while the history is
   * empty, e.g. right after a restart.
   */
  long oldestWatchableRevision();

  /** Ends every watch and releases the store's files. Idempotent. */
  @Override
  void close();

  record Snapshot(long revision, List<ObjectNode> items) {}

  /**
   * Tuning shared by every implementation.
   *
   * @param historySize how many of the latest changes (of all resources together) a watch can
   *     replay; an older start gets {@link StoreException.Expired}
   * @param watchBufferSize how many live events may wait for one watcher before it is ended with
   *     {@link WatchEvent.Expired}
   */
  record Options(int historySize, int watchBufferSize) {
    public static final Options DEFAULT = new Options(10_000, 1_000);

    public Options {
      if (historySize < 1) {
        throw new IllegalArgumentException("historySize must be at least 1, got " + historySize);
      }
      if (watchBufferSize < 1) {
        throw new IllegalArgumentException("watchBufferSize must be at least 1, got " + watchBufferSize);
      }
    }
  }
}
