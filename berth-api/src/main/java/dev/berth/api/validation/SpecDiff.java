package dev.berth.api.validation;

import dev.berth.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compares API objects as their JSON trees. fabric8 omits empty lists and maps, and a client may
 * or may not send a field at its zero value, so this equality treats absent, empty, {@code ""},
 * {@code false} and {@code 0} alike, as upstream's {@code apiequality.Semantic.DeepEqual} sees nil
 * and empty collections and Go's zero values. (It cannot tell a pointer field set to its zero value
 * from an unset one; the rules that depend on that distinction check the field themselves.) Also renders the short diff that follows upstream's "... is immutable" messages
 * (upstream prints Go's {@code cmp.Diff}; berth prints changed fields in the same - / + style).
 */
final class SpecDiff {
  private SpecDiff() {}

  static ObjectNode tree(Object value) {
    if (value == null) {
      return Json.MAPPER.createObjectNode();
    }
    return Json.toTree(value);
  }

  static JsonNode node(Object value) {
    if (value == null) {
      return Json.MAPPER.nullNode();
    }
    return Json.MAPPER.valueToTree(value);
  }

  static boolean same(Object a, Object b) {
    return normalize(node(a)).equals(normalize(node(b)));
  }

  /** Null, empty objects, arrays and strings count as absent. */
  static JsonNode normalize(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return Json.MAPPER.nullNode();
    }
    if (n.isObject()) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      for (var e : n.properties()) {
        JsonNode v = normalize(e.getValue());
        if (!absent(v)) {
          out.set(e.getKey(), v);
        }
      }
      return out.isEmpty() ? Json.MAPPER.nullNode() : out;
    }
    if (n.isArray()) {
      var out = Json.MAPPER.createArrayNode();
      for (JsonNode v : n) {
        JsonNode x = normalize(v);
        out.add(absent(x) && x.isNull() ? Json.MAPPER.createObjectNode() : x);
      }
      return out.isEmpty() ? Json.MAPPER.nullNode() : out;
    }
    // Go's zero values: an explicit "", false or 0 equals an omitted field of a non-pointer Go type.
    if ((n.isString() && n.asString().isEmpty()) || (n.isBoolean() && !n.booleanValue()) || (n.isNumber() && n.asDouble() == 0)) {
      return Json.MAPPER.nullNode();
    }
    return n;
  }

  private static boolean absent(JsonNode n) {
    return n == null || n.isNull();
  }

  /**
   * {@code "\n  spec{\n- \t\"a\": 1,\n+ \t\"a\": 2,\n  }"}: one pair of lines per top-level field that
   * differs between {@code before} and {@code after}.
   */
  static String diff(String type, Object before, Object after) {
    JsonNode a = normalize(node(before));
    JsonNode b = normalize(node(after));
    List<String> lines = new ArrayList<>();
    lines.add("  " + type + "{");
    Set<String> keys = new TreeSet<>();
    if (a.isObject()) {
      a.propertyNames().forEach(keys::add);
    }
    if (b.isObject()) {
      b.propertyNames().forEach(keys::add);
    }
    for (String k : keys) {
      JsonNode x = a.isObject() ? a.get(k) : null;
      JsonNode y = b.isObject() ? b.get(k) : null;
      if (x == null ? y == null : x.equals(y)) {
        continue;
      }
      if (x != null) {
        lines.add("- \t" + GoSyntax.quote(k) + ": " + x + ",");
      }
      if (y != null) {
        lines.add("+ \t" + GoSyntax.quote(k) + ": " + y + ",");
      }
    }
    lines.add("  }");
    return String.join("\n", lines);
  }
}
