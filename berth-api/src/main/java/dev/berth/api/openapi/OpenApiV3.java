package dev.berth.api.openapi;

import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.openapi.ComponentSchemas.Gvk;
import dev.berth.api.schema.Schema;
import dev.berth.api.schema.Schemas;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v3 documents berth serves under {@code /openapi/v3}, generated from the
 * {@link ResourceRegistry} and the {@link Schemas} of its kinds ({@code spec/api-server.md} §6).
 *
 * <p>What clients rely on: kubectl's default {@code --validate=strict} finds each kind's PATCH
 * operation by {@code x-kubernetes-group-version-kind} and, seeing a {@code fieldValidation} query
 * parameter there, sends {@code fieldValidation=Strict} instead of validating locally; client-side
 * apply computes strategic merge patches from the {@code x-kubernetes-patch-*} extensions of the
 * component schemas tagged with the kind; {@code kubectl explain} walks {@code properties} through
 * {@code allOf}/{@code $ref}.
 *
 * <p>Documents are deterministic for a registry, computed once per registry and cached; callers
 * get copies.
 */
public final class OpenApiV3 {
  /** {@code info.version} of every document: the Kubernetes version berth reports. */
  public static final String KUBERNETES_VERSION = "v1.32.0";

  /** The group-version of the {@code Scale} kind that {@code …/scale} subresources speak. */
  public static final String SCALE_GROUP_VERSION = "autoscaling/v1";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Map<ResourceRegistry, Map<String, Rendered>> CACHE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private record Rendered(ObjectNode document, byte[] bytes, String hash) {}

  private OpenApiV3() {}

  /**
   * The group-versions that have a document, in discovery order: the registry's, plus
   * {@code autoscaling/v1} when some resource has a {@code scale} subresource and the registry
   * does not serve that group-version itself (its document then has the {@code Scale} schemas
   * and no paths).
   */
  public static List<String> groupVersions(ResourceRegistry registry) {
    List<String> out = new ArrayList<>(registry.groupVersions());
    boolean scale = registry.types().stream().anyMatch(t -> t.subresources().contains("scale"));
    if (scale && !out.contains(SCALE_GROUP_VERSION)) {
      out.add(SCALE_GROUP_VERSION);
    }
    return List.copyOf(out);
  }

  /**
   * The {@code /openapi/v3} discovery document:
   * {@code {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=<H>"},…}}}.
   */
  public static ObjectNode index(ResourceRegistry registry) {
    ObjectNode root = F.objectNode();
    ObjectNode paths = root.putObject("paths");
    for (String gv : groupVersions(registry)) {
      String p = urlPath(gv);
      paths.putObject(p).put("serverRelativeURL", "/openapi/v3/" + p + "?hash=" + hash(registry, gv));
    }
    return root;
  }

  /**
   * The document of one group-version ({@code v1}, {@code apps/v1}, …), a fresh copy.
   *
   * @throws IllegalArgumentException if {@code groupVersion} is not one of
   *     {@link #groupVersions}
   */
  public static ObjectNode document(ResourceRegistry registry, String groupVersion) {
    return rendered(registry, groupVersion).document().deepCopy();
  }

  /**
   * The document serialised as compact JSON: the exact bytes {@link #hash} is computed over, so
   * serving them keeps the index's {@code ?hash=} truthful (and usable as an ETag). A fresh copy.
   */
  public static byte[] bytes(ResourceRegistry registry, String groupVersion) {
    return rendered(registry, groupVersion).bytes().clone();
  }

  /** The hash of {@link #document}, as it appears in the index's {@code serverRelativeURL}. */
  public static String hash(ResourceRegistry registry, String groupVersion) {
    return rendered(registry, groupVersion).hash();
  }

  /**
   * The content hash kube-apiserver uses for {@code ?hash=}: SHA-512 of the compact JSON
   * serialisation, in upper-case hex.
   */
  public static String hash(JsonNode document) {
    return sha512(Json.bytes(document));
  }

