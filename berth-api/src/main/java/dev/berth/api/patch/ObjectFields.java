package dev.berth.api.patch;

import dev.berth.api.ApiException;
import dev.berth.api.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The field set of an object for server-side apply, and reading or removing the value at a {@link
 * FieldPath}.
 *
 * <p>Members of the set: every scalar, every atomic list, every empty map or list, every element of
 * a map list ({@code k:…}, together with its own fields) and every member of a set ({@code v:…}).
 * Maps are never members themselves, only their fields. Null values are not members. Fields the
 * server owns are left out: {@code apiVersion}, {@code kind}, {@code status} and {@code
 * metadata.{name, namespace, uid, resourceVersion, generation, creationTimestamp, selfLink,
 * managedFields}}.
 *
 * <p>Example: {@code {"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"pg","ports":
 * [{"containerPort":5432}]}]}}}}} has {@code .spec.replicas}, {@code …containers[name="pg"]},
 * {@code …containers[name="pg"].name}, {@code …ports[containerPort=5432,protocol="TCP"]} and {@code
 * …ports[…].containerPort}: a key field with a well-known default ({@code protocol: TCP}) takes
 * that default when the element omits it, as the kube-apiserver's key extraction does.
 */
final class ObjectFields {
  private static final List<FieldPath> SERVER_OWNED =
      List.of(
          FieldPath.of("apiVersion"),
          FieldPath.of("kind"),
          FieldPath.of("status"),
          FieldPath.of("metadata", "name"),
          FieldPath.of("metadata", "namespace"),
          FieldPath.of("metadata", "uid"),
          FieldPath.of("metadata", "resourceVersion"),
          FieldPath.of("metadata", "generation"),
          FieldPath.of("metadata", "creationTimestamp"),
          FieldPath.of("metadata", "selfLink"),
          FieldPath.of("metadata", "managedFields"));

  /** Defaults of list-map key fields, used when an element omits them. */
  private static final Map<String, JsonNode> KEY_DEFAULTS =
      Map.of("protocol", StringNode.valueOf("TCP"));

  private ObjectFields() {}

