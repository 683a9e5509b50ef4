package dev.berth.cli.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code berth server} child process on a temp data dir and an OS-chosen loopback port,
 * started from the jar the build produced, as a user would run it.
 */
final class BerthProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (https://\\S+)");

  final Path dataDir;
  private Process process;
  private Thread reader;
  private String url;
  private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

  private final List<String> extraArgs;

  private BerthProcess(Path dataDir, List<String> extraArgs) {
    this.dataDir = dataDir;
    this.extraArgs = extraArgs;
  }

  /** @param extraArgs more {@code berth server} options, e.g. {@code --watch-history 50} */
  static BerthProcess start(Path dataDir, String... extraArgs) throws Exception {
    BerthProcess p = new BerthProcess(dataDir, List.of(extraArgs));
    p.startProcess();
    return p;
  }

  void startProcess() throws Exception {
    String jar = System.getProperty("berth.jar", "target/berth.jar");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar,
        "server", "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0"));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    process = pb.start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        String found = null;
        while ((line = r.readLine()) != null) {
          output.add(line);
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            found = m.group(1);
          }
          if (line.contains("berth: ready")) {
            ready.complete(found);
          }
        }
      } catch (IOException e) {
        // process ended
      }
      ready.completeExceptionally(new IllegalStateException("berth server exited before it was ready:\n" + String.join("\n", output)));
    });
    url = ready.get(60, TimeUnit.SECONDS);
  }

  String url() {
    return url;
  }

  int port() {
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  Path kubeconfig() {
    return dataDir.resolve("kubeconfig");
  }

  String token() throws IOException {
    return Files.readString(dataDir.resolve("pki/token")).trim();
  }

  long pid() {
    return process.pid();
  }

  List<String> output() {
    return List.copyOf(output);
  }

  KubernetesClient fabric8() throws IOException {
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
    config.setRequestTimeout(20_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** SIGTERM, and the exit code once it stopped. */
  int stop() throws InterruptedException {
    // ProcessHandle signals without closing our end of the pipe, so the last lines are still read
    process.toHandle().destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("berth server did not stop within 20 s of SIGTERM");
    }
    reader.join(5000);
    return process.exitValue();
  }

  /** kill -9. */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  void restart() throws Exception {
    if (process.isAlive()) {
      stop();
    }
    startProcess();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Duration uptime() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
