package dev.berth.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * berth's control-plane benchmark: start-up to ready, idle RSS, and create/get/list latency and
 * throughput plus watch delivery latency with the fabric8 client, each next to a baseline
 * measured in the same run (a bare {@code java -version} start; a {@code GET /version} round trip
 * on the same server and client). Prints a Markdown report. Not a test: it asserts nothing, it
 * measures. Every loop is bounded; everything is on loopback. See docs/benchmarks.md.
 */
public final class ControlPlaneBench {
  private static final String NS_SEQUENTIAL = "bench";
  private static final String NS_CONCURRENT = "bench-concurrent";
  private static final String NS_WATCH = "bench-watch";
  private static final String NS_WARMUP = "bench-warmup";
  private static final int WARMUP_ROUNDS = 500;
  private static final int BASELINE_EVERY = 5;
  private static final String PAYLOAD = "x".repeat(64);
  private static final int WATCH_START_TIMEOUT_SECONDS = 15;

  private final Options options;
  private final Report report;

  private ControlPlaneBench(Options options) {
    this.options = options;
    this.report = new Report(options);
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = options.workDir() != null ? Files.createDirectories(options.workDir()) : Files.createTempDirectory("berth-bench-");
    ControlPlaneBench bench = new ControlPlaneBench(options);
    String markdown = "";
    try {
      String suite = options.suite();
      if (suite.equals("control") || suite.equals("all")) {
        bench.run(work);
        markdown = bench.report.markdown();
      }
      if (suite.equals("node") || suite.equals("all")) {
        String node = new NodeBench(options).run(work, Machine.describe(options.java(), options.javaOptions(), work));
        markdown = markdown.isEmpty() ? node : markdown + "\n" + node;
      }
      if (suite.equals("statefulset") || suite.equals("all")) {
        String sts = new StatefulSetBench(options).run(work, Machine.describe(options.java(), options.javaOptions(), work));
        markdown = markdown.isEmpty() ? sts : markdown + "\n" + sts;
      }
    } finally {
      if (!options.keep()) {
        deleteRecursively(work);
      }
    }
    System.out.println(markdown);
    if (options.out() != null) {
      Files.createDirectories(options.out().toAbsolutePath().getParent());
      Files.writeString(options.out(), markdown);
      progress("report written to " + options.out());
    }
  }

  private void run(Path work) throws Exception {
    report.machine(Machine.describe(options.java(), options.javaOptions(), work));
    startup(work);
    workload(work);
  }

  // ------------------------------------------------------------------ start-up

  /**
   * One unmeasured round first (file cache, the benchmark's own TLS classes), then per round: the
   * {@code java -version} baseline, {@code berth.jar --help}, a first start on a new data dir
   * (CA, serving certificate and token generated, store created, bootstrap objects written), a
   * SIGTERM stop, and a restart on the same dir.
   */
  private void startup(Path work) throws Exception {
    progress("start-up: 1 warm-up round + " + options.starts() + " measured rounds");
    startupRound(work.resolve("start-warmup"), false);
    for (int round = 1; round <= options.starts(); round++) {
      startupRound(work.resolve("start-" + round), true);
    }
  }

  private void startupRound(Path dataDir, boolean measured) throws Exception {
    long javaVersion = timeProcess(List.of("-version"));
    long jarHelp = timeProcess(List.of("-jar", options.jar().toString(), "--help"));
    ServerProcess first = ServerProcess.start(options.java(), options.javaOptions(), options.jar(), dataDir);
    long firstStop;
    try {
      firstStop = first.stop();
    } finally {
      first.close();
    }
    ServerProcess again = ServerProcess.start(options.java(), options.javaOptions(), options.jar(), dataDir);
    try {
      again.stop();
    } finally {
      again.close();
    }
    deleteRecursively(dataDir);
    if (measured) {
      report.startupRound(javaVersion, jarHelp, first.startup(), again.startup(), firstStop);
    }
  }

