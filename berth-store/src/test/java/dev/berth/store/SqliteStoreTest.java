package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the durable store, plus what only a file can do: survive a reopen, or be bad. */
class SqliteStoreTest extends StoreContractTest {
  @TempDir Path tmp;
  private final AtomicInteger stores = new AtomicInteger();

  @Override
  Store newStore(Store.Options options) {
    return SqliteStore.open(tmp.resolve("data-" + stores.incrementAndGet()).resolve("store.db"), options);
  }

  private static void sql(Path file, String... statements) throws SQLException {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
      for (var statement : statements) {
        s.execute(statement);
      }
    }
  }

  @Test
  void reopeningKeepsEveryObjectAndTheRevisionCounter() {
    var file = tmp.resolve("data").resolve("store.db");
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      store.create("configmaps", "default", "a", configMap("default", "a", "1"));
      store.create("configmaps", "other", "b", configMap("other", "b", "1"));
      store.create("namespaces", "", "other", configMap("", "other", "ns"));
      store.update("configmaps", "default", "a", 1, configMap("default", "a", "2"));
    }
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      assertThat(store.currentRevision()).isEqualTo(4);
      var a = store.get("configmaps", "default", "a").orElseThrow();
      assertThat(value(a)).isEqualTo("2");
      assertThat(resourceVersion(a)).isEqualTo("4");
      assertThat(resourceVersion(store.get("configmaps", "other", "b").orElseThrow())).isEqualTo("2");
      assertThat(store.list("namespaces", null).items()).extracting(StoreContractTest::name).containsExactly("other");
      assertThat(store.list("configmaps", null).items()).extracting(StoreContractTest::name).containsExactly("a", "b");
      // Conditional writes carry on from the persisted revisions.
      assertThatThrownBy(() -> store.update("configmaps", "default", "a", 1, configMap("default", "a", "x")))
          .isInstanceOf(StoreException.Conflict.class);
      assertThat(resourceVersion(store.update("configmaps", "default", "a", 4, configMap("default", "a", "3"))))
          .isEqualTo("5");
    }
  }

  @Test
  void deletesDoNotLetTheCounterGoBackAfterAReopen() {
    var file = tmp.resolve("data").resolve("store.db");
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      store.create("configmaps", "default", "a", configMap("default", "a", "1"));
      store.create("configmaps", "default", "b", configMap("default", "b", "1"));
      store.delete("configmaps", "default", "b", 0);
      store.delete("configmaps", "default", "a", 0);
    }
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      assertThat(store.currentRevision()).isEqualTo(4);
      assertThat(store.list("configmaps", null)).isEqualTo(new Store.Snapshot(4, java.util.List.of()));
      assertThat(resourceVersion(store.create("configmaps", "default", "a", configMap("default", "a", "again"))))
          .isEqualTo("5");
    }
  }

  @Test
  void afterAReopenWatchesResumeFromTheCurrentRevisionOnly() throws Exception {
    var file = tmp.resolve("data").resolve("store.db");
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      for (int i = 0; i < 3; i++) {
        store.create("configmaps", "default", "cm-" + i, configMap("default", "cm-" + i, "x"));
      }
    }
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      assertThat(store.oldestWatchableRevision()).isEqualTo(3);
      assertThatThrownBy(() -> store.watch("configmaps", null, 2))
          .isInstanceOf(StoreException.Expired.class)
          .hasMessage("too old resource version: 2 (3)");
      try (var watch = store.watch("configmaps", null, 3)) {
        store.create("configmaps", "default", "new", configMap("default", "new", "x"));
        assertThat(revisions(drain(watch))).containsExactly(4L);
      }
    }
  }

  @Test
  void aSecondOpenOfTheSameDataDirectoryIsRefusedNamingIt() {
    var dir = tmp.resolve("data");
    try (var store = SqliteStore.open(dir.resolve("store.db"), Store.Options.DEFAULT)) {
      store.create("configmaps", "default", "a", configMap("default", "a", "1"));
      assertThatThrownBy(() -> SqliteStore.open(dir.resolve("store.db"), Store.Options.DEFAULT))
          .isInstanceOf(StoreException.Unavailable.class)
          .hasMessageContaining("the data directory " + dir.toAbsolutePath())
          .hasMessageContaining("in use by another berth server")
          .hasMessageContaining("process " + ProcessHandle.current().pid());
      // The refused open did not disturb the one that holds the directory.
      assertThat(store.create("configmaps", "default", "b", configMap("default", "b", "1"))).isNotNull();
    }
    try (var store = SqliteStore.open(dir.resolve("store.db"), Store.Options.DEFAULT)) {
      assertThat(store.currentRevision()).isEqualTo(2);
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedNamingIt() throws Exception {
    var file = tmp.resolve("data").resolve("store.db");
    Files.createDirectories(file.getParent());
    var garbage = new byte[8192];
    new Random(1).nextBytes(garbage);
    Files.write(file, garbage);
    assertThatThrownBy(() -> SqliteStore.open(file, Store.Options.DEFAULT))
        .isInstanceOf(StoreException.Unavailable.class)
        .hasMessageStartingWith("cannot open the store at " + file.toAbsolutePath())
        .hasMessageContaining("not a database");
    // The failed open released the directory.
    Files.delete(file);
    SqliteStore.open(file, Store.Options.DEFAULT).close();
  }

  @Test
  void anotherProgramsSqliteFileIsRefusedAndLeftIntact() throws Exception {
    var file = tmp.resolve("data").resolve("store.db");
    Files.createDirectories(file.getParent());
    sql(file, "CREATE TABLE objects (id INTEGER PRIMARY KEY, payload TEXT)");
    assertThatThrownBy(() -> SqliteStore.open(file, Store.Options.DEFAULT))
        .isInstanceOf(StoreException.Unavailable.class)
        .hasMessageStartingWith("cannot open the store at " + file.toAbsolutePath());
  }

  @Test
  void aStoreFromANewerBerthIsRefused() throws Exception {
    var file = tmp.resolve("data").resolve("store.db");
    SqliteStore.open(file, Store.Options.DEFAULT).close();
    sql(file, "PRAGMA user_version = 99");
    assertThatThrownBy(() -> SqliteStore.open(file, Store.Options.DEFAULT))
        .isInstanceOf(StoreException.Unavailable.class)
        .hasMessageContaining("schema version 99");
  }

  @Test
  void aCorruptObjectIsRefusedNamingItsKey() throws Exception {
    var file = tmp.resolve("data").resolve("store.db");
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      store.create("configmaps", "default", "broken", configMap("default", "broken", "1"));
    }
    sql(file, "UPDATE objects SET object = X'7B2261223A' WHERE name = 'broken'");
    assertThatThrownBy(() -> SqliteStore.open(file, Store.Options.DEFAULT))
        .isInstanceOf(StoreException.Unavailable.class)
        .hasMessageContaining("configmaps/default/broken is not valid JSON");
  }

  /**
   * A trigger fails the counter update after the object row went in: the transaction rolls back
   * and the store neither shows the object nor spends its revision, on disk or in memory.
   */
  @Test
  void aFailedCommitChangesNothing() throws Exception {
    var file = tmp.resolve("data").resolve("store.db");
    SqliteStore.open(file, Store.Options.DEFAULT).close();
    sql(file, """
        CREATE TRIGGER fail_doomed BEFORE UPDATE ON revision
        WHEN (SELECT count(*) FROM objects WHERE name = 'doomed') > 0
        BEGIN SELECT RAISE(ABORT, 'injected failure'); END""");
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      store.create("configmaps", "default", "a", configMap("default", "a", "1"));
      var watch = store.watch("configmaps", null, 1);
      assertThatThrownBy(() -> store.create("configmaps", "default", "doomed", configMap("default", "doomed", "1")))
          .isInstanceOf(StoreException.Unavailable.class)
          .hasMessageContaining("could not commit configmaps/default/doomed at revision 2")
          .hasMessageContaining("injected failure");
      assertThat(store.get("configmaps", "default", "doomed")).isEmpty();
      assertThat(store.currentRevision()).isEqualTo(1);
      assertThat(watch.poll(java.time.Duration.ZERO)).isNull();

      assertThat(resourceVersion(store.create("configmaps", "default", "b", configMap("default", "b", "1"))))
          .isEqualTo("2");
      assertThat(revisions(drain(watch))).containsExactly(2L);
      watch.close();
    }
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      assertThat(store.currentRevision()).isEqualTo(2);
      assertThat(store.list("configmaps", null).items()).extracting(StoreContractTest::name).containsExactly("a", "b");
    }
  }

  @Test
  void theStoredJsonCarriesTheRevisionAsResourceVersion() throws Exception {
    var file = tmp.resolve("data").resolve("store.db");
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      store.create("configmaps", "default", "a", configMap("default", "a", "1"));
      store.update("configmaps", "default", "a", 0, configMap("default", "a", "2"));
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
        var rs = c.createStatement().executeQuery("SELECT revision, object FROM objects")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(2);
      var object = dev.berth.api.Json.parseObject(rs.getBytes(2));
      assertThat(resourceVersion(object)).isEqualTo("2");
    }
  }
}
