package dev.berth.api.openapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A hand-run helper, not a test: serves berth's OpenAPI v3 documents, legacy discovery and a toy
 * object store over loopback HTTP, so real kubectl can be pointed at it:
 *
 * <pre>
 * java -cp … dev.berth.api.openapi.OpenApiDevServer 18080 &amp;
 * kubectl --server http://127.0.0.1:18080 explain sts.spec.updateStrategy
 * kubectl --server http://127.0.0.1:18080 apply -f sts.yaml     # prints the PATCH bodies it gets
 * </pre>
 *
 * The store keeps created objects by URL path; PATCH requests are printed to stdout and answered
 * with the stored object unchanged, which is enough to see the strategic merge patch kubectl
 * computes from berth's patch metadata.
 */
public final class OpenApiDevServer {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private OpenApiDevServer() {}

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
    ResourceRegistry registry = ResourceRegistry.standard();
    Map<String, byte[]> store = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", ex -> {
      try {
        handle(ex, registry, store);
      } catch (RuntimeException e) {
        e.printStackTrace();
        send(ex, 500, Json.bytes(F.objectNode().put("message", e.toString())));
      }
    });
    server.start();
    System.out.println("serving on http://127.0.0.1:" + port);
  }

  private static void handle(HttpExchange ex, ResourceRegistry registry, Map<String, byte[]> store)
      throws IOException {
    URI uri = ex.getRequestURI();
    String path = uri.getPath();
    String method = ex.getRequestMethod();
    System.out.println(">>> " + method + " " + uri);
    if (path.equals("/openapi/v3")) {
      send(ex, 200, Json.bytes(OpenApiV3.index(registry)));
      return;
    }
    if (path.startsWith("/openapi/v3/")) {
      String gv = OpenApiV3.groupVersionOf(path);
      if (gv != null && OpenApiV3.groupVersions(registry).contains(gv)) {
        send(ex, 200, OpenApiV3.bytes(registry, gv));
        return;
      }
      send(ex, 404, notFound(path));
      return;
    }
    if (path.equals("/version")) {
      send(ex, 200, Json.bytes(F.objectNode().put("major", "1").put("minor", "32")
          .put("gitVersion", "v1.32.0").put("platform", "linux/amd64")));
      return;
    }
    if (path.equals("/api")) {
      ObjectNode n = F.objectNode().put("kind", "APIVersions");
      n.putArray("versions").add("v1");
      send(ex, 200, Json.bytes(n));
      return;
    }
    if (path.equals("/apis")) {
      ObjectNode n = F.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode groups = n.putArray("groups");
      for (String gv : registry.groupVersions()) {
        if (!gv.contains("/")) {
          continue;
        }
        String g = gv.substring(0, gv.indexOf('/'));
        ObjectNode v = F.objectNode().put("groupVersion", gv).put("version", gv.substring(g.length() + 1));
        ObjectNode grp = groups.addObject().put("name", g);
        grp.putArray("versions").add(v);
        grp.set("preferredVersion", v.deepCopy());
      }
      send(ex, 200, Json.bytes(n));
      return;
    }
    for (String gv : registry.groupVersions()) {
      if (path.equals("/" + OpenApiV3.urlPath(gv))) {
        send(ex, 200, Json.bytes(resourceList(registry, gv)));
        return;
      }
    }
    switch (method) {
      case "POST" -> {
        byte[] body = ex.getRequestBody().readAllBytes();
        ObjectNode o = Json.parseObject(body);
        store.put(path + "/" + o.get("metadata").get("name").asString(), body);
        send(ex, 201, body);
      }
      case "GET" -> {
        byte[] b = store.get(path);
        send(ex, b == null ? 404 : 200, b == null ? notFound(path) : b);
      }
      case "PATCH" -> {
        byte[] body = ex.getRequestBody().readAllBytes();
        System.out.println("    " + ex.getRequestHeaders().getFirst("Content-Type") + " "
            + new String(body, java.nio.charset.StandardCharsets.UTF_8));
        byte[] b = store.get(path);
        send(ex, b == null ? 404 : 200, b == null ? notFound(path) : b);
      }
      default -> send(ex, 405, notFound(path));
    }
  }

  private static ObjectNode resourceList(ResourceRegistry registry, String gv) {
    ObjectNode n = F.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", gv);
    ArrayNode rs = n.putArray("resources");
    for (ResourceType t : registry.types()) {
      if (!t.apiVersion().equals(gv)) {
        continue;
      }
      ObjectNode r = rs.addObject().put("name", t.plural()).put("singularName", t.singular())
          .put("namespaced", t.namespaced()).put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      t.verbs().forEach(verbs::add);
      if (!t.shortNames().isEmpty()) {
        ArrayNode s = r.putArray("shortNames");
        t.shortNames().forEach(s::add);
      }
      if (!t.categories().isEmpty()) {
        ArrayNode c = r.putArray("categories");
        t.categories().forEach(c::add);
      }
      for (String sub : t.subresources()) {
        ObjectNode s = rs.addObject().put("name", t.plural() + "/" + sub).put("singularName", "")
            .put("namespaced", t.namespaced()).put("kind", sub.equals("scale") ? "Scale" : t.kind());
        if (sub.equals("scale")) {
          s.put("group", "autoscaling").put("version", "v1");
        }
        s.putArray("verbs").add("get").add("patch").add("update");
      }
    }
    return n;
  }

  private static byte[] notFound(String path) {
    return Json.bytes(F.objectNode().put("kind", "Status").put("apiVersion", "v1")
        .put("status", "Failure").put("message", path + " not found").put("reason", "NotFound")
        .put("code", 404));
  }

  private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }
}