  private static String sha512(byte[] bytes) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code api/v1} for the core group, {@code apis/<group>/<version>} otherwise. */
  public static String urlPath(String groupVersion) {
    return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
  }

  /** The group-version of an index key or URL path ({@code api/v1} ⇒ {@code v1}), or null. */
  public static String groupVersionOf(String urlPath) {
    String p = urlPath.startsWith("/") ? urlPath.substring(1) : urlPath;
    if (p.startsWith("openapi/v3/")) {
      p = p.substring("openapi/v3/".length());
    }
    if (p.startsWith("api/") && p.indexOf('/', 4) < 0) {
      return p.substring(4);
    }
    if (p.startsWith("apis/") && p.chars().filter(c -> c == '/').count() == 2) {
      return p.substring(5);
    }
    return null;
  }

  private static Rendered rendered(ResourceRegistry registry, String gv) {
    Map<String, Rendered> docs;
    synchronized (CACHE) {
      docs = CACHE.computeIfAbsent(registry, r -> new LinkedHashMap<>());
    }
    synchronized (docs) {
      Rendered r = docs.get(gv);
      if (r == null) {
        if (!groupVersions(registry).contains(gv)) {
          throw new IllegalArgumentException("no OpenAPI v3 document for group-version " + gv);
        }
        ObjectNode doc = build(registry, gv);
        byte[] bytes = Json.bytes(doc);
        r = new Rendered(doc, bytes, sha512(bytes));
        docs.put(gv, r);
      }
      return r;
    }
  }

  private static ObjectNode build(ResourceRegistry registry, String gv) {
    List<ResourceType> types = registry.types().stream()
        .filter(t -> t.apiVersion().equals(gv)).toList();
    ObjectNode doc = F.objectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", KUBERNETES_VERSION);
    doc.set("paths", Operations.paths(gv, types));
    ObjectNode components = doc.putObject("components");
    components.set("schemas", schemas(registry, gv, types));
    components.putObject("securitySchemes").putObject("BearerToken")
        .put("description", "Bearer Token authentication").put("in", "header")
        .put("name", "authorization").put("type", "apiKey");
    return doc;
  }

  /** Every definition reachable from the group-version's kinds and the operations' bodies. */
  private static ObjectNode schemas(ResourceRegistry registry, String gv, List<ResourceType> types) {
    List<Schema.Struct> roots = new ArrayList<>();
    for (ResourceType t : types) {
      roots.add(Schemas.of(t.javaType()));
      roots.add(Schemas.of(listClass(t)));
    }
    boolean scale = gv.equals(SCALE_GROUP_VERSION)
        || types.stream().anyMatch(t -> t.subresources().contains("scale"));
    if (scale) {
      roots.add(Schemas.of(Scale.class));
    }
    roots.add(Schemas.of(DeleteOptions.class));
    roots.add(Schemas.of(Status.class));
    roots.add(Schemas.of(WatchEvent.class));
    if (!types.isEmpty()) {
      roots.add(Schemas.of(APIResourceList.class));
    }
    Map<String, List<Gvk>> gvks = kinds(registry);
    ObjectNode out = F.objectNode();
    for (Schema.Struct s : Schemas.reachable(roots).values()) {
      out.set(s.name(), ComponentSchemas.definition(s, gvks.getOrDefault(s.name(), List.of())));
    }
    ComponentSchemas.scalarDefinitions().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.set(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * Definition name ⇒ the kinds it is: every served kind and its list, {@code Scale}, and the
   * option/event kinds upstream tags with every group-version.
   */
  private static Map<String, List<Gvk>> kinds(ResourceRegistry registry) {
    Map<String, List<Gvk>> m = new LinkedHashMap<>();
    for (ResourceType t : registry.types()) {
      m.computeIfAbsent(Schemas.of(t.javaType()).name(), k -> new ArrayList<>())
          .add(Gvk.of(t.apiVersion(), t.kind()));
      m.computeIfAbsent(Schemas.of(listClass(t)).name(), k -> new ArrayList<>())
          .add(Gvk.of(t.apiVersion(), t.listKind()));
    }
    m.put(Schemas.of(Scale.class).name(), List.of(Gvk.of(SCALE_GROUP_VERSION, "Scale")));
    m.put(Schemas.of(Status.class).name(), List.of(Gvk.of("v1", "Status")));
    m.put(Schemas.of(APIResourceList.class).name(), List.of(Gvk.of("v1", "APIResourceList")));
    List<Gvk> deleteOptions = new ArrayList<>();
    List<Gvk> watchEvent = new ArrayList<>();
    for (String gv : groupVersions(registry)) {
      deleteOptions.add(Gvk.of(gv, "DeleteOptions"));
      watchEvent.add(Gvk.of(gv, "WatchEvent"));
    }
    m.put(Schemas.of(DeleteOptions.class).name(), deleteOptions);
    m.put(Schemas.of(WatchEvent.class).name(), watchEvent);
    return m;
  }

  static Class<?> listClass(ResourceType t) {
    try {
      return Class.forName(t.javaType().getName() + "List", false, t.javaType().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("fabric8 has no list class for " + t.javaType().getName(), e);
    }
  }
}
