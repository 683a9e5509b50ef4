package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every acknowledged write survives {@code kill -9}: a child JVM ({@link DurabilityWriter}) writes
 * in a loop and reports each write as soon as the store returns; the test SIGKILLs it mid-stream,
 * reopens the store and checks every acknowledged write against it. And while one process has a
 * data directory, no other can open it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StoreDurabilityIT {
  @TempDir Path tmp;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killChildren() throws InterruptedException {
    for (var child : children) {
      child.destroyForcibly();
      child.waitFor();
    }
  }

  /** What the child said it did to one name: the revision it got, and the value (null: deleted). */
  private record Ack(String op, long revision, String value) {}

  private record Begin(String op, String name) {}

  private Process startWriter(Path file, String prefix) throws IOException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var process = new ProcessBuilder(
            java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            DurabilityWriter.class.getName(), file.toString(), prefix)
        .redirectError(tmp.resolve(prefix + ".stderr").toFile())
        .start();
    children.add(process);
    return process;
  }

  private String stderr(String prefix) throws IOException {
    return Files.readString(tmp.resolve(prefix + ".stderr"));
  }

  @Test
  void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
    var file = tmp.resolve("data").resolve("store.db");
    var random = new Random(42);
    var acked = new HashMap<String, Ack>(); // across rounds: the last acknowledged write per name
    long lastAcked = 0;
    for (int round = 0; round < 4; round++) {
      var prefix = "r" + round;
      int killAfter = 200 + random.nextInt(400);
      var child = startWriter(file, prefix);
      Begin inFlight = null;
      int acks = 0;
      var tail = new java.util.ArrayDeque<String>();
      try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        var ready = out.readLine();
        assertThat(ready).as("the writer's first line; its stderr:%n%s", stderr(prefix)).startsWith("READY ");
        assertThat(Long.parseLong(ready.substring(6))).as("revision at reopen").isGreaterThanOrEqualTo(lastAcked);
        for (String line; (line = out.readLine()) != null; ) {
          tail.add(line);
          if (tail.size() > 6) {
            tail.removeFirst();
          }
          var f = line.split(" ");
          switch (f[0]) {
            case "BEGIN" -> inFlight = new Begin(f[1], f[2]);
            case "ACK" -> {
              long revision = Long.parseLong(f[3]);
              assertThat(revision).as("revisions rise").isGreaterThan(lastAcked);
              lastAcked = revision;
              acked.put(f[2], new Ack(f[1], revision, f[1].equals("delete") ? null : f[4]));
              inFlight = null;
              if (++acks == killAfter) {
                // SIGKILL: no shutdown hooks, no close. Through the ProcessHandle, because
                // Process.destroyForcibly() also closes our end of the pipe, and the acks the
                // child printed before it died are still in there, to be read to the end.
                child.toHandle().destroyForcibly();
              }
            }
            default -> throw new AssertionError("unexpected line from the writer: " + line);
          }
        }
      }
      child.waitFor();
      assertThat(acks).as("acks before the kill; the writer's stderr:%n%s", stderr(prefix)).isGreaterThanOrEqualTo(killAfter);
      assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
      System.out.printf("round %d: killed after %d acks, at revision %d; the writer's last lines: %s%n",
          round, acks, lastAcked, tail);
      lastAcked = verify(file, acked, lastAcked, inFlight);
    }
  }

  /**
   * The reopened store holds exactly the acknowledged state, except that the one write in flight
   * at the kill may or may not have landed (at the next revision). If it did, it is recorded in
   * {@code acked} as a fact the next rounds must keep. Returns the store's revision.
   */
  private static long verify(Path file, Map<String, Ack> acked, long lastAcked, Begin inFlight) {
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      var present = new HashMap<String, ObjectNode>();
      store.list("configmaps", "default").items().forEach(o -> present.put(StoreContractTest.name(o), o));
      long next = lastAcked + 1;
      Ack landed = null;
      if (inFlight != null) {
        var found = present.get(inFlight.name());
        boolean applied = inFlight.op().equals("delete")
            ? found == null
            : found != null && Long.parseLong(StoreContractTest.resourceVersion(found)) == next;
        if (applied) {
          landed = new Ack(inFlight.op(), next, found == null ? null : StoreContractTest.value(found));
        }
      }
      for (var entry : acked.entrySet()) {
        var name = entry.getKey();
        var ack = entry.getValue();
        var found = present.remove(name);
        if (landed != null && name.equals(inFlight.name())) {
          continue; // checked above
        }
        if (ack.value() == null) {
          assertThat(found).as("%s was deleted at %d", name, ack.revision()).isNull();
        } else {
          assertThat(found).as("%s acknowledged at revision %d", name, ack.revision()).isNotNull();
          assertThat(Long.parseLong(StoreContractTest.resourceVersion(found)))
              .as("revision of %s", name).isEqualTo(ack.revision());
          assertThat(StoreContractTest.value(found)).as("value of %s", name).isEqualTo(ack.value());
        }
      }
      if (landed != null) {
        present.remove(inFlight.name());
        acked.put(inFlight.name(), landed);
      }
      assertThat(present.keySet()).as("objects nobody acknowledged").isEmpty();
      assertThat(store.currentRevision()).as("the counter (in flight: %s, landed: %s)", inFlight, landed)
          .isEqualTo(landed == null ? lastAcked : next);
      return store.currentRevision();
    }
  }

  @Test
  void aSecondProcessCannotOpenADataDirectoryInUse() throws Exception {
    var dir = tmp.resolve("data");
    var child = startWriter(dir.resolve("store.db"), "holder");
    try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).as("the writer's stderr:%n%s", stderr("holder")).startsWith("READY");
      String line;
      do {
        line = out.readLine();
        assertThat(line).as("the writer's stderr:%n%s", stderr("holder")).isNotNull();
      } while (!line.startsWith("ACK"));
      // The holder is writing away; a second open must fail without disturbing it.
      assertThatThrownBy(() -> SqliteStore.open(dir.resolve("store.db"), Store.Options.DEFAULT))
          .isInstanceOf(StoreException.Unavailable.class)
          .hasMessageContaining("the data directory " + dir.toAbsolutePath())
          .hasMessageContaining("process " + child.pid());
      assertThatThrownBy(() -> SqliteStore.open(dir.resolve("other-name.db"), Store.Options.DEFAULT))
          .as("the lock is the directory's, whatever the file")
          .isInstanceOf(StoreException.Unavailable.class);
      child.toHandle().destroyForcibly();
      child.waitFor();
    }
    // The kernel dropped the lock with the process: a restart after kill -9 opens at once.
    try (var store = SqliteStore.open(dir.resolve("store.db"), Store.Options.DEFAULT)) {
      assertThat(store.get("configmaps", "default", "holder-0")).isPresent();
    }
  }
}
