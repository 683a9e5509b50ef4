package dev.berth.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Set;

/**
 * One resource that berth serves, as discovery publishes it ({@code spec/api-server.md} §5.3).
 * Routing, discovery, OpenAPI, {@code kubectl get all} and the store key all derive from it.
 *
 * @param group API group, {@code ""} for core
 * @param plural the resource name in URLs, e.g. {@code statefulsets}
 * @param subresources e.g. {@code status}, {@code scale}, {@code log}
 * @param javaType the fabric8 model class that gives the schema
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> verbs,
    Set<String> subresources,
    Class<? extends HasMetadata> javaType) {

  public static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** {@code apps/v1}, or {@code v1} for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code statefulsets.apps}, or {@code pods} for the core group: the name used in error messages. */
  public String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public String listKind() {
    return kind + "List";
  }

  /**
   * The key under which the store keeps objects of this resource. Resources that share storage
   * (core/v1 and events.k8s.io/v1 events) share the key.
   */
  public String storageKey() {
    if (plural.equals("events")) {
      return "events";
    }
    return group.isEmpty() ? plural : group + "/" + plural;
  }

  public boolean hasStatus() {
    return subresources.contains("status");
  }

  /** URL prefix of the group-version: {@code /api/v1} or {@code /apis/apps/v1}. */
  public String groupVersionPath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }
}
