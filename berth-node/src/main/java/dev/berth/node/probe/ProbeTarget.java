package dev.berth.node.probe;

import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.runtime.ContainerProcess;
import io.fabric8.kubernetes.api.model.ContainerPort;
import java.util.List;
import java.util.Map;

/**
 * What a probe of one container instance is run against.
 *
 * @param podIp the default host of httpGet and tcpSocket probes
 * @param process the running instance; exec probes run inside its namespaces
 * @param ports the container's {@code ports}, for named probe ports
 * @param env the container's environment, given to exec probes
 * @param user the container's {@code securityContext} user, for exec probes; null for berth's own
 */
public record ProbeTarget(String podIp, ContainerProcess process, List<ContainerPort> ports, Map<String, String> env,
    ContainerLaunch.RunAs user) {

  /** The target for an instance started from {@code launch}. */
  public static ProbeTarget of(ContainerLaunch launch, ContainerProcess process, List<ContainerPort> ports) {
    return new ProbeTarget(launch.podIp(), process, ports == null ? List.of() : ports, launch.env(), launch.user());
  }
}
