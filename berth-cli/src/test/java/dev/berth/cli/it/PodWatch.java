package dev.berth.cli.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubectl get pod NAME -w --no-headers} in the background: every STATUS (and READY) a user
 * would have seen scroll by, in order, including states too short-lived for polling (e.g. {@code
 * Init:1/2} between two quick init containers). Close it to stop kubectl.
 */
final class PodWatch implements AutoCloseable {
  /** One printed row: {@code READY} and {@code STATUS} columns. */
  record Row(String ready, String status) {}

  private final Process process;
  private final Thread reader;
  private final List<Row> rows = new ArrayList<>();
  private final java.util.concurrent.CountDownLatch listed = new java.util.concurrent.CountDownLatch(1);

  private PodWatch(Process process, String pod) {
    this.process = process;
    this.reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          String[] f = line.trim().split("\\s+");
          if (f.length >= 3 && f[0].equals(pod)) {
            synchronized (rows) {
              rows.add(new Row(f[1], f[2]));
            }
            listed.countDown();
          }
        }
      } catch (IOException e) {
        // kubectl was stopped
      }
    });
  }

  /**
   * Starts watching {@code pod}, which need not exist yet: start before {@code kubectl apply} to see
   * its very first STATUS. Returns when the pod's first row was printed, or after 2 s.
   */
  static PodWatch start(Kubectl kubectl, String pod) throws IOException {
    PodWatch w = new PodWatch(kubectl.start("get", "pods", "--field-selector", "metadata.name=" + pod, "-w", "--no-headers"), pod);
    try {
      // kubectl prints nothing while the pod does not exist: give it a moment to start, list and watch
      w.listed.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return w;
  }

  /** The STATUS values seen so far, consecutive repeats collapsed. */
  List<String> statuses() {
    List<String> out = new ArrayList<>();
    synchronized (rows) {
      for (Row r : rows) {
        if (out.isEmpty() || !out.getLast().equals(r.status())) {
          out.add(r.status());
        }
      }
    }
    return out;
  }

  List<Row> rows() {
    synchronized (rows) {
      return List.copyOf(rows);
    }
  }

  /** Waits until a row with STATUS {@code status} was printed. */
  boolean awaitStatus(String status, Duration timeout) {
    return awaitRow(r -> r.status().equals(status), timeout);
  }

  boolean awaitRow(java.util.function.Predicate<Row> p, Duration timeout) {
    try {
      return ServerFixture.eventually(timeout, () -> rows().stream().anyMatch(p));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(5, TimeUnit.SECONDS);
    reader.join(Duration.ofSeconds(5));
  }
}
