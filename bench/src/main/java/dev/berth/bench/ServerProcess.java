package dev.berth.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One {@code berth server} child process on a data dir and an OS-chosen loopback port, started
 * the way a user starts it: {@code java OPTS -jar berth.jar server --data-dir DIR --listen
 * 127.0.0.1:0}. {@link #start} returns once {@code GET /readyz} answers {@code ok}, verified
 * over TLS against the CA the server generated in {@code DIR/pki/ca.crt}.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (https://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int KEPT_OUTPUT_LINES = 200;
  private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    // an interrupted benchmark leaves no server behind
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-stop-servers"));
  }

  /**
   * Nanoseconds from {@code ProcessBuilder.start()} to the "listening on" line and to the first
   * {@code /readyz} {@code ok}; and how long that successful {@code /readyz} request took on its
   * own (a new TLS connection: the server's first handshake) after {@code attempts} tries.
   */
  record Startup(long listeningNanos, long readyNanos, long readyzRequestNanos, int attempts) {}

  private final Process process;
  private final Path dataDir;
  private final String url;
  private final Startup startup;
  private final Deque<String> output;

  private ServerProcess(Process process, Path dataDir, String url, Startup startup, Deque<String> output) {
    this.process = process;
    this.dataDir = dataDir;
    this.url = url;
    this.startup = startup;
    this.output = output;
  }

  static ServerProcess start(Path java, List<String> javaOptions, Path jar, Path dataDir) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(javaOptions);
    cmd.addAll(List.of("-jar", jar.toString(), "server", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Deque<String> output = new ArrayDeque<>();
    CompletableFuture<String> listening = new CompletableFuture<>();
    long t0 = System.nanoTime();
    Process process = pb.start();
    LIVE.add(process);
    process.onExit().thenAccept(LIVE::remove);
    Thread.ofPlatform().daemon().name("berth-output-" + process.pid()).start(() -> readOutput(process.getInputStream(), output, listening));
    String url;
    long listeningAt;
    try {
      url = listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      listeningAt = System.nanoTime();
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      throw new IllegalStateException("berth server did not report its address within " + START_TIMEOUT + ":\n" + joined(output), e);
    }
    HttpClient http = HttpClient.newBuilder().sslContext(trusting(dataDir.resolve("pki/ca.crt"))).connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = t0 + START_TIMEOUT.toNanos();
    String last = "no answer";
    int attempts = 0;
    long requestStart;
    while (true) {
      attempts++;
      requestStart = System.nanoTime();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/readyz")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().trim().equals("ok")) {
          break;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      if (System.nanoTime() > deadline || !process.isAlive()) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        throw new IllegalStateException("GET /readyz never answered ok (last: " + last + "):\n" + joined(output));
      }
      Thread.sleep(2);
    }
    long readyAt = System.nanoTime();
    http.close();
    return new ServerProcess(process, dataDir, url, new Startup(listeningAt - t0, readyAt - t0, readyAt - requestStart, attempts), output);
  }

  private static void readOutput(InputStream in, Deque<String> output, CompletableFuture<String> listening) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (output) {
          output.addLast(line);
          if (output.size() > KEPT_OUTPUT_LINES) {
            output.removeFirst();
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          listening.complete(m.group(1));
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    listening.completeExceptionally(new IllegalStateException("berth server exited"));
  }

  private static SSLContext trusting(Path caCrt) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(caCrt)) {
      ks.setCertificateEntry("berth-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static String joined(Deque<String> output) {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  Startup startup() {
    return startup;
  }

  String url() {
    return url;
  }

  long pid() {
    return process.pid();
  }

  Path kubeconfig() {
    return dataDir.resolve("kubeconfig");
  }

  /** The last lines the server printed (stdout and stderr). */
  List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /**
   * Resident set size ({@code VmRSS}) and its peak ({@code VmHWM}) in KiB, from {@code
   * /proc/PID/status}, read first; then the Java heap's used and committed KiB from {@code jcmd
   * PID GC.heap_info} (-1 when jcmd is unavailable). {@code used} counts garbage not yet
   * collected unless {@code afterFullGc}, when a {@code GC.run} came first (after the RSS read).
   */
  record Memory(long rssKib, long peakRssKib, long heapUsedKib, long heapCommittedKib, boolean afterFullGc) {}

  private static final Pattern GENERATION = Pattern.compile("total (\\d+)K, used (\\d+)K");

  Memory memory(Path jcmd, boolean fullGcFirst) throws IOException, InterruptedException {
    long rss = -1;
    long hwm = -1;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = kib(line);
      } else if (line.startsWith("VmHWM:")) {
        hwm = kib(line);
      }
    }
    long used = -1;
    long committed = -1;
    if (jcmd != null && Files.isExecutable(jcmd)) {
      if (fullGcFirst) {
        run(jcmd, "GC.run");
      }
      String info = run(jcmd, "GC.heap_info");
      Matcher m = GENERATION.matcher(info);
      while (m.find()) {
        committed = Math.max(committed, 0) + Long.parseLong(m.group(1));
        used = Math.max(used, 0) + Long.parseLong(m.group(2));
      }
    }
    return new Memory(rss, hwm, used, committed, fullGcFirst && used >= 0);
  }

  private String run(Path jcmd, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }

  private static long kib(String statusLine) {
    return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
  }

  /**
   * Waits (up to {@code timeout}) until the node agent has torn down every deleted pod — unmounted
   * its tmpfs volumes and removed {@code DATA/pods/<uid>} — so that stopping the server leaves no
   * mounts behind. A pod's object goes before its teardown ends.
   */
  void awaitPodsTornDown(Duration timeout) throws InterruptedException {
    Path pods = dataDir.resolve("pods");
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try (var entries = java.nio.file.Files.list(pods)) {
        if (entries.findAny().isEmpty()) {
          return;
        }
      } catch (java.io.IOException e) {
        return;
      }
      Thread.sleep(50);
    }
  }

  /** SIGTERM; returns the nanoseconds until the process exited. Kills it if it does not stop in time. */
  long stop() throws InterruptedException {
    long t0 = System.nanoTime();
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      throw new IllegalStateException("berth server did not stop within " + STOP_TIMEOUT + " of SIGTERM:\n" + joined(output));
    }
    long stopped = System.nanoTime() - t0;
    if (process.exitValue() != 0 && process.exitValue() != 143) {
      System.err.println("bench: berth server exited with " + process.exitValue() + " after SIGTERM:\n" + joined(output));
    }
    return stopped;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }
}
