package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth up examples/redis}: a primary and two replicas that find it by its DNS name
 * {@code redis-0.redis}; a write on redis-0 is read back from redis-2, with {@code redis-cli}
 * against the pods' IPs, and through the {@code redis-read} ClusterIP (the service proxy). Needs {@code redis-server} and {@code redis-cli} ({@code .ci/run}) and
 * the cluster DNS address 127.2.0.10:53 free for this server.
 */
class RedisExampleIT {
  @TempDir
  Path tmp;

  private final List<UpIT.Up> started = new ArrayList<>();

  @AfterEach
  void stopLeftovers() throws Exception {
    for (UpIT.Up u : started) {
      u.close();
    }
  }

  /** {@code redis-cli ARGS}: its output, trimmed (exit status ignored: redis-cli prints errors). */
  private static String redisCli(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("redis-cli"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "(redis-cli timed out)";
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  private static boolean eventually(Duration timeout, IoCondition condition) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (condition.holds()) {
        return true;
      }
      Thread.sleep(200);
    }
    return condition.holds();
  }

  private interface IoCondition {
    boolean holds() throws Exception;
  }

  /**
   * {@code berth up DIR} with the cluster DNS on: another berth server on this machine (another
   * checkout's tests) may hold 127.2.0.10:53 for a while, so wait until it is free and start again,
   * for up to 5 minutes.
   */
  private UpIT.Up startWithClusterDns(Path dir, Path data) throws Exception {
    String podCidr = "127.1." + ThreadLocalRandom.current().nextInt(1, 255) + ".0/24";
    long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (true) {
      eventually(Duration.ofMinutes(1), RedisExampleIT::clusterDnsPortIsFree);
      UpIT.Up up = UpIT.Up.start(started, "up", dir.toString(), "--data-dir", data.toString(), "--listen", "127.0.0.1:0",
          "--pod-cidr", podCidr);
      up.await(l -> l.startsWith("berth: ready") || l.startsWith("berth: cluster DNS") || l.startsWith("berth: warning: cluster DNS"),
          Duration.ofSeconds(60));
      if (up.output().stream().noneMatch(l -> l.startsWith("berth: warning: cluster DNS is off"))) {
        return up;
      }
      up.close(); // SIGTERM while it may still be starting: its exit code says nothing here
      assertThat(System.nanoTime() < end).as("127.2.0.10:53 stayed taken by another server for 5 minutes: %s", up.output())
          .isTrue();
    }
  }

  private static boolean clusterDnsPortIsFree() {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(new java.net.InetSocketAddress("127.2.0.10", 53))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aWriteOnThePrimaryIsReplicatedToTheLastReplica() throws Exception {
    Path examples = Path.of(System.getProperty("berth.examples", "../examples"));
    Path data = tmp.resolve("data");
    UpIT.Up up = startWithClusterDns(examples.resolve("redis"), data);
    up.await(l -> l.startsWith("berth: ready"), Duration.ofSeconds(180));
    assertThat(up.output()).contains("berth: ready: statefulset.apps/redis (3/3 ready)")
        .anyMatch(l -> l.matches("  service/redis +headless \\(ClusterIP None\\), ports 6379/TCP->redis"))
        .anyMatch(l -> l.matches("  service/redis-read +ClusterIP 127\\.2\\.\\d+\\.\\d+, ports 6379/TCP->redis"));

    Kubectl kubectl = new Kubectl(data.resolve("kubeconfig"), tmp.resolve("kube-cache"));
    String primary = kubectl.ok("get", "pod", "redis-0", "-o", "jsonpath={.status.podIP}");
    String last = kubectl.ok("get", "pod", "redis-2", "-o", "jsonpath={.status.podIP}");
    assertThat(eventually(Duration.ofSeconds(60), () -> redisCli("-h", last, "info", "replication")
        .contains("master_link_status:up"))).as("redis-2 is linked to its primary: %s", redisCli("-h", last, "info", "replication"))
        .isTrue();
    assertThat(redisCli("-h", last, "info", "replication")).contains("role:slave").contains("master_host:redis-0.redis");
    assertThat(redisCli("-h", primary, "info", "replication")).contains("role:master").contains("connected_slaves:2");

    assertThat(redisCli("-h", primary, "set", "greeting", "hello from redis-0")).isEqualTo("OK");
    assertThat(eventually(Duration.ofSeconds(30), () -> redisCli("-h", last, "get", "greeting").equals("hello from redis-0")))
        .as("replicated to redis-2").isTrue();
    assertThat(redisCli("-h", last, "set", "greeting", "overwritten")).as("replicas are read-only").startsWith("READONLY");
    String read = kubectl.ok("get", "service", "redis-read", "-o", "jsonpath={.spec.clusterIP}");
    for (int i = 0; i < 6; i++) {
      // the service proxy picks a ready replica per connection: every one has the value
      assertThat(redisCli("-h", read, "get", "greeting")).as("read %d through the redis-read ClusterIP %s", i, read)
          .isEqualTo("hello from redis-0");
    }
    for (int i = 0; i < 3; i++) {
      assertThat(kubectl.ok("get", "pvc", "data-redis-" + i, "-o", "jsonpath={.status.phase}")).isEqualTo("Bound");
    }
    assertThat(up.stop()).isZero();
  }
}
