package dev.berth.api.patch;

import dev.berth.api.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code metadata.managedFields} entry with its {@code fieldsV1} decoded: the fields one
 * manager owns through one kind of operation.
 *
 * <p>Example: {@code {"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":
 * "2026-11-25T15:29:28Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}}} owns
 * {@code .spec.replicas}.
 *
 * @param operation {@code Apply} or {@code Update}
 * @param time RFC 3339 in seconds, or null
 * @param subresource e.g. {@code status}; null for the main resource
 */
record ManagedFieldsEntry(
    String manager,
    String operation,
    String apiVersion,
    String time,
    String subresource,
    Set<FieldPath> fields) {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  ManagedFieldsEntry {
    fields = new TreeSet<>(fields);
  }

  /** Same manager identity: name, operation and subresource (the API version is not compared). */
  boolean sameIdentity(String otherManager, String otherOperation) {
    return manager.equals(otherManager)
        && operation.equals(otherOperation)
        && (subresource == null || subresource.isEmpty());
  }

  ManagedFieldsEntry withTime(String newTime) {
    return new ManagedFieldsEntry(manager, operation, apiVersion, newTime, subresource, fields);
  }

  ManagedFieldsEntry withFields(Set<FieldPath> newFields) {
    return new ManagedFieldsEntry(manager, operation, apiVersion, time, subresource, newFields);
  }

  /**
   * The manager as the kube-apiserver names it in conflicts: {@code "kubectl"} for an applier,
   * {@code "kubectl-client-side-apply" using apps/v1} for an updater.
   */
  String describe() {
    String name = quote(manager);
    if (subresource != null && !subresource.isEmpty()) {
      name += " with subresource " + quote(subresource);
    }
    return UPDATE.equals(operation) ? name + " using " + apiVersion : name;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The entries of {@code object.metadata.managedFields}; empty when there are none. */
  static List<ManagedFieldsEntry> read(JsonNode object) {
    List<ManagedFieldsEntry> out = new ArrayList<>();
    JsonNode list = object == null ? null : object.path("metadata").get("managedFields");
    if (list == null || !list.isArray()) {
      return out;
    }
    for (JsonNode e : list.values()) {
      if (!e.isObject()) {
        throw ApiException.badRequest("metadata.managedFields entries must be objects");
      }
      String manager = text(e, "manager");
      String operation = text(e, "operation");
      if (manager == null || operation == null) {
        continue;
      }
      out.add(
          new ManagedFieldsEntry(
              manager,
              operation,
              text(e, "apiVersion"),
              text(e, "time"),
              text(e, "subresource"),
              FieldsV1.decode(e.get("fieldsV1"))));
    }
    return out;
  }

  private static String text(JsonNode e, String name) {
    JsonNode v = e.get(name);
    return v != null && v.isString() ? v.stringValue() : null;
  }

  ObjectNode toJson() {
    ObjectNode out = JsonValues.NODES.objectNode();
    out.put("manager", manager);
    out.put("operation", operation);
    if (apiVersion != null) {
      out.put("apiVersion", apiVersion);
    }
    if (time != null) {
      out.put("time", time);
    }
    out.put("fieldsType", "FieldsV1");
    out.set("fieldsV1", FieldsV1.encode(fields));
    if (subresource != null && !subresource.isEmpty()) {
      out.put("subresource", subresource);
    }
    return out;
  }

  /**
   * Writes the entries, minus empty ones, sorted as the kube-apiserver sorts them (operation, time,
   * manager, API version, subresource), into a copy's {@code metadata.managedFields}; no entries
   * remove the field.
   */
  static void write(ObjectNode object, List<ManagedFieldsEntry> entries) {
    ObjectNode metadata =
        object.has("metadata") && object.get("metadata").isObject()
            ? (ObjectNode) object.get("metadata")
            : object.putObject("metadata");
    List<ManagedFieldsEntry> kept =
        new ArrayList<>(entries.stream().filter(e -> !e.fields().isEmpty()).toList());
    if (kept.isEmpty()) {
      metadata.remove("managedFields");
      return;
    }
    kept.sort(
        Comparator.comparing(ManagedFieldsEntry::operation)
            .thenComparing(e -> e.time() == null ? "" : e.time())
            .thenComparing(ManagedFieldsEntry::manager)
            .thenComparing(e -> e.apiVersion() == null ? "" : e.apiVersion())
            .thenComparing(e -> e.subresource() == null ? "" : e.subresource()));
    ArrayNode list = metadata.putArray("managedFields");
    kept.forEach(e -> list.add(e.toJson()));
  }
}
