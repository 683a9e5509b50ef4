package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import dev.berth.apiserver.http.HttpCall;
import dev.berth.apiserver.http.HttpReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code pods/exec} before the upgrade ({@code spec/api-server.md} §2.11, §14.3): what is refused
 * and how, in the order upstream checks it, and the WebSocket reply when all is well.
 */
class PodExecRouteTest {
  private static final String TOKEN = "t0ken";
  private final ServiceFixture f = new ServiceFixture();
  /** The containers that run, as {@code pod/container}; what the fake runtime was asked to prepare. */
  private final Set<String> running = new java.util.HashSet<>();
  private final List<PodExec.Options> prepared = new ArrayList<>();
  private final PodExec exec = (pod, container, options) -> {
    String name = pod.path("metadata").path("name").asString("") + "/" + container;
    if (!running.contains(name)) {
      throw new PodExec.ContainerNotRunning(container);
    }
    prepared.add(options);
    return size -> {
      throw new java.io.IOException("not started in this test");
    };
  };
  private final ApiHandler handler = new ApiHandler(f.service, TOKEN, "127.0.0.1:6443", PodLogSource.NONE, exec);

  private void pod(String name, String... containers) {
    StringBuilder cs = new StringBuilder();
    for (String c : containers) {
      cs.append(cs.isEmpty() ? "" : ",").append("{'name':'").append(c).append("','image':'busybox'}");
    }
    f.create(f.pods, json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "'},"
        + "'spec':{'nodeName':'berth','containers':[" + cs + "]}}"));
  }

  /** kubectl's first attempt: GET with {@code Upgrade: websocket} and subprotocol v5 only. */
  private HttpReply exec(String method, String pod, Map<String, String> headers, String... query) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    for (int i = 0; i < query.length; i += 2) {
      q.computeIfAbsent(query[i], k -> new ArrayList<>()).add(query[i + 1]);
    }
    Map<String, List<String>> h = new HashMap<>();
    h.put("authorization", List.of("Bearer " + TOKEN));
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return handler.handle(new HttpCall(method, "/api/v1/namespaces/default/pods/" + pod + "/exec", q, h, new byte[0]));
  }

  private static final Map<String, String> WEBSOCKET_V5 = Map.of("upgrade", "websocket", "connection", "Upgrade",
      "sec-websocket-protocol", "v5.channel.k8s.io");

  private static JsonNode status(HttpReply r, int code) {
    assertThat(r).isInstanceOf(HttpReply.Full.class);
    HttpReply.Full full = (HttpReply.Full) r;
    JsonNode s = Json.parse(full.body());
    assertThat(full.status()).as("%s", s).isEqualTo(code);
    assertThat(s.path("kind").asString()).isEqualTo("Status");
    return s;
  }

  @Test
  void kubectlsUpgradeGetsAWebSocketWithV5AndTheOptions() {
    pod("web-0", "nginx");
    running.add("web-0/nginx");
    HttpReply r = exec("GET", "web-0", WEBSOCKET_V5, "command", "ls", "command", "/", "container", "nginx", "stderr", "true",
        "stdout", "true");

    assertThat(r).isInstanceOf(HttpReply.WebSocket.class);
    assertThat(((HttpReply.WebSocket) r).subprotocol()).isEqualTo("v5.channel.k8s.io");
    assertThat(prepared).containsExactly(new PodExec.Options(List.of("ls", "/"), false, true, true, false));
  }

  @Test
  void fabric8sV4IsSpokenTooAndTheOnlyContainerNeedsNoName() {
    pod("web-0", "nginx");
    running.add("web-0/nginx");
    HttpReply r = exec("GET", "web-0", Map.of("upgrade", "websocket", "sec-websocket-protocol", "v4.channel.k8s.io"),
        "command", "cat", "stdin", "true", "stdout", "true", "tty", "true");

    assertThat(((HttpReply.WebSocket) r).subprotocol()).isEqualTo("v4.channel.k8s.io");
    assertThat(prepared).containsExactly(new PodExec.Options(List.of("cat"), true, true, false, true));
  }

  @Test
  void aMissingPodIs404() {
    JsonNode s = status(exec("GET", "nope", WEBSOCKET_V5, "command", "true", "stdout", "true"), 404);
    assertThat(s.path("message").asString()).isEqualTo("pods \"nope\" not found");
  }

  @Test
  void anUnknownContainerIs400AsUpstreamSaysIt() {
    pod("web-0", "nginx");
    JsonNode s = status(exec("GET", "web-0", WEBSOCKET_V5, "command", "true", "container", "missing", "stdout", "true"), 400);
    assertThat(s.path("message").asString()).isEqualTo("container missing is not valid for pod web-0");
  }

  @Test
  void severalContainersNeedAName() {
    pod("web-0", "nginx", "sidecar");
    JsonNode s = status(exec("GET", "web-0", WEBSOCKET_V5, "command", "true", "stdout", "true"), 400);
    assertThat(s.path("message").asString()).isEqualTo("a container name must be specified for pod web-0, choose one of: [nginx, sidecar]");
  }

  @Test
  void aCommandAndAStreamAreRequired() {
    pod("web-0", "nginx");
    running.add("web-0/nginx");
    assertThat(status(exec("GET", "web-0", WEBSOCKET_V5, "stdout", "true"), 400).path("message").asString())
        .isEqualTo("you must specify at least 1 command");
    assertThat(status(exec("GET", "web-0", WEBSOCKET_V5, "command", "true"), 400).path("message").asString())
        .isEqualTo("you must specify at least one of stdin, stdout, stderr");
  }

  @Test
  void aContainerThatDoesNotRunIsTheKubeletsPlainTextError() {
    pod("web-0", "nginx");
    HttpReply r = exec("GET", "web-0", WEBSOCKET_V5, "command", "true", "stdout", "true");

    HttpReply.Full full = (HttpReply.Full) r;
    assertThat(full.status()).isEqualTo(500);
    assertThat(full.contentType()).startsWith("text/plain");
    assertThat(new String(full.body(), StandardCharsets.UTF_8)).as("kubectl: 'unable to upgrade connection: container not found (\"nginx\")'")
        .isEqualTo("container not found (\"nginx\")");
  }

  @Test
  void kubectlsSpdyFallbackIsRefusedSayingWhy() {
    pod("web-0", "nginx");
    running.add("web-0/nginx");
    JsonNode s = status(exec("POST", "web-0", Map.of("upgrade", "SPDY/3.1", "x-stream-protocol-version", "v4.channel.k8s.io"),
        "command", "true", "stdout", "true"), 400);
    assertThat(s.path("message").asString()).contains("SPDY/3.1 is not supported");
  }

  @Test
  void withoutAnUpgradeOrAKnownSubprotocolThereIsNoExec() {
    pod("web-0", "nginx");
    running.add("web-0/nginx");
    assertThat(status(exec("GET", "web-0", Map.of(), "command", "true", "stdout", "true"), 400).path("message").asString())
        .isEqualTo("Upgrade request required");
    assertThat(status(exec("GET", "web-0", Map.of("upgrade", "websocket", "sec-websocket-protocol", "channel.k8s.io"),
        "command", "true", "stdout", "true"), 400).path("message").asString())
        .contains("berth speaks v5.channel.k8s.io and v4.channel.k8s.io");
  }

  @Test
  void anUnscheduledPodHasNoHost() {
    f.create(f.pods, ServiceFixture.pod("p"));
    assertThat(status(exec("GET", "p", WEBSOCKET_V5, "command", "true", "stdout", "true"), 400).path("message").asString())
        .isEqualTo("pod p does not have a host assigned");
  }

  @Test
  void discoveryListsExecWithItsOptionsKind() {
    HttpReply.Full r = (HttpReply.Full) handler.handle(new HttpCall("GET", "/api/v1", Map.of(),
        Map.of("authorization", List.of("Bearer " + TOKEN)), new byte[0]));
    JsonNode exec = Json.parse(r.body()).path("resources").valueStream()
        .filter(n -> n.path("name").asString("").equals("pods/exec")).findFirst().orElseThrow();
    assertThat(exec.path("kind").asString()).isEqualTo("PodExecOptions");
    assertThat(exec.path("verbs").valueStream().map(v -> v.asString("")).toList()).containsExactly("create", "get");
  }
}
