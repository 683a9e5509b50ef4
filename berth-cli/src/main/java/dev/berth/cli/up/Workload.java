package dev.berth.cli.up;

/**
 * An object {@code berth up} applied and waits for, by identity.
 *
 * @param group empty for core
 * @param namespace {@code default} when the manifest names none; empty for cluster-scoped kinds
 */
public record Workload(String kind, String group, String namespace, String name) {

  public static Workload of(Manifest m, boolean namespaced) {
    String ns = namespaced ? (m.namespace() == null ? "default" : m.namespace()) : "";
    return new Workload(m.kind(), m.group(), ns, m.name());
  }

  /** Whether {@code berth up} waits for it: StatefulSets, Deployments, ReplicaSets and Pods. */
  public boolean runsPods() {
    return switch (kind) {
      case "StatefulSet", "Deployment", "ReplicaSet" -> group.equals("apps");
      case "Pod" -> group.isEmpty();
      default -> false;
    };
  }

  /** {@code statefulset.apps/web}, with {@code NAMESPACE/} in front outside {@code default}. */
  public String displayName() {
    String n = Manifest.displayName(kind, group, name);
    return namespace.isEmpty() || namespace.equals("default") ? n : namespace + "/" + n;
  }
}
