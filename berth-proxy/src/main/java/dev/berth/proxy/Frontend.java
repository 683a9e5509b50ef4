package dev.berth.proxy;

/**
 * An address the proxy listens on: a Service's {@code clusterIP:port}, or the node address
 * {@code 127.0.0.1} with a {@code nodePort} (or, for a LoadBalancer, its {@code port}).
 *
 * @param ip canonical IPv4 text, {@code 127.2.0.17}
 */
public record Frontend(String ip, int port, Protocol protocol) implements Comparable<Frontend> {
  @Override
  public int compareTo(Frontend o) {
    int c = ip.compareTo(o.ip);
    if (c == 0) {
      c = Integer.compare(port, o.port);
    }
    return c != 0 ? c : protocol.compareTo(o.protocol);
  }

  @Override
  public String toString() {
    return ip + ":" + port + "/" + protocol;
  }
}
