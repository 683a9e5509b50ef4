package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, {@code berth up examples/web}, on a fresh data dir. */
class UpExamplesIT {
  @TempDir
  Path tmp;

  private final List<UpIT.Up> started = new ArrayList<>();

  @AfterEach
  void stopLeftovers() throws Exception {
    for (UpIT.Up u : started) {
      u.close();
    }
  }

  @Test
  void examplesWebComesUpInOrdinalOrderServesEachPodsOwnFileAndStopsFromTheTop() throws Exception {
    Path examples = Path.of(System.getProperty("berth.examples", "../examples"));
    Path data = tmp.resolve("data");
    UpIT.Up up = UpIT.Up.start(started, "up", examples.resolve("web").toString(), "--data-dir", data.toString(), "--listen", "127.0.0.1:0");
    up.await(l -> l.startsWith("berth: ready"), Duration.ofSeconds(120));
    List<String> out = up.output();
    // OrderedReady: web-N+1 appears only after web-N is Ready
    assertThat(indexOf(out, "  pod/web-0 +Ready .*")).isLessThan(indexOf(out, "  pod/web-1 +Pending"));
    assertThat(indexOf(out, "  pod/web-1 +Ready .*")).isLessThan(indexOf(out, "  pod/web-2 +Pending"));
    assertThat(out).contains("berth: ready: statefulset.apps/web (3/3 ready)");
    assertThat(out).anyMatch(l -> l.matches("  service/nginx +headless \\(ClusterIP None\\), ports 80/TCP->http"));

    Kubectl kubectl = new Kubectl(data.resolve("kubeconfig"), tmp.resolve("kube-cache"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<String> ips = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String ip = kubectl.ok("get", "pod", "web-" + i, "-o", "jsonpath={.status.podIP}");
      ips.add(ip);
      String body = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(body).as("web-%d serves the index.html of its own volume", i).startsWith("web-" + i + " (volume created ");
      assertThat(kubectl.ok("get", "pvc", "www-web-" + i, "-o", "jsonpath={.status.phase}")).isEqualTo("Bound");
    }

    assertThat(up.stop()).isZero();
    out = up.output();
    assertThat(indexOf(out, "  pod/web-2 +deleted")).isLessThan(indexOf(out, "  pod/web-1 +deleted"));
    assertThat(indexOf(out, "  pod/web-1 +deleted")).isLessThan(indexOf(out, "  pod/web-0 +deleted"));
    assertThat(out).anyMatch(l -> l.startsWith("berth: stopped"));
    for (String ip : ips) {
      try (var socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(ip, 8080), 2000);
        throw new AssertionError("a server still listens on " + ip + ":8080 after berth up stopped");
      } catch (java.io.IOException expected) {
        // refused: the pod's process is gone
      }
    }
    try (Stream<Path> volumes = Files.list(data.resolve("volumes"))) {
      assertThat(volumes.filter(v -> Files.exists(v.resolve("index.html"))).count()).as("volumes kept").isEqualTo(3);
    }
  }

  private static int indexOf(List<String> lines, String regex) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches(regex)) {
        return i;
      }
    }
    throw new AssertionError("no line matches " + regex + " in:\n" + String.join("\n", lines));
  }
}
