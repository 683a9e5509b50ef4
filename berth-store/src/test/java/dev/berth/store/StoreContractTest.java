package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.Json;
import dev.berth.store.WatchEvent.Change;
import dev.berth.store.WatchEvent.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link Store} contract, run against every implementation by a subclass that says how to
 * open a new, empty store.
 */
abstract class StoreContractTest {
  private final List<Store> opened = new ArrayList<>();

  /** A new, empty store; each call gets its own (for the durable one: its own directory). */
  abstract Store newStore(Store.Options options);

  Store open(Store.Options options) {
    var store = newStore(options);
    opened.add(store);
    return store;
  }

  Store open() {
    return open(Store.Options.DEFAULT);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(Store::close);
  }

  static ObjectNode configMap(String namespace, String name, String value) {
    var cm = Json.MAPPER.createObjectNode();
    cm.put("apiVersion", "v1").put("kind", "ConfigMap");
    var metadata = cm.putObject("metadata").put("name", name);
    if (!namespace.isEmpty()) {
      metadata.put("namespace", namespace);
    }
    cm.putObject("data").put("value", value);
    return cm;
  }

  static String resourceVersion(ObjectNode object) {
    return object.get("metadata").get("resourceVersion").asString();
  }

  static String value(ObjectNode object) {
    return object.get("data").get("value").asString();
  }

  static String name(ObjectNode object) {
    return object.get("metadata").get("name").asString();
  }

  /** Every event the watch has ready now, without waiting. */
  static List<WatchEvent> drain(Watch watch) throws InterruptedException {
    var events = new ArrayList<WatchEvent>();
    for (WatchEvent e; (e = watch.poll(Duration.ZERO)) != null; ) {
      events.add(e);
      if (e instanceof WatchEvent.Expired) {
        break;
      }
    }
    return events;
  }

  static List<Long> revisions(List<WatchEvent> events) {
    return events.stream().map(e -> ((Change) e).revision()).toList();
  }

  // ---- reads and writes -------------------------------------------------------------------

  @Test
  void aNewStoreIsEmptyAtRevisionZero() {
    var store = open();
    assertThat(store.currentRevision()).isZero();
    assertThat(store.oldestWatchableRevision()).isZero();
    assertThat(store.list("configmaps", null)).isEqualTo(new Store.Snapshot(0, List.of()));
    assertThat(store.get("configmaps", "default", "a")).isEmpty();
  }

  @Test
  void createStampsTheNextRevisionAsResourceVersion() {
    var store = open();
    var created = store.create("configmaps", "default", "a", configMap("default", "a", "1"));
    assertThat(resourceVersion(created)).isEqualTo("1");
    assertThat(store.currentRevision()).isEqualTo(1);
    assertThat(store.get("configmaps", "default", "a")).hasValueSatisfying(o -> {
      assertThat(resourceVersion(o)).isEqualTo("1");
      assertThat(value(o)).isEqualTo("1");
    });
    var second = store.create("configmaps", "default", "b", configMap("default", "b", "2"));
    assertThat(resourceVersion(second)).isEqualTo("2");
  }

  @Test
  void createAddsMetadataWhenTheObjectHasNone() {
    var store = open();
    var created = store.create("configmaps", "default", "bare", Json.MAPPER.createObjectNode());
    assertThat(resourceVersion(created)).isEqualTo("1");
  }

  @Test
  void createOfATakenKeyIsAlreadyExistsAndChangesNothing() {
    var store = open();
    store.create("configmaps", "default", "a", configMap("default", "a", "1"));
    assertThatThrownBy(() -> store.create("configmaps", "default", "a", configMap("default", "a", "2")))
        .isInstanceOf(StoreException.AlreadyExists.class)
        .hasMessage("configmaps/default/a already exists");
    assertThat(store.currentRevision()).isEqualTo(1);
    assertThat(value(store.get("configmaps", "default", "a").orElseThrow())).isEqualTo("1");
  }

