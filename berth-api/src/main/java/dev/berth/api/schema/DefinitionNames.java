package dev.berth.api.schema;

import java.util.Map;
import java.util.Set;

/**
 * The upstream OpenAPI definition name of a fabric8 model class: the Go package path of the type
 * in reverse-domain form plus its name, e.g. {@code io.fabric8.kubernetes.api.model.PodSpec} ⇒
 * {@code io.k8s.api.core.v1.PodSpec} and {@code io.fabric8.kubernetes.api.model.apps.StatefulSet}
 * ⇒ {@code io.k8s.api.apps.v1.StatefulSet}.
 */
public final class DefinitionNames {
  private static final String MODEL = "io.fabric8.kubernetes.api.model.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  /** fabric8 sub-package (after {@code ...api.model.}) ⇒ upstream package prefix. */
  private static final Map<String, String> PACKAGES = Map.of(
      "", "io.k8s.api.core.v1.",
      "apps.", "io.k8s.api.apps.v1.",
      "autoscaling.v1.", "io.k8s.api.autoscaling.v1.",
      "coordination.v1.", "io.k8s.api.coordination.v1.",
      "discovery.v1.", "io.k8s.api.discovery.v1.",
      "events.v1.", "io.k8s.api.events.v1.",
      "storage.", "io.k8s.api.storage.v1.",
      "runtime.", "io.k8s.apimachinery.pkg.runtime.");

  /** Types that fabric8 generates into its core package but that live in apimachinery's meta/v1. */
  private static final Set<String> META_TYPES = Set.of(
      "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition",
      "CreateOptions", "DeleteOptions", "FieldSelectorRequirement", "FieldsV1", "GetOptions",
      "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta",
      "ListOptions", "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference",
      "PartialObjectMetadata", "PartialObjectMetadataList", "PatchOptions", "Preconditions",
      "RootPaths", "ServerAddressByClientCIDR", "ShardInfo", "Status", "StatusCause", "StatusDetails", "Time",
      "TypeMeta", "UpdateOptions", "WatchEvent");

  public static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  public static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  public static final String TIME = META + "Time";
  public static final String MICRO_TIME = META + "MicroTime";

  private DefinitionNames() {}

  /**
   * The definition name of {@code type}.
   *
   * @throws IllegalArgumentException for a class outside the fabric8 packages berth serves, so a
   *     new kind from an unmapped group fails loudly rather than getting an invented name
   */
  public static String of(Class<?> type) {
    String n = type.getName();
    if (!n.startsWith(MODEL)) {
      throw new IllegalArgumentException("not a fabric8 model class: " + n);
    }
    String rest = n.substring(MODEL.length());
    int dot = rest.lastIndexOf('.');
    String pkg = dot < 0 ? "" : rest.substring(0, dot + 1);
    String simple = rest.substring(dot + 1);
    if (pkg.isEmpty() && META_TYPES.contains(simple)) {
      return META + simple;
    }
    String prefix = PACKAGES.get(pkg);
    if (prefix == null) {
      throw new IllegalArgumentException("no upstream package known for " + n);
    }
    return prefix + simple;
  }

  /** The Go package part of a definition name, e.g. {@code io.k8s.api.apps.v1}. */
  public static String packageOf(String definition) {
    return definition.substring(0, definition.lastIndexOf('.'));
  }

  /** The type part of a definition name, e.g. {@code StatefulSet}. */
  public static String simpleName(String definition) {
    return definition.substring(definition.lastIndexOf('.') + 1);
  }
}