  private long timeProcess(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(options.java().toString());
    cmd.addAll(options.javaOptions());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(cmd + " did not finish in 60 s");
    }
    long elapsed = System.nanoTime() - t0;
    if (p.exitValue() != 0) {
      throw new IllegalStateException(cmd + " exited with " + p.exitValue());
    }
    return elapsed;
  }

  // ------------------------------------------------------------------ requests, memory, watch

  private void workload(Path work) throws Exception {
    Path dataDir = work.resolve("workload");
    int n = options.objects();
    ServerProcess server = ServerProcess.start(options.java(), options.javaOptions(), options.jar(), dataDir);
    try {
      progress("memory: " + options.idleSeconds() + " s idle after start");
      Thread.sleep(options.idleSeconds() * 1000L);
      report.memory("idle, " + options.idleSeconds() + " s after ready (empty store)", server.memory(jcmd(), false));

      try (KubernetesClient client = fabric8(server.kubeconfig())) {
        for (String ns : List.of(NS_SEQUENTIAL, NS_CONCURRENT, NS_WATCH, NS_WARMUP)) {
          client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        warmUp(client);

        Latencies.Recorder baseline = new Latencies.Recorder(2 * (n / BASELINE_EVERY + 1));
        progress("create: " + n + " ConfigMaps, one thread");
        report.operation(sequential("create", n, baseline, client,
            i -> client.configMaps().inNamespace(NS_SEQUENTIAL).resource(configMap(i)).create()));
        report.memory("after " + n + " sequential creates", server.memory(jcmd(), false));

        progress("create: " + n + " ConfigMaps, " + options.threads() + " threads");
        report.operation(concurrent("create", n, client,
            i -> client.configMaps().inNamespace(NS_CONCURRENT).resource(configMap(i)).create()));

        int[] order = shuffled(n, 42);
        progress("get: " + n + " ConfigMaps by name, one thread");
        report.operation(sequential("get", n, baseline, client, i -> {
          if (client.configMaps().inNamespace(NS_SEQUENTIAL).withName(name(order[i])).get() == null) {
            throw new IllegalStateException("get " + name(order[i]) + " found nothing");
          }
        }));
        progress("get: " + n + " ConfigMaps by name, " + options.threads() + " threads");
        report.operation(concurrent("get", n, client, i -> {
          if (client.configMaps().inNamespace(NS_SEQUENTIAL).withName(name(order[i])).get() == null) {
            throw new IllegalStateException("get " + name(order[i]) + " found nothing");
          }
        }));
        report.baseline(baseline.latencies());

        progress("list: all " + n + " ConfigMaps of one namespace, " + options.lists() + " times");
        report.operation(sequential("list (" + n + " items)", options.lists(), null, client, i -> {
          ConfigMapList list = client.configMaps().inNamespace(NS_SEQUENTIAL).list();
          if (list.getItems().size() != n) {
            throw new IllegalStateException("list returned " + list.getItems().size() + " items, expected " + n);
          }
        }));

        progress("list: the same through client.raw (JSON text, no model objects), " + options.lists() + " times");
        String path = "/api/v1/namespaces/" + NS_SEQUENTIAL + "/configmaps";
        long[] listBytes = new long[1];
        report.operation(sequential("list (" + n + " items), raw JSON text", options.lists(), null, client, i -> {
          String json = client.raw(path);
          if (json == null || !json.contains(name(n - 1))) {
            throw new IllegalStateException("raw list lacks " + name(n - 1));
          }
          listBytes[0] = json.length();
        }));
        report.listSize(n, listBytes[0]);

        progress("watch: " + options.watchEvents() + " creates observed through a watch");
        watch(client, server.kubeconfig());
      }
      report.memory("after the workload (" + (2 * n + options.watchEvents() + WARMUP_ROUNDS) + " ConfigMaps stored)", server.memory(jcmd(), false));
      report.fullStoreStop(server.stop());
    } catch (Exception | Error e) {
      System.err.println("bench: failed; the server's last output:\n" + String.join("\n", server.output()));
      throw e;
    } finally {
      server.close();
    }

    progress("restart on the full data dir");
    ServerProcess restarted = ServerProcess.start(options.java(), options.javaOptions(), options.jar(), dataDir);
    try {
      report.fullStoreRestart(restarted.startup());
      Thread.sleep(options.idleSeconds() * 1000L);
      report.memory("idle, " + options.idleSeconds() + " s after a restart on the full store", restarted.memory(jcmd(), false));
      report.memory("the same, after a full GC (`jcmd GC.run`): live heap", restarted.memory(jcmd(), true));
      restarted.stop();
    } finally {
      restarted.close();
    }
  }

  /** {@code jcmd} beside the server's {@code java}, for heap figures; null when there is none. */
  private Path jcmd() {
    Path j = options.java().resolveSibling("jcmd");
    return Files.isExecutable(j) ? j : null;
  }

  private static KubernetesClient fabric8(Path kubeconfig) throws IOException {
    return fabric8(kubeconfig, false);
  }

  /** @param onlyHttpWatches fabric8's switch from WebSocket watches (its default) to streaming HTTP GETs */
  private static KubernetesClient fabric8(Path kubeconfig, boolean onlyHttpWatches) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setRequestTimeout(30_000);
    // surface every error instead of hiding retries inside a latency sample
    config.setRequestRetryBackoffLimit(0);
    config.setOnlyHttpWatches(onlyHttpWatches);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Unmeasured: lets both JVMs compile the request paths the measured loops use. */
  private void warmUp(KubernetesClient client) {
    progress("warm-up: " + WARMUP_ROUNDS + " rounds of /version, create, get, list");
    for (int i = 0; i < WARMUP_ROUNDS; i++) {
      client.getKubernetesVersion();
      client.configMaps().inNamespace(NS_WARMUP).resource(configMap(i)).create();
      client.configMaps().inNamespace(NS_WARMUP).withName(name(i)).get();
      if (i % 50 == 0) {
        client.configMaps().inNamespace(NS_WARMUP).list();
      }
    }
  }

  @FunctionalInterface
  interface Op {
    void run(int i) throws Exception;
  }

  /**
   * {@code count} operations one after another on this thread. When {@code baseline} is given,
   * every {@value #BASELINE_EVERY}th operation is followed by a timed {@code GET /version} on the
   * same client, so the baseline sees the same machine load, heap and store size; those calls are
   * not part of the operation's samples or rate.
   */
  private static Report.Operation sequential(String name, int count, Latencies.Recorder baseline, KubernetesClient client, Op op) {
    Latencies.Recorder samples = new Latencies.Recorder(count);
    Errors errors = new Errors();
    long wallStart = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      try {
        op.run(i);
        samples.add(System.nanoTime() - t0);
      } catch (Exception e) {
        errors.add(e);
      }
      if (baseline != null && i % BASELINE_EVERY == 0) {
        long v0 = System.nanoTime();
        try {
          client.getKubernetesVersion();
          baseline.add(System.nanoTime() - v0);
        } catch (Exception e) {
          errors.add(e);
        }
      }
    }
    long wall = System.nanoTime() - wallStart;
    Latencies l = samples.latencies();
    double rate = l.isEmpty() ? 0 : l.sequentialRate();
    return new Report.Operation(name, 1, count, l, rate, wall, errors.count(), errors.first());
  }

  /** {@code count} operations over {@code threads} platform threads taking the next index from a shared counter; rate is count over wall time. */
  private Report.Operation concurrent(String name, int count, KubernetesClient client, Op op) throws Exception {
    int threads = options.threads();
    long[] nanos = new long[count];
    boolean[] ok = new boolean[count];
    AtomicInteger next = new AtomicInteger();
    Errors errors = new Errors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          start.await();
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            long t0 = System.nanoTime();
            try {
              op.run(i);
              nanos[i] = System.nanoTime() - t0;
              ok[i] = true;
            } catch (Exception e) {
              errors.add(e);
            }
          }
          return null;
        }));
      }
      long wallStart = System.nanoTime();
      start.countDown();
      for (Future<?> w : workers) {
        w.get(10, TimeUnit.MINUTES);
      }
      long wall = System.nanoTime() - wallStart;
      Latencies.Recorder samples = new Latencies.Recorder(count);
      for (int i = 0; i < count; i++) {
        if (ok[i]) {
          samples.add(nanos[i]);
        }
      }
      Latencies l = samples.latencies();
      return new Report.Operation(name, threads, count, l, l.count() / (wall / 1e9), wall, errors.count(), errors.first());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A watch on one namespace, then {@code watchEvents} creates one after another, each carrying
   * the {@code System.nanoTime()} it was sent at (same process, so the clocks agree). Reports
   * sent→received and acknowledged→received for the ADDED events; the latter is negative when
   * the event reached the watcher before the create's response reached the caller.
   */
  private void watch(KubernetesClient defaultClient, Path kubeconfig) throws Exception {
    String mode = "fabric8's default (WebSocket, falling back to HTTP on a 200/503 handshake answer)";
    String fallbackReason = null;
    Watch probe = null;
    try {
      probe = boundedWatch(defaultClient, NS_WATCH, new Watcher<ConfigMap>() {
        @Override
        public void eventReceived(Action action, ConfigMap resource) {}

        @Override
        public void onClose(WatcherException cause) {}
      });
    } catch (Exception e) {
      fallbackReason = e.getMessage();
    } finally {
      if (probe != null) {
        probe.close();
      }
    }
    if (fallbackReason == null) {
      watch(defaultClient, mode, null);
    } else {
      progress("watch: the default watch failed (" + fallbackReason + "); measuring with onlyHttpWatches=true");
      try (KubernetesClient httpWatches = fabric8(kubeconfig, true)) {
        watch(httpWatches, "streaming HTTP GET (`onlyHttpWatches=true`)", fallbackReason);
      }
    }
  }

  /**
   * {@code watch(watcher)} with a bound: fabric8 waits without limit for a watch to start, and a
   * server that never completes the WebSocket handshake would hang the run.
   */
  private static Watch boundedWatch(KubernetesClient client, String namespace, Watcher<ConfigMap> watcher) throws Exception {
    CompletableFuture<Watch> started = new CompletableFuture<>();
    Thread t = Thread.ofPlatform().daemon().name("bench-watch-start").start(() -> {
      try {
        started.complete(client.configMaps().inNamespace(namespace).watch(watcher));
      } catch (Throwable e) {
        started.completeExceptionally(e);
      }
    });
    try {
      return started.get(WATCH_START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      t.interrupt();
      throw new IllegalStateException("watch() had not returned after " + WATCH_START_TIMEOUT_SECONDS + " s", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("watch() failed: " + e.getCause(), e.getCause());
    }
  }

  private void watch(KubernetesClient client, String mode, String fallbackReason) throws Exception {
    int count = options.watchEvents();
    long[] sent = new long[count];
    long[] acked = new long[count];
    long[] received = new long[count];
    CountDownLatch all = new CountDownLatch(count);
    AtomicReference<CountDownLatch> sentinel = new AtomicReference<>(new CountDownLatch(1));
    AtomicInteger unexpected = new AtomicInteger();
    AtomicReference<String> closedWith = new AtomicReference<>();
    Watcher<ConfigMap> watcher = new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap cm) {
        long now = System.nanoTime();
        String name = cm.getMetadata().getName();
        if (name.startsWith("sentinel-")) {
          sentinel.get().countDown();
          return;
        }
        if (action != Action.ADDED || !name.startsWith("w-")) {
          unexpected.incrementAndGet();
          return;
        }
        int i = Integer.parseInt(name.substring(2));
        if (received[i] == 0) {
          received[i] = now;
          sent[i] = Long.parseLong(cm.getData().get("sentNanos"));
          all.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        closedWith.set(String.valueOf(cause));
      }
    };
    Errors errors = new Errors();
    try (Watch w = boundedWatch(client, NS_WATCH, watcher)) {
      // the watch is live once an object created after it was opened comes back through it
      boolean live = false;
      for (int attempt = 0; attempt < 5 && !live; attempt++) {
        sentinel.set(new CountDownLatch(1));
        client.configMaps().inNamespace(NS_WATCH).resource(new ConfigMapBuilder().withNewMetadata()
            .withName("sentinel-" + attempt).endMetadata().build()).create();
        live = sentinel.get().await(10, TimeUnit.SECONDS);
      }
      if (!live) {
        throw new IllegalStateException("the watch delivered no event for 5 sentinel creates");
      }
      for (int i = 0; i < count; i++) {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(String.format("w-%05d", i)).endMetadata()
            .addToData("payload", PAYLOAD).build();
        long t0 = System.nanoTime();
        cm.getData().put("sentNanos", Long.toString(t0));
        try {
          client.configMaps().inNamespace(NS_WATCH).resource(cm).create();
          acked[i] = System.nanoTime();
        } catch (Exception e) {
          errors.add(e);
          all.countDown();
        }
      }
      if (!all.await(60, TimeUnit.SECONDS)) {
        errors.add(new IllegalStateException(all.getCount() + " of " + count + " events not delivered within 60 s"));
      }
    }
    Latencies.Recorder fromSent = new Latencies.Recorder(count);
    Latencies.Recorder fromAck = new Latencies.Recorder(count);
    int beforeAck = 0;
    for (int i = 0; i < count; i++) {
      if (received[i] != 0 && acked[i] != 0) {
        fromSent.add(received[i] - sent[i]);
        fromAck.add(received[i] - acked[i]);
        if (received[i] < acked[i]) {
          beforeAck++;
        }
      }
    }
    report.watch(new Report.WatchResult(mode, fallbackReason, count, fromSent.latencies(), fromAck.latencies(), beforeAck,
        unexpected.get(), errors.count(), errors.first(), closedWith.get()));
  }

  // ------------------------------------------------------------------ vocabulary

  static String name(int i) {
    return String.format("cm-%05d", i);
  }

  /** A small ConfigMap: two labels, two data keys (one a 64-character payload); ≈600 bytes as the server returns it. */
  static ConfigMap configMap(int i) {
    return new ConfigMapBuilder().withNewMetadata().withName(name(i))
        .addToLabels("app", "bench").addToLabels("shard", Integer.toString(i % 10)).endMetadata()
        .addToData("index", Integer.toString(i)).addToData("payload", PAYLOAD).build();
  }

  static int[] shuffled(int n, long seed) {
    int[] a = new int[n];
    Arrays.setAll(a, i -> i);
    Random r = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  static void progress(String message) {
    System.err.println("bench: " + message);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    unmountBelow(dir);
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Lazily unmounts whatever is still mounted below {@code dir} (as root, pods' secret, projected and
   * Memory volumes are tmpfs mounts under {@code DATA/pods}), deepest first, so a work directory can
   * always be deleted.
   */
  static void unmountBelow(Path dir) throws IOException {
    Path mountinfo = Path.of("/proc/self/mountinfo");
    if (!Files.exists(mountinfo)) {
      return;
    }
    String prefix = dir.toAbsolutePath().normalize() + "/";
    List<String> points = Files.readAllLines(mountinfo).stream().map(l -> l.split(" ")[4])
        .filter(m -> m.startsWith(prefix)).sorted(Comparator.reverseOrder()).toList();
    for (String m : points) {
      try {
        new ProcessBuilder("umount", "-l", m).inheritIO().start().waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Counts failures and keeps the first one's message for the report. */
  static final class Errors {
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<String> first = new AtomicReference<>();

    void add(Exception e) {
      count.incrementAndGet();
      first.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    int count() {
      return count.get();
    }

    String first() {
      return first.get();
    }
  }
}
