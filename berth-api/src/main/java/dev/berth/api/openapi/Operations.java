package dev.berth.api.openapi;

import dev.berth.api.ResourceType;
import dev.berth.api.openapi.ComponentSchemas.Gvk;
import dev.berth.api.schema.Schemas;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code paths} of a group-version document, shaped like kube-apiserver's: per resource a
 * collection path (list with {@code watch}, create, deletecollection), an item path (read,
 * replace, patch, delete), the all-namespaces list for namespaced resources, and the
 * {@code status} and {@code scale} subresources. Operation ids follow upstream, e.g.
 * {@code patchAppsV1NamespacedStatefulSet}, {@code listCoreV1PodForAllNamespaces}.
 *
 * <p>Every write operation lists {@code fieldValidation} inline (not as a {@code $ref}): kubectl
 * looks at the first PATCH operation it meets for a kind, status and scale included.
 */
final class Operations {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> MEDIA = List.of(
      "application/json", "application/yaml", "application/vnd.kubernetes.protobuf");
  private static final List<String> WATCH_MEDIA = List.of(
      "application/json", "application/json;stream=watch", "application/yaml",
      "application/vnd.kubernetes.protobuf", "application/vnd.kubernetes.protobuf;stream=watch");
  private static final List<String> PATCH_MEDIA = List.of(
      "application/apply-patch+yaml", "application/json-patch+json",
      "application/merge-patch+json", "application/strategic-merge-patch+json");
  private static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
  private static final String DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
  private static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";

  private Operations() {}

  static ObjectNode paths(String gv, List<ResourceType> types) {
    ObjectNode paths = F.objectNode();
    if (types.isEmpty()) {
      return paths;
    }
    String prefix = types.getFirst().groupVersionPath();
    String tag = tag(gv);
    ObjectNode root = paths.putObject(prefix + "/");
    ObjectNode resources = root.putObject("get");
    resources.put("description", "get available resources");
    resources.put("operationId", "get" + gvName(gv) + "APIResources");
    resources.set("responses", responses(200, "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList", MEDIA));
    resources.putArray("tags").add(tag);

    for (ResourceType t : types) {
      Resource r = new Resource(t, gv, tag, Schemas.of(t.javaType()).name(),
          Schemas.of(OpenApiV3.listClass(t)).name());
      String coll = prefix + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
      String item = coll + "/{name}";
      ObjectNode c = paths.putObject(coll);
      if (t.verbs().contains("deletecollection")) {
        c.set("delete", r.deleteCollection());
      }
      if (t.verbs().contains("list")) {
        c.set("get", r.list(false));
      }
      pathParameters(c, t.namespaced(), null);
      if (t.verbs().contains("create")) {
        c.set("post", r.create());
      }
      ObjectNode i = paths.putObject(item);
      if (t.verbs().contains("delete")) {
        i.set("delete", r.delete());
      }
      if (t.verbs().contains("get")) {
        i.set("get", r.read("", r.kindDef, r.gvk()));
      }
      pathParameters(i, t.namespaced(), t.kind());
      if (t.verbs().contains("patch")) {
        i.set("patch", r.patch("", r.kindDef, r.gvk()));
      }
      if (t.verbs().contains("update")) {
        i.set("put", r.replace("", r.kindDef, r.gvk()));
      }
      if (t.subresources().contains("scale")) {
        ObjectNode s = paths.putObject(item + "/scale");
        Gvk scale = Gvk.of(OpenApiV3.SCALE_GROUP_VERSION, "Scale");
        s.set("get", r.read("Scale", SCALE, scale));
        pathParameters(s, t.namespaced(), "Scale");
        s.set("patch", r.patch("Scale", SCALE, scale));
        s.set("put", r.replace("Scale", SCALE, scale));
      }
      if (t.subresources().contains("status")) {
        ObjectNode s = paths.putObject(item + "/status");
        s.set("get", r.read("Status", r.kindDef, r.gvk()));
        pathParameters(s, t.namespaced(), t.kind());
        s.set("patch", r.patch("Status", r.kindDef, r.gvk()));
        s.set("put", r.replace("Status", r.kindDef, r.gvk()));
      }
      if (t.namespaced() && t.verbs().contains("list")) {
        ObjectNode all = paths.putObject(prefix + "/" + t.plural());
        all.set("get", r.list(true));
        ArrayNode params = all.putArray("parameters");
        listParameters(params, t.verbs().contains("watch"));
        params.add(query("pretty", "string", "If 'true', then the output is pretty printed."));
      }
    }
    return paths;
  }

  /** One resource's operations. */
  private record Resource(ResourceType t, String gv, String tag, String kindDef, String listDef) {
    Gvk gvk() {
      return Gvk.of(gv, t.kind());
    }

    String id(String verb, String subresource) {
      return verb + gvName(gv) + (t.namespaced() ? "Namespaced" : "") + t.kind() + subresource;
    }

