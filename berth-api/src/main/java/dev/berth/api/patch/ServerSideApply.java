package dev.berth.api.patch;

import dev.berth.api.ApiException;
import dev.berth.api.schema.Schema;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply with {@code managedFields} ({@code application/apply-patch+yaml}, {@code
 * spec/api-server.md} §11.8 "Full"): structured-merge-diff's semantics for the flows kubectl and
 * fabric8 drive, on berth's {@link Schema}.
 *
 * <p>{@link #apply} contract, for manager M applying configuration A to live object L:
 *
 * <ol>
 *   <li>L absent: the result is A (nulls dropped), created, with M's {@code Apply} entry.
 *   <li>A is merged into L: maps merge, map lists ({@code listType: map} keys, else the strategic
 *       merge key) merge element by key, sets are unions, atomic lists and scalars take A's value,
 *       a {@code null} removes the field.
 *   <li>Fields M applied last time (its {@code Apply} entry) but omits now are removed unless some
 *       manager, M included, still owns them or something below them.
 *   <li>Every field that this changes (or adds) and another manager owns is a conflict: 409 with
 *       one {@code FieldManagerConflict} cause each, unless {@code force}, which moves those fields
 *       to M. Setting a field to the value it already has is no conflict; the field is then shared.
 *   <li>M's entry becomes {@code {manager, operation: Apply, apiVersion, time, fieldsType:
 *       FieldsV1, fieldsV1: fields of A}}; other managers lose the fields taken from them and the
 *       fields that no longer exist; empty entries disappear.
 * </ol>
 *
 * <p>Example: after {@code kubectl create} (manager {@code kubectl-create}, an {@code Update} entry
 * owning everything), {@code kubectl apply --server-side} with {@code replicas: 3} instead of 1
 * fails with {@code Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1:
 * .spec.replicas}; with {@code --force-conflicts} it succeeds and {@code .spec.replicas} moves to
 * {@code kubectl}'s entry.
 *
 * <p>Simplified against structured-merge-diff: one API version per kind (no conversion of managed
 * sets), no atomic maps or structs ({@code x-kubernetes-map-type}), and the list-map key default
 * known is {@code protocol: TCP}.
 */
public final class ServerSideApply {
  private ServerSideApply() {}

  /**
   * @param created whether {@code live} was absent and the object is new (201)
   */
  public record Result(ObjectNode object, boolean created) {}

