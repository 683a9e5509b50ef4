package dev.berth.api.patch;

import dev.berth.api.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON value semantics shared by the patch engines: equality as JSON defines it (not as Jackson's
 * node classes do) and a canonical text form usable as a map key.
 *
 * <p>Example: {@code 1} parsed from text is an {@code IntNode} while the same replica count taken
 * from a fabric8 object may be a {@code LongNode}; {@code Node.equals} says they differ, {@link
 * #equal} says they are the same value, and both have the canonical form {@code 1}.
 */
final class JsonValues {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonValues() {}

  /** Deep JSON equality: numbers by value, objects ignoring member order, arrays in order. */
  static boolean equal(JsonNode a, JsonNode b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        if (!equal(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equal(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /**
   * Compact JSON with object members sorted by name and numbers in their shortest exact form:
   * {@code {"b":1.50,"a":"x"}} becomes {@code {"a":"x","b":1.5}}. Equal values have equal forms.
   */
  static String canonical(JsonNode node) {
    if (node == null) {
      return "null";
    }
    return Json.string(canonicalTree(node));
  }

  private static JsonNode canonicalTree(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = NODES.objectNode();
      node.propertyNames().stream().sorted().forEach(k -> out.set(k, canonicalTree(node.get(k))));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.values().forEach(v -> out.add(canonicalTree(v)));
      return out;
    }
    if (node.isNumber()) {
      BigDecimal d = node.decimalValue().stripTrailingZeros();
      if (d.scale() <= 0) {
        return NODES.numberNode(d.toBigIntegerExact());
      }
      return NODES.numberNode(d);
    }
    return node;
  }

  /** A deep copy whose objects list their members sorted by name, as Go's encoder writes maps. */
  static JsonNode sortedCopy(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = NODES.objectNode();
      node.propertyNames().stream().sorted().forEach(k -> out.set(k, sortedCopy(node.get(k))));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.values().forEach(v -> out.add(sortedCopy(v)));
      return out;
    }
    return node;
  }

  /** The elements of an array (or none for anything else), as a new list. */
  static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (Iterator<JsonNode> it = array.values().iterator(); it.hasNext(); ) {
        out.add(it.next());
      }
    }
    return out;
  }

  static ArrayNode arrayOf(List<JsonNode> values) {
    ArrayNode out = NODES.arrayNode();
    values.forEach(out::add);
    return out;
  }

  /** The same node kind as far as patching is concerned: object, array, or any scalar/null. */
  static boolean sameShape(JsonNode a, JsonNode b) {
    return a.isObject() == b.isObject() && a.isArray() == b.isArray();
  }
}