    ObjectNode list(boolean allNamespaces) {
      ObjectNode op = op("list or watch objects of kind " + t.kind(),
          allNamespaces ? "list" + gvName(gv) + t.kind() + "ForAllNamespaces" : id("list", ""),
          "list", gvk());
      if (!allNamespaces) {
        listParameters(op.putArray("parameters"), t.verbs().contains("watch"));
      }
      op.set("responses", responses(200, listDef, WATCH_MEDIA));
      return op;
    }

    ObjectNode create() {
      ObjectNode op = op("create a " + t.kind(), id("create", ""), "post", gvk());
      writeParameters(op.putArray("parameters"), false);
      op.set("requestBody", body(ComponentSchemas.ref(kindDef), List.of("*/*")));
      ObjectNode res = responses(200, kindDef, MEDIA);
      res.set("201", response("Created", kindDef, MEDIA));
      res.set("202", response("Accepted", kindDef, MEDIA));
      op.set("responses", res);
      return op;
    }

    ObjectNode deleteCollection() {
      String id = "delete" + gvName(gv) + "Collection" + (t.namespaced() ? "Namespaced" : "") + t.kind();
      ObjectNode op = op("delete collection of " + t.kind(), id, "deletecollection", gvk());
      ArrayNode p = op.putArray("parameters");
      p.add(query("continue", "string", "The continue token of a previous list call."));
      p.add(query("dryRun", "string", "When present (All), run all stages but persist nothing."));
      p.add(query("fieldSelector", "string", "Restrict to objects whose fields match, e.g. metadata.name=web."));
      p.add(query("gracePeriodSeconds", "integer", "Seconds before the objects are deleted; 0 deletes immediately."));
      p.add(query("labelSelector", "string", "Restrict to objects whose labels match, e.g. app=web."));
      p.add(query("limit", "integer", "The maximum number of objects to consider per call."));
      p.add(query("orphanDependents", "boolean", "Deprecated: use propagationPolicy."));
      p.add(query("propagationPolicy", "string", "Orphan, Background or Foreground garbage collection of dependents."));
      p.add(query("resourceVersion", "string", "Which version of the collection to consider."));
      p.add(query("resourceVersionMatch", "string", "How resourceVersion applies: Exact or NotOlderThan."));
      p.add(query("sendInitialEvents", "boolean", "Send synthetic ADDED events for existing objects first (watch only)."));
      p.add(query("timeoutSeconds", "integer", "Timeout of the call."));
      op.set("requestBody", body(ComponentSchemas.ref(DELETE_OPTIONS), List.of("*/*")));
      op.set("responses", responses(200, STATUS, MEDIA));
      return op;
    }

    ObjectNode read(String subresource, String def, Gvk gvk) {
      ObjectNode op = op("read the specified " + t.kind() + (subresource.isEmpty() ? "" : " " + subresource.toLowerCase()),
          id("read", subresource), "get", gvk);
      op.set("responses", responses(200, def, MEDIA));
      return op;
    }

    ObjectNode replace(String subresource, String def, Gvk gvk) {
      ObjectNode op = op("replace the specified " + t.kind() + (subresource.isEmpty() ? "" : " " + subresource.toLowerCase()),
          id("replace", subresource), "put", gvk);
      writeParameters(op.putArray("parameters"), false);
      op.set("requestBody", body(ComponentSchemas.ref(def), List.of("*/*")));
      ObjectNode res = responses(200, def, MEDIA);
      res.set("201", response("Created", def, MEDIA));
      op.set("responses", res);
      return op;
    }

    ObjectNode patch(String subresource, String def, Gvk gvk) {
      ObjectNode op = op("partially update the specified " + t.kind() + (subresource.isEmpty() ? "" : " " + subresource.toLowerCase()),
          id("patch", subresource), "patch", gvk);
      writeParameters(op.putArray("parameters"), true);
      op.set("requestBody", body(ComponentSchemas.ref(ComponentSchemas.PATCH), PATCH_MEDIA));
      ObjectNode res = responses(200, def, MEDIA);
      res.set("201", response("Created", def, MEDIA));
      op.set("responses", res);
      return op;
    }

    ObjectNode delete() {
      ObjectNode op = op("delete a " + t.kind(), id("delete", ""), "delete", gvk());
      ArrayNode p = op.putArray("parameters");
      p.add(query("dryRun", "string", "When present (All), run all stages but persist nothing."));
      p.add(query("gracePeriodSeconds", "integer", "Seconds before the object is deleted; 0 deletes immediately."));
      p.add(query("orphanDependents", "boolean", "Deprecated: use propagationPolicy."));
      p.add(query("propagationPolicy", "string", "Orphan, Background or Foreground garbage collection of dependents."));
      op.set("requestBody", body(ComponentSchemas.ref(DELETE_OPTIONS), List.of("*/*")));
      ObjectNode res = responses(200, STATUS, MEDIA);
      res.set("202", response("Accepted", STATUS, MEDIA));
      op.set("responses", res);
      return op;
    }

