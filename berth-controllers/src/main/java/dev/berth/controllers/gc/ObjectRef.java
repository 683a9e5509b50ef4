package dev.berth.controllers.gc;

import dev.berth.api.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The identity of one object in the dependency graph: its resource, where it lives and its uid.
 * {@code namespace} is null for cluster-scoped objects.
 */
public record ObjectRef(ResourceType type, String namespace, String name, String uid) {

  public ObjectRef {
    if (namespace != null && namespace.isEmpty()) {
      namespace = null;
    }
  }

  public static ObjectRef of(ResourceType type, HasMetadata object) {
    return new ObjectRef(type, type.namespaced() ? object.getMetadata().getNamespace() : null,
        object.getMetadata().getName(), object.getMetadata().getUid());
  }

  @Override
  public String toString() {
    return type.kind() + " " + (namespace == null ? "" : namespace + "/") + name + " (uid " + uid + ")";
  }
}
