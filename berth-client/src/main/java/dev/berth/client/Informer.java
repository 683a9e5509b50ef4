package dev.berth.client;

import dev.berth.api.time.Clock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a cache of one resource type in step with the API server, like client-go's shared
 * informer (reflector + indexer + handlers):
 *
 * <ol>
 *   <li><b>List</b> every object (all namespaces, or one), replace the cache, notify the
 *       difference; {@link #hasSynced()} becomes true after the first list has been delivered.
 *   <li><b>Watch</b> from the list's {@code resourceVersion}, applying each event to the cache and
 *       then notifying the handlers.
 *   <li>When the watch ends with {@link ClientWatch.Event.Expired} (410, history compacted) or
 *       fails, <b>re-list</b> and emit only the difference against the cache: {@code onAdd} for new
 *       objects, {@code onUpdate} for objects whose {@code resourceVersion} changed and
 *       {@code onDelete} for objects that vanished while nobody was watching. Failed lists are
 *       retried with back-off (800 ms doubling to 30 s, on the injected {@link Clock}).
 * </ol>
 *
 * <p>In production {@link #start()} runs this on a virtual thread. Tests instead call
 * {@link #processPending()}, which does the same steps synchronously without ever waiting.
 * Handlers run one at a time, on whichever thread drives the informer.
 */
public final class Informer<T extends HasMetadata> {
  private static final System.Logger LOG = System.getLogger(Informer.class.getName());
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(800);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final ApiClient client;
  private final Class<T> type;
  private final String namespace;
  private final Clock clock;
  private final Indexer<T> indexer;
  private final List<ResourceEventHandler<T>> handlers = new CopyOnWriteArrayList<>();
  private final CountDownLatch synced = new CountDownLatch(1);

  private volatile ClientWatch<T> watch;
  private volatile String lastSyncResourceVersion;
  private volatile boolean stopped;
  private volatile Thread thread;

  /**
   * @param namespace the namespace to watch, null for all namespaces (and for cluster-scoped kinds)
   */
  public Informer(ApiClient client, Class<T> type, String namespace, Clock clock, Indexer<T> indexer) {
    this.client = Objects.requireNonNull(client);
    this.type = Objects.requireNonNull(type);
    this.namespace = namespace;
    this.clock = Objects.requireNonNull(clock);
    this.indexer = Objects.requireNonNull(indexer);
  }

  /** An informer over all namespaces with the default indexes (namespace, owner UID). */
  public Informer(ApiClient client, Class<T> type, Clock clock) {
    this(client, type, null, clock, new Indexer<>());
  }

  public Class<T> type() {
    return type;
  }

  public Lister<T> lister() {
    return indexer;
  }

  /**
   * Registers a handler. One added after the cache has content first receives {@code onAdd} for
   * every cached object, as client-go does for late handlers.
   */
  public synchronized void addEventHandler(ResourceEventHandler<T> handler) {
    handlers.add(handler);
    for (T o : indexer.list()) {
      deliver(handler, h -> h.onAdd(o));
    }
  }

  /** True once the first list has reached the cache and the handlers. */
  public boolean hasSynced() {
    return synced.getCount() == 0;
  }

  public void awaitSynced() throws InterruptedException {
    synced.await();
  }

  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    return synced.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The resourceVersion of the last list or event applied; null before the first list. */
  public String lastSyncResourceVersion() {
    return lastSyncResourceVersion;
  }

  /** Runs list-and-watch on a virtual thread until {@link #stop()}. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = Thread.ofVirtual().name("informer-" + type.getSimpleName()).start(this::run);
  }

  /** Stops the thread and closes the watch; the cache keeps its last content. */
  public void stop() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
    closeWatch();
  }

  /**
   * Drives the informer synchronously, for tests: lists (and opens the watch) if needed, then
   * applies every event already available without waiting for more. A failed list or watch is
   * logged and retried on the next call. Must not be mixed with {@link #start()}.
   *
   * @return true if the cache changed or a list was made
   */
  public boolean processPending() {
    boolean progressed = false;
    try {
      while (true) {
        if (watch == null) {
          relist();
          progressed = true;
          continue;
        }
        if (!pollOnce(Duration.ZERO)) {
          return progressed;
        }
        progressed = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return progressed;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "informer for " + type.getSimpleName() + ": " + e.getMessage());
      closeWatch();
      return progressed;
    }
  }

  private void run() {
    Duration backoff = INITIAL_BACKOFF;
    while (!stopped) {
      try {
        if (watch == null) {
          relist();
        }
        pollOnce(POLL_TIMEOUT);
        backoff = INITIAL_BACKOFF;
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        if (stopped) {
          break;
        }
        LOG.log(System.Logger.Level.WARNING, "informer for " + type.getSimpleName() + " failed, re-listing in "
            + backoff.toMillis() + " ms: " + e.getMessage());
        closeWatch();
        try {
          sleep(backoff);
        } catch (InterruptedException ie) {
          break;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
    closeWatch();
  }

  /** Waits on the injected clock, so a FakeClock controls it too. */
  private void sleep(Duration d) throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(1);
    Clock.Cancellable timer = clock.schedule(d, latch::countDown);
    try {
      latch.await();
    } finally {
      timer.cancel();
    }
  }

  /** Lists, replaces the cache, notifies the difference and opens a watch from the list's RV. */
  private void relist() {
    ApiClient.Listing<T> listing = client.list(type, namespace, null);
    synchronized (this) {
      Map<ResourceKey, T> previous = indexer.replace(listing.items());
      for (T now : listing.items()) {
        T old = previous.remove(ResourceKey.of(now));
        if (old == null) {
          fire(h -> h.onAdd(now));
        } else if (!Objects.equals(uid(old), uid(now))) {
          fire(h -> h.onDelete(old));
          fire(h -> h.onAdd(now));
        } else if (!Objects.equals(old.getMetadata().getResourceVersion(), now.getMetadata().getResourceVersion())) {
          fire(h -> h.onUpdate(old, now));
        }
      }
      for (T gone : previous.values()) {
        fire(h -> h.onDelete(gone));
      }
      lastSyncResourceVersion = listing.resourceVersion();
    }
    synced.countDown();
    ClientWatch<T> w = client.watch(type, namespace, listing.resourceVersion());
    if (stopped) {
      w.close();
      return;
    }
    watch = w;
  }

  /** Applies one event; false if none arrived within {@code timeout}. */
  private boolean pollOnce(Duration timeout) throws InterruptedException {
    ClientWatch<T> w = watch;
    if (w == null) {
      return false;
    }
    ClientWatch.Event<T> event = w.poll(timeout);
    if (event == null) {
      return false;
    }
    switch (event) {
      case ClientWatch.Event.Added<T> e -> upsert(e.object());
      case ClientWatch.Event.Modified<T> e -> upsert(e.object());
      case ClientWatch.Event.Deleted<T> e -> remove(e.object());
      case ClientWatch.Event.Expired<T> e -> {
        LOG.log(System.Logger.Level.DEBUG, "watch of " + type.getSimpleName() + " expired (" + e.message() + "), re-listing");
        closeWatch();
      }
    }
    return true;
  }

  private synchronized void upsert(T now) {
    T old = indexer.put(now);
    lastSyncResourceVersion = now.getMetadata().getResourceVersion();
    if (old == null) {
      fire(h -> h.onAdd(now));
    } else if (!Objects.equals(uid(old), uid(now))) {
      fire(h -> h.onDelete(old));
      fire(h -> h.onAdd(now));
    } else {
      fire(h -> h.onUpdate(old, now));
    }
  }

  private synchronized void remove(T last) {
    T old = indexer.remove(last);
    lastSyncResourceVersion = last.getMetadata().getResourceVersion();
    if (old != null) {
      fire(h -> h.onDelete(last));
    }
  }

  private void fire(Consumer<ResourceEventHandler<T>> note) {
    for (ResourceEventHandler<T> h : handlers) {
      deliver(h, note);
    }
  }

  /** A failing handler is logged; it neither stops the informer nor the other handlers. */
  private void deliver(ResourceEventHandler<T> handler, Consumer<ResourceEventHandler<T>> note) {
    try {
      note.accept(handler);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "event handler for " + type.getSimpleName() + " failed", e);
    }
  }

  private void closeWatch() {
    ClientWatch<T> w = watch;
    watch = null;
    if (w != null) {
      try {
        w.close();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing watch: " + e.getMessage());
      }
    }
  }

  private static String uid(HasMetadata o) {
    return o.getMetadata().getUid();
  }
}
