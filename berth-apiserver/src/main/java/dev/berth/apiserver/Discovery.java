package dev.berth.apiserver;

import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy discovery documents ({@code spec/api-server.md} §5.1): {@code /api}, {@code /apis},
 * {@code /apis/{group}}, and the per group-version resource lists, all derived from the registry.
 * kubectl reads {@code verbs}, {@code shortNames}, {@code categories} ({@code get all}) and
 * {@code singularName} from them.
 */
final class Discovery {
  private final ResourceRegistry registry;

  Discovery(ResourceRegistry registry) {
    this.registry = registry;
  }

  ObjectNode apiVersions(String serverAddress) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("kind", "APIVersions");
    o.putArray("versions").add("v1");
    ObjectNode a = o.putArray("serverAddressByClientCIDRs").addObject();
    a.put("clientCIDR", "0.0.0.0/0");
    a.put("serverAddress", serverAddress);
    return o;
  }

  ObjectNode groupList() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("kind", "APIGroupList");
    o.put("apiVersion", "v1");
    ArrayNode groups = o.putArray("groups");
    groups().forEach(g -> groups.add(group(g)));
    return o;
  }

  private List<String> groups() {
    return registry.types().stream().map(ResourceType::group).filter(g -> !g.isEmpty()).distinct().toList();
  }

  Optional<ObjectNode> groupDocument(String group) {
    if (!groups().contains(group)) {
      return Optional.empty();
    }
    ObjectNode g = group(group);
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    return Optional.of(g);
  }

  private ObjectNode group(String group) {
    ObjectNode g = Json.MAPPER.createObjectNode();
    g.put("name", group);
    ArrayNode versions = g.putArray("versions");
    ObjectNode v = versions.addObject();
    v.put("groupVersion", group + "/v1");
    v.put("version", "v1");
    g.set("preferredVersion", v.deepCopy());
    return g;
  }

  Optional<ObjectNode> resourceList(String group, String version) {
    List<ResourceType> types = registry.types().stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    if (types.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("kind", "APIResourceList");
    o.put("apiVersion", "v1");
    o.put("groupVersion", types.get(0).apiVersion());
    ArrayNode rs = o.putArray("resources");
    for (ResourceType t : types) {
      ObjectNode r = rs.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      t.verbs().forEach(verbs::add);
      if (!t.shortNames().isEmpty()) {
        ArrayNode sn = r.putArray("shortNames");
        t.shortNames().forEach(sn::add);
      }
      if (!t.categories().isEmpty()) {
        ArrayNode cs = r.putArray("categories");
        t.categories().forEach(cs::add);
      }
      r.put("storageVersionHash", storageVersionHash(t));
      for (String sub : t.subresources().stream().sorted().toList()) {
        ObjectNode s = rs.addObject();
        s.put("name", t.plural() + "/" + sub);
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        ArrayNode sv = s.putArray("verbs");
        switch (sub) {
          case "scale" -> {
            s.put("group", "autoscaling");
            s.put("version", "v1");
            s.put("kind", "Scale");
            List.of("get", "patch", "update").forEach(sv::add);
          }
          case "log" -> {
            s.put("kind", t.kind());
            sv.add("get");
          }
          case "exec" -> {
            s.put("kind", "PodExecOptions");
            List.of("create", "get").forEach(sv::add);
          }
          case "binding" -> {
            s.put("kind", "Binding");
            sv.add("create");
          }
          case "token" -> {
            s.put("group", "authentication.k8s.io");
            s.put("version", "v1");
            s.put("kind", "TokenRequest");
            sv.add("create");
          }
          case "finalize" -> {
            s.put("kind", t.kind());
            sv.add("update");
          }
          default -> {
            s.put("kind", t.kind());
            List.of("get", "patch", "update").forEach(sv::add);
          }
        }
      }
    }
    return Optional.of(o);
  }

  private static String storageVersionHash(ResourceType t) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((t.apiVersion() + "/" + t.kind()).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(d, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
