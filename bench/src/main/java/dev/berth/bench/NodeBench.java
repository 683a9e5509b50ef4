package dev.berth.bench;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The node agent's benchmark ({@code --suite node}): pod create → Running and → Ready with the
 * fabric8 client, next to a bare {@code ProcessBuilder} start of the same command in the same
 * run; then a burst of pods at once, timed to all Running, with berth's RSS before and after and
 * the per-pod supervisors' RSS read separately. Asserts nothing; every wait is bounded.
 */
final class NodeBench {
  private static final String NS = "bench-node";
  private static final String NS_BURST = "bench-node-burst";
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Options options;
  private final StringBuilder md = new StringBuilder();
  private Path traceFile;
  /** With --trace: the measured pods' create-sent and Running-seen times, by name. */
  private final Map<String, long[]> traced = new TreeMap<>();

  NodeBench(Options options) {
    this.options = options;
  }

  record Seen(long running, long ready) {}

  String run(Path work, Machine machine) throws Exception {
    md.append("## berth node-agent benchmark\n\n");
    md.append("- date: ").append(machine.date()).append('\n');
    md.append("- berth: ").append(options.berthVersion()).append('\n');
    md.append("- machine: ").append(machine.cpus()).append(" CPUs (").append(machine.cpu()).append("), ")
        .append(machine.memory()).append(" RAM, Linux ").append(machine.kernel()).append('\n');
    md.append("- JDK: ").append(machine.jdk()).append("; server JVM options: `").append(String.join(" ", machine.javaOptions())).append("`\n");
    md.append("- load average at start: ").append(machine.loadAtStart()).append("\n\n");

    List<String> javaOptions = new ArrayList<>(options.javaOptions());
    if (options.trace()) {
      traceFile = work.resolve("pod-start-trace.txt");
      javaOptions.add("-Dberth.trace.podStart=" + traceFile);
    }
    ServerProcess server = ServerProcess.start(options.java(), javaOptions, options.jar(), work.resolve("node"));
    try (KubernetesClient client = fabric8(server.kubeconfig())) {
      for (String ns : List.of(NS, NS_BURST)) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
      }
      sequential(client);
      burst(client, server);
    } finally {
      server.awaitPodsTornDown(java.time.Duration.ofSeconds(30));
      server.stop();
      server.close();
    }
    return md.toString();
  }

  // ------------------------------------------------------------------ one pod at a time

  private void sequential(KubernetesClient client) throws Exception {
    int n = options.pods();
    ControlPlaneBench.progress("node: bare starts of sleep and true, " + n + " each (+3 warm-up)");
    long[] bareSleep = new long[n];
    long[] bareTrue = new long[n];
    for (int i = -3; i < n; i++) {
      long s = bareStart(List.of("sleep", "600"), false);
      long t = bareStart(List.of("true"), true);
      if (i >= 0) {
        bareSleep[i] = s;
        bareTrue[i] = t;
      }
    }
    Map<String, long[]> seen = new ConcurrentHashMap<>();
    Watch watch = client.pods().inNamespace(NS).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        long now = System.nanoTime();
        long[] s = seen.computeIfAbsent(pod.getMetadata().getName(), k -> new long[] {0, 0});
        synchronized (s) {
          if (s[0] == 0 && running(pod)) {
            s[0] = now;
          }
          if (s[1] == 0 && ready(pod)) {
            s[1] = now;
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    try {
      ControlPlaneBench.progress("node: " + n + " pods (sleep 600), one after another, + 3 warm-up");
      long[] running = new long[n];
      long[] ready = new long[n];
      long[] readyProbe = new long[n];
      for (int i = -3; i < n; i++) {
        String name = "p-" + (i + 3);
        long t0 = System.nanoTime();
        client.pods().inNamespace(NS).resource(pod(name, false)).create();
        long[] s = await(seen, name, false, t0);
        String nameR = "r-" + (i + 3);
        long t1 = System.nanoTime();
        client.pods().inNamespace(NS).resource(pod(nameR, true)).create();
        long[] r = await(seen, nameR, true, t1);
        if (i >= 0) {
          traced.put(NS + "/" + name, new long[] {t0, s[0]});
          running[i] = s[0] - t0;
          readyProbe[i] = r[0] - t1;
          ready[i] = r[1] - t1;
        }
        client.pods().inNamespace(NS).withName(name).withGracePeriod(0).delete();
        client.pods().inNamespace(NS).withName(nameR).withGracePeriod(0).delete();
      }
      Latencies bs = Latencies.of(bareSleep);
      Latencies bt = Latencies.of(bareTrue);
      Latencies lr = Latencies.of(running);
      Latencies lpr = Latencies.of(readyProbe);
      Latencies ly = Latencies.of(ready);
      md.append("### Pod start, one at a time (").append(n).append(" pods each; ms)\n\n");
      md.append("| measure | n | min | p50 | p99 | max | p50 − baseline p50 | p50 × baseline |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      row("bare `sleep 600`: ProcessBuilder.start() returned (baseline)", bs, null);
      row("bare `true`: start → exit (an exec probe run by hand)", bt, null);
      row("pod `sleep 600`: create sent → watch sees Running", lr, bs);
      row("pod with exec readiness probe `true`, periodSeconds 1: create → Running", lpr, bs);
      row("the same pod: create → watch sees Ready=True", ly, bs);
      md.append('\n');
      long overhead = lr.p50() - bs.p50();
      md.append("- Running overhead over the bare start, p50: ").append(ms(overhead)).append(" ms (target under 50 ms: ")
          .append(overhead < 50_000_000L ? "met" : "**not met**").append(")\n");
      md.append("- Ready − Running for the probed pod, p50: ").append(ms(ly.p50() - lpr.p50()))
          .append(" ms (the wait for the first exec probe and its run; upstream lets the first probe come up to one period, here 1 s, after the start)\n\n");
    } finally {
      watch.close();
    }
    waitGone(client, NS);
    if (traceFile != null) {
      traceBreakdown();
    }
  }

  /**
   * With --trace: the server's marks for each measured {@code sleep} pod (berth's {@code
   * PodStartTrace}, on the same monotonic clock as this JVM's {@code System.nanoTime()}), as the
   * median time after the create was sent at which each step was reached, in order.
   */
  private void traceBreakdown() throws IOException {
    Map<String, List<Long>> at = new java.util.LinkedHashMap<>();
    int pods = 0;
    for (String line : Files.readAllLines(traceFile)) {
      String[] f = line.trim().split(" ");
      long[] mine = traced.get(f[0]);
      if (mine == null || f.length < 2 || !f[1].startsWith("t0=")) {
        continue;
      }
      pods++;
      long t0 = Long.parseLong(f[1].substring(3));
      at.computeIfAbsent("create sent (client)", k -> new ArrayList<>()).add(0L);
      java.util.Set<String> once = new java.util.HashSet<>();
      for (int i = 2; i < f.length; i++) {
        String label = f[i].substring(0, f[i].indexOf("=+"));
        double msAfter = Double.parseDouble(f[i].substring(f[i].indexOf("=+") + 2));
        if (once.add(label)) {
          at.computeIfAbsent(label, k -> new ArrayList<>()).add(t0 + (long) (msAfter * 1e6) - mine[0]);
        }
      }
      at.computeIfAbsent("watch sees Running (client)", k -> new ArrayList<>()).add(mine[1] - mine[0]);
    }
    record Step(String label, int n, long p50) {}
    List<Step> steps = new ArrayList<>();
    at.forEach((label, v) -> steps.add(new Step(label, v.size(), Latencies.of(v.stream().mapToLong(Long::longValue).toArray()).p50())));
    steps.sort(java.util.Comparator.comparingLong(Step::p50));
    md.append("### Where a pod's start goes (`--trace`: ").append(pods).append(" `sleep` pods; ms after the create was sent, p50 per step)\n\n");
    md.append("| step | n | p50 after create sent | p50 minus the step above |\n| --- | ---: | ---: | ---: |\n");
    long prev = 0;
    for (Step s : steps) {
      md.append("| ").append(s.label()).append(" | ").append(s.n()).append(" | ").append(ms(s.p50())).append(" | ")
          .append(ms(s.p50() - prev)).append(" |\n");
      prev = s.p50();
    }
    md.append("\nSteps are berth's `PodStartTrace` marks (`-Dberth.trace.podStart`); a step that ran on another thread")
        .append(" (`…Concurrent`) overlaps its neighbours, and medians of different steps need not add up.\n\n");
  }

  private static long[] await(Map<String, long[]> seen, String name, boolean needReady, long t0) throws InterruptedException {
    while (System.nanoTime() - t0 < WAIT_NANOS) {
      long[] s = seen.get(name);
      if (s != null) {
        synchronized (s) {
          if (s[0] != 0 && (!needReady || s[1] != 0)) {
            return s.clone();
          }
        }
      }
      Thread.sleep(0, 200_000);
    }
    throw new IllegalStateException("pod " + name + " not " + (needReady ? "Ready" : "Running") + " within 60 s");
  }

  private static long bareStart(List<String> cmd, boolean toExit) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    Process p = pb.start();
    long elapsed;
    if (toExit) {
      p.waitFor(10, TimeUnit.SECONDS);
      elapsed = System.nanoTime() - t0;
    } else {
      elapsed = System.nanoTime() - t0;
    }
    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    return elapsed;
  }

  // ------------------------------------------------------------------ burst

  private void burst(KubernetesClient client, ServerProcess server) throws Exception {
    int n = options.burst();
    Thread.sleep(2000);
    long before = rssKib(server.pid());
    ControlPlaneBench.progress("node: burst of " + n + " pods (sleep 600), 4 threads");
    Map<String, Long> runningAt = new ConcurrentHashMap<>();
    Watch watch = client.pods().inNamespace(NS_BURST).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        if (running(pod)) {
          runningAt.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    long t0;
    long createdAt;
    long allRunning;
    try {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      t0 = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = "b-" + i;
        fs.add(pool.submit(() -> client.pods().inNamespace(NS_BURST).resource(pod(name, false)).create()));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
      createdAt = System.nanoTime();
      pool.shutdown();
      long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
      while (runningAt.size() < n && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      allRunning = runningAt.values().stream().mapToLong(Long::longValue).max().orElse(t0) - t0;
    } finally {
      watch.close();
    }
    int runningCount = runningAt.size();
    Thread.sleep(2000);
    long after = rssKib(server.pid());
    Map<String, long[]> desc = descendants(server.pid());
    ControlPlaneBench.progress("node: deleting the burst (background, grace 0)");
    long d0 = System.nanoTime();
    client.pods().inNamespace(NS_BURST).withPropagationPolicy(DeletionPropagation.BACKGROUND).withGracePeriod(0).delete();
    long goneAfter = waitGone(client, NS_BURST);
    long procDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int left;
    while ((left = ProcessHandle.of(server.pid()).map(h -> (int) h.descendants().count()).orElse(0)) > 0 && System.nanoTime() < procDeadline) {
      Thread.sleep(20);
    }
    long procsGone = System.nanoTime() - d0;

    md.append("### Burst: ").append(n).append(" pods of `sleep 600` created at once (4 client threads)\n\n");
    md.append("| measure | value |\n| --- | ---: |\n");
    md.append("| all creates answered | ").append(ms(createdAt - t0)).append(" ms |\n");
    md.append("| all ").append(n).append(" seen Running by the watch | ").append(runningCount == n ? ms(allRunning) + " ms" : "**only " + runningCount + " in 120 s**").append(" |\n");
    md.append("| berth server VmRSS before (idle, after the sequential part) | ").append(mb(before)).append(" MB |\n");
    md.append("| berth server VmRSS with ").append(runningCount).append(" pods running (2 s after) | ").append(mb(after)).append(" MB |\n");
    double perPod = (after - before) * 1024.0 / 1e6 / Math.max(1, runningCount);
    md.append("| berth RSS delta per running pod | ").append(String.format(Locale.ROOT, "%.3f", perPod)).append(" MB (target under 1 MB: ")
        .append(perPod < 1.0 ? "met" : "**not met**").append(") |\n");
    for (Map.Entry<String, long[]> e : desc.entrySet()) {
      long[] v = e.getValue();
      md.append("| processes under berth named `").append(e.getKey()).append("`: ").append(v[0]).append(", VmRSS total / each | ")
          .append(mb(v[1])).append(" MB / ").append(String.format(Locale.ROOT, "%.2f", v[1] * 1024.0 / 1e6 / v[0])).append(" MB |\n");
      md.append("| the same `").append(e.getKey()).append("` processes, Pss (shared pages divided) total / each | ")
          .append(mb(v[2])).append(" MB / ").append(String.format(Locale.ROOT, "%.2f", v[2] * 1024.0 / 1e6 / v[0])).append(" MB |\n");
    }
    md.append("| delete (background, grace 0) → list empty | ").append(goneAfter < 0 ? "**not empty in 60 s**" : ms(goneAfter) + " ms").append(" |\n");
    md.append("| delete → no process left under berth | ").append(left == 0 ? ms(procsGone) + " ms" : "**" + left + " left after 60 s**").append(" |\n\n");
    md.append("VmRSS from `/proc/PID/status`, MB = 10⁶ bytes; VmRSS counts shared pages (the `perl` and `sleep` binaries, libc) in every process; Pss, from `/proc/PID/smaps_rollup`, divides them among the processes sharing them.\n");
  }

  /** Nanoseconds until the namespace lists no pods, or -1 after 60 s. */
  private static long waitGone(KubernetesClient client, String ns) throws InterruptedException {
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < WAIT_NANOS) {
      if (client.pods().inNamespace(ns).list().getItems().isEmpty()) {
        return System.nanoTime() - t0;
      }
      Thread.sleep(50);
    }
    return -1;
  }

  private static Map<String, long[]> descendants(long pid) {
    Map<String, long[]> byName = new TreeMap<>();
    ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> {
      String name = d.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?");
      long rss = rssKib(d.pid());
      if (rss >= 0) {
        long[] v = byName.computeIfAbsent(name, k -> new long[3]);
        v[0]++;
        v[1] += rss;
        v[2] += pssKib(d.pid());
      }
    }));
    return byName;
  }

  /** Proportional set size (shared pages divided among their sharers), from {@code /proc/PID/smaps_rollup}; 0 if unreadable. */
  private static long pssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
        if (line.startsWith("Pss:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // gone or not readable
    }
    return 0;
  }

  private static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // gone
    }
    return -1;
  }

  // ------------------------------------------------------------------ helpers

  private static boolean running(Pod pod) {
    if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
      return false;
    }
    List<ContainerStatus> cs = pod.getStatus().getContainerStatuses();
    return cs != null && !cs.isEmpty() && cs.stream().allMatch(c -> c.getState() != null && c.getState().getRunning() != null);
  }

  private static boolean ready(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
        return true;
      }
    }
    return false;
  }

  private static Pod pod(String name, boolean probe) {
    var c = new PodBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withTerminationGracePeriodSeconds(0L).addNewContainer().withName("c").withImage("busybox")
        .withCommand("sleep", "600");
    if (probe) {
      c = c.withNewReadinessProbe().withNewExec().withCommand("true").endExec().withPeriodSeconds(1).endReadinessProbe();
    }
    return c.endContainer().endSpec().build();
  }

  private void row(String what, Latencies l, Latencies base) {
    md.append("| ").append(what).append(" | ").append(l.count()).append(" | ").append(ms(l.min())).append(" | ").append(ms(l.p50()))
        .append(" | ").append(ms(l.p99())).append(" | ").append(ms(l.max())).append(" | ")
        .append(base == null ? "–" : ms(l.p50() - base.p50())).append(" | ")
        .append(base == null ? "–" : String.format(Locale.ROOT, "%.1f", (double) l.p50() / base.p50())).append(" |\n");
  }

  private static String ms(long nanos) {
    return Report.ms(nanos);
  }

  private static String mb(long kib) {
    return String.format(Locale.ROOT, "%.1f", kib * 1024 / 1e6);
  }

  private static KubernetesClient fabric8(Path kubeconfig) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setRequestTimeout(30_000);
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