  public static Result apply(
      ObjectNode live,
      ObjectNode applied,
      String manager,
      boolean force,
      Schema.Struct schema,
      String apiVersion,
      Instant now) {
    ObjectNode config = applied.deepCopy();
    if (config.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
    Set<FieldPath> appliedSet = ObjectFields.of(config, schema, true);
    ManagedFieldsEntry mine =
        new ManagedFieldsEntry(
            manager, ManagedFieldsEntry.APPLY, apiVersion, time(now), null, appliedSet);
    if (live == null) {
      ObjectNode created = (ObjectNode) merge(null, config, schema, null);
      ManagedFieldsEntry.write(created, List.of(mine));
      return new Result(created, true);
    }

    ManagedFieldsEntry previous = null;
    List<ManagedFieldsEntry> others = new ArrayList<>();
    for (ManagedFieldsEntry e : ManagedFieldsEntry.read(live)) {
      if (e.sameIdentity(manager, ManagedFieldsEntry.APPLY)) {
        previous = e;
      } else {
        others.add(e.withFields(ObjectFields.reconcile(e.fields(), live, schema)));
      }
    }
    ObjectNode merged = (ObjectNode) merge(live, config, schema, null);
    prune(merged, previous == null ? Set.of() : previous.fields(), appliedSet, others);

    Map<FieldPath, List<ManagedFieldsEntry>> conflicts = new TreeMap<>();
    for (ManagedFieldsEntry other : others) {
      for (FieldPath p : other.fields()) {
        if (changed(live, merged, p)) {
          conflicts.computeIfAbsent(p, k -> new ArrayList<>()).add(other);
        }
      }
    }
    if (!conflicts.isEmpty() && !force) {
      throw conflictError(conflicts);
    }

    List<ManagedFieldsEntry> entries = new ArrayList<>();
    for (ManagedFieldsEntry other : others) {
      Set<FieldPath> kept = new TreeSet<>(other.fields());
      kept.removeIf(
          p ->
              conflicts.getOrDefault(p, List.of()).contains(other)
                  || ObjectFields.valueAt(merged, p) == null);
      entries.add(other.withFields(kept));
    }
    // A no-op apply keeps the applier's timestamp, so the result equals live and needs no write.
    if (previous != null
        && JsonValues.equal(withoutManagedFields(live), withoutManagedFields(merged))) {
      mine = mine.withTime(previous.time());
    }
    entries.add(mine);
    ManagedFieldsEntry.write(merged, entries);
    return new Result(merged, false);
  }

  /**
   * Same as {@link #recordUpdate(ObjectNode, ObjectNode, String, String, Instant, Schema.Struct)}
   * without a schema: every list is atomic.
   */
  public static ObjectNode recordUpdate(
      ObjectNode oldObj, ObjectNode newObj, String manager, String apiVersion, Instant now) {
    return recordUpdate(oldObj, newObj, manager, apiVersion, now, null);
  }

  /**
   * Records a create ({@code oldObj == null}), update or patch by {@code manager} in the copy of
   * {@code newObj} it returns: the manager's {@code Update} entry gains every field that the write
   * added or changed and loses the fields that no longer exist; other managers lose the fields the
   * write changed (an update never conflicts) or removed. Server-owned fields ({@code status},
   * {@code metadata.resourceVersion}, ...) are never recorded.
   *
   * <p>The entries come from {@code newObj} when it carries a non-empty {@code managedFields} (a
   * PATCH result or a PUT body that echoes them), else from {@code oldObj}.
   *
   * <p>Example: {@code kubectl create} of a StatefulSet gives {@code [{manager: kubectl-create,
   * operation: Update, fieldsV1: {f:spec: {f:replicas: {}, ...}}}]}; a later {@code kubectl scale}
   * ({@code manager: kubectl}, {@code replicas} 1 → 3) moves {@code .spec.replicas} to a new {@code
   * kubectl} Update entry.
   *
   * @param schema the kind's schema, or null to treat every list as atomic
   */
  public static ObjectNode recordUpdate(
      ObjectNode oldObj,
      ObjectNode newObj,
      String manager,
      String apiVersion,
      Instant now,
      Schema.Struct schema) {
    ObjectNode out = newObj.deepCopy();
    List<ManagedFieldsEntry> existing = ManagedFieldsEntry.read(newObj);
    if (existing.isEmpty()) {
      existing = ManagedFieldsEntry.read(oldObj);
    }
    Set<FieldPath> newSet = ObjectFields.of(newObj, schema, false);
    Set<FieldPath> oldSet = oldObj == null ? Set.of() : ObjectFields.of(oldObj, schema, false);
    Set<FieldPath> changed = new TreeSet<>();
    for (FieldPath p : newSet) {
      if (!oldSet.contains(p) || changed(oldObj, newObj, p)) {
        changed.add(p);
      }
    }

    List<ManagedFieldsEntry> entries = new ArrayList<>();
    ManagedFieldsEntry mine = null;
    for (ManagedFieldsEntry e : existing) {
      Set<FieldPath> kept =
          schema == null
              ? new TreeSet<>(e.fields())
              : ObjectFields.reconcile(e.fields(), oldObj != null ? oldObj : newObj, schema);
      kept.removeIf(p -> ObjectFields.valueAt(newObj, p) == null);
      if (e.sameIdentity(manager, ManagedFieldsEntry.UPDATE)) {
        kept.addAll(changed);
        String time = changed.isEmpty() ? e.time() : time(now);
        mine =
            new ManagedFieldsEntry(
                manager, ManagedFieldsEntry.UPDATE, apiVersion, time, null, kept);
        entries.add(mine);
      } else {
        kept.removeAll(changed);
        kept.removeIf(
            p ->
                changed.stream()
                    .anyMatch(c -> c.isPrefixOf(p) || p.isPrefixOf(c) && isLeafIn(newObj, p)));
        entries.add(e.withFields(kept));
      }
    }
    if (mine == null && !changed.isEmpty()) {
      entries.add(
          new ManagedFieldsEntry(
              manager, ManagedFieldsEntry.UPDATE, apiVersion, time(now), null, changed));
    }
    ManagedFieldsEntry.write(out, entries);
    return out;
  }

  /** Whether the value at {@code p} in {@code object} is a scalar or whole list (not a map). */
  private static boolean isLeafIn(JsonNode object, FieldPath p) {
    JsonNode v = ObjectFields.valueAt(object, p);
    return v != null && !v.isObject();
  }

  /**
   * Whether the value at {@code p} was added or changed from {@code before} to {@code after}. Maps
   * and list elements ({@code k:}/{@code v:}) are compared by presence only: their fields are paths
   * of their own.
   */
  private static boolean changed(JsonNode before, JsonNode after, FieldPath p) {
    JsonNode now = ObjectFields.valueAt(after, p);
    if (now == null) {
      return false;
    }
    JsonNode was = before == null ? null : ObjectFields.valueAt(before, p);
    if (was == null) {
      return true;
    }
    if (now.isObject()
        || was.isObject()
        || p.isRoot()
        || !(p.last() instanceof FieldPath.Name || p.last() instanceof FieldPath.Index)) {
      return false;
    }
    return !JsonValues.equal(was, now);
  }

  /**
   * Removes from {@code merged} what the applier owned last time and no longer applies, unless that
   * path or one below it is still owned (by the applier now or by anyone else).
   */
  private static void prune(
      ObjectNode merged,
      Set<FieldPath> lastApplied,
      Set<FieldPath> appliedNow,
      List<ManagedFieldsEntry> others) {
    Set<FieldPath> owned = new HashSet<>(appliedNow);
    others.forEach(o -> owned.addAll(o.fields()));
    List<FieldPath> candidates = new ArrayList<>(lastApplied);
    candidates.removeAll(appliedNow);
    candidates.sort(Comparator.comparingInt(p -> p.elements().size()));
    for (FieldPath p : candidates) {
      if (owned.stream().noneMatch(p::isPrefixOf)) {
        ObjectFields.removeAt(merged, p);
      }
    }
  }

  /**
   * {@code live} with {@code applied} merged in, per the field kinds of {@code schema}; a new tree.
   */
  static JsonNode merge(JsonNode live, JsonNode applied, Schema schema, Schema.Field field) {
    if (applied.isObject()) {
      ObjectNode out =
          live != null && live.isObject()
              ? ((ObjectNode) live).deepCopy()
              : JsonValues.NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : applied.properties()) {
        if (e.getValue().isNull()) {
          out.remove(e.getKey());
        } else {
          out.set(
              e.getKey(),
              merge(
                  out.get(e.getKey()),
                  e.getValue(),
                  PatchSchemas.member(schema, e.getKey()),
                  PatchSchemas.field(schema, e.getKey())));
        }
      }
      return out;
    }
    if (!applied.isArray() || live == null || !live.isArray()) {
      return applied.deepCopy();
    }
    return switch (PatchSchemas.listKind(field)) {
      case PatchSchemas.AtomicList a -> applied.deepCopy();
      case PatchSchemas.SetList s -> {
        List<JsonNode> out = JsonValues.elements(live);
        Set<String> seen = new HashSet<>();
        out.forEach(v -> seen.add(JsonValues.canonical(v)));
        for (JsonNode v : applied.values()) {
          if (seen.add(JsonValues.canonical(v))) {
            out.add(v);
          }
        }
        yield JsonValues.arrayOf(out);
      }
      case PatchSchemas.MapList m -> {
        if (!applied.values().stream().allMatch(JsonNode::isObject)) {
          yield applied.deepCopy();
        }
        Schema items = PatchSchemas.items(schema);
        List<JsonNode> out = JsonValues.elements(live);
        for (JsonNode element : applied.values()) {
          String key = JsonValues.canonical(ObjectFields.keyOf(element, m.keys(), false));
          int at = -1;
          for (int i = 0; i < out.size() && at < 0; i++) {
            if (out.get(i).isObject()
                && key.equals(
                    JsonValues.canonical(ObjectFields.keyOf(out.get(i), m.keys(), false)))) {
              at = i;
            }
          }
          if (at >= 0) {
            out.set(at, merge(out.get(at), element, items, null));
          } else {
            out.add(merge(null, element, items, null));
          }
        }
        yield JsonValues.arrayOf(out);
      }
    };
  }

