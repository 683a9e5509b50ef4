package dev.berth.node.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opt-in timing of pod starts, for finding where the node benchmark's create → Running goes
 * ({@code docs/benchmarks.md}): off unless the JVM runs with {@code -Dberth.trace.podStart=FILE}.
 * Each pod gets one line in {@code FILE} once its {@code Running} status is written: {@code
 * namespace/name t0=<System.nanoTime() of its first mark> label=+ms ...}, every mark in
 * milliseconds after the first. Off, every call is one volatile-free field read.
 */
public final class PodStartTrace {
  private static final Path FILE = fileFromProperty();
  private static final Map<String, StringBuilder> OPEN = new ConcurrentHashMap<>();
  private static final Map<String, Long> FIRST = new ConcurrentHashMap<>();

  private PodStartTrace() {}

  private static Path fileFromProperty() {
    String f = System.getProperty("berth.trace.podStart");
    return f == null || f.isEmpty() ? null : Path.of(f);
  }

  public static boolean enabled() {
    return FILE != null;
  }

  /** Starts the trace of pod {@code namespace/name} (the agent first saw it) with {@code label}. */
  public static void begin(String namespace, String name, String label) {
    if (FILE == null) {
      return;
    }
    long now = System.nanoTime();
    String key = namespace + "/" + name;
    FIRST.put(key, now);
    OPEN.put(key, new StringBuilder(key).append(" t0=").append(now).append(' ').append(label).append("=+0"));
  }

  /** Records that the start of pod {@code namespace/name}, if traced, reached {@code label} now. */
  public static void mark(String namespace, String name, String label) {
    if (FILE == null) {
      return;
    }
    long now = System.nanoTime();
    String key = namespace + "/" + name;
    StringBuilder sb = OPEN.get(key);
    Long first = FIRST.get(key);
    if (sb == null || first == null) {
      return;
    }
    synchronized (sb) {
      sb.append(' ').append(label).append("=+").append(String.format("%.2f", (now - first) / 1e6));
    }
  }

  /** Marks {@code label} and writes the pod's line; later marks for it are ignored until it is seen anew. */
  public static void end(String namespace, String name, String label) {
    if (FILE == null) {
      return;
    }
    mark(namespace, name, label);
    String key = namespace + "/" + name;
    StringBuilder sb = OPEN.remove(key);
    FIRST.remove(key);
    if (sb == null) {
      return;
    }
    String line;
    synchronized (sb) {
      line = sb.append('\n').toString();
    }
    synchronized (PodStartTrace.class) {
      try {
        Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        // a trace only
      }
    }
  }

  /** Ends the trace of a pod deleted before its Running status was written. */
  public static void drop(String namespace, String name) {
    end(namespace, name, "deleted");
  }
}
