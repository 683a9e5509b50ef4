package dev.berth.proxy;

/**
 * One endpoint of a service port: a pod IP and the target port from the EndpointSlice.
 *
 * @param ip canonical IPv4 text, {@code 127.1.4.7}
 */
public record Backend(String ip, int port) {
  @Override
  public String toString() {
    return ip + ":" + port;
  }
}