  @Test
  void keysAreResourceNamespaceAndName() {
    var store = open();
    store.create("configmaps", "default", "a", configMap("default", "a", "cm-default"));
    store.create("configmaps", "other", "a", configMap("other", "a", "cm-other"));
    store.create("secrets", "default", "a", configMap("default", "a", "secret"));
    store.create("namespaces", "", "a", configMap("", "a", "cluster-scoped"));
    assertThat(value(store.get("configmaps", "default", "a").orElseThrow())).isEqualTo("cm-default");
    assertThat(value(store.get("configmaps", "other", "a").orElseThrow())).isEqualTo("cm-other");
    assertThat(value(store.get("secrets", "default", "a").orElseThrow())).isEqualTo("secret");
    assertThat(value(store.get("namespaces", "", "a").orElseThrow())).isEqualTo("cluster-scoped");
    assertThat(store.list("namespaces", null).items()).hasSize(1);
    assertThat(store.list("namespaces", "").items()).hasSize(1);
  }

  @Test
  void listIsSortedByNamespaceThenNameAndCarriesTheRevision() {
    var store = open();
    var keys = new ArrayList<>(List.of("b/y", "a/z", "b/a", "a/b", "c/m", "a/a"));
    java.util.Collections.shuffle(keys, new Random(7));
    for (var key : keys) {
      var ns = key.substring(0, 1);
      var name = key.substring(2);
      store.create("configmaps", ns, name, configMap(ns, name, key));
    }
    store.create("secrets", "a", "other-resource", configMap("a", "other-resource", "s"));

    var all = store.list("configmaps", null);
    assertThat(all.revision()).isEqualTo(7);
    assertThat(all.items()).extracting(StoreContractTest::value)
        .containsExactly("a/a", "a/b", "a/z", "b/a", "b/y", "c/m");
    assertThat(store.list("configmaps", "b").items()).extracting(StoreContractTest::value)
        .containsExactly("b/a", "b/y");
    assertThat(store.list("configmaps", "none").items()).isEmpty();
    assertThat(store.list("pods", null)).isEqualTo(new Store.Snapshot(7, List.of()));
  }

