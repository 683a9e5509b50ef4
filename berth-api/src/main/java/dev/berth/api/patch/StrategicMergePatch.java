package dev.berth.api.patch;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import dev.berth.api.schema.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}, {@code spec/api-server.md}
 * §11.6): a JSON merge patch whose lists follow the per-field {@code patchStrategy} and {@code
 * patchMergeKey} of the {@link Schema}, plus the directives kubectl sends. What {@code kubectl
 * apply} (client side), {@code patch}, {@code rollout restart|undo sts|pause|resume} and {@code set
 * image} send.
 *
 * <p>Contract, for a patch map P applied to a live map L (recursively):
 *
 * <ul>
 *   <li>{@code "$patch": "replace"} in P: the result is P without its directives, L is discarded;
 *       {@code "$patch": "delete"}: the map is removed; {@code "merge"}: ordinary merge.
 *   <li>{@code "$retainKeys": [k…]}: keys of L not listed are dropped; every non-null key of P must
 *       be listed (else 400).
 *   <li>{@code null} deletes a key; maps merge; scalars and lists without merge strategy replace.
 *   <li>a list field with strategy {@code merge} and a merge key merges element-wise by that key:
 *       {@code {"$patch":"delete","name":"x"}} removes element x, an element carrying {@code
 *       "$patch":"replace"} makes the other patch elements the whole list, an element without the
 *       merge key is a 400; a {@code merge} list of scalars is a union.
 *   <li>{@code "$deleteFromPrimitiveList/f": [v…]} removes those values from scalar list f.
 *   <li>{@code "$setElementOrder/f": [...]} orders merged list f: elements the patch mentions
 *       follow that order, elements only L has keep their relative live positions, interleaved.
 *   <li>directive keys never appear in the result; a member the schema does not know merges as in a
 *       JSON merge patch (maps merge, lists replace). Inputs are never mutated.
 * </ul>
 *
 * <p>Example (kubectl's client-side apply of a new image and env value): live containers {@code
 * [{"name":"pg","image":"postgres:16","env":[{"name":"A","value":"1"},{"name":"B","value":"x"}]}]}
 * and patch {@code {"$setElementOrder/containers":[{"name":"pg"}],"containers":[{"name":"pg",
 * "image":"postgres:17","$setElementOrder/env":[{"name":"A"},{"name":"B"}],"env":[{"name":"A",
 * "value":"2"}]}]}} give {@code
 * [{"name":"pg","image":"postgres:17","env":[{"name":"A","value":"2"},
 * {"name":"B","value":"x"}]}]}: env element A merged by key, B kept, the order kept.
 */
public final class StrategicMergePatch {
  static final String DIRECTIVE = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
  static final String SET_ELEMENT_ORDER = "$setElementOrder/";

  private StrategicMergePatch() {}

  public static ObjectNode apply(ObjectNode live, ObjectNode patch, Schema.Struct schema) {
    if (patch == null) {
      return live == null ? JsonValues.NODES.objectNode() : live.deepCopy();
    }
    ObjectNode result = mergeObject(live, patch, schema);
    return result == null ? JsonValues.NODES.objectNode() : result;
  }

  /** Whether a member name is a directive rather than data. */
  static boolean isDirectiveKey(String key) {
    return key.equals(DIRECTIVE)
        || key.equals(RETAIN_KEYS)
        || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
        || key.startsWith(SET_ELEMENT_ORDER);
  }

