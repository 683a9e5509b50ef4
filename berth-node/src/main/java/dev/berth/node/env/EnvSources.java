package dev.berth.node.env;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;

/**
 * Where a container's environment comes from besides its pod: the ConfigMaps, Secrets and Services
 * the node agent's informers cache. Lookups are local and cheap; empty means "not found".
 */
public interface EnvSources {
  Optional<ConfigMap> configMap(String namespace, String name);

  Optional<Secret> secret(String namespace, String name);

  /** Every Service of every namespace (service links need {@code default/kubernetes} too). */
  List<Service> services();

  /**
   * Whether the Services have been listed at least once; until then containers of API pods cannot
   * start ({@code services have not yet been read at least once, cannot construct envvars}).
   */
  default boolean servicesSynced() {
    return true;
  }
}
