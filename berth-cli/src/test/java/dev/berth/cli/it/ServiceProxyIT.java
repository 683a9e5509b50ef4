package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The service proxy (issue 5; spec/services-dns.md §3.9) through kubectl and real pods: a
 * ClusterIP spreads connections over its three ready pods, stops sending new ones to a pod as
 * soon as it is unready, refuses at once when no endpoint is ready, and a NodePort and a
 * LoadBalancer answer on 127.0.0.1.
 */
class ServiceProxyIT extends ServerFixture {

  /** A pod whose HTTP server answers its pod name; ready while {@code <flags>/<name>} exists on the host. */
  private static String pod(String name, String app, Path flags) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %1$s, labels: {app: %2$s}}
        spec:
          containers:
          - name: c
            image: python
            command:
            - python3
            - -c
            - |
              import http.server, os
              class H(http.server.BaseHTTPRequestHandler):
                  def do_GET(self):
                      body = os.environ["POD_NAME"].encode()
                      self.send_response(200)
                      self.send_header("Content-Length", str(len(body)))
                      self.end_headers()
                      self.wfile.write(body)
                  def log_message(self, *args):
                      pass
              http.server.ThreadingHTTPServer((os.environ["POD_IP"], 8080), H).serve_forever()
            env:
            - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            ports: [{name: http, containerPort: 8080}]
            readinessProbe: {exec: {command: [test, -f, /flags/%1$s]}, periodSeconds: 1, failureThreshold: 1}
            volumeMounts: [{name: flags, mountPath: /flags}]
          volumes: [{name: flags, hostPath: {path: %3$s}}]
        """.formatted(name, app, flags);
  }

  /** One HTTP/1.0 GET on a fresh connection; the body is the answering pod's name. */
  private static String get(String ip, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(ip, port), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
  }

  private static Map<String, Integer> spread(String ip, int port, int connections) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < connections; i++) {
      counts.merge(get(ip, port), 1, Integer::sum);
    }
    return counts;
  }

  private static boolean answers(String ip, int port) {
    try {
      get(ip, port);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aClusterIpSpreadsOverReadyPodsAndDropsAnUnreadyOneAtOnce() throws Exception {
    Path flags = Files.createTempDirectory("berth-proxy-flags");
    for (String p : new String[] {"web-a", "web-b", "web-c"}) {
      Files.createFile(flags.resolve(p));
    }
    apply(pod("web-a", "web", flags) + "---\n" + pod("web-b", "web", flags) + "---\n" + pod("web-c", "web", flags) + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: http}]
        """);
    assertThat(k("wait", "--for=condition=Ready", "pod/web-a", "pod/web-b", "pod/web-c", "--timeout=90s")).contains("condition met");
    String vip = k("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}");
    String readyInSlice = "jsonpath={.items[*].endpoints[?(@.conditions.ready==true)].targetRef.name}";
    assertThat(eventually(Duration.ofSeconds(30), () -> k("get", "endpointslices", "-l", "kubernetes.io/service-name=web", "-o",
        readyInSlice).split(" ").length == 3)).isTrue();
    assertThat(eventually(Duration.ofSeconds(10), () -> answers(vip, 80))).as("the ClusterIP answers").isTrue();

    Map<String, Integer> counts = spread(vip, 80, 60);
    assertThat(counts).as("60 connections through %s:80", vip).containsOnlyKeys("web-a", "web-b", "web-c");
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);

    Files.delete(flags.resolve("web-b"));
    assertThat(eventually(Duration.ofSeconds(30), () -> !k("get", "endpointslices", "-l", "kubernetes.io/service-name=web", "-o",
        readyInSlice).contains("web-b"))).as("web-b unready in the slice").isTrue();
    Thread.sleep(1000);
    assertThat(spread(vip, 80, 30)).as("1 s after the slice says web-b is unready, no new connection reaches it")
        .containsOnlyKeys("web-a", "web-c");

    Files.createFile(flags.resolve("web-b"));
    assertThat(eventually(Duration.ofSeconds(30), () -> {
      try {
        return spread(vip, 80, 30).containsKey("web-b");
      } catch (IOException e) {
        return false;
      }
    })).as("ready again, web-b gets connections again").isTrue();
  }

  @Test
  void aServiceWithoutReadyEndpointsRefusesAtOnce() throws Exception {
    apply("""
        apiVersion: v1
        kind: Service
        metadata: {name: nobody}
        spec:
          selector: {app: nobody}
          ports: [{port: 8080}]
        """);
    String vip = k("get", "service", "nobody", "-o", "jsonpath={.spec.clusterIP}");
    try (Socket s = new Socket()) {
      assertThatThrownBy(() -> s.connect(new InetSocketAddress(vip, 8080), 2000))
          .as("no endpoints: the kernel refuses the SYN (no listener), no timeout")
          .isInstanceOf(ConnectException.class).hasMessageContaining("refused");
    }
  }

  @Test
  void nodePortAndLoadBalancerAnswerOnTheNodeAddress() throws Exception {
    Path flags = Files.createTempDirectory("berth-proxy-flags");
    Files.createFile(flags.resolve("np-a"));
    int lbPort = 20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(5000);
    apply(pod("np-a", "np", flags) + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: np}
        spec:
          type: NodePort
          selector: {app: np}
          ports: [{name: http, port: 80, targetPort: http}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: lb}
        spec:
          type: LoadBalancer
          selector: {app: np}
          ports: [{name: http, port: %d, targetPort: http}]
        """.formatted(lbPort));
    assertThat(k("wait", "--for=condition=Ready", "pod/np-a", "--timeout=90s")).contains("condition met");
    int nodePort = Integer.parseInt(k("get", "service", "np", "-o", "jsonpath={.spec.ports[0].nodePort}"));
    assertThat(nodePort).isBetween(30000, 32767);
    assertThat(eventually(Duration.ofSeconds(30), () -> answers("127.0.0.1", nodePort))).as("127.0.0.1:%d", nodePort).isTrue();
    assertThat(get("127.0.0.1", nodePort)).isEqualTo("np-a");

    assertThat(eventually(Duration.ofSeconds(30), () -> k("get", "service", "lb", "-o",
        "jsonpath={.status.loadBalancer.ingress[0].ip}").equals("127.0.0.1"))).as("the LoadBalancer's ingress").isTrue();
    assertThat(k("get", "service", "lb")).containsPattern("lb\\s+LoadBalancer\\s+127\\.2\\.\\S+\\s+127\\.0\\.0\\.1\\s+" + lbPort + ":3");
    assertThat(eventually(Duration.ofSeconds(30), () -> answers("127.0.0.1", lbPort))).isTrue();
    assertThat(get("127.0.0.1", lbPort)).isEqualTo("np-a");
  }
}
