package dev.berth.store;

/**
 * The {@link Store} semantics without a disk, for tests of the modules above the store: same
 * revisions, conflicts, history and watch buffers as {@link SqliteStore}; nothing survives the
 * JVM.
 */
public final class MemoryStore extends IndexedStore {

  public MemoryStore() {
    this(Options.DEFAULT);
  }

  public MemoryStore(Options options) {
    super(options, new ObjectIndex(0));
  }

  @Override
  void persist(Write write) {
    // Memory is the only copy: the index the base class updates next is the whole store.
  }

  @Override
  void release() {}

  @Override
  String describe() {
    return "the in-memory store";
  }
}
