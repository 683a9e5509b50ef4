package dev.berth.api.patch;

import dev.berth.api.ApiException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code fieldsV1} notation of {@code metadata.managedFields[*]}: a trie of path tokens whose
 * leaves ({@code {}}) are owned paths; {@code "."} inside a node marks that node itself as owned
 * when it also has children.
 *
 * <p>Example: {@code {"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{
 * "k:{\"name\":\"pg\"}":{".":{},"f:image":{},"f:name":{}}}}}}}} is the set {@code .spec.replicas},
 * {@code .spec.template.spec.containers[name="pg"]}, {@code …[name="pg"].image} and {@code
 * …[name="pg"].name}. Encoding sorts tokens, so equal sets encode identically.
 */
public final class FieldsV1 {
  private FieldsV1() {}

  /** The paths a {@code fieldsV1} object names; 400 if it is malformed. */
  public static Set<FieldPath> decode(JsonNode fieldsV1) {
    Set<FieldPath> out = new TreeSet<>();
    if (fieldsV1 == null || fieldsV1.isNull()) {
      return out;
    }
    if (!fieldsV1.isObject()) {
      throw ApiException.badRequest("fieldsV1 must be an object");
    }
    decode(fieldsV1, FieldPath.ROOT, out);
    return out;
  }

  private static void decode(JsonNode node, FieldPath path, Set<FieldPath> out) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().equals(".")) {
        if (!path.isRoot()) {
          out.add(path);
        }
        continue;
      }
      if (!e.getValue().isObject()) {
        throw ApiException.badRequest("fieldsV1 values must be objects: " + e.getKey());
      }
      FieldPath child = path.child(FieldPath.parseToken(e.getKey()));
      if (e.getValue().isEmpty()) {
        out.add(child);
      } else {
        decode(e.getValue(), child, out);
      }
    }
  }

  /** The {@code fieldsV1} object for a set of paths. */
  public static ObjectNode encode(Collection<FieldPath> paths) {
    Trie root = new Trie();
    for (FieldPath p : paths) {
      Trie t = root;
      for (FieldPath.Element e : p.elements()) {
        t = t.children.computeIfAbsent(e.token(), k -> new Trie());
      }
      t.member = true;
    }
    return root.toJson();
  }

  private static final class Trie {
    final Map<String, Trie> children = new TreeMap<>();
    boolean member;

    ObjectNode toJson() {
      ObjectNode out = JsonValues.NODES.objectNode();
      if (member && !children.isEmpty()) {
        out.putObject(".");
      }
      children.forEach((token, child) -> out.set(token, child.toJson()));
      return out;
    }
  }
}
