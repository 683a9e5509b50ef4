package dev.berth.proxy;

import dev.berth.client.ResourceKey;

/**
 * kube-proxy's {@code ServicePortName}: one port of one Service. Session affinity belongs to it,
 * whichever frontend (ClusterIP, nodePort) a client used.
 *
 * @param port the port's {@code name}, {@code ""} for a single unnamed port
 */
public record ServicePortName(ResourceKey service, String port, Protocol protocol) {
  @Override
  public String toString() {
    return service + (port.isEmpty() ? "" : ":" + port) + "/" + protocol;
  }
}
