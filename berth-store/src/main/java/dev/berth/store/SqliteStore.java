package dev.berth.store;

import dev.berth.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The durable {@link Store}: one SQLite file in WAL mode with {@code synchronous=FULL}, so a
 * write returns only after its commit is fsynced and survives {@code kill -9} or a power cut.
 *
 * <p>On disk: table {@code objects(resource, namespace, name, revision, object)} with the JSON
 * bytes of each current object, and the one-row table {@code revision}, updated in the same
 * transaction as every write so that deletes never let the counter go back after a restart.
 * Every object is loaded into memory at {@link #open}; reads and lists never touch the disk.
 *
 * <p>One server per data directory: {@link #open} takes {@code DIR/store.lock} (see {@link
 * DataDirLock}) and SQLite's exclusive locking mode, and fails with a message naming the directory
 * when another process has it.
 */
public final class SqliteStore extends IndexedStore {
  /** Bumped when the tables change; a newer file is refused rather than misread. */
  private static final int SCHEMA_VERSION = 1;

  private final Path file;
  private final DataDirLock dirLock;
  private final Connection connection;
  private final PreparedStatement put;
  private final PreparedStatement remove;
  private final PreparedStatement setRevision;

  private SqliteStore(
      Options options,
      ObjectIndex index,
      Path file,
      DataDirLock dirLock,
      Connection connection) throws SQLException {
    super(options, index);
    this.file = file;
    this.dirLock = dirLock;
    this.connection = connection;
    this.put = connection.prepareStatement(
        "INSERT INTO objects (resource, namespace, name, revision, object) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (resource, namespace, name)"
            + " DO UPDATE SET revision = excluded.revision, object = excluded.object");
    this.remove = connection.prepareStatement(
        "DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?");
    this.setRevision = connection.prepareStatement("UPDATE revision SET revision = ? WHERE id = 0");
  }

  /**
   * Opens (creating if needed) the store in {@code file}, e.g. {@code DATA_DIR/store.db}, and
   * loads every object into memory.
   *
   * @throws StoreException.Unavailable if the data directory is in use by another store, or the
   *     file is not a berth store (corrupt, another program's, or from a newer berth)
   */
  public static SqliteStore open(Path file, Options options) {
    var path = file.toAbsolutePath().normalize();
    var dir = path.getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException.Unavailable("cannot create the data directory " + dir + ": " + e, e);
    }
    var dirLock = DataDirLock.acquire(dir);
    Connection connection = null;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + path);
      configure(connection, path);
      var index = load(connection, path);
      connection.setAutoCommit(false);
      return new SqliteStore(options, index, path, dirLock, connection);
    } catch (SQLException | RuntimeException e) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      dirLock.close();
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException.Unavailable("cannot open the store at " + path + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /**
   * Exclusive locking first, so WAL mode keeps its index in process memory (no {@code -shm} file)
   * and no other connection can read or write behind the in-memory index.
   */
  private static void configure(Connection connection, Path path) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA locking_mode = EXCLUSIVE");
      try (var rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
        var mode = rs.next() ? rs.getString(1) : "";
        if (!"wal".equalsIgnoreCase(mode)) {
          throw new StoreException.Unavailable(
              "cannot open the store at " + path + ": SQLite refused WAL mode (got \"" + mode + "\")");
        }
      }
      s.execute("PRAGMA synchronous = FULL");
      int version;
      try (var rs = s.executeQuery("PRAGMA user_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version > SCHEMA_VERSION) {
        throw new StoreException.Unavailable(
            "cannot open the store at " + path + ": it has schema version " + version
                + ", newer than this berth understands (" + SCHEMA_VERSION + ")");
      }
      if (version == 0) {
        // A new file, or a SQLite file of someone else's: IF NOT EXISTS keeps the latter intact
        // and the load below then fails on the missing columns.
        s.execute("CREATE TABLE IF NOT EXISTS objects ("
            + " resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,"
            + " revision INTEGER NOT NULL, object BLOB NOT NULL,"
            + " PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID");
        s.execute("CREATE TABLE IF NOT EXISTS revision ("
            + " id INTEGER PRIMARY KEY CHECK (id = 0), revision INTEGER NOT NULL)");
        s.execute("INSERT OR IGNORE INTO revision (id, revision) VALUES (0, 0)");
        s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
      }
    }
  }

  /** Every current object, and the counter (never below any object's revision). */
  private static ObjectIndex load(Connection connection, Path path) throws SQLException {
    long counter;
    try (var s = connection.createStatement();
        var rs = s.executeQuery("SELECT revision FROM revision WHERE id = 0")) {
      if (!rs.next()) {
        throw new StoreException.Unavailable(
            "cannot open the store at " + path + ": its revision counter is missing");
      }
      counter = rs.getLong(1);
    }
    record Row(String resource, String namespace, String name, ObjectNode object, long revision) {}
    var rows = new ArrayList<Row>();
    long newest = counter;
    try (var s = connection.createStatement();
        var rs = s.executeQuery("SELECT resource, namespace, name, revision, object FROM objects")) {
      while (rs.next()) {
        var row = new Row(rs.getString(1), rs.getString(2), rs.getString(3),
            parse(rs.getBytes(5), path, rs.getString(1), rs.getString(2), rs.getString(3)), rs.getLong(4));
        // The column is the truth; the JSON copy was written from the same value.
        setResourceVersion(row.object(), row.revision());
        rows.add(row);
        newest = Math.max(newest, row.revision());
      }
    }
    var index = new ObjectIndex(newest);
    rows.forEach(r -> index.restore(r.resource(), r.namespace(), r.name(), r.object(), r.revision()));
    return index;
  }

  private static ObjectNode parse(byte[] bytes, Path path, String resource, String namespace, String name) {
    try {
      if (Json.MAPPER.readTree(bytes) instanceof ObjectNode object) {
        return object;
      }
    } catch (JacksonException e) {
      throw new StoreException.Unavailable("cannot open the store at " + path + ": the stored "
          + key(resource, namespace, name) + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    throw new StoreException.Unavailable("cannot open the store at " + path + ": the stored "
        + key(resource, namespace, name) + " is not a JSON object");
  }

  @Override
  void persist(Write write) {
    byte[] json = write instanceof Write.Put p ? Json.MAPPER.writeValueAsBytes(p.object()) : null;
    try {
      switch (write) {
        case Write.Put p -> {
          put.setString(1, p.resource());
          put.setString(2, p.namespace());
          put.setString(3, p.name());
          put.setLong(4, p.revision());
          put.setBytes(5, json);
          put.executeUpdate();
        }
        case Write.Remove r -> {
          remove.setString(1, r.resource());
          remove.setString(2, r.namespace());
          remove.setString(3, r.name());
          remove.executeUpdate();
        }
      }
      setRevision.setLong(1, write.revision());
      setRevision.executeUpdate();
      connection.commit();
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StoreException.Unavailable(
          describe() + " could not commit " + key(write.resource(), write.namespace(), write.name())
              + " at revision " + write.revision() + ": " + e.getMessage(), e);
    }
  }

  @Override
  void release() {
    var failures = new ArrayList<Exception>();
    for (AutoCloseable c : List.<AutoCloseable>of(put, remove, setRevision, connection, dirLock)) {
      try {
        c.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      var e = new StoreException.Unavailable(describe() + " did not close cleanly: " + failures.getFirst(), failures.getFirst());
      failures.stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
  }

  @Override
  String describe() {
    return "the store at " + file;
  }
}
