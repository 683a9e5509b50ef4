package dev.berth.store;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link StoreDurabilityIT}: opens a {@link SqliteStore} and writes until it
 * is killed, reporting on stdout, flushed line by line:
 *
 * <pre>
 * READY &lt;revision at open&gt;
 * BEGIN &lt;op&gt; &lt;name&gt;                     before calling the store
 * ACK &lt;op&gt; &lt;name&gt; &lt;revision&gt; &lt;value&gt;   as soon as the call returned
 * </pre>
 *
 * so the parent knows every acknowledged write and the one (at most) in flight when it killed
 * the child. Step i creates {@code PREFIX-i}; every 3rd step also updates {@code PREFIX-(i-1)};
 * every 5th deletes {@code PREFIX-(i-2)} (when it is still there).
 *
 * <p>Usage: {@code DurabilityWriter STORE_FILE PREFIX}
 */
public final class DurabilityWriter {
  private DurabilityWriter() {}

  public static void main(String[] args) {
    var file = Path.of(args[0]);
    var prefix = args[1];
    var out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    try (var store = SqliteStore.open(file, Store.Options.DEFAULT)) {
      out.println("READY " + store.currentRevision());
      out.flush();
      var deleted = new java.util.HashSet<String>();
      for (long i = 0; ; i++) {
        var name = prefix + "-" + i;
        var value = "create-" + i;
        begin(out, "create", name);
        var created = store.create("configmaps", "default", name, StoreContractTest.configMap("default", name, value));
        ack(out, "create", name, created, value);
        if (i % 3 == 2) {
          var previous = prefix + "-" + (i - 1);
          if (!deleted.contains(previous)) {
            value = "update-" + i;
            begin(out, "update", previous);
            var updated = store.update("configmaps", "default", previous, 0, StoreContractTest.configMap("default", previous, value));
            ack(out, "update", previous, updated, value);
          }
        }
        if (i % 5 == 4) {
          var doomed = prefix + "-" + (i - 2);
          begin(out, "delete", doomed);
          var last = store.delete("configmaps", "default", doomed, 0);
          ack(out, "delete", doomed, last, "-");
          deleted.add(doomed);
        }
      }
    }
  }

  private static void begin(PrintStream out, String op, String name) {
    out.println("BEGIN " + op + " " + name);
    out.flush();
  }

  private static void ack(PrintStream out, String op, String name, tools.jackson.databind.node.ObjectNode object, String value) {
    out.println("ACK " + op + " " + name + " " + StoreContractTest.resourceVersion(object) + " " + value);
    out.flush();
  }
}
