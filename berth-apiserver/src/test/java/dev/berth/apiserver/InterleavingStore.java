package dev.berth.apiserver;

import dev.berth.store.MemoryStore;
import dev.berth.store.Store;
import dev.berth.store.Watch;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link MemoryStore} that lets a test slip another client's write in between a request's
 * reads (and decisions) and its next create, update or delete, as a concurrent writer would:
 * deterministic races without threads.
 */
final class InterleavingStore implements Store {
  private final MemoryStore delegate = new MemoryStore();
  private Runnable beforeNextWrite;
  private int interleaved;

  /**
   * Runs {@code write} just before the next create, update or delete reaches the store. It may
   * write through the store or a service over it; its own writes are not interleaved.
   */
  void beforeNextWrite(Runnable write) {
    this.beforeNextWrite = write;
  }

  /** How many interleaved writes ran. */
  int interleaved() {
    return interleaved;
  }

  MemoryStore delegate() {
    return delegate;
  }

  private void interleave() {
    Runnable r = beforeNextWrite;
    beforeNextWrite = null;
    if (r != null) {
      interleaved++;
      r.run();
    }
  }

  @Override
  public long currentRevision() {
    return delegate.currentRevision();
  }

  @Override
  public Optional<ObjectNode> get(String resource, String namespace, String name) {
    return delegate.get(resource, namespace, name);
  }

  @Override
  public Snapshot list(String resource, String namespace) {
    return delegate.list(resource, namespace);
  }

  @Override
  public ObjectNode create(String resource, String namespace, String name, ObjectNode object) {
    interleave();
    return delegate.create(resource, namespace, name, object);
  }

  @Override
  public ObjectNode update(String resource, String namespace, String name, long expectedRevision, ObjectNode object) {
    interleave();
    return delegate.update(resource, namespace, name, expectedRevision, object);
  }

  @Override
  public ObjectNode delete(String resource, String namespace, String name, long expectedRevision) {
    interleave();
    return delegate.delete(resource, namespace, name, expectedRevision);
  }

  @Override
  public Watch watch(String resource, String namespace, long afterRevision) {
    return delegate.watch(resource, namespace, afterRevision);
  }

  @Override
  public long oldestWatchableRevision() {
    return delegate.oldestWatchableRevision();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
