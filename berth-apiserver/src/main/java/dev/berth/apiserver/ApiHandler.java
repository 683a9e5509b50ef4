package dev.berth.apiserver;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.openapi.OpenApiV3;
import dev.berth.api.selector.FieldSelector;
import dev.berth.api.selector.LabelSelector;
import dev.berth.api.table.IncludeObject;
import dev.berth.api.table.TablePrinter;
import dev.berth.api.table.TablePrinters;
import dev.berth.api.table.Tables;
import dev.berth.apiserver.http.HttpCall;
import dev.berth.apiserver.http.HttpHandler;
import dev.berth.apiserver.http.HttpReply;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Preconditions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes REST surface over {@link ResourceService}: authentication, routing
 * ({@code spec/api-server.md} §3), content negotiation (§7.1), Table printing (§9), list and watch
 * (§10), writes (§11), deletes (§12), discovery (§5) and OpenAPI (§6). Every error leaves as a
 * {@code Status} body.
 */
public final class ApiHandler implements HttpHandler {
  private static final String JSON = "application/json";
  private static final String TABLE_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final ResourceService service;
  private final PodLogSource logs;
  private final PodExec exec;
  private final ResourceRegistry registry;
  private final Discovery discovery;
  private final byte[] token;
  private final String serverAddress;
  private final Map<String, byte[]> openApiCache = new ConcurrentHashMap<>();

  /**
   * @param token the bearer token every request but health and version checks must carry, unless
   *     it carries a service-account token ({@link ResourceService#authenticateToken})
   * @param serverAddress {@code host:port}, as published in {@code /api}
   */
  public ApiHandler(ResourceService service, String token, String serverAddress) {
    this(service, token, serverAddress, PodLogSource.NONE, PodExec.NONE);
  }

  /**
   * @param logs where {@code pods/log} reads from (the node agent's files)
   * @param exec where {@code pods/exec} runs its commands (the node agent's containers)
   */
  public ApiHandler(ResourceService service, String token, String serverAddress, PodLogSource logs, PodExec exec) {
    this.logs = logs;
    this.exec = exec;
    this.service = service;
    this.registry = service.registry();
    this.discovery = new Discovery(registry);
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.serverAddress = serverAddress;
  }

