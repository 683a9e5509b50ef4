package dev.berth.proxy;

/** One bound frontend of the proxy: {@link TcpProxyListener} or {@link UdpProxyListener}. */
sealed interface ProxyListener permits TcpProxyListener, UdpProxyListener {
  /** New connections (and new UDP flows) follow {@code route} from now on. */
  void update(Route route);

  /** Stops listening. Established TCP relays keep running until either side closes. */
  void close();

  /** What a listener does with a new connection: the plan's rules and the balancer of its service port. */
  record Route(FrontendRules rules, ServicePortBalancer balancer) {}
}
