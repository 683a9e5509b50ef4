package dev.berth.store;

class MemoryStoreTest extends StoreContractTest {
  @Override
  Store newStore(Store.Options options) {
    return new MemoryStore(options);
  }
}
