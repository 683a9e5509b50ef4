package dev.berth.cli.up;

import tools.jackson.databind.node.ObjectNode;

/**
 * One object of the manifests {@code berth up} applies.
 *
 * @param source where it came from, for messages: {@code examples/web/web.yaml} or {@code
 *     web.yaml (document 2)}
 * @param object the document as written
 */
public record Manifest(String source, ObjectNode object) {

  public String apiVersion() {
    return object.path("apiVersion").asString("");
  }

  public String kind() {
    return object.path("kind").asString("");
  }

  public String name() {
    return object.path("metadata").path("name").asString("");
  }

  /** The namespace written in the manifest, or null (the object goes to {@code default}). */
  public String namespace() {
    String ns = object.path("metadata").path("namespace").asString("");
    return ns.isEmpty() ? null : ns;
  }

  /** The API group: {@code apps} for {@code apps/v1}, empty for core {@code v1}. */
  public String group() {
    String v = apiVersion();
    int i = v.indexOf('/');
    return i < 0 ? "" : v.substring(0, i);
  }

  /** How kubectl names it: {@code statefulset.apps/web}, {@code service/nginx}. */
  public String displayName() {
    return displayName(kind(), group(), name());
  }

  public static String displayName(String kind, String group, String name) {
    String k = kind.toLowerCase(java.util.Locale.ROOT);
    return (group.isEmpty() ? k : k + "." + group) + "/" + name;
  }
}
