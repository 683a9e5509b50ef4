package dev.berth.api.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Finds the fields of a JSON object that its schema does not declare: what
 * {@code fieldValidation=Strict} rejects with {@code strict decoding error: unknown field
 * "spec.template.spec.containers[0].foo"} and {@code Warn} reports as a warning.
 */
public final class UnknownFields {
  /** kube-apiserver (sigs.k8s.io/json) stops collecting strict errors at this many. */
  static final int MAX_ERRORS = 100;

  private UnknownFields() {}

  /**
   * The paths of unknown fields in {@code object}, in document order, without repeats, at most
   * 100, formatted as kube-apiserver formats them: property names joined by {@code .}, list
   * indexes as {@code [i]}, map keys as {@code .key} — e.g. {@code spec.foo},
   * {@code spec.template.spec.containers[0].foo}. An unknown field's own contents are not
   * inspected. Map values (labels), {@link Schema.Untyped} values (RawExtension, FieldsV1) and
   * values whose JSON type does not match the schema (a type error, not an unknown field) accept
   * anything. {@code apiVersion} and {@code kind} at the top level are always known.
   */
  public static List<String> find(JsonNode object, Schema.Struct schema) {
    Set<String> out = new LinkedHashSet<>();
    walk(object, schema, "", true, out);
    return List.copyOf(out).subList(0, Math.min(out.size(), MAX_ERRORS));
  }

  private static void walk(JsonNode node, Schema schema, String path, boolean top, Set<String> out) {
    if (node == null || out.size() >= MAX_ERRORS) {
      return;
    }
    switch (schema) {
      case Schema.Struct st when node.isObject() -> {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          String name = e.getKey();
          String child = join(path, name);
          Schema.Field f = st.field(name);
          if (f != null) {
            walk(e.getValue(), f.schema(), child, false, out);
          } else if (!(top && (name.equals("apiVersion") || name.equals("kind")))) {
            out.add(child);
          }
        }
      }
      case Schema.MapOf m when node.isObject() -> {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          walk(e.getValue(), m.values(), join(path, e.getKey()), false, out);
        }
      }
      case Schema.ListOf l when node.isArray() -> {
        List<JsonNode> items = new ArrayList<>(node.values());
        for (int i = 0; i < items.size(); i++) {
          walk(items.get(i), l.items(), path + "[" + i + "]", false, out);
        }
      }
      default -> {}
    }
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
