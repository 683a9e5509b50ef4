package dev.berth.node.agent;

import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The node agent's settings.
 *
 * @param nodeName the one Node, {@code berth}: pods are bound to it and run if bound to it
 * @param hostIps the node's addresses, {@code status.hostIP(s)}: {@code [127.0.0.1]}
 * @param nodeAllocatable what a downward-API {@code resourceFieldRef} reads for a limit that is not
 *     set ({@code cpu}, {@code memory}, {@code ephemeral-storage})
 * @param processUid the uid containers without {@code runAsUser} run as — berth's own — checked
 *     against {@code runAsNonRoot}
 * @param workers how many pods sync at once
 * @param resyncInterval how often a running pod is synced without an event (upstream's {@code
 *     syncFrequency}, 1 min): refreshes projected volumes, retries what waits for a cache
 * @param syncErrorBackOff how soon a pod whose sandbox, volumes or a container could not be made is
 *     tried again (upstream's pod worker back-off, 10 s)
 */
public record NodeAgentConfig(
    String nodeName,
    List<String> hostIps,
    Map<String, Quantity> nodeAllocatable,
    long processUid,
    int workers,
    Duration resyncInterval,
    Duration syncErrorBackOff) {

  public static final String NODE_NAME = "berth";

  public NodeAgentConfig {
    hostIps = List.copyOf(hostIps);
    nodeAllocatable = Map.copyOf(nodeAllocatable);
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
  }

  /**
   * Node {@code berth} at {@code 127.0.0.1}, 4 workers, resync 1 min, error back-off 10 s.
   *
   * @param processUid berth's own uid, e.g. {@code new com.sun.security.auth.module.UnixSystem().getUid()}
   */
  public static NodeAgentConfig defaults(Map<String, Quantity> nodeAllocatable, long processUid) {
    return new NodeAgentConfig(NODE_NAME, List.of("127.0.0.1"), nodeAllocatable, processUid, 4, Duration.ofMinutes(1),
        Duration.ofSeconds(10));
  }
}
