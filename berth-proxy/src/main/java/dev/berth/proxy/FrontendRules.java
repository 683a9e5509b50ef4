package dev.berth.proxy;

import java.util.List;

/**
 * What a listener does with a new connection: balance over {@code backends} for {@code
 * servicePort}. {@code backends} is never empty (a frontend without usable endpoints has no
 * listener, so clients are refused) and is sorted, so equal endpoint sets give equal rules.
 */
public record FrontendRules(ServicePortName servicePort, List<Backend> backends, SessionAffinity affinity) {
  public FrontendRules {
    backends = List.copyOf(backends);
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("a frontend without backends has no listener: " + servicePort);
    }
  }
}
