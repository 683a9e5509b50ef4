package dev.berth.proxy;

/** The transport protocols the proxy relays. SCTP service ports get no listener (see docs/differences-from-upstream.md). */
public enum Protocol {
  TCP,
  UDP;

  /** {@code spec.ports[].protocol} as written ({@code TCP} when unset); null for SCTP or anything else. */
  static Protocol of(String protocol) {
    return switch (protocol == null ? "TCP" : protocol) {
      case "TCP" -> TCP;
      case "UDP" -> UDP;
      default -> null;
    };
  }
}
