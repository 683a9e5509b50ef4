package dev.berth.proxy;

import dev.berth.api.time.Clock;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's sockets: one {@link TcpProxyListener} or {@link UdpProxyListener} per planned
 * {@link Frontend}, on a Netty event loop group (epoll where available), and one {@link
 * ServicePortBalancer} per service port, kept across plans so affinity survives endpoint changes.
 *
 * <p>{@link #apply} is called by one thread at a time (the controller's worker).
 */
public final class NettyServiceProxy implements ProxyRulesControl, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NettyServiceProxy.class.getName());

  /**
   * @param threads event loop threads; each connection pair lives on one of them
   * @param selection how endpoints are picked, {@link Selection#RANDOM} as kube-proxy
   * @param retryConnect try other endpoints when a connect fails (spec §3.9.6)
   * @param udpIdleTimeout how long an idle UDP flow keeps its endpoint
   */
  public record Config(int threads, Selection selection, boolean retryConnect, Duration udpIdleTimeout) {
    public static Config defaults() {
      return new Config(Math.max(1, Runtime.getRuntime().availableProcessors()), Selection.RANDOM, true, Duration.ofSeconds(120));
    }

    public Config withThreads(int threads) {
      return new Config(threads, selection, retryConnect, udpIdleTimeout);
    }
  }

  private final Clock clock;
  private final Config config;
  private final NettyTransport transport;
  private final EventLoopGroup group;
  private final Map<Frontend, ProxyListener> listeners = new HashMap<>();
  private final Map<ServicePortName, ServicePortBalancer> balancers = new ConcurrentHashMap<>();

  public NettyServiceProxy(Clock clock, Config config) {
    this.clock = clock;
    this.config = config;
    this.transport = NettyTransport.best();
    this.group = transport.newGroup(config.threads());
    if (NettyTransport.epollUnavailability() != null) {
      LOG.log(System.Logger.Level.INFO, "service proxy: native epoll unavailable, using NIO: " + NettyTransport.epollUnavailability());
    }
  }

  /** {@code epoll} or {@code nio}. */
  public String transport() {
    return transport.name();
  }

  @Override
  public synchronized Map<Frontend, String> apply(ProxyPlan plan) {
    Map<ServicePortName, Set<Backend>> usable = new HashMap<>();
    Map<ServicePortName, SessionAffinity> affinities = new HashMap<>();
    plan.frontends().values().forEach(r -> {
      usable.computeIfAbsent(r.servicePort(), k -> new HashSet<>()).addAll(r.backends());
      affinities.put(r.servicePort(), r.affinity());
    });
    usable.forEach((name, backends) -> balancers
        .computeIfAbsent(name, k -> new ServicePortBalancer(clock, config.selection(), n -> ThreadLocalRandom.current().nextInt(n)))
        .update(affinities.get(name), backends));
    balancers.keySet().retainAll(usable.keySet());

    listeners.entrySet().removeIf(e -> {
      if (plan.frontends().containsKey(e.getKey())) {
        return false;
      }
      e.getValue().close();
      return true;
    });
    Map<Frontend, String> failures = new LinkedHashMap<>();
    plan.frontends().forEach((frontend, rules) -> {
      ProxyListener.Route route = new ProxyListener.Route(rules, balancers.get(rules.servicePort()));
      ProxyListener existing = listeners.get(frontend);
      if (existing != null) {
        existing.update(route);
        return;
      }
      try {
        listeners.put(frontend, switch (frontend.protocol()) {
          case TCP -> TcpProxyListener.open(group, transport, frontend, route, config.retryConnect());
          case UDP -> UdpProxyListener.open(group, transport, frontend, route, config.udpIdleTimeout());
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.put(frontend, "interrupted");
      } catch (Exception e) {
        failures.put(frontend, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      }
    });
    return failures;
  }

  /** The frontends listening now, for tests and status. */
  public synchronized Set<Frontend> listening() {
    return Set.copyOf(listeners.keySet());
  }

  /** Closes every listener (established relays end with the event loops). */
  @Override
  public synchronized void close() {
    listeners.values().forEach(ProxyListener::close);
    listeners.clear();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
