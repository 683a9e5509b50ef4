package dev.berth.api.patch;

import static dev.berth.api.patch.StrategicMergePatch.DELETE_FROM_PRIMITIVE_LIST;
import static dev.berth.api.patch.StrategicMergePatch.DIRECTIVE;
import static dev.berth.api.patch.StrategicMergePatch.RETAIN_KEYS;
import static dev.berth.api.patch.StrategicMergePatch.SET_ELEMENT_ORDER;

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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The three-way strategic merge patch kubectl computes for client-side apply ({@code
 * CreateThreeWayMergePatch}): from the last-applied configuration ({@code original}), the new
 * manifest ({@code modified}) and the live object ({@code current}).
 *
 * <p>Contract: the patch is (a) every addition or change from {@code current} to {@code modified}
 * (fields only the server set, such as defaults and status, are left alone) plus (b) every deletion
 * from {@code original} to {@code modified} (fields the user applied before and removed now):
 * {@code null} for a map key, {@code {"$patch":"delete",<key>:v}} for a keyed list element, {@code
 * $deleteFromPrimitiveList/f} for a scalar merge list. Merge lists that change get a {@code
 * $setElementOrder/f} list with the manifest's order, and fields with the {@code retainKeys}
 * strategy a sorted {@code $retainKeys}. Applying the result with {@link StrategicMergePatch} to
 * {@code current} gives "current + the user's changes". Members are sorted by name, as kubectl
 * (Go's encoder) writes them. Inputs are never mutated.
 *
 * <p>Example (the §2.2 trace): last-applied has {@code image: postgres:16}, env {@code A=1}; the
 * manifest {@code postgres:17}, {@code A=2}; live also carries defaults such as {@code
 * imagePullPolicy}. The patch is {@code {"spec":{"template":{"spec":{"$setElementOrder/containers":
 * [{"name":"pg"}],"containers":[{"$setElementOrder/env":[{"name":"A"}],"env":[{"name":"A","value":
 * "2"}],"image":"postgres:17","name":"pg"}]}}}}}; {@code imagePullPolicy} is not touched.
 */
public final class ThreeWayMerge {
  private ThreeWayMerge() {}

  /** Which half of the patch a diff computes. */
  private enum Mode {
    /** Additions and changes from the first document to the second; deletions ignored. */
    CHANGES,
    /** Only deletions from the first document to the second. */
    DELETIONS;

    boolean changes() {
      return this == CHANGES;
    }

    boolean deletions() {
      return this == DELETIONS;
    }
  }

  public static ObjectNode createPatch(
      ObjectNode original, ObjectNode modified, ObjectNode current, Schema.Struct schema) {
    ObjectNode empty = JsonValues.NODES.objectNode();
    ObjectNode m = modified == null ? empty : modified;
    ObjectNode delta = diff(current == null ? empty : current, m, schema, Mode.CHANGES, false);
    ObjectNode deletions =
        diff(original == null ? empty : original, m, schema, Mode.DELETIONS, false);
    return (ObjectNode) JsonValues.sortedCopy(mergePatches(deletions, delta, schema));
  }

  private static ObjectNode diff(
      JsonNode from, JsonNode to, Schema schema, Mode mode, boolean buildRetainKeys) {
    ObjectNode patch = JsonValues.NODES.objectNode();
    List<String> retain = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : to.properties()) {
      String key = e.getKey();
      JsonNode target = e.getValue();
      if (buildRetainKeys && !target.isNull()) {
        retain.add(key);
      }
      JsonNode source = from.get(key);
      if (source == null) {
        if (mode.changes()) {
          patch.set(key, target.deepCopy());
        }
        continue;
      }
      if (key.equals(DIRECTIVE)) {
        if (mode.changes() && !JsonValues.equal(source, target)) {
          patch.set(key, target);
        }
        continue;
      }
      if (!JsonValues.sameShape(source, target) || source.isNull() != target.isNull()) {
        if (mode.changes()) {
          patch.set(key, target.deepCopy());
        }
        continue;
      }
      Schema.Field field = PatchSchemas.field(schema, key);
      Schema member = PatchSchemas.member(schema, key);
      if (target.isObject()) {
        ObjectNode sub = diff(source, target, member, mode, field != null && field.retainKeys());
        if (!sub.isEmpty()) {
          patch.set(key, sub);
        }
      } else if (target.isArray()) {
        diffList(key, source, target, field, member, mode, patch);
      } else if (mode.changes() && !JsonValues.equal(source, target)) {
        patch.set(key, target);
      }
    }
    if (mode.deletions()) {
      for (String key : from.propertyNames()) {
        if (!to.has(key)) {
          patch.putNull(key);
        }
      }
    }
    if (!retain.isEmpty() && (!patch.isEmpty() || hasAdditionalField(from, to))) {
      ArrayNode keys = patch.putArray(RETAIN_KEYS);
      retain.stream().sorted().forEach(keys::add);
    }
    return patch;
  }

  private static boolean hasAdditionalField(JsonNode from, JsonNode to) {
    for (Map.Entry<String, JsonNode> e : from.properties()) {
      if (!e.getValue().isNull() && !to.has(e.getKey())) {
        return true;
      }
    }
    return false;
  }

  private static void diffList(
      String key,
      JsonNode source,
      JsonNode target,
      Schema.Field field,
      Schema listSchema,
      Mode mode,
      ObjectNode patch) {
    if (field == null || !field.mergeList()) {
      if (mode.changes() && !JsonValues.equal(source, target)) {
        patch.set(key, target.deepCopy());
      }
      return;
    }
    List<JsonNode> from = JsonValues.elements(source);
    List<JsonNode> to = JsonValues.elements(target);
    if (from.isEmpty()) {
      if (!to.isEmpty() && mode.changes()) {
        patch.set(key, target.deepCopy());
      }
      return;
    }
    boolean objects =
        from.stream().anyMatch(JsonNode::isObject) || to.stream().anyMatch(JsonNode::isObject);
    if (objects) {
      String mergeKey = field.patchMergeKey();
      if (mergeKey == null) {
        throw ApiException.badRequest("cannot merge lists without merge key for " + key);
      }
      diffKeyedList(
          key, from, to, mergeKey, PatchSchemas.items(listSchema), mode, field.retainKeys(), patch);
      return;
    }
    Set<String> inFrom = new HashSet<>();
    from.forEach(v -> inFrom.add(JsonValues.canonical(v)));
    Set<String> inTo = new HashSet<>();
    to.forEach(v -> inTo.add(JsonValues.canonical(v)));
    Map<String, JsonNode> added = new LinkedHashMap<>();
    to.stream()
        .filter(v -> !inFrom.contains(JsonValues.canonical(v)))
        .forEach(v -> added.putIfAbsent(JsonValues.canonical(v), v));
    Map<String, JsonNode> removed = new LinkedHashMap<>();
    from.stream()
        .filter(v -> !inTo.contains(JsonValues.canonical(v)))
        .forEach(v -> removed.putIfAbsent(JsonValues.canonical(v), v));
    if (mode.changes() && !added.isEmpty()) {
      patch.set(key, JsonValues.arrayOf(new ArrayList<>(added.values())));
    }
    if (mode.deletions() && !removed.isEmpty()) {
      List<JsonNode> sorted = new ArrayList<>(removed.values());
      sorted.sort(Comparator.comparing(v -> v.isString() ? v.stringValue() : Json.string(v)));
      patch.set(DELETE_FROM_PRIMITIVE_LIST + key, JsonValues.arrayOf(sorted));
    }
    if ((mode.deletions() && !removed.isEmpty())
        || (mode.changes() && !JsonValues.equal(source, target))) {
      patch.set(SET_ELEMENT_ORDER + key, target.deepCopy());
    }
  }

  private static void diffKeyedList(
      String key,
      List<JsonNode> from,
      List<JsonNode> to,
      String mergeKey,
      Schema items,
      Mode mode,
      boolean retainKeys,
      ObjectNode patch) {
    Map<String, JsonNode> fromByKey = new LinkedHashMap<>();
    for (JsonNode element : from) {
      fromByKey.putIfAbsent(keyOf(element, mergeKey), element);
    }
    Set<String> toKeys = new HashSet<>();
    List<JsonNode> changes = new ArrayList<>();
    for (JsonNode element : to) {
      String k = keyOf(element, mergeKey);
      toKeys.add(k);
      JsonNode previous = fromByKey.get(k);
      if (previous != null) {
        ObjectNode sub = diff(previous, element, items, mode, retainKeys);
        if (!sub.isEmpty()) {
          sub.set(mergeKey, element.get(mergeKey));
          changes.add(sub);
        }
      } else if (mode.changes()) {
        changes.add(element.deepCopy());
      }
    }
    List<String> deletedKeys = new ArrayList<>();
    if (mode.deletions()) {
      fromByKey.keySet().stream().filter(k -> !toKeys.contains(k)).forEach(deletedKeys::add);
      deletedKeys.sort(Comparator.comparing(k -> textOf(fromByKey.get(k).get(mergeKey))));
    }
    boolean orderSame = from.size() == to.size();
    for (int i = 0; orderSame && i < from.size(); i++) {
      orderSame = keyOf(from.get(i), mergeKey).equals(keyOf(to.get(i), mergeKey));
    }
    for (String k : deletedKeys) {
      ObjectNode delete = JsonValues.NODES.objectNode();
      delete.put(DIRECTIVE, "delete");
      delete.set(mergeKey, fromByKey.get(k).get(mergeKey));
      changes.add(delete);
    }
    if ((mode.changes() && (!changes.isEmpty() || !orderSame))
        || (mode.deletions() && !changes.isEmpty())) {
      ArrayNode order = patch.putArray(SET_ELEMENT_ORDER + key);
      for (JsonNode element : to) {
        order.addObject().set(mergeKey, element.get(mergeKey));
      }
    }
    if (!changes.isEmpty()) {
      patch.set(key, JsonValues.arrayOf(changes));
    }
  }

  private static String keyOf(JsonNode element, String mergeKey) {
    if (!element.isObject() || !element.has(mergeKey)) {
      throw ApiException.badRequest(
          "map: " + Json.string(element) + " does not contain declared merge key: " + mergeKey);
    }
    return JsonValues.canonical(element.get(mergeKey));
  }

  private static String textOf(JsonNode v) {
    return v.isString() ? v.stringValue() : Json.string(v);
  }

  /**
   * Combines the deletions half with the changes half. They touch disjoint data (deletions only
   * name what the manifest no longer has), so this is a union: maps recursively, keyed lists by
   * merge key (elements in the {@code $setElementOrder} order, delete directives last), and the
   * directive lists of both halves (equal where both have one).
   */
  private static ObjectNode mergePatches(ObjectNode deletions, ObjectNode changes, Schema schema) {
    ObjectNode out = deletions.deepCopy();
    for (Map.Entry<String, JsonNode> e : changes.properties()) {
      String key = e.getKey();
      JsonNode change = e.getValue();
      JsonNode existing = out.get(key);
      if (StrategicMergePatch.isDirectiveKey(key)
          || existing == null
          || existing.isNull()
          || change.isNull()) {
        out.set(key, change);
        continue;
      }
      Schema.Field field = PatchSchemas.field(schema, key);
      Schema member = PatchSchemas.member(schema, key);
      if (existing.isObject() && change.isObject()) {
        out.set(key, mergePatches((ObjectNode) existing, (ObjectNode) change, member));
      } else if (existing.isArray() && change.isArray() && PatchSchemas.mergeKey(field) != null) {
        JsonNode order =
            out.has(SET_ELEMENT_ORDER + key)
                ? out.get(SET_ELEMENT_ORDER + key)
                : changes.get(SET_ELEMENT_ORDER + key);
        out.set(
            key,
            mergePatchLists(
                existing, change, field.patchMergeKey(), PatchSchemas.items(member), order));
      } else {
        out.set(key, change);
      }
    }
    return out;
  }

  private static JsonNode mergePatchLists(
      JsonNode deletions, JsonNode changes, String mergeKey, Schema items, JsonNode order) {
    List<JsonNode> rest = new ArrayList<>();
    List<JsonNode> deletes = new ArrayList<>();
    for (JsonNode element : deletions.values()) {
      (element.has(DIRECTIVE) ? deletes : rest).add(element);
    }
    List<JsonNode> merged = new ArrayList<>();
    for (JsonNode change : changes.values()) {
      JsonNode match = null;
      for (JsonNode candidate : rest) {
        if (candidate.has(mergeKey)
            && JsonValues.equal(candidate.get(mergeKey), change.get(mergeKey))) {
          match = candidate;
        }
      }
      if (match != null) {
        rest.remove(match);
        merged.add(mergePatches((ObjectNode) match, (ObjectNode) change, items));
      } else {
        merged.add(change);
      }
    }
    merged.addAll(rest);
    if (order != null && order.isArray()) {
      Map<String, Integer> position = new HashMap<>();
      int i = 0;
      for (JsonNode o : order.values()) {
        position.putIfAbsent(JsonValues.canonical(o.get(mergeKey)), i++);
      }
      merged.sort(
          Comparator.comparingInt(
              e ->
                  position.getOrDefault(JsonValues.canonical(e.get(mergeKey)), Integer.MAX_VALUE)));
    }
    merged.addAll(deletes);
    return JsonValues.arrayOf(merged);
  }
}