    private ObjectNode op(String description, String id, String action, Gvk gvk) {
      ObjectNode op = F.objectNode();
      op.put("description", description);
      op.put("operationId", id);
      op.putArray("tags").add(tag);
      op.put("x-kubernetes-action", action);
      op.set("x-kubernetes-group-version-kind", gvk.json());
      return op;
    }
  }

  private static void pathParameters(ObjectNode path, boolean namespaced, String nameOf) {
    ArrayNode p = path.putArray("parameters");
    if (nameOf != null) {
      p.add(pathParam("name", "name of the " + nameOf));
    }
    if (namespaced) {
      p.add(pathParam("namespace", "object name and auth scope, such as for teams and projects"));
    }
    p.add(query("pretty", "string", "If 'true', then the output is pretty printed."));
  }

  private static void listParameters(ArrayNode p, boolean watch) {
    if (watch) {
      p.add(query("allowWatchBookmarks", "boolean", "Request BOOKMARK events (watch only)."));
    }
    p.add(query("continue", "string", "The continue token of a previous list call."));
    p.add(query("fieldSelector", "string", "Restrict to objects whose fields match, e.g. metadata.name=web."));
    p.add(query("labelSelector", "string", "Restrict to objects whose labels match, e.g. app=web."));
    p.add(query("limit", "integer", "The maximum number of objects per response; more are reachable with continue."));
    p.add(query("resourceVersion", "string", "Which version to list, or from which version on to watch."));
    p.add(query("resourceVersionMatch", "string", "How resourceVersion applies to a list: Exact or NotOlderThan."));
    if (watch) {
      p.add(query("sendInitialEvents", "boolean", "Send synthetic ADDED events for existing objects first (watch only)."));
    }
    p.add(query("timeoutSeconds", "integer", "Timeout of the list or watch call."));
    if (watch) {
      p.add(query("watch", "boolean", "Watch for changes instead of listing: a stream of WatchEvents."));
    }
  }

  private static void writeParameters(ArrayNode p, boolean patch) {
    p.add(query("dryRun", "string", "When present (All), run all stages but persist nothing."));
    p.add(query("fieldManager", "string", "The name of the actor making the change; required for apply patches."));
    p.add(query("fieldValidation", "string",
        "How to treat unknown or duplicate fields: Ignore (drop them), Warn (drop them and warn,"
            + " the default) or Strict (reject the request)."));
    if (patch) {
      p.add(query("force", "boolean", "Force an apply patch: take over fields owned by other managers."));
    }
  }

  private static ObjectNode query(String name, String type, String description) {
    ObjectNode n = F.objectNode();
    n.put("description", description);
    n.put("in", "query");
    n.put("name", name);
    n.putObject("schema").put("type", type).put("uniqueItems", true);
    return n;
  }

  private static ObjectNode pathParam(String name, String description) {
    ObjectNode n = F.objectNode();
    n.put("description", description);
    n.put("in", "path");
    n.put("name", name);
    n.put("required", true);
    n.putObject("schema").put("type", "string").put("uniqueItems", true);
    return n;
  }

  private static ObjectNode body(ObjectNode schema, List<String> media) {
    ObjectNode b = F.objectNode();
    ObjectNode content = b.putObject("content");
    for (String m : media) {
      content.putObject(m).set("schema", schema.deepCopy());
    }
    b.put("required", true);
    return b;
  }

  private static ObjectNode responses(int code, String def, List<String> media) {
    ObjectNode r = F.objectNode();
    r.set(Integer.toString(code), response("OK", def, media));
    r.putObject("401").put("description", "Unauthorized");
    return r;
  }

  private static ObjectNode response(String description, String def, List<String> media) {
    ObjectNode r = F.objectNode();
    ObjectNode content = r.putObject("content");
    for (String m : media) {
      content.putObject(m).set("schema", ComponentSchemas.ref(def));
    }
    r.put("description", description);
    return r;
  }

  /** {@code core_v1}, {@code apps_v1}, {@code discovery_v1}: the operation tag upstream uses. */
  private static String tag(String gv) {
    return gvName(gv).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }

  /**
   * {@code CoreV1}, {@code AppsV1}, {@code DiscoveryV1}, {@code RbacAuthorizationV1}: the
   * group-version part of upstream operation ids ({@code .k8s.io} dropped, segments capitalised).
   */
  static String gvName(String gv) {
    int slash = gv.indexOf('/');
    String group = slash < 0 ? "core" : gv.substring(0, slash).replace(".k8s.io", "");
    String version = slash < 0 ? gv : gv.substring(slash + 1);
    StringBuilder b = new StringBuilder();
    for (String seg : group.split("\\.")) {
      b.append(Character.toUpperCase(seg.charAt(0))).append(seg.substring(1));
    }
    return b.append(Character.toUpperCase(version.charAt(0))).append(version.substring(1)).toString();
  }
}