  /**
   * The field set of {@code object}. With {@code strict}, an element of a map list that lacks a key
   * field without default is a 400 (as for an applied configuration).
   */
  static Set<FieldPath> of(JsonNode object, Schema schema, boolean strict) {
    Set<FieldPath> out = new TreeSet<>();
    if (object != null && object.isObject()) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        walk(
            e.getValue(),
            PatchSchemas.member(schema, e.getKey()),
            PatchSchemas.field(schema, e.getKey()),
            FieldPath.ROOT.child(e.getKey()),
            strict,
            out);
      }
    }
    out.removeIf(ObjectFields::isServerOwned);
    return out;
  }

  static boolean isServerOwned(FieldPath p) {
    return SERVER_OWNED.stream().anyMatch(s -> s.isPrefixOf(p));
  }

  private static void walk(
      JsonNode value,
      Schema schema,
      Schema.Field field,
      FieldPath path,
      boolean strict,
      Set<FieldPath> out) {
    if (value == null || value.isNull()) {
      return;
    }
    if (value.isObject()) {
      if (value.isEmpty()) {
        out.add(path);
      }
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        walk(
            e.getValue(),
            PatchSchemas.member(schema, e.getKey()),
            PatchSchemas.field(schema, e.getKey()),
            path.child(e.getKey()),
            strict,
            out);
      }
      return;
    }
    if (!value.isArray()) {
      out.add(path);
      return;
    }
    if (value.isEmpty()) {
      out.add(path);
      return;
    }
    switch (PatchSchemas.listKind(field)) {
      case PatchSchemas.AtomicList a -> out.add(path);
      case PatchSchemas.SetList s ->
          value.values().forEach(v -> out.add(path.child(FieldPath.Value.of(v))));
      case PatchSchemas.MapList m -> {
        if (!value.values().stream().allMatch(JsonNode::isObject)) {
          out.add(path);
          return;
        }
        Schema items = PatchSchemas.items(schema);
        for (JsonNode element : value.values()) {
          FieldPath at = path.child(FieldPath.Key.of(keyOf(element, m.keys(), strict)));
          out.add(at);
          for (Map.Entry<String, JsonNode> e : element.properties()) {
            walk(
                e.getValue(),
                PatchSchemas.member(items, e.getKey()),
                PatchSchemas.field(items, e.getKey()),
                at.child(e.getKey()),
                strict,
                out);
          }
        }
      }
    }
  }

  /**
   * The key fields of a map-list element, defaults filled in: {@code
   * {"containerPort":80,"protocol":"TCP"}}.
   */
  static ObjectNode keyOf(JsonNode element, List<String> keys, boolean strict) {
    ObjectNode key = JsonValues.NODES.objectNode();
    for (String k : keys.stream().sorted().toList()) {
      JsonNode v = element.get(k);
      if (v != null && !v.isNull()) {
        key.set(k, v);
      } else if (KEY_DEFAULTS.containsKey(k)) {
        key.set(k, KEY_DEFAULTS.get(k));
      } else if (strict) {
        throw ApiException.badRequest(
            "associative list with keys has an element that omits key field \""
                + k
                + "\" (and doesn't have default value)");
      }
    }
    return key;
  }

  /** The value at {@code path}, or null if there is none (a JSON null counts as none). */
  static JsonNode valueAt(JsonNode root, FieldPath path) {
    JsonNode cur = root;
    for (FieldPath.Element e : path.elements()) {
      if (cur == null) {
        return null;
      }
      cur = step(cur, e);
    }
    return cur == null || cur.isNull() ? null : cur;
  }

  private static JsonNode step(JsonNode cur, FieldPath.Element e) {
    int i = indexIn(cur, e);
    return switch (e) {
      case FieldPath.Name n -> cur.isObject() ? cur.get(n.name()) : null;
      case FieldPath.Key k -> i >= 0 ? cur.get(i) : null;
      case FieldPath.Value v -> i >= 0 ? cur.get(i) : null;
      case FieldPath.Index x -> i >= 0 ? cur.get(i) : null;
    };
  }

  /** The position of a list element named by a key, value or index in {@code list}, or -1. */
  private static int indexIn(JsonNode list, FieldPath.Element e) {
    if (!list.isArray() || e instanceof FieldPath.Name) {
      return -1;
    }
    if (e instanceof FieldPath.Index x) {
      return x.index() < list.size() ? x.index() : -1;
    }
    List<String> keyNames =
        e instanceof FieldPath.Key k ? List.copyOf(k.fields().propertyNames()) : null;
    for (int i = 0; i < list.size(); i++) {
      JsonNode element = list.get(i);
      String id =
          keyNames != null
              ? (element.isObject() ? JsonValues.canonical(keyOf(element, keyNames, false)) : null)
              : JsonValues.canonical(element);
      String wanted = e instanceof FieldPath.Key k ? k.json() : ((FieldPath.Value) e).json();
      if (wanted.equals(id)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Removes the value at {@code path} from {@code root} in place; nothing happens if it is absent.
   */
  static void removeAt(JsonNode root, FieldPath path) {
    if (path.isRoot()) {
      return;
    }
    JsonNode parent = root;
    List<FieldPath.Element> elements = path.elements();
    for (int i = 0; i < elements.size() - 1 && parent != null; i++) {
      parent = step(parent, elements.get(i));
    }
    if (parent == null) {
      return;
    }
    FieldPath.Element last = path.last();
    if (last instanceof FieldPath.Name n) {
      if (parent.isObject()) {
        ((ObjectNode) parent).remove(n.name());
      }
      return;
    }
    int i = indexIn(parent, last);
    if (i >= 0) {
      ((ArrayNode) parent).remove(i);
    }
  }

  /** The schema and field metadata that apply at {@code path}. */
  record Located(Schema schema, Schema.Field field) {}

  static Located locate(Schema root, FieldPath path) {
    Schema schema = root;
    Schema.Field field = null;
    for (FieldPath.Element e : path.elements()) {
      if (e instanceof FieldPath.Name n) {
        field = PatchSchemas.field(schema, n.name());
        schema = PatchSchemas.member(schema, n.name());
      } else {
        schema = PatchSchemas.items(schema);
        field = null;
      }
    }
    return new Located(schema, field);
  }

  /**
   * Brings a set recorded without schema knowledge in line with the schema: a path that names a
   * whole non-empty list which the schema says is a map list or a set is replaced by the paths of
   * its elements. Example: {@code .spec.template.spec.containers} (recorded as an atomic list)
   * becomes {@code …containers[name="pg"]}, {@code …[name="pg"].image}, ... for the current object.
   */
  static Set<FieldPath> reconcile(Set<FieldPath> set, JsonNode object, Schema schema) {
    Set<FieldPath> out = new TreeSet<>();
    for (FieldPath p : set) {
      JsonNode v = valueAt(object, p);
      if (v != null && v.isArray() && !v.isEmpty() && !p.isRoot()) {
        Located at = locate(schema, p);
        if (!(PatchSchemas.listKind(at.field()) instanceof PatchSchemas.AtomicList)) {
          Set<FieldPath> expanded = new TreeSet<>();
          walk(v, at.schema(), at.field(), p, false, expanded);
          out.addAll(expanded);
          continue;
        }
      }
      out.add(p);
    }
    return out;
  }
}
