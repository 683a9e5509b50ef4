package dev.berth.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The StatefulSet controller's benchmark ({@code --suite statefulset}): {@code kubectl apply} of a
 * set to all its pods Ready, for a few replica counts, {@code OrderedReady} and {@code Parallel},
 * with an exec readiness probe {@code true} at {@code periodSeconds: 1} and at the default 10 s;
 * then a rolling update of a set. Each figure is set next to the sum of the bare process starts
 * (the container's command and one run of the probe's {@code true}, per pod) measured just before
 * it in the same run. Asserts nothing; every wait is bounded.
 */
final class StatefulSetBench {
  private static final String NS = "bench-sts";
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(300);

  private final Options options;
  private final StringBuilder md = new StringBuilder();
  private Path kubeconfig;

  StatefulSetBench(Options options) {
    this.options = options;
  }

  /** What the watches saw of one pod: first seen (created), Running, Ready; 0 = not yet. */
  private static final class PodTimes {
    long created;
    long running;
    long ready;
  }

  /** Watches of the namespace's pods and sets, recording when each pod and each set status was first seen in each state. */
  private static final class Recorder implements AutoCloseable {
    final Map<String, PodTimes> pods = new ConcurrentHashMap<>();
    volatile StatefulSetStatus lastStatus;
    volatile long lastStatusAt;
    final Watch podWatch;
    final Watch setWatch;

    Recorder(KubernetesClient client) {
      podWatch = client.pods().inNamespace(NS).watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Pod pod) {
          long now = System.nanoTime();
          if (action == Action.DELETED) {
            return;
          }
          PodTimes t = pods.computeIfAbsent(pod.getMetadata().getUid(), k -> new PodTimes());
          synchronized (t) {
            if (t.created == 0) {
              t.created = now;
            }
            if (t.running == 0 && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
              t.running = now;
            }
            if (t.ready == 0 && ready(pod)) {
              t.ready = now;
            }
          }
        }

