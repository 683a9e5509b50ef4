package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.configMap;
import static dev.berth.apiserver.ServiceFixture.jsonNode;
import static dev.berth.apiserver.ServiceFixture.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import dev.berth.apiserver.http.HttpCall;
import dev.berth.apiserver.http.HttpReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The REST surface with hand-made {@link HttpCall}s, no socket: authentication, routing
 * ({@code spec/api-server.md} §3), content negotiation (§7.1), Table (§9), watch streams (§10.2),
 * errors as Status (§8) and discovery (§5).
 */
class ApiHandlerTest {
  private static final String TOKEN = "s3cret-token";
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  private final ServiceFixture f = new ServiceFixture();
  private final ApiHandler handler = new ApiHandler(f.service, TOKEN, "127.0.0.1:6443");

  /** A request being built: {@code call("GET", "/api/v1/pods").query("watch", "true").send()}. */
  private final class Call {
    private final String method;
    private final String pathAndQuery;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new HashMap<>();
    private byte[] body = new byte[0];

    Call(String method, String path) {
      this.method = method;
      this.pathAndQuery = path;
      header("authorization", "Bearer " + TOKEN);
    }

    Call query(String name, String value) {
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    Call header(String name, String value) {
      headers.put(name, List.of(value));
      return this;
    }

    Call noAuth() {
      headers.remove("authorization");
      return this;
    }

    Call body(String contentType, String text) {
      header("content-type", contentType);
      body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    Call json(String singleQuoted) {
      return body("application/json", singleQuoted.replace('\'', '"'));
    }

    HttpReply send() {
      return handler.handle(new HttpCall(method, pathAndQuery, query, headers, body));
    }

    HttpReply.Full full() {
      HttpReply r = send();
      assertThat(r).as("%s %s answers a whole body", method, pathAndQuery).isInstanceOf(HttpReply.Full.class);
      return (HttpReply.Full) r;
    }
  }

  private Call call(String method, String path) {
    return new Call(method, path);
  }

  private static JsonNode body(HttpReply.Full r) {
    return Json.parse(r.body());
  }

  /** Asserts the reply is a Status of {@code code} and returns it. */
  private static JsonNode status(HttpReply.Full r, int code, String reason) {
    JsonNode s = body(r);
    assertThat(r.status()).as("HTTP status, body %s", s).isEqualTo(code);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(s.path("kind").asString()).isEqualTo("Status");
    assertThat(s.path("code").asInt()).isEqualTo(code);
    assertThat(s.path("status").asString()).isEqualTo("Failure");
    if (reason != null) {
      assertThat(s.path("reason").asString()).isEqualTo(reason);
    }
    return s;
  }

  // ------------------------------------------------------------------ authentication, public paths

  @Test
  void withoutATokenIs401() {
    JsonNode s = status(call("GET", "/api/v1/pods").noAuth().full(), 401, "Unauthorized");
    assertThat(s.path("message").asString()).isEqualTo("Unauthorized");
  }

  @Test
  void aServiceAccountTokenFromTheTokenSubresourceAuthenticates() {
    f.create(f.type("", "serviceaccounts"), ServiceFixture.json("{'metadata':{'name':'default'}}"));
    HttpReply.Full r = call("POST", "/api/v1/namespaces/default/serviceaccounts/default/token")
        .body("application/json", "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}").full();
    assertThat(r.status()).isEqualTo(201);
    String token = dev.berth.api.Json.parse(r.body()).path("status").path("token").asString();
    assertThat(call("GET", "/api/v1/pods").header("authorization", "Bearer " + token).full().status()).isEqualTo(200);
    status(call("GET", "/api/v1/pods").header("authorization", "Bearer " + token + "x").full(), 401, "Unauthorized");
  }

  @Test
  void withAWrongTokenIs401() {
    status(call("GET", "/api/v1/pods").header("authorization", "Bearer wrong").full(), 401, "Unauthorized");
    status(call("GET", "/api/v1/pods").header("authorization", "Basic " + TOKEN).full(), 401, "Unauthorized");
    status(call("GET", "/api/v1/pods").header("authorization", "Bearer " + TOKEN + "x").full(), 401, "Unauthorized");
  }

  @Test
  void bearerSchemeIsCaseInsensitive() {
    assertThat(call("GET", "/api/v1/pods").header("authorization", "bearer " + TOKEN).full().status()).isEqualTo(200);
  }

  @Test
  void versionAndHealthArePublic() {
    HttpReply.Full v = call("GET", "/version").noAuth().full();
    assertThat(v.status()).isEqualTo(200);
    assertThat(body(v).path("major").asString()).isEqualTo("1");
    assertThat(body(v).path("minor").asString()).isEqualTo("32");
    assertThat(body(v).path("gitVersion").asString()).startsWith("v1.32.");
    for (String p : List.of("/healthz", "/livez", "/readyz")) {
      HttpReply.Full h = call("GET", p).noAuth().full();
      assertThat(h.status()).as(p).isEqualTo(200);
      assertThat(new String(h.body(), StandardCharsets.UTF_8)).as(p).isEqualTo("ok");
      assertThat(h.contentType()).startsWith("text/plain");
    }
  }

  // ------------------------------------------------------------------ routing

  @Test
  void namespaceItsStatusAndItsContent() {
    f.createNamespace("x");
    HttpReply.Full ns = call("GET", "/api/v1/namespaces/x").full();
    assertThat(body(ns).path("kind").asString()).isEqualTo("Namespace");
    assertThat(body(ns).path("metadata").path("name").asString()).isEqualTo("x");

    HttpReply.Full st = call("GET", "/api/v1/namespaces/x/status").full();
    assertThat(st.status()).isEqualTo(200);
    assertThat(body(st).path("kind").asString()).as("/namespaces/x/status is the Namespace's subresource").isEqualTo("Namespace");

    HttpReply.Full cms = call("GET", "/api/v1/namespaces/x/configmaps").full();
    assertThat(body(cms).path("kind").asString()).isEqualTo("ConfigMapList");
  }

  @Test
  void createGetAndScaleThroughGroupPaths() {
    HttpReply.Full created = call("POST", "/apis/apps/v1/namespaces/default/statefulsets")
        .body("application/json", Json.string(statefulSet("web", 2))).full();
    assertThat(created.status()).isEqualTo(201);
    assertThat(body(created).path("metadata").path("generation").asInt()).isEqualTo(1);

    HttpReply.Full got = call("GET", "/apis/apps/v1/namespaces/default/statefulsets/web").full();
    assertThat(body(got).path("kind").asString()).isEqualTo("StatefulSet");

    HttpReply.Full scale = call("GET", "/apis/apps/v1/namespaces/default/statefulsets/web/scale").full();
    assertThat(body(scale).path("kind").asString()).isEqualTo("Scale");
    assertThat(body(scale).path("spec").path("replicas").asInt()).isEqualTo(2);

    HttpReply.Full patched = call("PATCH", "/apis/apps/v1/namespaces/default/statefulsets/web/scale")
        .body("application/merge-patch+json", "{\"spec\":{\"replicas\":4}}").full();
    assertThat(body(patched).path("spec").path("replicas").asInt()).isEqualTo(4);

    HttpReply.Full put = call("PUT", "/apis/apps/v1/namespaces/default/statefulsets/web/scale")
        .header("content-type", "").json("{'spec':{'replicas':5}}").full();
    assertThat(body(put).path("spec").path("replicas").asInt()).isEqualTo(5);
  }

  @Test
  void putScaleWithoutAContentTypeIsJson() {
    f.create(f.statefulSets, statefulSet("web", 2));
    Call c = call("PUT", "/apis/apps/v1/namespaces/default/statefulsets/web/scale").json("{'spec':{'replicas':3}}");
    c.headers.remove("content-type");
    HttpReply.Full r = c.full();
    assertThat(r.status()).as("kubectl scale sends no Content-Type").isEqualTo(200);
    assertThat(body(r).path("spec").path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void clusterScopedAndAllNamespacesLists() {
    f.service.create(f.storageClasses, null, ServiceFixture.json("{'metadata':{'name':'fast'},'provisioner':'x'}"),
        ServiceFixture.opts());
    HttpReply.Full sc = call("GET", "/apis/storage.k8s.io/v1/storageclasses").full();
    assertThat(body(sc).path("kind").asString()).isEqualTo("StorageClassList");
    assertThat(body(sc).path("items").path(0).path("metadata").path("name").asString()).isEqualTo("fast");
    assertThat(body(sc).path("metadata").path("resourceVersion").asString()).isEqualTo(String.valueOf(f.store.currentRevision()));

    f.createNamespace("other");
    f.create(f.configMaps, configMap("here"));
    f.service.create(f.configMaps, "other", configMap("there"), ServiceFixture.opts());
    HttpReply.Full all = call("GET", "/api/v1/configmaps").full();
    assertThat(body(all).path("items").valueStream().map(i -> i.path("metadata").path("namespace").asString() + "/"
        + i.path("metadata").path("name").asString()).toList()).containsExactly("default/here", "other/there");

    HttpReply.Full selected = call("GET", "/api/v1/configmaps").query("fieldSelector", "metadata.namespace=other").full();
    assertThat(body(selected).path("items").size()).isEqualTo(1);
  }

  static Stream<String> unknownPaths() {
    return Stream.of("/foo", "/api/v2", "/api/v1/widgets", "/apis/nope/v1/things", "/apis/apps/v2/statefulsets",
        "/api/v1/namespaces/default/widgets", "/api/v1/namespaces/default/storageclasses",
        "/apis/apps/v1/statefulsets/web", "/api/v1/namespaces/default/configmaps/x/status",
        "/api/v1/namespaces/default/configmaps/x/y/z", "/openapi/v2", "/openapi/v3/apis/nope/v1", "/apis/nope");
  }

  @ParameterizedTest
  @MethodSource("unknownPaths")
  void unknownPathIs404WithoutDetails(String path) {
    JsonNode s = status(call("GET", path).full(), 404, "NotFound");
    assertThat(s.path("message").asString()).isEqualTo("the server could not find the requested resource");
    assertThat(s.has("details")).as("an unknown path has no details, as upstream").isFalse();
  }

  @Test
  void missingObjectIs404WithDetails() {
    JsonNode s = status(call("GET", "/apis/apps/v1/namespaces/default/statefulsets/db").full(), 404, "NotFound");
    assertThat(s.path("message").asString()).isEqualTo("statefulsets.apps \"db\" not found");
    assertThat(s.path("details")).isEqualTo(ServiceFixture.json("{'name':'db','group':'apps','kind':'statefulsets'}"));
  }

  record Method(String method, String path) {}

  static Stream<Method> wrongMethods() {
    return Stream.of(
        new Method("PUT", "/api/v1/namespaces/default/configmaps"),
        new Method("PATCH", "/api/v1/namespaces/default/configmaps"),
        new Method("POST", "/api/v1/namespaces/default/configmaps/x"),
        new Method("DELETE", "/api/v1/namespaces"),
        new Method("GET", "/api/v1/namespaces/default/finalize"),
        new Method("DELETE", "/apis/apps/v1/namespaces/default/statefulsets/web/scale"),
        new Method("POST", "/api/v1/configmaps"),
        new Method("POST", "/openapi/v3"),
        new Method("PUT", "/api/v1/namespaces/default/pods/p/log"),
        new Method("DELETE", "/api/v1/namespaces/default/pods/p/log"));
  }

  @ParameterizedTest
  @MethodSource("wrongMethods")
  void wrongMethodIs405(Method c) {
    f.create(f.pods, ServiceFixture.pod("p"));
    JsonNode s = status(call(c.method(), c.path()).json("{}").full(), 405, "MethodNotAllowed");
    assertThat(s.path("message").asString()).isEqualTo("the server does not allow this method on the requested resource");
  }

  // ------------------------------------------------------------------ content negotiation

  @Test
  void tableWhenAskedForPlainJsonOtherwise() {
    f.create(f.configMaps, configMap("cfg"));
    HttpReply.Full table = call("GET", "/api/v1/namespaces/default/configmaps")
        .header("accept", TABLE + ",application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json").full();
    JsonNode t = body(table);
    assertThat(table.contentType()).isEqualTo(TABLE);
    assertThat(t.path("kind").asString()).isEqualTo("Table");
    assertThat(t.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
    assertThat(t.path("columnDefinitions").valueStream().map(c -> c.path("name").asString()).toList())
        .containsExactly("Name", "Data", "Age");
    assertThat(t.path("rows").path(0).path("cells").path(0).asString()).isEqualTo("cfg");
    assertThat(t.path("rows").path(0).path("object").path("kind").asString()).isEqualTo("PartialObjectMetadata");
    assertThat(t.path("metadata").path("resourceVersion").asString()).isEqualTo(String.valueOf(f.store.currentRevision()));

    HttpReply.Full one = call("GET", "/api/v1/namespaces/default/configmaps/cfg").header("accept", TABLE).full();
    assertThat(body(one).path("kind").asString()).as("a single GET in Table form").isEqualTo("Table");
    assertThat(body(one).path("rows").size()).isEqualTo(1);

    HttpReply.Full plain = call("GET", "/api/v1/namespaces/default/configmaps").header("accept", "application/json").full();
    assertThat(plain.contentType()).isEqualTo("application/json");
    assertThat(body(plain).path("kind").asString()).isEqualTo("ConfigMapList");
    assertThat(body(call("GET", "/api/v1/namespaces/default/configmaps").full()).path("kind").asString())
        .as("no Accept is JSON").isEqualTo("ConfigMapList");
  }

  @Test
  void onlyProtobufAcceptedIs406() {
    f.create(f.configMaps, configMap("cfg"));
    status(call("GET", "/api/v1/namespaces/default/configmaps/cfg").header("accept", "application/vnd.kubernetes.protobuf").full(),
        406, "NotAcceptable");
    status(call("GET", "/api/v1/namespaces/default/configmaps").header("accept", "application/vnd.kubernetes.protobuf").full(),
        406, "NotAcceptable");
    status(call("GET", "/api/v1/namespaces/default/configmaps").query("watch", "true")
        .header("accept", "application/vnd.kubernetes.protobuf;stream=watch").full(), 406, "NotAcceptable");
    assertThat(call("GET", "/api/v1/namespaces/default/configmaps").header("accept", "*/*").full().status()).isEqualTo(200);
    assertThat(call("GET", "/api/v1/namespaces/default/configmaps/cfg")
        .header("accept", "application/vnd.kubernetes.protobuf, application/json").full().status())
        .as("client-go's typed clients also accept JSON").isEqualTo(200);
  }

  @Test
  void protobufBodyIs415WithTheWorkaround() {
    JsonNode s = status(call("POST", "/api/v1/namespaces/default/configmaps")
        .body("application/vnd.kubernetes.protobuf", "k8s\0...").full(), 415, "UnsupportedMediaType");
    assertThat(s.path("message").asString())
        .contains("berth does not decode protobuf: use 'kubectl create ... --dry-run=client -o yaml | kubectl apply -f -'");
  }

  @Test
  void yamlBodyAndWarnings() {
    HttpReply.Full r = call("POST", "/api/v1/namespaces/default/configmaps")
        .body("application/yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\ndata: {a: b}\nfoo: 1\n").full();
    assertThat(r.status()).isEqualTo(201);
    assertThat(body(r).path("data").path("a").asString()).isEqualTo("b");
    assertThat(r.warnings()).as("fieldValidation defaults to Warn").containsExactly("unknown field \"foo\"");

    JsonNode strict = status(call("POST", "/api/v1/namespaces/default/configmaps").query("fieldValidation", "Strict")
        .json("{'metadata':{'name':'z'},'foo':1}").full(), 400, "BadRequest");
    assertThat(strict.path("message").asString()).isEqualTo("strict decoding error: unknown field \"foo\"");
  }

  @Test
  void badQueryParametersAre400() {
    status(call("GET", "/api/v1/pods").query("labelSelector", "a in b").full(), 400, "BadRequest");
    status(call("GET", "/api/v1/pods").query("fieldSelector", "spec.foo=1").full(), 400, "BadRequest");
    status(call("POST", "/api/v1/namespaces/default/configmaps").query("fieldValidation", "Loose")
        .json("{'metadata':{'name':'z'}}").full(), 400, "BadRequest");
    status(call("POST", "/api/v1/namespaces/default/configmaps").query("dryRun", "Some")
        .json("{'metadata':{'name':'z'}}").full(), 400, "BadRequest");
    status(call("POST", "/api/v1/namespaces/default/configmaps").body("application/json", "{not json").full(), 400, "BadRequest");
  }

  @Test
  void nonNumericNumbersAre400NotInternalErrors() {
    f.create(f.configMaps, configMap("cfg"));
    JsonNode grace = status(call("DELETE", "/api/v1/namespaces/default/configmaps/cfg").query("gracePeriodSeconds", "soon").full(),
        400, "BadRequest");
    assertThat(grace.path("message").asString()).contains("gracePeriodSeconds");
    JsonNode timeout = status(call("GET", "/api/v1/namespaces/default/configmaps").query("watch", "true")
        .query("timeoutSeconds", "1m").full(), 400, "BadRequest");
    assertThat(timeout.path("message").asString()).contains("timeoutSeconds");
    assertThat(f.exists(f.configMaps, "cfg")).isTrue();
  }

  // ------------------------------------------------------------------ writes and deletes

  @Test
  void deleteAnswersStatusForConfigMapsAndTheObjectForPods() {
    f.create(f.configMaps, configMap("cfg"));
    JsonNode s = body(call("DELETE", "/api/v1/namespaces/default/configmaps/cfg").full());
    assertThat(s.path("kind").asString()).isEqualTo("Status");
    assertThat(s.path("status").asString()).isEqualTo("Success");
    assertThat(s.path("details").path("kind").asString()).isEqualTo("configmaps");

    f.create(f.pods, ServiceFixture.pod("p"));
    JsonNode pod = body(call("DELETE", "/api/v1/namespaces/default/pods/p").json("{'gracePeriodSeconds':0}").full());
    assertThat(pod.path("kind").asString()).isEqualTo("Pod");
  }

  @Test
  void deleteOptionsFromQueryAndBody() {
    f.create(f.statefulSets, statefulSet("web", 1));
    HttpReply.Full r = call("DELETE", "/apis/apps/v1/namespaces/default/statefulsets/web")
        .query("propagationPolicy", "Orphan").full();
    assertThat(body(r).path("metadata").path("finalizers")).isEqualTo(jsonNode("['orphan']"));

    f.create(f.configMaps, configMap("cfg"));
    status(call("DELETE", "/api/v1/namespaces/default/configmaps/cfg")
        .json("{'apiVersion':'v1','kind':'DeleteOptions','preconditions':{'uid':'nope'}}").full(), 409, "Conflict");
  }

  @Test
  void fieldManagerComesFromTheUserAgent() {
    HttpReply.Full r = call("POST", "/api/v1/namespaces/default/configmaps").header("user-agent", "kubectl/v1.32.5 (linux/amd64)")
        .json("{'metadata':{'name':'cfg'},'data':{'a':'b'}}").full();
    assertThat(body(r).path("metadata").path("managedFields").path(0).path("manager").asString()).isEqualTo("kubectl");
    HttpReply.Full m = call("POST", "/api/v1/namespaces/default/configmaps").query("fieldManager", "mine")
        .json("{'metadata':{'name':'cfg2'},'data':{'a':'b'}}").full();
    assertThat(body(m).path("metadata").path("managedFields").path(0).path("manager").asString()).isEqualTo("mine");
  }

  @Test
  void serverSideApplyCreatesWith201() {
    HttpReply.Full r = call("PATCH", "/api/v1/namespaces/default/configmaps/cfg").query("fieldManager", "kubectl")
        .body("application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: b}\n").full();
    assertThat(r.status()).isEqualTo(201);
    HttpReply.Full again = call("PATCH", "/api/v1/namespaces/default/configmaps/cfg").query("fieldManager", "kubectl")
        .body("application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: c}\n").full();
    assertThat(again.status()).isEqualTo(200);
    status(call("PATCH", "/api/v1/namespaces/default/configmaps/cfg").body("application/json", "{}").full(), 415,
        "UnsupportedMediaType");
  }

  // ------------------------------------------------------------------ watch

  /** A client that reads {@code wanted} lines, then goes away. */
  private static final class Client implements HttpReply.Sink {
    final List<JsonNode> events = new ArrayList<>();
    private final int wanted;

    Client(int wanted) {
      this.wanted = wanted;
    }

    @Override
    public void write(byte[] chunk) throws IOException {
      String s = new String(chunk, StandardCharsets.UTF_8);
      assertThat(s).as("one event per chunk, newline-terminated").endsWith("\n").doesNotContain("\n{");
      events.add(Json.parse(chunk));
    }

    @Override
    public boolean isOpen() {
      return events.size() < wanted;
    }
  }

  private Client stream(HttpReply reply, int wanted) throws Exception {
    assertThat(reply).isInstanceOf(HttpReply.Stream.class);
    Client c = new Client(wanted);
    ((HttpReply.Stream) reply).producer().run(c);
    return c;
  }

  @Test
  void watchStreamsNewlineDelimitedEvents() throws Exception {
    f.create(f.configMaps, configMap("a"));
    f.create(f.configMaps, configMap("b"));
    HttpReply r = call("GET", "/api/v1/namespaces/default/configmaps").query("watch", "true").query("timeoutSeconds", "1").send();
    assertThat(((HttpReply.Stream) r).contentType()).isEqualTo("application/json");
    Client c = stream(r, 2);
    assertThat(c.events).extracting(e -> e.path("type").asString() + " " + e.path("object").path("metadata").path("name").asString())
        .containsExactly("ADDED a", "ADDED b");
    assertThat(c.events.get(0).path("object").path("kind").asString()).isEqualTo("ConfigMap");
  }

  @Test
  void watchInTableFormSendsColumnsFirstOnly() throws Exception {
    f.create(f.configMaps, configMap("a"));
    f.create(f.configMaps, configMap("b"));
    HttpReply r = call("GET", "/api/v1/namespaces/default/configmaps").query("watch", "1").query("timeoutSeconds", "1")
        .header("accept", TABLE).send();
    assertThat(((HttpReply.Stream) r).contentType()).isEqualTo(TABLE);
    Client c = stream(r, 2);
    assertThat(c.events.get(0).path("object").path("kind").asString()).isEqualTo("Table");
    assertThat(c.events.get(0).path("object").path("columnDefinitions").size()).isGreaterThan(0);
    assertThat(c.events.get(1).path("object").path("columnDefinitions").isEmpty()).isTrue();
    assertThat(c.events.get(1).path("object").path("rows").path(0).path("cells").path(0).asString()).isEqualTo("b");
  }

  @Test
  void watchFromATooOldVersionSendsOneErrorEvent() throws Exception {
    MemorySmallHistory small = new MemorySmallHistory();
    HttpReply r = small.handler.handle(new HttpCall("GET", "/api/v1/namespaces/default/configmaps",
        Map.of("watch", List.of("true"), "resourceVersion", List.of("1"), "timeoutSeconds", List.of("1")),
        Map.of("authorization", List.of("Bearer " + TOKEN)), new byte[0]));
    Client c = stream(r, 5);
    assertThat(c.events).hasSize(1);
    assertThat(c.events.get(0).path("type").asString()).isEqualTo("ERROR");
    assertThat(c.events.get(0).path("object").path("code").asInt()).isEqualTo(410);
    assertThat(c.events.get(0).path("object").path("reason").asString()).isEqualTo("Expired");
  }

  /** A server whose store remembers only the last two changes. */
  private static final class MemorySmallHistory {
    final ApiHandler handler;

    MemorySmallHistory() {
      var registry = dev.berth.api.ResourceRegistry.standard();
      var store = new dev.berth.store.MemoryStore(new dev.berth.store.Store.Options(2, 100));
      var service = new ResourceService(registry, store, new dev.berth.api.time.FakeClock(), IpRange.parse("127.2.0.0/16"));
      service.create(registry.byPlural("", "namespaces").orElseThrow(), null, ServiceFixture.json("{'metadata':{'name':'default'}}"),
          ServiceFixture.opts());
      for (String n : List.of("a", "b", "c")) {
        service.create(registry.byPlural("", "configmaps").orElseThrow(), "default", configMap(n), ServiceFixture.opts());
      }
      handler = new ApiHandler(service, TOKEN, "127.0.0.1:6443");
    }
  }

  // ------------------------------------------------------------------ discovery

  @Test
  void coreAndGroupDiscovery() {
    JsonNode api = body(call("GET", "/api").full());
    assertThat(api.path("kind").asString()).isEqualTo("APIVersions");
    assertThat(api.path("versions")).isEqualTo(jsonNode("['v1']"));
    assertThat(api.path("serverAddressByClientCIDRs").path(0).path("serverAddress").asString()).isEqualTo("127.0.0.1:6443");

    JsonNode apis = body(call("GET", "/apis").full());
    assertThat(apis.path("kind").asString()).isEqualTo("APIGroupList");
    assertThat(apis.path("groups").valueStream().map(g -> g.path("name").asString()).toList())
        .contains("apps", "events.k8s.io", "storage.k8s.io", "discovery.k8s.io", "coordination.k8s.io")
        .doesNotContain("");
    JsonNode apps = apis.path("groups").valueStream().filter(g -> g.path("name").asString().equals("apps")).findFirst().orElseThrow();
    assertThat(apps.path("preferredVersion")).isEqualTo(ServiceFixture.json("{'groupVersion':'apps/v1','version':'v1'}"));

    JsonNode group = body(call("GET", "/apis/apps").full());
    assertThat(group.path("kind").asString()).isEqualTo("APIGroup");
  }

  @Test
  void appsResourceList() {
    JsonNode list = body(call("GET", "/apis/apps/v1").full());
    assertThat(list.path("kind").asString()).isEqualTo("APIResourceList");
    assertThat(list.path("groupVersion").asString()).isEqualTo("apps/v1");
    JsonNode sts = resource(list, "statefulsets");
    assertThat(sts.path("singularName").asString()).isEqualTo("statefulset");
    assertThat(sts.path("namespaced").asBoolean()).isTrue();
    assertThat(sts.path("kind").asString()).isEqualTo("StatefulSet");
    assertThat(sts.path("shortNames")).isEqualTo(jsonNode("['sts']"));
    assertThat(sts.path("categories")).as("kubectl get all").isEqualTo(jsonNode("['all']"));
    assertThat(sts.path("verbs")).isEqualTo(jsonNode(
        "['create','delete','deletecollection','get','list','patch','update','watch']"));
    assertThat(sts.path("storageVersionHash").asString()).isNotEmpty();
    JsonNode scale = resource(list, "statefulsets/scale");
    assertThat(scale).isEqualTo(ServiceFixture.json("{'name':'statefulsets/scale','singularName':'','namespaced':true,"
        + "'verbs':['get','patch','update'],'group':'autoscaling','version':'v1','kind':'Scale'}"));
    assertThat(resource(list, "statefulsets/status").path("kind").asString()).isEqualTo("StatefulSet");
    assertThat(resource(list, "controllerrevisions").has("categories")).isFalse();
  }

  @Test
  void coreResourceList() {
    JsonNode list = body(call("GET", "/api/v1").full());
    assertThat(list.path("groupVersion").asString()).isEqualTo("v1");
    assertThat(resource(list, "namespaces").path("namespaced").asBoolean()).isFalse();
    assertThat(resource(list, "namespaces").path("verbs").valueStream().map(JsonNode::asString).toList())
        .doesNotContain("deletecollection");
    assertThat(resource(list, "namespaces/finalize").path("verbs")).isEqualTo(jsonNode("['update']"));
    assertThat(resource(list, "pods/log").path("verbs")).isEqualTo(jsonNode("['get']"));
    assertThat(resource(list, "pods").path("shortNames")).isEqualTo(jsonNode("['po']"));
  }

  private static JsonNode resource(JsonNode list, String name) {
    return list.path("resources").valueStream().filter(r -> r.path("name").asString().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("discovery lists no " + name));
  }

  @Test
  void rootListsThePaths() {
    JsonNode root = body(call("GET", "/").full());
    assertThat(root.path("paths").valueStream().map(JsonNode::asString).toList())
        .contains("/api", "/api/v1", "/apis", "/apis/apps/v1", "/openapi/v3", "/version");
  }
}
