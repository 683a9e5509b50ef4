package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the StatefulSet integration tests share, in the shape of upstream's e2e framework ({@code
 * spec/statefulset.md} §15.1): a set whose readiness can be broken per pod, waits on its status
 * and pods, the pod processes under the server.
 *
 * <p>Breaking a probe: upstream moves {@code index.html} away from an httpd pod through {@code
 * exec}; berth has no {@code exec}, so every pod's readiness probe is {@code test ! -e
 * FLAGS/broken-$(hostname)} (the probe runs in the pod's UTS namespace, so {@code hostname} is the
 * pod name) and a test creates or removes that file. {@code periodSeconds: 1}, {@code
 * failureThreshold: 1}: a pod turns NotReady or Ready within about a second; {@code timeoutSeconds:
 * 10}, so a probe slowed down by a loaded machine does not flip a pod NotReady.
 */
abstract class StatefulSetFixture extends ServerFixture {
  /** A container that ends at once on SIGTERM (upstream's pause/httpd do too). */
  static final String HOLD = "trap 'exit 0' TERM; sleep 3600 & wait";

  static Path flags;

  @BeforeAll
  static void makeFlagsDir() throws IOException {
    flags = Files.createDirectories(server.dataDir.resolve("probe-flags"));
  }

  /**
   * A StatefulSet {@code name} with {@code replicas} pods labelled {@code app: name}, one
   * container {@code c} (image {@code busybox:1}, {@link #HOLD}) with the breakable probe;
   * {@code spec} lines are added under {@code spec:} (indented by two), {@code annotations} under
   * {@code metadata.annotations} (a flow map's inside, or empty).
   */
  static String statefulSet(String name, int replicas, String spec, String annotations) {
    String extra = spec.isBlank() ? "" : spec.stripTrailing().indent(2);
    return """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: %1$s
          annotations: {%4$s}
        spec:
          replicas: %2$d
          serviceName: test
          selector: {matchLabels: {app: %1$s}}
        %3$s  template:
            metadata: {labels: {app: %1$s}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: c
                image: busybox:1
                command: [sh, -c, "%5$s"]
                readinessProbe:
                  exec: {command: [sh, -c, 'test ! -e %6$s/broken-$(hostname)']}
                  periodSeconds: 1
                  failureThreshold: 1
                  timeoutSeconds: 10
        """.formatted(name, replicas, extra, annotations, HOLD, flags);
  }

  static String statefulSet(String name, int replicas) {
    return statefulSet(name, replicas, "", "");
  }

  /** Fails the test with {@code what} unless {@code condition} holds within {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    try {
      assertThat(eventually(timeout, condition)).as("within %s: %s", timeout, what).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void await(String what, BooleanSupplier condition) {
    await(what, Duration.ofSeconds(60), condition);
  }

  /** {@code kubectl get RESOURCE NAME -o jsonpath=PATH}. */
  static String jp(String resource, String name, String path) {
    return k("get", resource, name, "-o", "jsonpath=" + path);
  }

  static String status(String set, String field) {
    return jp("sts", set, "{.status." + field + "}");
  }

  static void breakProbe(String pod) throws IOException {
    Files.writeString(flags.resolve("broken-" + pod), "");
  }

  static void restoreProbe(String pod) throws IOException {
    Files.deleteIfExists(flags.resolve("broken-" + pod));
  }

  /** The set's pods that exist (terminating ones too), by name, as {@code kubectl get pods -l app=SET} lists them. */
  static List<String> podNames(String set) {
    String out = k("get", "pods", "-l", "app=" + set, "-o", "jsonpath={.items[*].metadata.name}");
    return out.isBlank() ? List.of() : Arrays.asList(out.trim().split(" "));
  }

  /** Pods of the set, sampled cheaply through fabric8 (for tight loops). */
  static int podCount(String set) {
    return fabric8.pods().inNamespace("default").withLabel("app", set).list().getItems().size();
  }

  static boolean isReady(String pod) {
    Kubectl.Result r = kr("get", "pod", pod, "-o", "jsonpath={.status.phase}/{.status.conditions[?(@.type==\"Ready\")].status}");
    return r.ok() && r.out().equals("Running/True");
  }

