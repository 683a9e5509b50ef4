package dev.berth.cli.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One real berth server per test class, with kubectl and a fabric8 client pointed at it. */
abstract class ServerFixture {
  static BerthProcess server;
  static Kubectl kubectl;
  static KubernetesClient fabric8;

  @BeforeAll
  static void startServer() throws Exception {
    Path dir = Files.createTempDirectory("berth-it");
    server = BerthProcess.start(dir);
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
}
