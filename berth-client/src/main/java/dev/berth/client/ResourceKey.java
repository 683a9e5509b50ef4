package dev.berth.client;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The work-queue key of a namespaced or cluster-scoped object: {@code namespace/name}, or just
 * {@code name} when {@code namespace} is null (cluster-scoped). An empty namespace is normalised to
 * null, so {@code ResourceKey.of(node)} equals {@code new ResourceKey(null, "n1")}.
 */
public record ResourceKey(String namespace, String name) {

  public ResourceKey {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name is required");
    }
    if (namespace != null && namespace.isEmpty()) {
      namespace = null;
    }
  }

  public static ResourceKey of(HasMetadata object) {
    return new ResourceKey(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  public static ResourceKey clusterScoped(String name) {
    return new ResourceKey(null, name);
  }

  /** Inverse of {@link #toString()}: {@code "ns/name"} or {@code "name"}. */
  public static ResourceKey parse(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? new ResourceKey(null, key) : new ResourceKey(key.substring(0, slash), key.substring(slash + 1));
  }

  public boolean isClusterScoped() {
    return namespace == null;
  }

  @Override
  public String toString() {
    return namespace == null ? name : namespace + "/" + name;
  }
}