  static boolean isRunningAndNotReady(String pod) {
    Kubectl.Result r = kr("get", "pod", pod, "-o", "jsonpath={.status.phase}/{.status.conditions[?(@.type==\"Ready\")].status}");
    return r.ok() && r.out().equals("Running/False");
  }

  /** Exactly {@code n} pods of the set exist and every one is Running and Ready (upstream's WaitForRunningAndReady). */
  static void awaitRunningAndReady(String set, int n) {
    await(n + " pods of " + set + " Running and Ready", Duration.ofSeconds(90), () -> {
      String out = k("get", "pods", "-l", "app=" + set, "-o",
          "jsonpath={range .items[*]}{.metadata.deletionTimestamp}{.status.phase}/{.status.conditions[?(@.type==\"Ready\")].status} {end}");
      List<String> states = out.isBlank() ? List.of() : Arrays.asList(out.trim().split(" "));
      return states.size() == n && states.stream().allMatch("Running/True"::equals);
    });
  }

  /** Upstream's waitForStatus: the controller has seen the set's latest spec. */
  static void awaitObserved(String set) {
    await(set + " observed", () -> {
      String[] g = jp("sts", set, "{.metadata.generation} {.status.observedGeneration}").split(" ");
      return g.length == 2 && Long.parseLong(g[1]) >= Long.parseLong(g[0]);
    });
  }

  /** Upstream's waitForRollingUpdate: all replicas exist and the update revision is the current one. */
  static void awaitRollingUpdate(String set, int replicas) {
    await(set + " rolled out", Duration.ofSeconds(90), () -> {
      String[] s = jp("sts", set, "{.status.currentRevision} {.status.updateRevision} {.status.replicas} {.status.readyReplicas}").split(" ");
      return s.length == 4 && s[0].equals(s[1]) && s[2].equals(String.valueOf(replicas)) && s[3].equals(String.valueOf(replicas))
          && podNames(set).size() == replicas;
    });
  }

  static String revisionOf(String pod) {
    return jp("pod", pod, "{.metadata.labels.controller-revision-hash}");
  }

  static String imageOf(String pod) {
    return jp("pod", pod, "{.spec.containers[0].image}");
  }

  static String uidOf(String resource, String name) {
    return jp(resource, name, "{.metadata.uid}");
  }

  /** Messages of the events about {@code object}, oldest first, with their reasons: {@code REASON: message}. */
  static List<String> events(String object) {
    return eventsWhere("involvedObject.name=" + object);
  }

  /** As {@link #events(String)}, for the events {@code fieldSelector} selects, e.g. {@code involvedObject.uid=…}. */
  static List<String> eventsWhere(String fieldSelector) {
    String out = k("get", "events", "--field-selector", fieldSelector, "--sort-by=.lastTimestamp", "-o",
        "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}");
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  /**
   * Pids of the container processes' supervisors of {@code pod} under the server (named {@code
   * berth-shim default/POD/CONTAINER#N}).
   */
  static List<Long> shimsOf(String pod) {
    List<Long> out = new ArrayList<>();
    ProcessHandle.of(server.pid()).ifPresent(h -> h.descendants().forEach(p -> {
      try {
        String cmd = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")), StandardCharsets.UTF_8);
        if (cmd.startsWith("berth-shim default/" + pod + "/")) {
          out.add(p.pid());
        }
      } catch (IOException e) {
        // gone meanwhile
      }
    }));
    return out;
  }

  /** Records the names of the set's pods in the order a watch delivers {@code action} for them; close the watch after. */
  static Watch recordPods(String set, Watcher.Action action, List<String> into) {
    return fabric8.pods().inNamespace("default").withLabel("app", set).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action a, Pod pod) {
        if (a == action) {
          into.add(pod.getMetadata().getName());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
  }

  static List<String> newList() {
    return new CopyOnWriteArrayList<>();
  }

  /**
   * After each test, passed or not: every set deleted (foreground: their pods first), any pod left
   * deleted, the probes restored. Pod processes outlive the server, so none may be left running.
   */
  @AfterEach
  void deleteSetsAndPods() throws IOException {
    kr("delete", "sts", "--all", "--cascade=foreground", "--timeout=60s");
    kr("delete", "pods", "--all", "--grace-period=1", "--timeout=60s");
    try (var files = Files.list(flags)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