  @Override
  public HttpReply handle(HttpCall call) {
    try {
      String path = call.path();
      if (isPublic(path)) {
        return publicEndpoint(path, call);
      }
      authenticate(call);
      return route(call);
    } catch (ApiException e) {
      return status(e);
    } catch (RuntimeException e) {
      return status(ApiException.internal(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  // ------------------------------------------------------------------ auth and public paths

  private static boolean isPublic(String path) {
    return path.equals("/version") || path.startsWith("/healthz") || path.startsWith("/livez") || path.startsWith("/readyz");
  }

  private HttpReply publicEndpoint(String path, HttpCall call) {
    if (path.equals("/version")) {
      ObjectNode v = Json.MAPPER.createObjectNode();
      v.put("major", "1");
      v.put("minor", "32");
      v.put("gitVersion", "v1.32.0");
      v.put("gitCommit", "berth-0.1.0");
      v.put("gitTreeState", "clean");
      v.put("buildDate", "2026-11-25T00:00:00Z");
      v.put("goVersion", "go1.23.4");
      v.put("compiler", "gc");
      v.put("platform", "linux/amd64");
      return json(200, v, List.of());
    }
    String body = call.query().containsKey("verbose") ? "[+]ping ok\n[+]etcd ok\nhealthz check passed\n" : "ok";
    return new HttpReply.Full(200, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), List.of());
  }

  private void authenticate(HttpCall call) {
    String h = call.header("authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthorized();
    }
    String bearer = h.substring(7).trim();
    if (MessageDigest.isEqual(bearer.getBytes(StandardCharsets.UTF_8), token)) {
      return;
    }
    // a service-account token (a pod's kube-api-access volume, kubectl create token): cluster-admin too, there is no RBAC
    if (service.authenticateToken(bearer).isEmpty()) {
      throw ApiException.unauthorized();
    }
  }

  // ------------------------------------------------------------------ routing

  private HttpReply route(HttpCall call) {
    List<String> seg = Arrays.stream(call.path().split("/")).filter(s -> !s.isEmpty()).toList();
    if (seg.isEmpty()) {
      return paths();
    }
    String m = call.method();
    switch (seg.get(0)) {
      case "api" -> {
        if (seg.size() == 1) {
          return json(200, discovery.apiVersions(serverAddress), List.of());
        }
        if (seg.size() == 2) {
          return json(200, discovery.resourceList("", seg.get(1)).orElseThrow(ApiException::notFoundPath), List.of());
        }
        return resource(call, "", seg.get(1), seg.subList(2, seg.size()));
      }
      case "apis" -> {
        if (seg.size() == 1) {
          return json(200, discovery.groupList(), List.of());
        }
        if (seg.size() == 2) {
          return json(200, discovery.groupDocument(seg.get(1)).orElseThrow(ApiException::notFoundPath), List.of());
        }
        if (seg.size() == 3) {
          return json(200, discovery.resourceList(seg.get(1), seg.get(2)).orElseThrow(ApiException::notFoundPath), List.of());
        }
        return resource(call, seg.get(1), seg.get(2), seg.subList(3, seg.size()));
      }
      case "openapi" -> {
        if (!m.equals("GET")) {
          throw ApiException.methodNotAllowed();
        }
        return openApi(seg);
      }
      default -> throw ApiException.notFoundPath();
    }
  }

  private HttpReply paths() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode p = o.putArray("paths");
    List.of("/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v3", "/readyz", "/version").forEach(p::add);
    registry.groupVersions().stream().filter(gv -> gv.contains("/")).forEach(gv -> p.add("/apis/" + gv));
    return json(200, o, List.of());
  }

  private HttpReply openApi(List<String> seg) {
    if (seg.size() < 2 || !seg.get(1).equals("v3")) {
      throw ApiException.notFoundPath();
    }
    String key = seg.size() == 2 ? "" : String.join("/", seg.subList(2, seg.size()));
    byte[] body = openApiCache.computeIfAbsent(key, k -> {
      if (k.isEmpty()) {
        return Json.bytes(OpenApiV3.index(registry));
      }
      String gv = k.startsWith("api/") ? k.substring(4) : k.startsWith("apis/") ? k.substring(5) : null;
      if (gv == null || !OpenApiV3.groupVersions(registry).contains(gv)) {
        return null;
      }
      return OpenApiV3.bytes(registry, gv);
    });
    if (body == null) {
      throw ApiException.notFoundPath();
    }
    return new HttpReply.Full(200, JSON, body, List.of());
  }

  /** {@code rest} follows the group-version: {@code [namespaces, ns, pods, name, sub]} etc. */
  private HttpReply resource(HttpCall call, String group, String version, List<String> rest) {
    String namespace = null;
    List<String> r = rest;
    // /api/v1/namespaces/x/status is the Namespace's subresource; any other namespaces/x/... is a namespaced path
    boolean namespaceSubresource = group.isEmpty() && r.size() == 3 && (r.get(2).equals("status") || r.get(2).equals("finalize"));
    if (r.size() >= 3 && r.get(0).equals("namespaces") && !namespaceSubresource) {
      namespace = r.get(1);
      r = r.subList(2, r.size());
    }
    if (r.isEmpty() || r.size() > 3) {
      throw ApiException.notFoundPath();
    }
    ResourceType t = registry.byPlural(group, r.get(0)).filter(x -> x.version().equals(version)).orElseThrow(ApiException::notFoundPath);
    if (namespace != null && !t.namespaced()) {
      throw ApiException.notFoundPath();
    }
    if (r.size() == 1) {
      return collection(call, t, namespace);
    }
    if (t.namespaced() && namespace == null) {
      throw ApiException.notFoundPath();
    }
    String name = r.get(1);
    if (r.size() == 2) {
      return item(call, t, namespace, name);
    }
    String sub = r.get(2);
    if (!t.subresources().contains(sub)) {
      throw ApiException.notFoundPath();
    }
    return subresource(call, t, namespace, name, sub);
  }

  private HttpReply collection(HttpCall call, ResourceType t, String namespace) {
    LabelSelector labels = LabelSelector.parse(call.param("labelSelector"));
    FieldSelector fields = FieldSelector.parse(call.param("fieldSelector"));
    switch (call.method()) {
      case "GET" -> {
        if (!wantsTable(call)) {
          checkAcceptable(call);
        }
        if (call.flag("watch")) {
          return watch(call, t, namespace, labels, fields);
        }
        ResourceService.Listing l = service.list(t, namespace, labels, fields);
        if (wantsTable(call)) {
          return json(200, table(t, l.items(), String.valueOf(l.revision()), includeObject(call), true), List.of(), TABLE_TYPE);
        }
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", t.listKind());
        list.put("apiVersion", t.apiVersion());
        list.putObject("metadata").put("resourceVersion", String.valueOf(l.revision()));
        ArrayNode items = list.putArray("items");
        l.items().forEach(items::add);
        return json(200, list, List.of());
      }
      case "POST" -> {
        requireVerb(t, "create");
        if (t.namespaced() && namespace == null) {
          throw ApiException.methodNotAllowed();
        }
        ObjectNode body = bodyObject(call);
        WriteResult w = service.create(t, namespace, body, writeOptions(call));
        return object(call, t, 201, w.object(), w.warnings());
      }
      case "DELETE" -> {
        requireVerb(t, "deletecollection");
        List<ObjectNode> gone = service.deleteCollection(t, namespace, labels, fields, deleteOptions(call));
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", t.listKind());
        list.put("apiVersion", t.apiVersion());
        list.putObject("metadata").put("resourceVersion", String.valueOf(service.store().currentRevision()));
        ArrayNode items = list.putArray("items");
        gone.forEach(items::add);
        return json(200, list, List.of());
      }
      default -> throw ApiException.methodNotAllowed();
    }
  }

  private HttpReply item(HttpCall call, ResourceType t, String namespace, String name) {
    switch (call.method()) {
      case "GET" -> {
        return object(call, t, 200, service.get(t, namespace, name), List.of());
      }
      case "PUT" -> {
        WriteResult w = service.update(t, namespace, name, null, bodyObject(call), writeOptions(call));
        return object(call, t, 200, w.object(), w.warnings());
      }
      case "PATCH" -> {
        ResourceService.PatchType pt = ResourceService.PatchType.of(call.header("content-type"));
        WriteResult w = service.patch(t, namespace, name, null, pt, patchBody(call, pt), writeOptions(call));
        return object(call, t, w.created() ? 201 : 200, w.object(), w.warnings());
      }
      case "DELETE" -> {
        ResourceService.DeleteResult d = service.delete(t, namespace, name, deleteOptions(call));
        if (d.removed() && !t.plural().equals("pods") && !t.plural().equals("namespaces")) {
          ObjectNode st = Json.MAPPER.createObjectNode();
          st.put("kind", "Status");
          st.put("apiVersion", "v1");
          st.putObject("metadata");
          st.put("status", "Success");
          ObjectNode det = st.putObject("details");
          det.put("name", name);
          det.put("group", t.group());
          det.put("kind", t.plural());
          det.put("uid", d.object().path("metadata").path("uid").asString(""));
          return json(200, st, List.of());
        }
        return object(call, t, 200, d.object(), List.of());
      }
      default -> throw ApiException.methodNotAllowed();
    }
  }

  private HttpReply subresource(HttpCall call, ResourceType t, String namespace, String name, String sub) {
    switch (sub) {
      case "scale" -> {
        return switch (call.method()) {
          case "GET" -> json(200, service.scale(t, namespace, name), List.of());
          case "PUT" -> json(200, service.updateScale(t, namespace, name, null, bodyObject(call), writeOptions(call)), List.of());
          case "PATCH" -> {
            ResourceService.PatchType pt = ResourceService.PatchType.of(call.header("content-type"));
            yield json(200, service.updateScale(t, namespace, name, pt, patchBody(call, pt), writeOptions(call)), List.of());
          }
          default -> throw ApiException.methodNotAllowed();
        };
      }
      case "status", "finalize" -> {
        return switch (call.method()) {
          case "GET" -> {
            if (sub.equals("finalize")) {
              throw ApiException.methodNotAllowed();
            }
            yield object(call, t, 200, service.get(t, namespace, name), List.of());
          }
          case "PUT" -> {
            WriteResult w = service.update(t, namespace, name, sub, bodyObject(call), writeOptions(call));
            yield object(call, t, 200, w.object(), w.warnings());
          }
          case "PATCH" -> {
            if (sub.equals("finalize")) {
              throw ApiException.methodNotAllowed();
            }
            ResourceService.PatchType pt = ResourceService.PatchType.of(call.header("content-type"));
            WriteResult w = service.patch(t, namespace, name, sub, pt, patchBody(call, pt), writeOptions(call));
            yield object(call, t, 200, w.object(), w.warnings());
          }
          default -> throw ApiException.methodNotAllowed();
        };
      }
      case "binding" -> {
        if (!call.method().equals("POST")) {
          throw ApiException.methodNotAllowed();
        }
        ObjectNode binding = bodyObject(call);
        service.bind(t, namespace, name, binding.path("target").path("name").asString(""));
        ObjectNode st = Json.MAPPER.createObjectNode();
        st.put("kind", "Status");
        st.put("apiVersion", "v1");
        st.putObject("metadata");
        st.put("status", "Success");
        st.put("code", 201);
        return json(201, st, List.of());
      }
      case "token" -> {
        if (!call.method().equals("POST")) {
          throw ApiException.methodNotAllowed();
        }
        return json(201, service.requestToken(namespace, name, bodyObject(call)), List.of());
      }
      case "log" -> {
        if (!call.method().equals("GET")) {
          throw ApiException.methodNotAllowed();
        }
        ObjectNode pod = service.get(t, namespace, name);
        return logs.logs(pod, containerOf(pod, name, call.param("container")), call.query());
      }
      case "exec" -> {
        if (!call.method().equals("GET") && !call.method().equals("POST")) {
          throw ApiException.methodNotAllowed();
        }
        return exec(call, service.get(t, namespace, name), name);
      }
      default -> throw ApiException.notFoundPath();
    }
  }

  /**
   * The container a {@code log} or {@code exec} request means, as upstream's {@code validateContainer}:
   * the only one when none is named, else one of the pod's (init) containers.
   */
  private static String containerOf(ObjectNode pod, String name, String container) {
    List<String> names = new ArrayList<>();
    pod.path("spec").path("initContainers").forEach(c -> names.add(c.path("name").asString("")));
    pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asString("")));
    if (container == null || container.isEmpty()) {
      if (pod.path("spec").path("containers").size() != 1) {
        throw ApiException.badRequest("a container name must be specified for pod " + name + ", choose one of: "
            + pod.path("spec").path("containers").valueStream().map(c -> c.path("name").asString("")).toList());
      }
      return pod.path("spec").path("containers").path(0).path("name").asString("");
    }
    if (!names.contains(container)) {
      throw ApiException.badRequest("container " + container + " is not valid for pod " + name);
    }
    return container;
  }