  /** The merged map, or null when the patch deletes it ({@code $patch: delete}). */
  private static ObjectNode mergeObject(JsonNode base, JsonNode patch, Schema schema) {
    String directive = directive(patch);
    if ("delete".equals(directive)) {
      return null;
    }
    ObjectNode out =
        base != null && base.isObject() && !"replace".equals(directive)
            ? ((ObjectNode) base).deepCopy()
            : JsonValues.NODES.objectNode();
    retainKeys(out, patch);
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.startsWith("$deleteFromPrimitiveList")
          && !key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        throw ApiException.badRequest("invalid patch format of primitive list");
      }
      if (key.startsWith("$setElementOrder") && !key.startsWith(SET_ELEMENT_ORDER)) {
        throw ApiException.badRequest("invalid patch format of setElementOrder list");
      }
      if (isDirectiveKey(key)) {
        continue;
      }
      if (value.isNull()) {
        out.remove(key);
        continue;
      }
      Schema member = PatchSchemas.member(schema, key);
      if (value.isObject()) {
        ObjectNode merged = mergeObject(out.get(key), value, member);
        if (merged == null) {
          out.remove(key);
        } else {
          out.set(key, merged);
        }
      } else if (value.isArray()) {
        Schema.Field field = PatchSchemas.field(schema, key);
        out.set(
            key, mergeList(out.get(key), value, field, member, patch.get(SET_ELEMENT_ORDER + key)));
      } else {
        out.set(key, value);
      }
    }
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (e.getKey().startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        deleteFromPrimitiveList(
            out, e.getKey().substring(DELETE_FROM_PRIMITIVE_LIST.length()), e.getValue());
      }
    }
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String key = e.getKey();
      if (key.startsWith(SET_ELEMENT_ORDER)) {
        String list = key.substring(SET_ELEMENT_ORDER.length());
        if (!patch.has(list)) {
          reorderLive(out, list, e.getValue(), PatchSchemas.field(schema, list));
        }
      }
    }
    return out;
  }

  private static String directive(JsonNode map) {
    JsonNode d = map.get(DIRECTIVE);
    if (d == null) {
      return null;
    }
    String value = d.isString() ? d.stringValue() : Json.string(d);
    return switch (value) {
      case "replace", "delete", "merge" -> value;
      default ->
          throw ApiException.badRequest(
              "unknown patch type: " + value + " in map: " + Json.string(map));
    };
  }

  private static void retainKeys(ObjectNode out, JsonNode patch) {
    JsonNode retain = patch.get(RETAIN_KEYS);
    if (retain == null) {
      return;
    }
    if (!retain.isArray()) {
      throw ApiException.badRequest("invalid patch format of retainKeys");
    }
    Set<String> keep = new HashSet<>();
    for (JsonNode k : retain.values()) {
      if (!k.isString()) {
        throw ApiException.badRequest("invalid patch format of retainKeys");
      }
      keep.add(k.stringValue());
    }
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (!isDirectiveKey(e.getKey()) && !e.getValue().isNull() && !keep.contains(e.getKey())) {
        throw ApiException.badRequest("invalid patch format of retainKeys");
      }
    }
    out.retain(keep);
  }

  private static JsonNode mergeList(
      JsonNode base, JsonNode patch, Schema.Field field, Schema listSchema, JsonNode order) {
    Schema items = PatchSchemas.items(listSchema);
    List<JsonNode> live = JsonValues.elements(base);
    List<JsonNode> elements = JsonValues.elements(patch);
    String mergeKey = PatchSchemas.mergeKey(field);
    boolean anyObject = elements.stream().anyMatch(JsonNode::isObject);
    if (mergeKey != null && (anyObject || elements.isEmpty())) {
      return mergeKeyedList(live, elements, mergeKey, items, order);
    }
    if (field != null && field.mergeList()) {
      if (anyObject) {
        throw ApiException.badRequest("cannot merge lists without merge key for " + field.name());
      }
      return unionList(live, elements, order);
    }
    ArrayNode out = JsonValues.NODES.arrayNode();
    for (JsonNode element : elements) {
      if (element.isObject()) {
        ObjectNode clean = mergeObject(null, element, items);
        if (clean != null) {
          out.add(clean);
        }
      } else {
        out.add(element);
      }
    }
    return out;
  }

  private static ApiException noMergeKey(JsonNode element, String mergeKey) {
    return ApiException.badRequest(
        "map: " + Json.string(element) + " does not contain declared merge key: " + mergeKey);
  }

  private static JsonNode mergeKeyedList(
      List<JsonNode> live, List<JsonNode> patch, String mergeKey, Schema items, JsonNode order) {
    boolean replace = false;
    Set<String> deleted = new HashSet<>();
    List<JsonNode> merges = new ArrayList<>();
    for (JsonNode element : patch) {
      if (!element.isObject()) {
        throw ApiException.badRequest(
            "list element types are not identical: " + Json.string(JsonValues.arrayOf(patch)));
      }
      String directive = directive(element);
      if ("merge".equals(directive)) {
        throw ApiException.badRequest("merging lists cannot yet be specified in the patch");
      }
      if ("replace".equals(directive)) {
        replace = true;
        continue;
      }
      JsonNode key = element.get(mergeKey);
      if (key == null) {
        throw noMergeKey(element, mergeKey);
      }
      if ("delete".equals(directive)) {
        deleted.add(JsonValues.canonical(key));
      } else {
        merges.add(element);
      }
    }
    Function<JsonNode, String> id =
        e -> e.isObject() && e.has(mergeKey) ? JsonValues.canonical(e.get(mergeKey)) : null;
    List<String> desired =
        order != null ? orderIds(order, mergeKey) : merges.stream().map(id).toList();
    if (replace) {
      List<JsonNode> replacement = new ArrayList<>();
      for (JsonNode element : merges) {
        replacement.add(mergeObject(null, element, items));
      }
      List<String> server = replacement.stream().map(id).toList();
      return JsonValues.arrayOf(
          order != null ? interleave(replacement, desired, server, id) : replacement);
    }
    List<JsonNode> merged = new ArrayList<>();
    for (JsonNode element : live) {
      if (!deleted.contains(id.apply(element))) {
        merged.add(element);
      }
    }
    for (JsonNode element : merges) {
      String key = id.apply(element);
      int at = -1;
      for (int i = 0; i < merged.size() && at < 0; i++) {
        if (key.equals(id.apply(merged.get(i)))) {
          at = i;
        }
      }
      if (at >= 0) {
        merged.set(at, mergeObject(merged.get(at), element, items));
      } else {
        merged.add(mergeObject(null, element, items));
      }
    }
    List<String> server = live.stream().map(id).toList();
    return JsonValues.arrayOf(interleave(merged, desired, server, id));
  }

  private static List<String> orderIds(JsonNode order, String mergeKey) {
    if (!order.isArray()) {
      throw ApiException.badRequest("invalid patch format of setElementOrder list");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode element : order.values()) {
      if (mergeKey == null) {
        ids.add(JsonValues.canonical(element));
        continue;
      }
      if (!element.isObject() || !element.has(mergeKey)) {
        throw noMergeKey(element, mergeKey);
      }
      ids.add(JsonValues.canonical(element.get(mergeKey)));
    }
    return ids;
  }

  private static JsonNode unionList(List<JsonNode> live, List<JsonNode> patch, JsonNode order) {
    Map<String, JsonNode> all = new LinkedHashMap<>();
    for (JsonNode v : live) {
      all.putIfAbsent(JsonValues.canonical(v), v);
    }
    for (JsonNode v : patch) {
      all.putIfAbsent(JsonValues.canonical(v), v);
    }
    List<String> desired =
        order != null ? orderIds(order, null) : patch.stream().map(JsonValues::canonical).toList();
    List<String> server = live.stream().map(JsonValues::canonical).toList();
    return JsonValues.arrayOf(
        interleave(new ArrayList<>(all.values()), desired, server, JsonValues::canonical));
  }

  private static void deleteFromPrimitiveList(ObjectNode out, String list, JsonNode values) {
    if (!values.isArray()) {
      throw ApiException.badRequest("invalid patch format of primitive list");
    }
    JsonNode current = out.get(list);
    if (current == null || !current.isArray()) {
      return;
    }
    Set<String> drop = new HashSet<>();
    values.values().forEach(v -> drop.add(JsonValues.canonical(v)));
    ArrayNode kept = JsonValues.NODES.arrayNode();
    for (JsonNode v : current.values()) {
      if (!drop.contains(JsonValues.canonical(v))) {
        kept.add(v);
      }
    }
    out.set(list, kept);
  }

  /** {@code $setElementOrder/f} without {@code f} in the patch: only the order changes. */
  private static void reorderLive(ObjectNode out, String list, JsonNode order, Schema.Field field) {
    JsonNode current = out.get(list);
    if (current == null || !current.isArray()) {
      if (!order.isArray()) {
        throw ApiException.badRequest("invalid patch format of setElementOrder list");
      }
      return;
    }
    List<JsonNode> elements = JsonValues.elements(current);
    String mergeKey = PatchSchemas.mergeKey(field);
    if (mergeKey != null) {
      Function<JsonNode, String> id =
          e -> e.isObject() && e.has(mergeKey) ? JsonValues.canonical(e.get(mergeKey)) : null;
      List<String> server = elements.stream().map(id).toList();
      out.set(
          list, JsonValues.arrayOf(interleave(elements, orderIds(order, mergeKey), server, id)));
    } else if (PatchSchemas.isPrimitiveMergeList(field)) {
      List<String> server = elements.stream().map(JsonValues::canonical).toList();
      out.set(
          list,
          JsonValues.arrayOf(
              interleave(elements, orderIds(order, null), server, JsonValues::canonical)));
    } else if (!order.isArray()) {
      throw ApiException.badRequest("invalid patch format of setElementOrder list");
    }
  }

  /**
   * Orders a merged list. Elements whose id is in {@code desired} ("patch items") take that order;
   * the others ("server-only items") keep their order in the live list ({@code server}). The two
   * runs are then interleaved: a server-only item goes before the next patch item when both were in
   * the live list and it came first there; otherwise the patch item goes first.
   *
   * <p>Example: live {@code [a,b,c]}, patch items {@code [b,d]}, server-only {@code [a,c]}: a (live
   * 0) precedes b (live 1); c (live 2) does not precede b; d is new, so it goes before c: {@code
   * [a,b,d,c]}.
   */
  private static List<JsonNode> interleave(
      List<JsonNode> merged,
      List<String> desired,
      List<String> server,
      Function<JsonNode, String> id) {
    Map<String, Integer> desiredIndex = new HashMap<>();
    for (int i = 0; i < desired.size(); i++) {
      desiredIndex.putIfAbsent(desired.get(i), i);
    }
    Map<String, Integer> serverIndex = new HashMap<>();
    for (int i = 0; i < server.size(); i++) {
      if (server.get(i) != null) {
        serverIndex.putIfAbsent(server.get(i), i);
      }
    }
    List<JsonNode> patchItems = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode e : merged) {
      String key = id.apply(e);
      (key != null && desiredIndex.containsKey(key) ? patchItems : serverOnly).add(e);
    }
    patchItems.sort(Comparator.comparingInt(e -> desiredIndex.get(id.apply(e))));
    serverOnly.sort(
        Comparator.comparingInt(e -> serverIndex.getOrDefault(id.apply(e), Integer.MAX_VALUE)));
    List<JsonNode> out = new ArrayList<>(merged.size());
    int i = 0;
    int j = 0;
    while (i < serverOnly.size() || j < patchItems.size()) {
      if (j >= patchItems.size()) {
        out.add(serverOnly.get(i++));
      } else if (i >= serverOnly.size()) {
        out.add(patchItems.get(j++));
      } else {
        Integer left = serverIndex.get(id.apply(serverOnly.get(i)));
        Integer right = serverIndex.get(id.apply(patchItems.get(j)));
        if (left != null && right != null && left < right) {
          out.add(serverOnly.get(i++));
        } else {
          out.add(patchItems.get(j++));
        }
      }
    }
    return out;
  }
}
