package dev.berth.node.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A pod's sandbox as its containers need it: its addresses (primary first; {@code status.podIP}),
 * the hostname its UTS namespace gets, and the host directory (or file) of each volume.
 */
public record PodSandbox(List<String> podIps, String hostname, Map<String, Path> volumes) {
  public PodSandbox {
    podIps = List.copyOf(podIps);
    volumes = Map.copyOf(volumes);
    if (podIps.isEmpty()) {
      throw new IllegalArgumentException("a sandbox has at least one address");
    }
  }

  public String podIp() {
    return podIps.get(0);
  }
}
