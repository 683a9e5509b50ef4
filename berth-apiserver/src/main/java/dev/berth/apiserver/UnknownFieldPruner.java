package dev.berth.apiserver;

import dev.berth.api.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes the fields {@link dev.berth.api.schema.UnknownFields#find} reports, so that what is
 * stored holds only fields of the schema — as the kube-apiserver's decoding into Go structs drops
 * them. It walks the object with the schema by the same rules as {@code find} (struct properties
 * not in the schema are unknown, except a top-level {@code apiVersion}/{@code kind}; map values
 * and list items are walked; untyped values and type mismatches are left alone) rather than
 * re-parsing the reported paths: a field's name may itself hold dots or brackets
 * ({@code metadata.app.kubernetes.io/name} for a mis-indented label), and such a path would name
 * nothing, or another field.
 */
final class UnknownFieldPruner {
  private UnknownFieldPruner() {}

  static void prune(ObjectNode root, Schema.Struct schema) {
    walk(root, schema, true);
  }

  private static void walk(JsonNode node, Schema schema, boolean top) {
    switch (schema) {
      case Schema.Struct st when node instanceof ObjectNode o -> {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
          String name = e.getKey();
          Schema.Field f = st.field(name);
          if (f != null) {
            walk(e.getValue(), f.schema(), false);
          } else if (!(top && (name.equals("apiVersion") || name.equals("kind")))) {
            unknown.add(name);
          }
        }
        o.remove(unknown);
      }
      case Schema.MapOf m when node.isObject() -> node.values().forEach(v -> walk(v, m.values(), false));
      case Schema.ListOf l when node.isArray() -> node.values().forEach(v -> walk(v, l.items(), false));
      default -> {}
    }
  }
}
