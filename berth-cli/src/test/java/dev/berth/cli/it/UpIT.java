package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth up} as a user runs it: a child process on a temp data dir that starts its own
 * server, applies a manifest, reports the pod ready, serves kubectl, and on SIGTERM stops the pod
 * (its process is gone) and the server while the data dir stays.
 */
class UpIT {
  @TempDir
  Path tmp;

  private final List<Up> started = new ArrayList<>();

  /** A pod whose server exits on SIGTERM (it is PID 1 of its namespace) and serves its own name. */
  static String manifest(String marker, Path mountPath) {
    String script = "import http.server,os,signal,socket,sys; signal.signal(signal.SIGTERM, lambda *a: sys.exit(0)); "
        + "os.chdir(os.environ['WWW']); open('index.html','w').write(socket.gethostname()+chr(10)); "
        + "http.server.ThreadingHTTPServer((os.environ['POD_IP'], 8080), http.server.SimpleHTTPRequestHandler).serve_forever()";
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: hello}
        spec:
          selector: {app: hello}
          ports: [{port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: hello
          labels: {app: hello}
        spec:
          terminationGracePeriodSeconds: 10
          containers:
          - name: web
            image: python:3
            command: [python3, -c, "%s", "%s"]
            env:
            - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
            - {name: WWW, value: %s}
            ports: [{name: http, containerPort: 8080}]
            readinessProbe:
              httpGet: {path: /, port: 8080}
              periodSeconds: 1
            volumeMounts: [{name: www, mountPath: %s}]
          volumes: [{name: www, emptyDir: {}}]
        """.formatted(script.replace("\"", "\\\""), marker, mountPath, mountPath);
  }

  @AfterEach
  void stopLeftovers() throws Exception {
    for (Up u : started) {
      u.close();
    }
  }

  @Test
  void upStartsAServerRunsThePodUntilReadyAndStopsItOnSigterm() throws Exception {
    String marker = "berth-up-it-" + System.nanoTime();
    Path file = Files.writeString(tmp.resolve("hello.yaml"), manifest(marker, tmp.resolve("www")));
    Path data = tmp.resolve("data");
    Up up = Up.start(started, "up", file.toString(), "--data-dir", data.toString(), "--listen", "127.0.0.1:0");
    up.await(l -> l.startsWith("berth: ready"), Duration.ofSeconds(90));
    assertThat(up.output()).anyMatch(l -> l.startsWith("berth: started a server on " + data));
    assertThat(up.output()).contains("berth: service/hello created", "berth: pod/hello created");
    assertThat(up.output()).anyMatch(l -> l.matches("  pod/hello +Ready 127\\.1\\.\\d+\\.\\d+"));
    assertThat(up.output()).anyMatch(l -> l.matches("  service/hello +ClusterIP 127\\.2\\.\\d+\\.\\d+, ports 80/TCP->8080"));
    assertThat(up.output()).anyMatch(l -> l.contains("export KUBECONFIG=" + data.resolve("kubeconfig")));

    Kubectl kubectl = new Kubectl(data.resolve("kubeconfig"), tmp.resolve("kube-cache"));
    String ip = kubectl.ok("get", "pod", "hello", "-o", "jsonpath={.status.podIP}");
    assertThat(get("http://" + ip + ":8080/")).isEqualTo("hello\n");
    assertThat(kubectl.ok("get", "svc", "hello", "-o", "jsonpath={.spec.ports[0].port}")).isEqualTo("80");
    assertThat(podProcesses(marker)).as("the pod's process").hasSize(1);

    // a second up on the same data dir uses the running server and leaves the pod alone
    Up second = Up.start(started, "up", "-f", file.toString(), "--data-dir", data.toString());
    second.await(l -> l.startsWith("berth: ready"), Duration.ofSeconds(60));
    assertThat(second.output()).anyMatch(l -> l.startsWith("berth: using the server already running on " + data));
    assertThat(second.output()).contains("berth: pod/hello configured");
    assertThat(second.stop()).isZero();
    assertThat(second.output()).anyMatch(l -> l.startsWith("berth: leaving"));
    assertThat(podProcesses(marker)).as("the pod's process after the second up left").hasSize(1);

    assertThat(up.stop()).isZero();
    assertThat(up.output()).anyMatch(l -> l.matches("  pod/hello +deleted"));
    assertThat(up.output()).anyMatch(l -> l.startsWith("berth: stopped"));
    assertThat(podProcesses(marker)).as("the pod's process after SIGTERM").isEmpty();
    assertThat(data.resolve("store.db")).exists();
    assertThat(data.resolve("kubeconfig")).exists();
    assertThat(String.join("\n", up.output())).doesNotContain("Exception");
  }

  @Test
  void anInvalidManifestIsRejectedWithTheApisMessageAndNothingIsApplied() throws Exception {
    Path file = Files.writeString(tmp.resolve("bad.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: fine}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web}
        spec:
          replicas: -1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: c, image: x, command: [sleep, "100"]}]
        """);
    Path data = tmp.resolve("data");
    Up up = Up.start(started, "up", file.toString(), "--data-dir", data.toString(), "--listen", "127.0.0.1:0");
    assertThat(up.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(up.output()).anyMatch(l -> l.startsWith("berth: error: " + file + " (document 2): StatefulSet.apps \"web\" is invalid")
        && l.contains("spec.replicas: Invalid value: -1: must be greater than or equal to 0"));
    assertThat(up.output()).contains("berth: nothing applied (1 of 2 objects rejected)");
    assertThat(String.join("\n", up.output())).doesNotContain("Exception").doesNotContain("\tat ");

    Up broken = Up.start(started, "up", tmp.resolve("missing.yaml").toString(), "--data-dir", data.toString());
    assertThat(broken.waitFor(Duration.ofSeconds(30))).isEqualTo(1);
    assertThat(broken.output()).containsExactly("berth: error: " + tmp.resolve("missing.yaml") + ": no such file or directory");
  }

  private static String get(String url) throws Exception {
    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static List<ProcessHandle> podProcesses(String marker) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(marker))
        .toList();
  }

  /** One {@code berth} child process, stdout and stderr merged, read line by line. */
  static final class Up implements AutoCloseable {
    private final Process process;
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private Up(Process process) {
      this.process = process;
      this.reader = Thread.ofVirtual().start(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            output.add(line);
          }
        } catch (IOException e) {
          // ended
        }
      });
    }

    static Up start(List<Up> registry, String... args) throws IOException {
      String jar = System.getProperty("berth.jar", "target/berth.jar");
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      Up up = new Up(p);
      registry.add(up);
      return up;
    }

    List<String> output() {
      synchronized (output) {
        return List.copyOf(output);
      }
    }

    void await(Predicate<String> line, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (output().stream().anyMatch(line)) {
          return;
        }
        if (!process.isAlive()) {
          reader.join(2000);
          break;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("berth up did not print the expected line within " + timeout + ":\n" + String.join("\n", output()));
    }

    int waitFor(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("berth up did not exit within " + timeout + ":\n" + String.join("\n", output()));
      }
      reader.join(5000);
      return process.exitValue();
    }

    /** SIGTERM, then the exit code. */
    int stop() throws InterruptedException {
      process.toHandle().destroy();
      return waitFor(Duration.ofSeconds(60));
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    }
  }
}