  @Test
  void aListIsASnapshotLaterWritesDoNotChange() {
    var store = open();
    store.create("configmaps", "default", "a", configMap("default", "a", "1"));
    var snapshot = store.list("configmaps", null);
    store.create("configmaps", "default", "b", configMap("default", "b", "2"));
    store.delete("configmaps", "default", "a", 0);
    assertThat(snapshot.revision()).isEqualTo(1);
    assertThat(snapshot.items()).extracting(StoreContractTest::name).containsExactly("a");
    assertThatThrownBy(() -> snapshot.items().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void updateWithoutExpectedRevisionReplacesUnconditionally() {
    var store = open();
    store.create("configmaps", "default", "a", configMap("default", "a", "1"));
    store.create("configmaps", "default", "b", configMap("default", "b", "1"));
    var updated = store.update("configmaps", "default", "a", 0, configMap("default", "a", "2"));
    assertThat(resourceVersion(updated)).isEqualTo("3");
    assertThat(value(store.get("configmaps", "default", "a").orElseThrow())).isEqualTo("2");
  }

  @Test
  void updateWithTheCurrentRevisionSucceedsAndWithAStaleOneConflicts() {
    var store = open();
    var v1 = store.create("configmaps", "default", "a", configMap("default", "a", "1"));
    var v2 = store.update("configmaps", "default", "a", Long.parseLong(resourceVersion(v1)), configMap("default", "a", "2"));
    assertThat(resourceVersion(v2)).isEqualTo("2");

    assertThatThrownBy(() -> store.update("configmaps", "default", "a", 1, configMap("default", "a", "stale")))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("configmaps/default/a: expected revision 1, found 2");
    assertThat(store.currentRevision()).isEqualTo(2);
    assertThat(value(store.get("configmaps", "default", "a").orElseThrow())).isEqualTo("2");
  }

  @Test
  void updateOfAMissingObjectIsNotFound() {
    var store = open();
    assertThatThrownBy(() -> store.update("configmaps", "default", "nope", 0, configMap("default", "nope", "1")))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessage("configmaps/default/nope not found");
    assertThat(store.currentRevision()).isZero();
  }

  @Test
  void deleteReturnsTheLastStateWithTheDeletionsRevision() {
    var store = open();
    store.create("configmaps", "default", "a", configMap("default", "a", "last"));
    store.create("configmaps", "default", "b", configMap("default", "b", "1"));
    var deleted = store.delete("configmaps", "default", "a", 1);
    assertThat(resourceVersion(deleted)).isEqualTo("3");
    assertThat(value(deleted)).isEqualTo("last");
    assertThat(store.get("configmaps", "default", "a")).isEmpty();
    assertThat(store.list("configmaps", null).items()).extracting(StoreContractTest::name).containsExactly("b");
    assertThat(store.currentRevision()).isEqualTo(3);
  }

  @Test
  void deleteOfAMissingObjectIsNotFoundAndWithAStaleRevisionConflicts() {
    var store = open();
    assertThatThrownBy(() -> store.delete("configmaps", "default", "a", 0))
        .isInstanceOf(StoreException.NotFound.class);
    store.create("configmaps", "default", "a", configMap("default", "a", "1"));
    store.update("configmaps", "default", "a", 0, configMap("default", "a", "2"));
    assertThatThrownBy(() -> store.delete("configmaps", "default", "a", 1))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessage("configmaps/default/a: expected revision 1, found 2");
    assertThat(store.get("configmaps", "default", "a")).isPresent();
    assertThat(store.currentRevision()).isEqualTo(2);
  }

  @Test
  void revisionsKeepRisingAcrossDeletesAndRecreates() {
    var store = open();
    var seen = new ArrayList<Long>();
    for (int i = 0; i < 3; i++) {
      seen.add(Long.parseLong(resourceVersion(store.create("configmaps", "default", "a", configMap("default", "a", "" + i)))));
      seen.add(Long.parseLong(resourceVersion(store.delete("configmaps", "default", "a", 0))));
    }
    assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(store.currentRevision()).isEqualTo(6);
    assertThat(store.list("configmaps", null).revision()).isEqualTo(6);
  }

  // ---- watch ------------------------------------------------------------------------------

  @Test
  void aWatchFromZeroReplaysEveryChangeWithItsPreviousState() throws Exception {
    var store = open();
    store.create("configmaps", "default", "a", configMap("default", "a", "1"));
    store.update("configmaps", "default", "a", 0, configMap("default", "a", "2"));
    store.delete("configmaps", "default", "a", 0);

    try (var watch = store.watch("configmaps", null, 0)) {
      var events = drain(watch);
      assertThat(events).hasSize(3);
      var added = (Change) events.get(0);
      var modified = (Change) events.get(1);
      var deleted = (Change) events.get(2);
      assertThat(added.type()).isEqualTo(Type.ADDED);
      assertThat(added.previous()).isNull();
      assertThat(added.resource()).isEqualTo("configmaps");
      assertThat(resourceVersion(added.object())).isEqualTo("1");
      assertThat(modified.type()).isEqualTo(Type.MODIFIED);
      assertThat(value(modified.object())).isEqualTo("2");
      assertThat(value(modified.previous())).isEqualTo("1");
      assertThat(resourceVersion(modified.previous())).isEqualTo("1");
      assertThat(deleted.type()).isEqualTo(Type.DELETED);
      assertThat(deleted.revision()).isEqualTo(3);
      assertThat(resourceVersion(deleted.object())).isEqualTo("3");
      assertThat(value(deleted.object())).isEqualTo("2");
      assertThat(resourceVersion(deleted.previous())).isEqualTo("2");
    }
  }

  @Test
  void aWatchFromNReplaysOnlyLaterChangesThenLiveOnes() throws Exception {
    var store = open();
    for (int i = 0; i < 5; i++) {
      store.create("configmaps", "default", "cm-" + i, configMap("default", "cm-" + i, "x"));
    }
    try (var watch = store.watch("configmaps", null, 3)) {
      assertThat(revisions(drain(watch))).containsExactly(4L, 5L);
      store.create("configmaps", "default", "live", configMap("default", "live", "x"));
      assertThat(revisions(drain(watch))).containsExactly(6L);
    }
  }

  @Test
  void aWatchFromTheCurrentRevisionGetsOnlyLiveChanges() throws Exception {
    var store = open();
    store.create("configmaps", "default", "a", configMap("default", "a", "1"));
    var snapshot = store.list("configmaps", null);
    try (var watch = store.watch("configmaps", null, snapshot.revision())) {
      assertThat(watch.poll(Duration.ZERO)).isNull();
      store.update("configmaps", "default", "a", 0, configMap("default", "a", "2"));
      var event = (Change) watch.poll(Duration.ZERO);
      assertThat(event.type()).isEqualTo(Type.MODIFIED);
      assertThat(event.revision()).isEqualTo(2);
    }
  }

  @Test
  void aWatchAheadOfTheStoreSkipsChangesUpToItsRevision() throws Exception {
    var store = open();
    try (var watch = store.watch("configmaps", null, 2)) {
      for (int i = 1; i <= 3; i++) {
        store.create("configmaps", "default", "cm-" + i, configMap("default", "cm-" + i, "x"));
      }
      assertThat(revisions(drain(watch))).containsExactly(3L);
    }
  }

  @Test
  void aWatchSeesOnlyItsResourceAndNamespaceOrEverythingWhenNull() throws Exception {
    var store = open();
    try (var nsA = store.watch("configmaps", "a", 0);
        var allNamespaces = store.watch("configmaps", null, 0);
        var everything = store.watch(null, null, 0);
        var clusterScoped = store.watch("namespaces", "", 0)) {
      store.create("configmaps", "a", "x", configMap("a", "x", "1"));   // 1
      store.create("configmaps", "b", "x", configMap("b", "x", "1"));   // 2
      store.create("secrets", "a", "x", configMap("a", "x", "1"));      // 3
      store.create("namespaces", "", "a", configMap("", "a", "1"));     // 4
      store.update("configmaps", "a", "x", 0, configMap("a", "x", "2")); // 5
      assertThat(revisions(drain(nsA))).containsExactly(1L, 5L);
      assertThat(revisions(drain(allNamespaces))).containsExactly(1L, 2L, 5L);
      assertThat(revisions(drain(everything))).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(revisions(drain(clusterScoped))).containsExactly(4L);
    }
    // The same filters apply to replayed history.
    try (var nsA = store.watch("configmaps", "a", 0)) {
      assertThat(revisions(drain(nsA))).containsExactly(1L, 5L);
    }
  }

  @Test
  void aWatchOlderThanTheHistoryIsExpiredWithUpstreamsMessage() throws Exception {
    var store = open(new Store.Options(3, 100));
    for (int i = 1; i <= 5; i++) {
      store.create("configmaps", "default", "cm-" + i, configMap("default", "cm-" + i, "x"));
    }
    // The ring holds 3, 4, 5: resuming after 2 is complete; after 1 would miss 2.
    assertThat(store.oldestWatchableRevision()).isEqualTo(2);
    assertThatThrownBy(() -> store.watch("configmaps", null, 1))
        .isInstanceOf(StoreException.Expired.class)
        .hasMessage("too old resource version: 1 (2)");
    assertThatThrownBy(() -> store.watch("configmaps", null, 0))
        .isInstanceOf(StoreException.Expired.class)
        .hasMessage("too old resource version: 0 (2)");
    try (var watch = store.watch("configmaps", null, 2)) {
      assertThat(revisions(drain(watch))).containsExactly(3L, 4L, 5L);
    }
  }

  @Test
  void aWatcherThatDoesNotKeepUpIsExpiredWhileTheWriterCarriesOn() throws Exception {
    var store = open(new Store.Options(100, 3));
    var stuck = store.watch("configmaps", null, 0);
    var otherNamespace = store.watch("configmaps", "quiet", 0);
    var keepingUp = store.watch("configmaps", null, 0);
    var received = new ArrayList<WatchEvent>();
    for (int i = 1; i <= 10; i++) {
      // Returns at once although "stuck" never polls.
      store.create("configmaps", "default", "cm-" + i, configMap("default", "cm-" + i, "x"));
      received.addAll(drain(keepingUp));
    }
    assertThat(store.currentRevision()).isEqualTo(10);
    assertThat(revisions(received)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);

    var end = stuck.poll(Duration.ZERO);
    assertThat(end).isInstanceOfSatisfying(WatchEvent.Expired.class,
        e -> assertThat(e.message()).contains("fell behind").contains("revision 4"));
    assertThat(stuck.poll(Duration.ofSeconds(5))).as("an ended watch stays ended, at once").isEqualTo(end);
    assertThat(otherNamespace.poll(Duration.ZERO)).as("events of other namespaces do not fill a buffer").isNull();

    store.create("configmaps", "default", "after", configMap("default", "after", "x"));
    assertThat(revisions(drain(keepingUp))).containsExactly(11L);
    stuck.close();
    otherNamespace.close();
    keepingUp.close();
  }

  @Test
  void aReplayLongerThanTheBufferIsDeliveredWhileLiveEventsFitTheBuffer() throws Exception {
    var store = open(new Store.Options(100, 2));
    for (int i = 1; i <= 10; i++) {
      store.create("configmaps", "default", "cm-" + i, configMap("default", "cm-" + i, "x"));
    }
    try (var watch = store.watch("configmaps", null, 0)) {
      store.create("configmaps", "default", "live-1", configMap("default", "live-1", "x"));
      store.create("configmaps", "default", "live-2", configMap("default", "live-2", "x"));
      assertThat(revisions(drain(watch))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    }
  }

  @Test
  void aClosedWatchReturnsNullAndNoLongerBuffers() throws Exception {
    var store = open(new Store.Options(100, 1));
    var watch = store.watch("configmaps", null, 0);
    watch.close();
    for (int i = 1; i <= 5; i++) {
      store.create("configmaps", "default", "cm-" + i, configMap("default", "cm-" + i, "x"));
    }
    assertThat(watch.poll(Duration.ofSeconds(5))).isNull();
    watch.close();
  }

  @Test
  void closeWakesAPollWaitingInAnotherThread() throws Exception {
    var store = open();
    var watch = store.watch("configmaps", null, 0);
    try (ExecutorService executor = Executors.newSingleThreadExecutor()) {
      Future<WatchEvent> waiting = executor.submit(() -> watch.poll(Duration.ofMinutes(5)));
      // Whether the poll is already waiting or not, close makes it return null.
      watch.close();
      assertThat(waiting.get()).isNull();
    }
  }

  @Test
  void aPollWaitingInAnotherThreadGetsTheNextWrite() throws Exception {
    var store = open();
    try (var watch = store.watch("configmaps", null, 0);
        ExecutorService executor = Executors.newSingleThreadExecutor()) {
      Future<WatchEvent> waiting = executor.submit(() -> watch.poll(Duration.ofMinutes(5)));
      store.create("configmaps", "default", "a", configMap("default", "a", "1"));
      assertThat(waiting.get()).isInstanceOfSatisfying(Change.class, c -> assertThat(c.revision()).isEqualTo(1));
    }
  }

  @Test
  void closingTheStoreEndsWatchesAndRefusesWrites() throws Exception {
    var store = open();
    store.create("configmaps", "default", "a", configMap("default", "a", "1"));
    var watch = store.watch("configmaps", null, 1);
    store.close();
    assertThat(watch.poll(Duration.ZERO)).isInstanceOfSatisfying(WatchEvent.Expired.class,
        e -> assertThat(e.message()).contains("closed"));
    assertThatThrownBy(() -> store.create("configmaps", "default", "b", configMap("default", "b", "1")))
        .isInstanceOf(StoreException.Unavailable.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> store.update("configmaps", "default", "a", 0, configMap("default", "a", "2")))
        .isInstanceOf(StoreException.Unavailable.class);
    assertThatThrownBy(() -> store.delete("configmaps", "default", "a", 0))
        .isInstanceOf(StoreException.Unavailable.class);
    assertThatThrownBy(() -> store.watch("configmaps", null, 1))
        .isInstanceOf(StoreException.Unavailable.class);
    store.close();
  }

  /**
   * Writers in several threads, watchers opened at random moments while they write: every
   * watcher sees exactly the changes after its start, in revision order, each once; replaying
   * the full stream rebuilds the final list.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void concurrentWritersAndWatchersSeeNoGapsAndNoDuplicates(long seed) throws Exception {
    var store = open(new Store.Options(100_000, 100_000));
    int writers = 4;
    int writesPerWriter = 60;
    var watchers = new CopyOnWriteArrayList<Map.Entry<Long, Watch>>();
    var nsWatch = store.watch("configmaps", "ns-0", 0);
    try (ExecutorService executor = Executors.newFixedThreadPool(writers + 1)) {
      var futures = new ArrayList<Future<?>>();
      for (int w = 0; w < writers; w++) {
        var random = new Random(seed * 31 + w);
        futures.add(executor.submit(() -> {
          for (int i = 0; i < writesPerWriter; i++) {
            var ns = "ns-" + random.nextInt(2);
            var name = "cm-" + random.nextInt(6);
            try {
              switch (random.nextInt(3)) {
                case 0 -> store.create("configmaps", ns, name, configMap(ns, name, "c" + i));
                case 1 -> store.update("configmaps", ns, name, 0, configMap(ns, name, "u" + i));
                default -> store.delete("configmaps", ns, name, 0);
              }
            } catch (StoreException.AlreadyExists | StoreException.NotFound expected) {
              // the random key was taken or absent: not a write
            }
          }
          return null;
        }));
      }
      var random = new Random(seed);
      futures.add(executor.submit(() -> {
        for (int i = 0; i < 20; i++) {
          long from = store.currentRevision();
          watchers.add(Map.entry(from, store.watch(random.nextBoolean() ? "configmaps" : null, null, from)));
          Thread.onSpinWait();
        }
        return null;
      }));
      for (var f : futures) {
        f.get();
      }
    }
    long last = store.currentRevision();
    try (var all = store.watch("configmaps", null, 0)) {
      var events = drain(all);
      var changes = events.stream().map(Change.class::cast).toList();
      assertThat(revisions(events)).as("every revision once, in order")
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());
      changes.forEach(c -> assertThat(resourceVersion(c.object())).isEqualTo(Long.toString(c.revision())));

      var rebuilt = new HashMap<String, ObjectNode>();
      for (var c : changes) {
        var key = c.object().get("metadata").path("namespace").asString() + "/" + name(c.object());
        switch (c.type()) {
          case ADDED, MODIFIED -> rebuilt.put(key, c.object());
          case DELETED -> rebuilt.remove(key);
        }
      }
      var listed = new HashMap<String, ObjectNode>();
      store.list("configmaps", null).items().forEach(o ->
          listed.put(o.get("metadata").get("namespace").asString() + "/" + name(o), o));
      assertThat(rebuilt).isEqualTo(listed);

      for (var entry : watchers) {
        try (var watch = entry.getValue()) {
          assertThat(revisions(drain(watch))).as("a watch started at %d", entry.getKey())
              .containsExactlyElementsOf(
                  changes.stream().map(Change::revision).filter(r -> r > entry.getKey()).toList());
        }
      }
      assertThat(revisions(drain(nsWatch))).containsExactlyElementsOf(changes.stream()
          .filter(c -> c.object().get("metadata").get("namespace").asString().equals("ns-0"))
          .map(Change::revision).toList());
      nsWatch.close();
    }
  }

  /** Consumers polling in their own threads while writers write: no event lost or repeated. */
  @Test
  void consumersPollingConcurrentlyReceiveEveryChangeOnce() throws Exception {
    var store = open(new Store.Options(10_000, 10_000));
    int writes = 200;
    var received = new ConcurrentHashMap<Integer, List<Long>>();
    try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
      var consumers = new ArrayList<Future<?>>();
      for (int c = 0; c < 2; c++) {
        int id = c;
        var watch = store.watch("configmaps", null, 0);
        consumers.add(executor.submit(() -> {
          var revisions = new ArrayList<Long>();
          try (watch) {
            while (revisions.size() < writes) {
              var event = watch.poll(Duration.ofSeconds(30));
              assertThat(event).isInstanceOf(Change.class);
              revisions.add(((Change) event).revision());
            }
          }
          received.put(id, revisions);
          return null;
        }));
      }
      var writer = executor.submit(() -> {
        for (int i = 0; i < writes; i++) {
          store.create("configmaps", "default", "cm-" + i, configMap("default", "cm-" + i, "x"));
        }
        return null;
      });
      writer.get();
      for (var f : consumers) {
        f.get();
      }
    }
    var expected = java.util.stream.LongStream.rangeClosed(1, writes).boxed().toList();
    assertThat(received.get(0)).containsExactlyElementsOf(expected);
    assertThat(received.get(1)).containsExactlyElementsOf(expected);
  }
}