  private static ApiException conflictError(Map<FieldPath, List<ManagedFieldsEntry>> conflicts) {
    record Conflict(ManagedFieldsEntry manager, FieldPath path) {}
    List<Conflict> all = new ArrayList<>();
    conflicts.forEach((p, managers) -> managers.forEach(m -> all.add(new Conflict(m, p))));
    all.sort(
        Comparator.comparing((Conflict c) -> c.manager().describe()).thenComparing(Conflict::path));
    List<StatusCause> causes =
        all.stream()
            .map(
                c ->
                    new StatusCauseBuilder()
                        .withReason("FieldManagerConflict")
                        .withMessage("conflict with " + c.manager().describe())
                        .withField(c.path().toString())
                        .build())
            .toList();
    String message;
    if (all.size() == 1) {
      Conflict c = all.get(0);
      message =
          "Apply failed with 1 conflict: conflict with " + c.manager().describe() + ": " + c.path();
    } else {
      List<String> lines = new ArrayList<>();
      String current = null;
      for (Conflict c : all) {
        if (!c.manager().describe().equals(current)) {
          current = c.manager().describe();
          lines.add("conflicts with " + current + ":");
        }
        lines.add("- " + c.path());
      }
      message = "Apply failed with " + all.size() + " conflicts: " + String.join("\n", lines);
    }
    Status status =
        new StatusBuilder()
            .withNewMetadata()
            .endMetadata()
            .withStatus("Failure")
            .withCode(409)
            .withReason("Conflict")
            .withMessage(message)
            .withDetails(new StatusDetailsBuilder().withCauses(causes).build())
            .build();
    return new ApiException(status);
  }

  private static JsonNode withoutManagedFields(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
    return copy;
  }

  private static String time(Instant now) {
    return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
  }
}
