package dev.berth.proxy;

import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which listeners the proxy should have for a set of Services and EndpointSlices, and what each
 * does: the "desired" half of the proxy, a value computed by a pure function and table-tested
 * ({@link #of}). The proxy then opens, updates and closes listeners to match.
 *
 * <p>Per Service port (spec/services-dns.md §3.1, §3.9):
 *
 * <ul>
 *   <li>a frontend on {@code clusterIP:port}; none for headless ({@code clusterIP: None}) and
 *       ExternalName services, none for services labelled {@code
 *       service.kubernetes.io/service-proxy-name} (another proxy owns them), none for SCTP;
 *   <li>NodePort and LoadBalancer: also {@code <node address>:nodePort};
 *   <li>LoadBalancer without {@code loadBalancerClass}: also {@code <node address>:port}, the
 *       address berth publishes in {@code status.loadBalancer.ingress} (k3s ServiceLB does the
 *       same with the node's IPs);
 *   <li>backends: the endpoints whose {@code conditions.ready} is true (or unset); when none
 *       is, those that are serving and terminating; with {@code internalTrafficPolicy: Local}
 *       (ClusterIP frontends) or {@code externalTrafficPolicy: Local} (node frontends) only
 *       those whose {@code nodeName} is this node;
 *   <li>a frontend with no backends is left out: no listener, so the kernel refuses the
 *       connection at once (ECONNREFUSED, like kube-proxy's REJECT).
 * </ul>
 *
 * <p>Node-address ports are first come, first served: services are visited oldest first (then by
 * namespace and name), and a later service whose node port is already claimed gets no frontend
 * for it and a line in {@link #conflicts()}. A claim holds even while its service has no
 * endpoints.
 *
 * @param frontends every listener that should exist, sorted
 * @param loadBalancers LoadBalancer services that should show {@code ingress: [{ip: <node address>}]}:
 *     no {@code loadBalancerClass} and every LB port claimed
 * @param conflicts why a node-address frontend was not planned, for the log
 */
public record ProxyPlan(Map<Frontend, FrontendRules> frontends, Set<ResourceKey> loadBalancers, List<String> conflicts) {

  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  public static final String SERVICE_PROXY_NAME_LABEL = "service.kubernetes.io/service-proxy-name";
  /** {@code DefaultClientIPServiceAffinitySeconds}: 3 h. */
  public static final Duration DEFAULT_AFFINITY_TIMEOUT = Duration.ofSeconds(10800);

  public static final ProxyPlan EMPTY = new ProxyPlan(Map.of(), Set.of(), List.of());

  public ProxyPlan {
    frontends = new TreeMap<>(frontends);
    frontends = java.util.Collections.unmodifiableMap(frontends);
    loadBalancers = Set.copyOf(loadBalancers);
    conflicts = List.copyOf(conflicts);
  }

  /** The state of one endpoint as kube-proxy reads it (§2.2, §3.1). */
  record EndpointState(boolean ready, boolean serving, boolean terminating, String nodeName) {
    boolean isServingTerminating() {
      return serving && terminating;
    }
  }

  /**
   * @param nodeName this node's name, for the Local traffic policies
   * @param nodeIp the node address node ports listen on, {@code 127.0.0.1}
   */
  public static ProxyPlan of(List<Service> services, List<EndpointSlice> slices, String nodeName, String nodeIp) {
    Map<ResourceKey, List<EndpointSlice>> slicesByService = new HashMap<>();
    for (EndpointSlice slice : slices) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      if (service != null && !service.isEmpty() && "IPv4".equals(slice.getAddressType())) {
        slicesByService.computeIfAbsent(new ResourceKey(slice.getMetadata().getNamespace(), service), k -> new ArrayList<>()).add(slice);
      }
    }
    List<Service> ordered = new ArrayList<>(services);
    ordered.sort(Comparator.comparing((Service s) -> nullToEmpty(s.getMetadata().getCreationTimestamp()))
        .thenComparing(s -> s.getMetadata().getNamespace()).thenComparing(s -> s.getMetadata().getName()));

    Map<Frontend, FrontendRules> frontends = new LinkedHashMap<>();
    Map<Frontend, ServicePortName> claimed = new HashMap<>();
    Set<ResourceKey> loadBalancers = new LinkedHashSet<>();
    List<String> conflicts = new ArrayList<>();
    for (Service service : ordered) {
      ServiceSpec spec = service.getSpec();
      Map<String, String> labels = service.getMetadata().getLabels();
      if (spec == null || labels != null && labels.containsKey(SERVICE_PROXY_NAME_LABEL)) {
        continue;
      }
      String type = spec.getType() == null ? "ClusterIP" : spec.getType();
      String clusterIp = spec.getClusterIP();
      if (type.equals("ExternalName") || clusterIp == null || clusterIp.isEmpty() || clusterIp.equals("None")) {
        continue;
      }
      ResourceKey key = ResourceKey.of(service);
      boolean nodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
      boolean loadBalancer = type.equals("LoadBalancer") && spec.getLoadBalancerClass() == null;
      boolean allLoadBalancerPortsClaimed = true;
      SessionAffinity affinity = affinityOf(spec);
      boolean internalLocal = "Local".equals(spec.getInternalTrafficPolicy());
      boolean externalLocal = "Local".equals(spec.getExternalTrafficPolicy());
      for (ServicePort port : spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts()) {
        Protocol protocol = Protocol.of(port.getProtocol());
        if (protocol == null || port.getPort() == null) {
          continue;
        }
        ServicePortName name = new ServicePortName(key, nullToEmpty(port.getName()), protocol);
        Map<Backend, EndpointState> endpoints = endpointsOf(name, slicesByService.getOrDefault(key, List.of()));
        List<Backend> internal = usable(endpoints, internalLocal ? nodeName : null);
        List<Backend> external = usable(endpoints, externalLocal ? nodeName : null);
        put(frontends, new Frontend(clusterIp, port.getPort(), protocol), name, internal, affinity);
        if (nodePorts && port.getNodePort() != null && port.getNodePort() > 0) {
          Frontend node = new Frontend(nodeIp, port.getNodePort(), protocol);
          if (claim(claimed, node, name, conflicts)) {
            put(frontends, node, name, external, affinity);
          }
        }
        if (loadBalancer) {
          Frontend ingress = new Frontend(nodeIp, port.getPort(), protocol);
          if (claim(claimed, ingress, name, conflicts)) {
            put(frontends, ingress, name, external, affinity);
          } else {
            allLoadBalancerPortsClaimed = false;
          }
        }
      }
      if (loadBalancer && allLoadBalancerPortsClaimed) {
        loadBalancers.add(key);
      }
    }
    return new ProxyPlan(frontends, loadBalancers, conflicts);
  }

  private static boolean claim(Map<Frontend, ServicePortName> claimed, Frontend frontend, ServicePortName name, List<String> conflicts) {
    ServicePortName owner = claimed.putIfAbsent(frontend, name);
    if (owner == null || owner.equals(name)) {
      return true;
    }
    conflicts.add(frontend + " of " + name + " is already taken by " + owner);
    return false;
  }

  private static void put(Map<Frontend, FrontendRules> frontends, Frontend frontend, ServicePortName name, List<Backend> backends,
      SessionAffinity affinity) {
    if (!backends.isEmpty()) {
      frontends.putIfAbsent(frontend, new FrontendRules(name, backends, affinity));
    }
  }

  static SessionAffinity affinityOf(ServiceSpec spec) {
    if (!"ClientIP".equals(spec.getSessionAffinity())) {
      return SessionAffinity.NONE;
    }
    Integer seconds = spec.getSessionAffinityConfig() == null || spec.getSessionAffinityConfig().getClientIP() == null
        ? null : spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
    return new SessionAffinity.ClientIp(seconds == null || seconds <= 0 ? DEFAULT_AFFINITY_TIMEOUT : Duration.ofSeconds(seconds));
  }

  /**
   * The endpoints of one service port across its slices: {@code addresses[0]} with the slice port
   * of the same name and protocol; an address listed twice keeps its most usable state.
   */
  static Map<Backend, EndpointState> endpointsOf(ServicePortName name, List<EndpointSlice> slices) {
    Map<Backend, EndpointState> out = new HashMap<>();
    for (EndpointSlice slice : slices) {
      Integer port = null;
      for (EndpointPort p : slice.getPorts() == null ? List.<EndpointPort>of() : slice.getPorts()) {
        if (nullToEmpty(p.getName()).equals(name.port()) && name.protocol() == Protocol.of(p.getProtocol()) && p.getPort() != null) {
          port = p.getPort();
          break;
        }
      }
      if (port == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
          continue;
        }
        EndpointConditions c = e.getConditions();
        boolean ready = c == null || c.getReady() == null || c.getReady();
        boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
        boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
        EndpointState state = new EndpointState(ready, serving, terminating, e.getNodeName());
        out.merge(new Backend(e.getAddresses().get(0), port), state, (a, b) -> a.ready() || !b.ready() && a.serving() ? a : b);
      }
    }
    return out;
  }

  /**
   * CategorizeEndpoints: the ready endpoints, or when there are none the serving-and-terminating
   * ones; restricted to {@code localNode} when it is not null. Sorted.
   */
  static List<Backend> usable(Map<Backend, EndpointState> endpoints, String localNode) {
    List<Backend> ready = new ArrayList<>();
    List<Backend> terminating = new ArrayList<>();
    endpoints.forEach((b, s) -> {
      if (localNode != null && !localNode.equals(s.nodeName())) {
        return;
      }
      if (s.ready()) {
        ready.add(b);
      } else if (s.isServingTerminating()) {
        terminating.add(b);
      }
    });
    List<Backend> chosen = ready.isEmpty() ? terminating : ready;
    chosen.sort(Comparator.comparing(Backend::ip).thenComparingInt(Backend::port));
    return chosen;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
