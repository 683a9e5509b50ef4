package dev.berth.dns;

import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Address;

/**
 * What the DNS answers from, frozen at one instant: Services, their endpoints (flattened from
 * EndpointSlices) and pod IPs, indexed for the lookups of {@link DnsRecords}. Built from informer
 * caches whenever they changed (never per query), and from plain lists in tests.
 *
 * <p>The fabric8 objects it holds are shared with the caches: read-only.
 *
 * @param services by namespace/name
 * @param endpoints by the owning service's namespace/name, in slice then endpoint order; only
 *     IPv4/IPv6 slices (FQDN slices are ignored, as CoreDNS does)
 * @param servicesByClusterIp canonical IP text → services with that ClusterIP, for PTR
 * @param endpointsByIp canonical IP text → services whose slices list that address, for PTR
 * @param podIps namespace → canonical IPs of the pods in it, for {@code pods verified}
 * @param serial the SOA serial: the unix time (seconds) this snapshot was built
 */
public record DnsSnapshot(
    Map<ResourceKey, Service> services,
    Map<ResourceKey, List<ServiceEndpoint>> endpoints,
    Map<String, List<ResourceKey>> servicesByClusterIp,
    Map<String, List<ResourceKey>> endpointsByIp,
    Map<String, Set<String>> podIps,
    long serial) {

  /** The label that ties an EndpointSlice to its Service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  public static final DnsSnapshot EMPTY = of(List.of(), List.of(), List.of(), 0);

  /**
   * One address of a service's EndpointSlice.
   *
   * @param ip canonical IP text
   * @param hostname {@code endpoints[].hostname}, or null
   * @param ready {@code conditions.ready} is true or unset
   * @param ports the slice's ports (target ports), shared by every endpoint of that slice
   */
  public record ServiceEndpoint(String ip, String hostname, boolean ready, List<EndpointPort> ports) {
    public ServiceEndpoint {
      ports = List.copyOf(ports);
    }
  }

  public static DnsSnapshot of(List<Service> services, List<EndpointSlice> slices, List<Pod> pods, long serial) {
    Map<ResourceKey, Service> byKey = new LinkedHashMap<>();
    Map<String, List<ResourceKey>> byClusterIp = new HashMap<>();
    for (Service s : services) {
      ResourceKey key = ResourceKey.of(s);
      byKey.put(key, s);
      for (String ip : clusterIps(s)) {
        String canonical = canonicalIp(ip);
        if (canonical != null) {
          byClusterIp.computeIfAbsent(canonical, k -> new ArrayList<>()).add(key);
        }
      }
    }
    Map<ResourceKey, List<ServiceEndpoint>> endpoints = new HashMap<>();
    Map<String, List<ResourceKey>> byEndpointIp = new HashMap<>();
    for (EndpointSlice slice : slices) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      String serviceName = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
      String type = slice.getAddressType();
      if (serviceName == null || serviceName.isEmpty() || !("IPv4".equals(type) || "IPv6".equals(type))
          || slice.getEndpoints() == null) {
        continue;
      }
      ResourceKey key = new ResourceKey(slice.getMetadata().getNamespace(), serviceName);
      List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
      for (Endpoint e : slice.getEndpoints()) {
        boolean ready = e.getConditions() == null || e.getConditions().getReady() == null || e.getConditions().getReady();
        for (String address : e.getAddresses() == null ? List.<String>of() : e.getAddresses()) {
          String ip = canonicalIp(address);
          if (ip == null) {
            continue;
          }
          endpoints.computeIfAbsent(key, k -> new ArrayList<>()).add(new ServiceEndpoint(ip, e.getHostname(), ready, ports));
          List<ResourceKey> owners = byEndpointIp.computeIfAbsent(ip, k -> new ArrayList<>());
          if (!owners.contains(key)) {
            owners.add(key);
          }
        }
      }
    }
    Map<String, Set<String>> podIps = new HashMap<>();
    for (Pod p : pods) {
      if (p.getStatus() == null) {
        continue;
      }
      Set<String> ips = podIps.computeIfAbsent(p.getMetadata().getNamespace(), k -> new HashSet<>());
      addIp(ips, p.getStatus().getPodIP());
      if (p.getStatus().getPodIPs() != null) {
        for (PodIP ip : p.getStatus().getPodIPs()) {
          addIp(ips, ip.getIp());
        }
      }
    }
    return new DnsSnapshot(byKey, endpoints, byClusterIp, byEndpointIp, podIps, serial);
  }

  /** {@code spec.clusterIPs}, else {@code spec.clusterIP}; empty for headless and ExternalName. */
  static List<String> clusterIps(Service s) {
    if (s.getSpec() == null) {
      return List.of();
    }
    List<String> ips = s.getSpec().getClusterIPs();
    if (ips == null || ips.isEmpty()) {
      String ip = s.getSpec().getClusterIP();
      ips = ip == null || ip.isEmpty() ? List.of() : List.of(ip);
    }
    return ips.stream().filter(ip -> ip != null && !ip.isEmpty() && !"None".equals(ip)).toList();
  }

  private static void addIp(Set<String> ips, String ip) {
    String c = canonicalIp(ip);
    if (c != null) {
      ips.add(c);
    }
  }

  /**
   * The address in {@link java.net.InetAddress#getHostAddress()} form, so that {@code ::1} and
   * {@code 0:0:0:0:0:0:0:1} compare equal; null when {@code ip} is not an IP literal (never a
   * name lookup).
   */
  static String canonicalIp(String ip) {
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    try {
      return Address.getByAddress(ip).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