  /**
   * {@code pods/exec} ({@code spec/api-server.md} §14.3): everything is checked before the upgrade,
   * so a refusal is an ordinary answer — pod and container first, then whether the container runs
   * (upstream's kubelet answers that one in plain text, which kubectl shows as {@code unable to
   * upgrade connection: container not found ("c")}), and only then the transport: WebSocket with
   * {@code v5.channel.k8s.io} or {@code v4.channel.k8s.io}. kubectl's SPDY fallback is refused with a
   * message that says so; it is only tried after the WebSocket attempt failed.
   */
  private HttpReply exec(HttpCall call, ObjectNode pod, String name) {
    String container = containerOf(pod, name, call.param("container"));
    List<String> command = call.query().getOrDefault("command", List.of());
    if (command.isEmpty()) {
      throw ApiException.badRequest("you must specify at least 1 command");
    }
    PodExec.Options options = new PodExec.Options(command, call.flag("stdin"), call.flag("stdout"), call.flag("stderr"), call.flag("tty"));
    if (!options.stdin() && !options.stdout() && !options.stderr()) {
      throw ApiException.badRequest("you must specify at least one of stdin, stdout, stderr");
    }
    if (pod.path("spec").path("nodeName").asString("").isEmpty()) {
      throw ApiException.badRequest("pod " + name + " does not have a host assigned");
    }
    PodExec.Starter starter;
    try {
      starter = exec.prepare(pod, container, options);
    } catch (PodExec.ContainerNotRunning e) {
      return new HttpReply.Full(500, "text/plain; charset=utf-8", e.getMessage().getBytes(StandardCharsets.UTF_8), List.of());
    }
    String upgrade = call.header("upgrade");
    if (upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("spdy")) {
      throw ApiException.badRequest("berth serves exec over WebSocket only (v5.channel.k8s.io, v4.channel.k8s.io); "
          + "SPDY/3.1 is not supported (unset KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false)");
    }
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      throw ApiException.badRequest("Upgrade request required");
    }
    ExecChannels.Protocol protocol = ExecChannels.Protocol.negotiate(call.header("sec-websocket-protocol"))
        .orElseThrow(() -> ApiException.badRequest("none of the offered WebSocket subprotocols ["
            + call.header("sec-websocket-protocol") + "] is supported: berth speaks v5.channel.k8s.io and v4.channel.k8s.io"));
    return new HttpReply.WebSocket(protocol.header(), new ExecConversation(protocol, options, starter));
  }

  // ------------------------------------------------------------------ watch

  private HttpReply watch(HttpCall call, ResourceType t, String namespace, LabelSelector labels, FieldSelector fields) {
    requireVerb(t, "watch");
    boolean table = wantsTable(call);
    IncludeObject include = includeObject(call);
    long timeoutSeconds = call.param("timeoutSeconds") != null ? longParam(call, "timeoutSeconds")
        : 1800 + ThreadLocalRandom.current().nextLong(1800);
    ApiWatch w;
    try {
      w = service.watch(t, namespace, call.param("resourceVersion"), labels, fields);
    } catch (ApiException e) {
      if (e.code() != 410) {
        throw e;
      }
      ObjectNode ev = Json.MAPPER.createObjectNode();
      ev.put("type", "ERROR");
      ev.set("object", Json.toTree(e.status()));
      byte[] line = lineOf(ev);
      return new HttpReply.Stream(JSON, sink -> sink.write(line));
    }
    String contentType = table ? TABLE_TYPE : JSON;
    return new HttpReply.Stream(contentType, sink -> {
      try (w) {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        boolean first = true;
        while (sink.isOpen()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return;
          }
          ApiWatch.Item item = w.next(Duration.ofNanos(Math.min(left, Duration.ofSeconds(1).toNanos())));
          if (item == null) {
            continue;
          }
          ObjectNode ev = Json.MAPPER.createObjectNode();
          switch (item) {
            case ApiWatch.Item.Expired x -> {
              ev.put("type", "ERROR");
              ev.set("object", Json.toTree(x.error().status()));
              sink.write(lineOf(ev));
              return;
            }
            case ApiWatch.Item.Event e -> {
              ev.put("type", e.type());
              if (table) {
                String rv = e.object().path("metadata").path("resourceVersion").asString("");
                ev.set("object", table(t, List.of(e.object()), rv, include, first));
                first = false;
              } else {
                ev.set("object", e.object());
              }
              sink.write(lineOf(ev));
            }
          }
        }
      }
    });
  }

  private static byte[] lineOf(ObjectNode ev) {
    byte[] b = Json.bytes(ev);
    byte[] out = Arrays.copyOf(b, b.length + 1);
    out[b.length] = '\n';
    return out;
  }

  // ------------------------------------------------------------------ encodings

  private static boolean wantsTable(HttpCall call) {
    String a = call.header("accept");
    return a != null && a.contains("as=Table") && a.contains("g=meta.k8s.io");
  }

  private static IncludeObject includeObject(HttpCall call) {
    String v = call.param("includeObject");
    if (v == null || v.equals("Metadata")) {
      return IncludeObject.METADATA;
    }
    return switch (v) {
      case "Object" -> IncludeObject.OBJECT;
      case "None" -> IncludeObject.NONE;
      default -> throw ApiException.badRequest("includeObject must be one of None, Metadata or Object");
    };
  }

  private ObjectNode table(ResourceType t, List<ObjectNode> items, String resourceVersion, IncludeObject include, boolean columns) {
    TablePrinter printer = TablePrinters.forKind(t.apiVersion(), t.kind());
    List<HasMetadata> typed = new ArrayList<>(items.size());
    for (ObjectNode o : items) {
      typed.add(Json.toTyped(o, t.javaType()));
    }
    return Tables.table(printer, typed, resourceVersion, "", include, columns, service.clock().now());
  }

  private HttpReply object(HttpCall call, ResourceType t, int code, ObjectNode obj, List<String> warnings) {
    if (wantsTable(call) && call.method().equals("GET")) {
      String rv = obj.path("metadata").path("resourceVersion").asString("");
      return json(code, table(t, List.of(obj), rv, includeObject(call), true), warnings, TABLE_TYPE);
    }
    checkAcceptable(call);
    return json(code, obj, warnings);
  }

  private static void checkAcceptable(HttpCall call) {
    String a = call.header("accept");
    if (a == null || a.isBlank() || a.contains("json") || a.contains("*/*")) {
      return;
    }
    throw ApiException.notAcceptable("only the following media types are accepted: application/json, "
        + "application/json;as=Table;v=v1;g=meta.k8s.io");
  }

  private static HttpReply json(int code, Object body, List<String> warnings) {
    return json(code, body, warnings, JSON);
  }

  private static HttpReply json(int code, Object body, List<String> warnings, String contentType) {
    return new HttpReply.Full(code, contentType, Json.bytes(body), warnings);
  }

  private static HttpReply status(ApiException e) {
    return new HttpReply.Full(e.code(), JSON, Json.bytes(e.status()), List.of());
  }

  private static void requireVerb(ResourceType t, String verb) {
    if (!t.verbs().contains(verb)) {
      throw ApiException.methodNotAllowed();
    }
  }

  // ------------------------------------------------------------------ request bodies and options

  private static ObjectNode bodyObject(HttpCall call) {
    JsonNode n = decodeBody(call, call.header("content-type"));
    if (!(n instanceof ObjectNode o)) {
      throw ApiException.badRequest("the body of the request must be a JSON object");
    }
    return o;
  }

  private static JsonNode patchBody(HttpCall call, ResourceService.PatchType pt) {
    if (pt == ResourceService.PatchType.APPLY) {
      return parseYaml(call.body());
    }
    return Json.parse(call.body());
  }

  private static JsonNode decodeBody(HttpCall call, String contentType) {
    String ct = contentType == null ? "" : contentType.split(";")[0].trim();
    if (call.body().length == 0) {
      throw ApiException.badRequest("the request body is empty");
    }
    return switch (ct) {
      case "", "application/json", "*/*" -> Json.parse(call.body());
      case "application/yaml", "application/x-yaml", "text/yaml" -> parseYaml(call.body());
      case "application/vnd.kubernetes.protobuf" -> throw ApiException.unsupportedMediaType(ct
          + "; berth does not decode protobuf: use 'kubectl create ... --dry-run=client -o yaml | kubectl apply -f -'");
      default -> throw ApiException.unsupportedMediaType(ct);
    };
  }

  private static JsonNode parseYaml(byte[] body) {
    try {
      return YAML.readTree(body);
    } catch (RuntimeException e) {
      throw ApiException.badRequest("unable to parse the YAML body: " + e.getMessage());
    }
  }

  private static WriteOptions writeOptions(HttpCall call) {
    List<String> dry = call.query().getOrDefault("dryRun", List.of());
    if (!dry.isEmpty() && !dry.equals(List.of("All"))) {
      throw ApiException.badRequest("dryRun must be \"All\"");
    }
    String manager = call.param("fieldManager");
    if (manager == null || manager.isEmpty()) {
      String ua = call.header("user-agent");
      manager = ua == null || ua.isEmpty() ? "unknown" : ua.split("/")[0].split(" ")[0];
    }
    if (manager.length() > 128) {
      throw ApiException.badRequest("fieldManager must not be longer than 128 characters");
    }
    return new WriteOptions(!dry.isEmpty(), manager, WriteOptions.FieldValidation.parse(call.param("fieldValidation")), call.flag("force"));
  }

  /** An integer query parameter; anything else is the client's error (400), not ours. */
  private static long longParam(HttpCall call, String name) {
    String v = call.param(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid value for " + name + ": \"" + v + "\" is not an integer");
    }
  }

  private static DeleteOptions deleteOptions(HttpCall call) {
    DeleteOptions o = new DeleteOptions();
    if (call.body().length > 0) {
      o = Json.toTyped(Json.parse(call.body()), DeleteOptions.class);
    }
    if (call.param("gracePeriodSeconds") != null) {
      o.setGracePeriodSeconds(longParam(call, "gracePeriodSeconds"));
    }
    if (call.param("propagationPolicy") != null) {
      o.setPropagationPolicy(call.param("propagationPolicy"));
    }
    if (call.param("orphanDependents") != null) {
      o.setOrphanDependents(call.flag("orphanDependents"));
    }
    if (call.query().containsKey("dryRun")) {
      o.setDryRun(call.query().get("dryRun"));
    }
    if (call.param("preconditions.uid") != null || call.param("preconditions.resourceVersion") != null) {
      o.setPreconditions(new Preconditions(call.param("preconditions.resourceVersion"), call.param("preconditions.uid")));
    }
    return o;
  }
}
