package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * One real berth server per test class, with kubectl and a fabric8 client pointed at it. Each server
 * hands out pod IPs from its own random /24 of 127.1.0.0/16, so servers of engineers or builds running
 * side by side do not give two pods the same address and port. A class annotated {@link ServerArgs}
 * passes more {@code berth server} options.
 */
abstract class ServerFixture {
  /** More {@code berth server} options for the annotated test class, e.g. {@code {"--node-resync", "PT2S"}}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface ServerArgs {
    String[] value();
  }

  static BerthProcess server;
  static Kubectl kubectl;
  static KubernetesClient fabric8;

  @BeforeAll
  static void startServer(TestInfo test) throws Exception {
    Path dir = Files.createTempDirectory("berth-it");
    List<String> args = new ArrayList<>(List.of("--pod-cidr", "127.1." + ThreadLocalRandom.current().nextInt(1, 255) + ".0/24"));
    ServerArgs more = test.getTestClass().map(c -> c.getAnnotation(ServerArgs.class)).orElse(null);
    if (more != null) {
      args.addAll(List.of(more.value()));
    }
    server = BerthProcess.start(dir, args.toArray(String[]::new));
    kubectl = new Kubectl(server.kubeconfig(), Kubectl.tempCache());
    fabric8 = server.fabric8();
  }

  @AfterAll
  static void stopServer() throws Exception {
    // pod processes outlive a server stop (the next server adopts them), so end them first
    if (server != null && server.isAlive()) {
      // workloads first, or their controllers would recreate the pods deleted next
      kubectl.run("delete", "statefulsets", "--all", "-A", "--cascade=orphan", "--timeout=60s");
      kubectl.run("delete", "pods", "--all", "-A", "--grace-period=1", "--timeout=60s");
      // and let the node agent tear the pods down (their tmpfs volumes, DATA/pods/<uid>) before it stops
      Path pods = server.dataDir.resolve("pods");
      eventually(Duration.ofSeconds(20), () -> {
        try (var entries = Files.list(pods)) {
          return entries.findAny().isEmpty();
        } catch (IOException e) {
          return true; // no pods directory: nothing to tear down
        }
      });
    }
    if (fabric8 != null) {
      fabric8.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Polls {@code condition} every 50 ms until it holds or {@code timeout} passes. */
  static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  static String k(String... args) {
    try {
      return kubectl.ok(args);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Kubectl.Result kr(String... args) {
    try {
      return kubectl.run(args);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Kubectl.Result apply(String yaml, String... args) {
    try {
      return kubectl.apply(yaml, args);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // shared by the node-agent ITs
  static boolean waitFor(Duration d, BooleanSupplier c) {
    try {
      return eventually(d, c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void applyOk(String yaml) {
    Kubectl.Result r = apply(yaml);
    assertThat(r.ok()).as(r.toString()).isTrue();
  }

  static String logsEventually(String pod, String container, String needle) {
    waitFor(Duration.ofSeconds(30), () -> {
      Kubectl.Result r = kr("logs", pod, "-c", container);
      return r.ok() && r.out().contains(needle);
    });
    return k("logs", pod, "-c", container);
  }

  static String jsonpath(String pod, String path) {
    return k("get", "pod", pod, "-o", "jsonpath={" + path + "}");
  }
}