        @Override
        public void onClose(WatcherException cause) {}
      });
      setWatch = client.apps().statefulSets().inNamespace(NS).watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, StatefulSet set) {
          if (action != Action.DELETED && set.getStatus() != null) {
            lastStatusAt = System.nanoTime();
            lastStatus = set.getStatus();
          }
        }

        @Override
        public void onClose(WatcherException cause) {}
      });
    }

    void reset() {
      pods.clear();
      lastStatus = null;
    }

    @Override
    public void close() {
      podWatch.close();
      setWatch.close();
    }
  }

  String run(Path work, Machine machine) throws Exception {
    md.append("## berth StatefulSet benchmark\n\n");
    md.append("- date: ").append(machine.date()).append('\n');
    md.append("- berth: ").append(options.berthVersion()).append('\n');
    md.append("- machine: ").append(machine.cpus()).append(" CPUs (").append(machine.cpu()).append("), ")
        .append(machine.memory()).append(" RAM, Linux ").append(machine.kernel()).append('\n');
    md.append("- JDK: ").append(machine.jdk()).append("; server JVM options: `").append(String.join(" ", machine.javaOptions())).append("`\n");
    md.append("- kubectl: ").append(kubectlVersion()).append('\n');
    md.append("- load average at start: ").append(machine.loadAtStart()).append("\n\n");

    ServerProcess server = ServerProcess.start(options.java(), options.javaOptions(), options.jar(), work.resolve("statefulset"));
    kubeconfig = server.kubeconfig();
    try (KubernetesClient client = fabric8(server.kubeconfig())) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
      try (Recorder rec = new Recorder(client)) {
        ControlPlaneBench.progress("statefulset: warm-up (one set of 3, Parallel, period 1)");
        applyToReady(client, rec, "warmup", 3, "Parallel", 1);
        delete(client, rec, "warmup", server);
        md.append("### `kubectl apply` → every pod Ready (ms)\n\n");
        md.append("Baseline: the sum, over the set's pods, of one bare `ProcessBuilder.start()` of `sleep 600` and one bare run of `true` "
            + "(start → exit), measured just before each row. `kubectl` alone: the `kubectl apply` process, start → exit.\n\n");
        md.append("| replicas | policy | probe period | `kubectl` alone | apply → all pods Ready | apply → `status.readyReplicas` = n "
            + "| baseline (sum of bare starts) | Ready ÷ baseline | per pod: created → Running p50 | Running → Ready p50 / max | Ready → next created p50 (OrderedReady) |\n");
        md.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        int i = 0;
        for (int n : options.stsReplicas()) {
          for (String policy : List.of("OrderedReady", "Parallel")) {
            for (int period : new int[] {1, 0}) {
              String name = "s" + (i++);
              ControlPlaneBench.progress("statefulset: " + n + " replicas, " + policy + ", period " + (period == 0 ? "default" : period));
              long base = baseline(n);
              Result r = applyToReady(client, rec, name, n, policy, period);
              md.append("| ").append(n).append(" | ").append(policy).append(" | ").append(period == 0 ? "10 s (default)" : period + " s")
                  .append(" | ").append(ms(r.kubectl)).append(" | ").append(r.podsReady < 0 ? "**not Ready in 300 s**" : ms(r.podsReady))
                  .append(" | ").append(r.statusReady < 0 ? "–" : ms(r.statusReady)).append(" | ").append(ms(base))
                  .append(" | ").append(r.podsReady < 0 ? "–" : String.format(Locale.ROOT, "%.1f", (double) r.podsReady / base))
                  .append(" | ").append(ms(r.createdToRunning)).append(" | ").append(ms(r.runningToReady)).append(" / ").append(ms(r.runningToReadyMax)).append(" | ")
                  .append(n > 1 && policy.equals("OrderedReady") ? ms(r.readyToNext) : "–").append(" |\n");
              delete(client, rec, name, server);
            }
          }
        }
        md.append('\n');
        rollingUpdate(client, rec, server);
      }
    } finally {
      server.awaitPodsTornDown(java.time.Duration.ofSeconds(30));
      server.stop();
      server.close();
    }
    return md.toString();
  }

  private record Result(long kubectl, long podsReady, long statusReady, long createdToRunning, long runningToReady, long runningToReadyMax,
      long readyToNext) {}

  private Result applyToReady(KubernetesClient client, Recorder rec, String name, int n, String policy, int period) throws Exception {
    return applyToReady(client, rec, name, n, policy, period, SLEEP);
  }

  private Result applyToReady(KubernetesClient client, Recorder rec, String name, int n, String policy, int period, String command)
      throws Exception {
    rec.reset();
    String yaml = manifest(name, n, policy, period, "busybox:1", command);
    long t0 = System.nanoTime();
    long kubectl = kubectl(yaml, "apply", "-f", "-");
    long deadline = t0 + WAIT_NANOS;
    long podsReady = -1;
    long statusReady = -1;
    while (System.nanoTime() < deadline) {
      if (podsReady < 0 && rec.pods.size() == n && rec.pods.values().stream().allMatch(t -> t.ready != 0)) {
        podsReady = rec.pods.values().stream().mapToLong(t -> t.ready).max().orElseThrow() - t0;
      }
      StatefulSetStatus s = rec.lastStatus;
      if (statusReady < 0 && s != null && Objects.equals(s.getReadyReplicas(), n)) {
        statusReady = rec.lastStatusAt - t0;
      }
      if (podsReady >= 0 && statusReady >= 0) {
        break;
      }
      Thread.sleep(2);
    }
    List<PodTimes> times = new ArrayList<>(rec.pods.values());
    times.sort((a, b) -> Long.compare(a.created, b.created));
    long[] toRunning = times.stream().filter(t -> t.running != 0).mapToLong(t -> t.running - t.created).toArray();
    long[] toReady = times.stream().filter(t -> t.ready != 0 && t.running != 0).mapToLong(t -> t.ready - t.running).toArray();
    long[] toNext = new long[Math.max(0, times.size() - 1)];
    for (int i = 1; i < times.size(); i++) {
      toNext[i - 1] = times.get(i).created - times.get(i - 1).ready;
    }
    long readyMax = Arrays.stream(toReady).max().orElse(0);
    return new Result(kubectl, podsReady, statusReady, p50(toRunning), p50(toReady), readyMax, p50(toNext));
  }

  private void rollingUpdate(KubernetesClient client, Recorder rec, ServerProcess server) throws Exception {
    int n = options.stsUpdate();
    md.append("### Rolling update of ").append(n).append(" replicas, OrderedReady (ms)\n\n");
    md.append("A template change (`kubectl set image`) of a set whose pods are all Ready, until `status.updatedReplicas` = "
        + "`readyReplicas` = n, `currentRevision` = `updateRevision` and `observedGeneration` is the new generation. "
        + "`terminationGracePeriodSeconds: 0`. Container: `sleep 600`, which as the init of its PID namespace ignores SIGTERM, so "
        + "each old pod is killed only after the 2 s minimum stop window (upstream's `minimumGracePeriodInSeconds`), or a shell "
        + "that exits on SIGTERM. Baseline: the sum, over the pods, of a bare replacement (SIGKILL of a running `sleep 600` and its "
        + "exit, a new start, one run of `true`), measured just before.\n\n");
    md.append("| container | probe period | `kubectl` alone | set image → rolled out | baseline (sum of bare replacements) | ÷ baseline | per pod |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    record Case(String label, String command, int period) {}
    List<Case> cases = List.of(new Case("`sleep 600`", SLEEP, 1), new Case("shell, exits on SIGTERM", TRAP, 1),
        new Case("shell, exits on SIGTERM", TRAP, 0));
    int i = 0;
    for (Case c : cases) {
      String name = "u" + (i++);
      ControlPlaneBench.progress("statefulset: rolling update of " + n + ", " + c.label() + ", period " + (c.period() == 0 ? "default" : c.period()));
      applyToReady(client, rec, name, n, "OrderedReady", c.period(), c.command());
      rec.reset();
      long base = bareReplacements(n);
      long before = client.apps().statefulSets().inNamespace(NS).withName(name).get().getMetadata().getGeneration();
      long t0 = System.nanoTime();
      long kubectl = kubectl(null, "set", "image", "statefulset/" + name, "c=busybox:2", "-n", NS);
      long done = -1;
      while (System.nanoTime() - t0 < WAIT_NANOS) {
        StatefulSetStatus s = rec.lastStatus;
        if (s != null && s.getObservedGeneration() != null && s.getObservedGeneration() > before && Objects.equals(s.getUpdatedReplicas(), n)
            && Objects.equals(s.getReadyReplicas(), n) && s.getUpdateRevision() != null && s.getUpdateRevision().equals(s.getCurrentRevision())) {
          done = rec.lastStatusAt - t0;
          break;
        }
        Thread.sleep(2);
      }
      md.append("| ").append(c.label()).append(" | ").append(c.period() == 0 ? "10 s (default)" : c.period() + " s").append(" | ")
          .append(ms(kubectl)).append(" | ").append(done < 0 ? "**not done in 300 s**" : ms(done)).append(" | ").append(ms(base))
          .append(" | ").append(done < 0 ? "–" : String.format(Locale.ROOT, "%.1f", (double) done / base)).append(" | ")
          .append(done < 0 ? "–" : ms(done / n)).append(" |\n");
      delete(client, rec, name, server);
    }
    md.append('\n');
  }

  /** The sum of n × (bare start of {@code sleep 600} + bare run of {@code true}), one after another. */
  private static long baseline(int n) throws Exception {
    long sum = 0;
    List<Process> started = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        started.add(new ProcessBuilder("sleep", "600").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        sum += System.nanoTime() - t0;
        sum += runTrue();
      }
    } finally {
      for (Process p : started) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    return sum;
  }

  /** The sum of n × (SIGKILL of a running {@code sleep 600} and its exit, a new start, a run of {@code true}). */
  private static long bareReplacements(int n) throws Exception {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      Process old = new ProcessBuilder("sleep", "600").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      long t0 = System.nanoTime();
      old.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Process p = new ProcessBuilder("sleep", "600").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      sum += System.nanoTime() - t0;
      sum += runTrue();
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    return sum;
  }

  private static long runTrue() throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("true").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.waitFor(10, TimeUnit.SECONDS);
    return System.nanoTime() - t0;
  }

  /** Deletes the set in the foreground and waits until its pods are gone and no process is left under the server. */
  private static void delete(KubernetesClient client, Recorder rec, String name, ServerProcess server) throws Exception {
    client.apps().statefulSets().inNamespace(NS).withName(name)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND).delete();
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(120)) {
      boolean noPods = client.pods().inNamespace(NS).list().getItems().isEmpty();
      long procs = ProcessHandle.of(server.pid()).map(h -> h.descendants().count()).orElse(0L);
      if (noPods && procs == 0 && client.apps().statefulSets().inNamespace(NS).withName(name).get() == null) {
        break;
      }
      Thread.sleep(50);
    }
    rec.reset();
    Thread.sleep(1000);
  }

  /** {@code sleep 600}, which as its PID namespace's init ignores SIGTERM (killed after the 2 s stop window). */
  private static final String SLEEP = "[sleep, \"600\"]";
  /** A shell that exits at once on SIGTERM, as a well-behaved server does. */
  private static final String TRAP = "[sh, -c, 'trap \"exit 0\" TERM; sleep 600 & wait']";

  private static String manifest(String name, int n, String policy, int period, String image) {
    return manifest(name, n, policy, period, image, SLEEP);
  }

  private static String manifest(String name, int n, String policy, int period, String image, String command) {
    return """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: %1$s, namespace: %6$s}
        spec:
          replicas: %2$d
          podManagementPolicy: %3$s
          serviceName: %1$s
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec:
              terminationGracePeriodSeconds: 0
              containers:
              - name: c
                image: %5$s
                command: %7$s
                readinessProbe:
                  exec: {command: ["true"]}
        %4$s
        """.formatted(name, n, policy, period == 0 ? "" : "          periodSeconds: " + period, image, NS, command);
  }

  /** Runs kubectl against the server (stdin {@code input} if not null); nanoseconds from start to exit. */
  private long kubectl(String input, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(Arrays.asList(args));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (input != null) {
      p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return System.nanoTime() - t0;
  }

  private static String kubectlVersion() {
    try {
      Process p = new ProcessBuilder("kubectl", "version", "--client", "-o", "json").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(20, TimeUnit.SECONDS);
      var m = java.util.regex.Pattern.compile("\"gitVersion\":\\s*\"([^\"]+)\"").matcher(out);
      return m.find() ? m.group(1) : "unknown";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
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

  private static long p50(long[] values) {
    if (values.length == 0) {
      return 0;
    }
    return Latencies.of(values).p50();
  }

  private static String ms(long nanos) {
    return Report.ms(nanos);
  }

  private static KubernetesClient fabric8(Path kubeconfig) throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setRequestTimeout(30_000);
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
