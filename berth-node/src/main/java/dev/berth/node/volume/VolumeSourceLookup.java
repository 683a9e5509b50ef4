package dev.berth.node.volume;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import java.util.Optional;

/**
 * The API objects volumes are made from, as the node agent's listers hold them. Implementations
 * return cached objects, which {@link PodVolumes} only reads.
 */
public interface VolumeSourceLookup {
  Optional<ConfigMap> configMap(String namespace, String name);

  Optional<Secret> secret(String namespace, String name);

  Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name);

  Optional<PersistentVolume> persistentVolume(String name);

  /** A token for a projected {@code serviceAccountToken} source; empty when none can be issued. */
  default Optional<String> serviceAccountToken(Pod pod, ServiceAccountTokenProjection projection) {
    return Optional.empty();
  }
}
