package dev.berth.api.patch;

import dev.berth.api.schema.Schema;
import java.util.List;

/**
 * How the patch engines read {@link Schema}: the schema of a member, and how a list field merges. A
 * member the schema does not know (or an {@link Schema.Untyped} value) has a null schema, and the
 * engines then fall back to JSON merge semantics: maps merge, lists are replaced.
 *
 * <p>Example: in a PodSpec-like struct, {@code member(podSpec, "containers")} is the {@code
 * ListOf(Container)} schema, {@code field(podSpec, "containers")} carries {@code patchStrategy:
 * merge, patchMergeKey: name}, and {@code listKind} of it is {@code MapList([name])}.
 */
final class PatchSchemas {
  private PatchSchemas() {}

  /** How a list merges under server-side apply (structured-merge-diff's view of a list). */
  sealed interface ListKind permits AtomicList, SetList, MapList {}

  /** Replaced wholesale, e.g. {@code args}, {@code tolerations}. */
  record AtomicList() implements ListKind {}

  /** A set of scalars merged as a union, e.g. {@code finalizers}. */
  record SetList() implements ListKind {}

  /** Elements identified by the values of {@code keys}, e.g. ports by containerPort+protocol. */
  record MapList(List<String> keys) implements ListKind {}

  /** The field metadata of member {@code name} of a struct, or null. */
  static Schema.Field field(Schema parent, String name) {
    if (parent instanceof Schema.Struct s && s.fields() != null) {
      return s.fields().get(name);
    }
    return null;
  }

  /** The schema of member {@code name} of an object-valued schema, or null if unknown. */
  static Schema member(Schema parent, String name) {
    if (parent instanceof Schema.Struct) {
      Schema.Field f = field(parent, name);
      return f == null ? null : f.schema();
    }
    if (parent instanceof Schema.MapOf m) {
      return m.values();
    }
    return null;
  }

  /** The schema of the elements of a list schema, or null. */
  static Schema items(Schema list) {
    return list instanceof Schema.ListOf l ? l.items() : null;
  }

  /** The strategic-merge merge key of a list field, or null when it is not a keyed merge list. */
  static String mergeKey(Schema.Field f) {
    return f != null && f.mergeList() ? f.patchMergeKey() : null;
  }

  /** Whether a list field merges as a set of scalars under strategic merge ({@code finalizers}). */
  static boolean isPrimitiveMergeList(Schema.Field f) {
    return f != null && f.mergeList() && f.patchMergeKey() == null;
  }

  /**
   * The server-side-apply kind of a list field: {@code x-kubernetes-list-type} first, then the
   * strategic-merge tags (a merge key makes a map list keyed by it, merge without a key a set),
   * otherwise atomic, as kube-openapi's conversion does for built-in types.
   */
  static ListKind listKind(Schema.Field f) {
    if (f == null) {
      return new AtomicList();
    }
    if ("map".equals(f.listType()) && f.listMapKeys() != null && !f.listMapKeys().isEmpty()) {
      return new MapList(List.copyOf(f.listMapKeys()));
    }
    if ("set".equals(f.listType())) {
      return new SetList();
    }
    if ("atomic".equals(f.listType())) {
      return new AtomicList();
    }
    if (f.mergeList()) {
      return f.patchMergeKey() != null ? new MapList(List.of(f.patchMergeKey())) : new SetList();
    }
    return new AtomicList();
  }
}
