package dev.berth.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Prints figures, asserts nothing: sequential create latency of {@link SqliteStore} (each create
 * is one fsynced commit), then the time to reopen the store with everything in it. Not a test; run
 * by hand from {@code berth-store/}:
 *
 * <pre>
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.berth.store.CreateLatencyProbe [count] [dir]
 * </pre>
 */
public final class CreateLatencyProbe {
  private CreateLatencyProbe() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("berth-latency");
    var file = dir.resolve("store.db");
    var payload = "x".repeat(200);

    long openStart = System.nanoTime();
    var store = SqliteStore.open(file, Store.Options.DEFAULT);
    long openNanos = System.nanoTime() - openStart;
    try (store) {
      // Warm-up in its own namespace, so the JIT has compiled the write path before we measure.
      for (int i = 0; i < 1_000; i++) {
        store.create("configmaps", "warmup", "cm-" + i, StoreContractTest.configMap("warmup", "cm-" + i, payload));
      }
      var nanos = new long[count];
      long total = System.nanoTime();
      for (int i = 0; i < count; i++) {
        var cm = StoreContractTest.configMap("default", "cm-" + i, payload);
        long t = System.nanoTime();
        store.create("configmaps", "default", "cm-" + i, cm);
        nanos[i] = System.nanoTime() - t;
      }
      total = System.nanoTime() - total;
      Arrays.sort(nanos);
      System.out.printf("open (empty): %.1f ms%n", openNanos / 1e6);
      System.out.printf("%d sequential creates in %.2f s (%.0f/s): p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
          count, total / 1e9, count / (total / 1e9),
          pct(nanos, 50), pct(nanos, 90), pct(nanos, 99), pct(nanos, 99.9), nanos[count - 1] / 1e6);
    }
    long reopen = System.nanoTime();
    try (var again = SqliteStore.open(file, Store.Options.DEFAULT)) {
      reopen = System.nanoTime() - reopen;
      System.out.printf("reopen with %d objects: %.1f ms (revision %d)%n",
          again.list("configmaps", null).items().size(), reopen / 1e6, again.currentRevision());
    }
    System.out.println("db file " + Files.size(file) / 1024 + " KiB in " + dir);
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
