package dev.berth.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans committed changes out to watchers, after etcd's {@code watchable_store.go} and the
 * apiserver's watch cache: a ring of the last {@link Store.Options#historySize()} changes of all
 * resources to resume watches from, and per watcher a buffer of at most {@link
 * Store.Options#watchBufferSize()} live events.
 *
 * <p>The store's single writer calls {@link #publish} in revision order, after the change is
 * durable. Publishing never waits on a watcher: it appends to the ring and to each matching
 * watcher's buffer; a watcher whose buffer is full is ended with {@link WatchEvent.Expired} and
 * dropped, so a stuck consumer costs at most one buffer of memory and no writer time. The only
 * lock a publisher shares with a consumer is the watcher's own, which {@link Watch#poll} holds
 * for O(1) steps and releases while it waits.
 *
 * <p>Registration and publishing both hold the hub's lock, so a new watch's replay (copied from
 * the ring) and its live events (buffered after) meet without a gap or an overlap.
 */
final class WatchHub {
  /** A change with the namespace it was written under, which a namespaced watch filters on. */
  private record Entry(String namespace, WatchEvent.Change change) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Entry[] ring;
  private final int bufferSize;
  private final Set<Watcher> watchers = new LinkedHashSet<>();

  /** Ring index of the oldest entry. */
  private int head;

  private int size;

  /**
   * The revision of the newest change that has left the ring, or the store's revision when the
   * hub started (changes before it were never here). A watch may resume from this revision or any
   * later one: upstream's {@code oldest-1}.
   */
  private long evictedThrough;

  private long lastRevision;
  private String closedReason;

  WatchHub(Store.Options options, long revision) {
    this.ring = new Entry[options.historySize()];
    this.bufferSize = options.watchBufferSize();
    this.evictedThrough = revision;
    this.lastRevision = revision;
  }

  /**
   * Records a durable change and hands it to every matching watcher. Revisions must increase from
   * call to call.
   */
  void publish(String namespace, WatchEvent.Change change) {
    lock.lock();
    try {
      if (change.revision() <= lastRevision) {
        throw new IllegalStateException(
            "revision " + change.revision() + " published after " + lastRevision);
      }
      if (size == ring.length) {
        evictedThrough = ring[head].change().revision();
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
      }
      ring[(head + size) % ring.length] = new Entry(namespace, change);
      size++;
      lastRevision = change.revision();
      for (var it = watchers.iterator(); it.hasNext(); ) {
        var watcher = it.next();
        if (watcher.matches(namespace, change) && !watcher.offer(change)) {
          it.remove();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A watch over {@code resource} (null: all) in {@code namespace} (null: all) that first replays
   * the retained changes after {@code afterRevision}, then delivers live ones.
   *
   * <p>Worked example with a history of 3: after revisions 1..5 the ring holds 3, 4, 5 and
   * {@code evictedThrough} is 2; watching after 2 replays 3, 4, 5; after 1 throws {@code too old
   * resource version: 1 (2)}, since the change at 2 is gone.
   */
  Watch watch(String resource, String namespace, long afterRevision) {
    if (afterRevision < 0) {
      throw new IllegalArgumentException("afterRevision must not be negative, got " + afterRevision);
    }
    lock.lock();
    try {
      if (closedReason != null) {
        throw new StoreException.Unavailable(closedReason);
      }
      if (afterRevision < evictedThrough) {
        throw new StoreException.Expired(
            "too old resource version: " + afterRevision + " (" + evictedThrough + ")");
      }
      var watcher = new Watcher(resource, namespace, afterRevision);
      for (int i = firstAfter(afterRevision); i < size; i++) {
        var entry = ring[(head + i) % ring.length];
        if (watcher.matches(entry.namespace(), entry.change())) {
          watcher.replay.add(entry.change());
        }
      }
      watchers.add(watcher);
      return watcher;
    } finally {
      lock.unlock();
    }
  }

  long oldestWatchableRevision() {
    lock.lock();
    try {
      return evictedThrough;
    } finally {
      lock.unlock();
    }
  }

  /** Ends every watch with {@code reason} and refuses new ones. */
  void close(String reason) {
    lock.lock();
    try {
      if (closedReason != null) {
        return;
      }
      closedReason = reason;
      for (var watcher : watchers) {
        watcher.end(new WatchEvent.Expired(reason));
      }
      watchers.clear();
    } finally {
      lock.unlock();
    }
  }

  /** The logical index (0 = oldest) of the first retained change with a revision above {@code r}. */
  private int firstAfter(long r) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ring[(head + mid) % ring.length].change().revision() > r) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private void unregister(Watcher watcher) {
    lock.lock();
    try {
      watchers.remove(watcher);
    } finally {
      lock.unlock();
    }
  }

  /**
   * One watch: the replayed changes, then a bounded queue of live ones. Lock order: the hub's
   * lock, then a watcher's; a watcher never takes the hub's lock while holding its own.
   */
  private final class Watcher implements Watch {
    private final String resource;
    private final String namespace;
    private final long afterRevision;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();

    /** Filled once at registration (under the hub's lock, before anyone can poll). */
    private final ArrayDeque<WatchEvent.Change> replay = new ArrayDeque<>();

    private final ArrayDeque<WatchEvent.Change> live = new ArrayDeque<>();
    private WatchEvent.Expired ended;
    private boolean closed;

    Watcher(String resource, String namespace, long afterRevision) {
      this.resource = resource;
      this.namespace = namespace;
      this.afterRevision = afterRevision;
    }

    boolean matches(String changeNamespace, WatchEvent.Change change) {
      return change.revision() > afterRevision
          && (resource == null || resource.equals(change.resource()))
          && (namespace == null || namespace.equals(changeNamespace));
    }

    /**
     * Queues a live change; false when this watch is over: closed, already ended, or ended now
     * because {@code bufferSize} live changes are already waiting.
     */
    boolean offer(WatchEvent.Change change) {
      lock.lock();
      try {
        if (closed || ended != null) {
          return false;
        }
        if (live.size() >= bufferSize) {
          end(new WatchEvent.Expired(
              "the watcher fell behind: " + bufferSize + " events were waiting for it when revision "
                  + change.revision() + " was written"));
          return false;
        }
        live.add(change);
        ready.signalAll();
        return true;
      } finally {
        lock.unlock();
      }
    }

    void end(WatchEvent.Expired expired) {
      lock.lock();
      try {
        if (ended == null && !closed) {
          ended = expired;
          replay.clear();
          live.clear();
          ready.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public WatchEvent poll(Duration timeout) throws InterruptedException {
      long nanos = timeout.toNanos();
      lock.lockInterruptibly();
      try {
        while (true) {
          if (closed) {
            return null;
          }
          if (ended != null) {
            return ended;
          }
          var next = replay.isEmpty() ? live.poll() : replay.poll();
          if (next != null) {
            return next;
          }
          if (nanos <= 0) {
            return null;
          }
          nanos = ready.awaitNanos(nanos);
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        replay.clear();
        live.clear();
        ready.signalAll();
      } finally {
        lock.unlock();
      }
      unregister(this);
    }
  }
}
