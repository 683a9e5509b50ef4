package dev.berth.api.schema;

import java.util.List;
import java.util.Map;

/**
 * The structural schema of an API type, derived from the fabric8 model classes by berth's own
 * code. One source of truth for: the OpenAPI v3 documents ({@code kubectl explain}, apply's
 * validation probe), unknown-field detection under {@code fieldValidation=Strict}, and the
 * per-field patch metadata that strategic merge patch and server-side apply need.
 */
public sealed interface Schema {
  String description();

  /**
   * An object with named fields. {@code fields} is filled after construction so recursive types
   * can refer to themselves; treat it as read-only once built.
   *
   * @param name the OpenAPI definition name, e.g. {@code io.k8s.api.core.v1.PodSpec}
   * @param mapType {@code x-kubernetes-map-type} of the whole struct ({@code atomic} for e.g.
   *     {@code LabelSelector}, {@code LocalObjectReference}: apply replaces it as a unit), or null
   *     for the default, {@code granular}
   */
  record Struct(String name, String description, Map<String, Field> fields, String mapType)
      implements Schema {
    public Struct(String name, String description, Map<String, Field> fields) {
      this(name, description, fields, null);
    }

    /** The field named {@code name} in JSON, or null. */
    public Field field(String name) {
      return fields.get(name);
    }
  }

  /**
   * A field of a {@link Struct}, with the patch metadata of the Go struct tags and OpenAPI
   * extensions ({@code spec/api-server.md} §11.6).
   *
   * @param patchStrategy {@code merge}, {@code retainKeys}, {@code merge,retainKeys} or null
   * @param patchMergeKey the merge key of a list of objects, e.g. {@code name}; null otherwise
   * @param listType {@code atomic}, {@code set}, {@code map} or null (for non-lists)
   * @param listMapKeys the keys of a {@code map} list, e.g. {@code [containerPort, protocol]}
   * @param mapType {@code x-kubernetes-map-type} of a map or struct field ({@code atomic} for e.g.
   *     {@code PodSpec.nodeSelector}, {@code granular}), or null when upstream does not say
   * @param defaultValue the upstream {@code default} as JSON text, e.g. {@code "TCP"} for a
   *     container port's {@code protocol}; null when upstream declares none
   */
  record Field(
      String name,
      Schema schema,
      String description,
      boolean required,
      String patchStrategy,
      String patchMergeKey,
      String listType,
      List<String> listMapKeys,
      String mapType,
      String defaultValue) {

    public Field(
        String name,
        Schema schema,
        String description,
        boolean required,
        String patchStrategy,
        String patchMergeKey,
        String listType,
        List<String> listMapKeys) {
      this(name, schema, description, required, patchStrategy, patchMergeKey, listType, listMapKeys,
          null, null);
    }

    public boolean mergeList() {
      return patchStrategy != null && patchStrategy.contains("merge");
    }

    public boolean retainKeys() {
      return patchStrategy != null && patchStrategy.contains("retainKeys");
    }
  }

  /** A list; its patch semantics live on the {@link Field} that holds it. */
  record ListOf(Schema items, String description) implements Schema {}

  /** A map with string keys, e.g. labels. Maps always merge. */
  record MapOf(Schema values, String description) implements Schema {}

  /**
   * @param type {@code string}, {@code integer}, {@code number} or {@code boolean}
   * @param format {@code int32}, {@code int64}, {@code date-time}, {@code byte} or null
   */
  record Scalar(String type, String format, String description) implements Schema {}

  /** {@code x-kubernetes-int-or-string}, e.g. {@code targetPort}. */
  record IntOrString(String description) implements Schema {}

  /** A resource quantity such as {@code 1Gi}, serialised as a string. */
  record Quantity(String description) implements Schema {}

  /** Any JSON value ({@code RawExtension}, {@code x-kubernetes-preserve-unknown-fields}). */
  record Untyped(String description) implements Schema {}
}
