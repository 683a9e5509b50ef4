package dev.berth.dns;

import dev.berth.client.ResourceKey;
import dev.berth.dns.DnsSnapshot.ServiceEndpoint;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The cluster DNS as a pure function: (question, {@link DnsSnapshot}) → {@link DnsAnswer}, after
 * the kubernetes/dns specification 1.1.0 and CoreDNS's kubernetes plugin
 * ({@code shared/spec/services-dns.md} §4). No I/O, no clock: the snapshot carries the SOA serial.
 *
 * <p>Names are read from the right, case-insensitively: {@code <zone>}, then {@code svc|pod}, then
 * the namespace, then the service, then either an endpoint hostname or {@code _<port>._<proto>}:
 *
 * <pre>
 *   nginx.default.svc.cluster.local             A: ClusterIP, or every ready endpoint when headless
 *   web-0.nginx.default.svc.cluster.local       A: the endpoints whose hostname is web-0
 *   _http._tcp.nginx.default.svc.cluster.local  SRV: named port "http", protocol TCP
 *   127-1-0-5.default.pod.cluster.local         A: 127.1.0.5 if a pod in default has that IP
 *   5.0.2.127.in-addr.arpa                      PTR: the Service with that ClusterIP, else endpoints
 * </pre>
 *
 * <p>NXDOMAIN for a name that does not exist (unknown service, headless service without ready
 * endpoints, unknown endpoint hostname or port, too many labels); NOERROR with an empty answer
 * (NODATA) for a name that exists without records of the asked type, and for apex-like names
 * ({@code svc.<zone>}, {@code <ns>.svc.<zone>}). Both carry the zone's SOA in authority.
 * Reverse names berth does not know, and every name outside the zone, are {@link
 * DnsAnswer.Forward forwarded}.
 *
 * <p>Choices where CoreDNS is configurable: TTL {@value #DEFAULT_TTL} s (the plugin's default;
 * kubeadm's Corefile says 30); {@code pods verified} (an A record only for an IP some pod in that
 * namespace has; kubeadm uses {@code insecure}); no {@code endpoint_pod_names} (an endpoint
 * without {@code hostname} is named by its dashed IP); no wildcards.
 */
public final class DnsRecords {
  /** CoreDNS kubernetes plugin default ({@code ttl}), seconds. */
  public static final long DEFAULT_TTL = 5;
  /** The schema version this server implements, served at {@code dns-version.<zone>}. */
  public static final String SCHEMA_VERSION = "1.1.0";
  public static final long SCHEMA_VERSION_TTL = 28800;
  /** Chained in-zone ExternalName CNAMEs followed before giving up with SERVFAIL. */
  private static final int MAX_CNAME_CHAIN = 8;

  private static final Name IN_ADDR_ARPA = Name.fromConstantString("in-addr.arpa.");
  private static final Name IP6_ARPA = Name.fromConstantString("ip6.arpa.");

  private final Name zone;
  private final long ttl;
  private final List<InetAddress> nameservers;

  /**
   * @param zone the cluster domain, e.g. {@code cluster.local}
   * @param ttl seconds, for every record but {@code dns-version}
   * @param nameservers the DNS server's own addresses: {@code ns.dns.<zone>}'s A records
   */
  public DnsRecords(String zone, long ttl, List<InetAddress> nameservers) {
    try {
      this.zone = Name.fromString(zone.endsWith(".") ? zone : zone + ".").canonicalize();
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + zone, e);
    }
    if (ttl < 0 || ttl > 3600) {
      throw new IllegalArgumentException("ttl must be 0..3600 s, got " + ttl);
    }
    this.ttl = ttl;
    this.nameservers = List.copyOf(nameservers);
  }

  public Name zone() {
    return zone;
  }

  /** True for names berth answers from its own records rather than forwarding. */
  public boolean inZone(Name name) {
    return name.subdomain(zone);
  }

  public DnsAnswer answer(Name qname, int qtype, DnsSnapshot snapshot) {
    return answer(qname, qtype, snapshot, 0);
  }

  private DnsAnswer answer(Name qname, int qtype, DnsSnapshot s, int depth) {
    if (!qname.subdomain(zone)) {
      if (qname.subdomain(IN_ADDR_ARPA) || qname.subdomain(IP6_ARPA)) {
        return reverse(qname, qtype, s);
      }
      return new DnsAnswer.Forward();
    }
    // labels under the zone, from the right: r[0] = svc|pod|..., r[1] = namespace, ...
    int n = qname.labels() - zone.labels();
    List<String> r = new ArrayList<>(n);
    for (int i = n - 1; i >= 0; i--) {
      r.add(qname.getLabelString(i).toLowerCase(Locale.ROOT));
    }
    if (n == 0) {
      return apex(qname, qtype, s);
    }
    return switch (r.get(0)) {
      case "dns-version" -> n > 1 ? nxdomain(s)
          : qtype == Type.TXT ? found(List.of(new TXTRecord(qname, DClass.IN, SCHEMA_VERSION_TTL, SCHEMA_VERSION)), List.of())
          : nodata(s);
      case "dns" -> n == 2 && r.get(1).equals("ns") ? addresses(qname, qtype, nameservers, s) : n == 1 ? nodata(s) : nxdomain(s);
      case "svc" -> switch (n) {
        case 1, 2 -> nodata(s);
        case 3 -> service(qname, qtype, new ResourceKey(r.get(1), r.get(2)), s, depth);
        case 4 -> endpoint(qname, qtype, new ResourceKey(r.get(1), r.get(2)), r.get(3), s);
        case 5 -> r.get(3).startsWith("_") && r.get(4).startsWith("_")
            ? namedPort(qname, qtype, new ResourceKey(r.get(1), r.get(2)), r.get(4).substring(1), r.get(3).substring(1), s)
            : nxdomain(s);
        default -> nxdomain(s);
      };
      case "pod" -> switch (n) {
        case 1, 2 -> nodata(s);
        case 3 -> pod(qname, qtype, r.get(1), r.get(2), s);
        default -> nxdomain(s);
      };
      default -> nxdomain(s);
    };
  }

  private DnsAnswer apex(Name qname, int qtype, DnsSnapshot s) {
    return switch (qtype) {
      case Type.SOA -> found(List.of(soa(zone, s)), List.of());
      case Type.NS -> found(List.of(new NSRecord(qname, DClass.IN, ttl, nsName())),
          addressRecords(nsName(), Type.A, nameservers));
      default -> nodata(s);
    };
  }

  /** {@code <svc>.<ns>.svc.<zone>}: ClusterIP, headless endpoints, or an ExternalName CNAME. */
  private DnsAnswer service(Name qname, int qtype, ResourceKey key, DnsSnapshot s, int depth) {
    Service svc = s.services().get(key);
    if (svc == null) {
      return nxdomain(s);
    }
    if (isExternalName(svc)) {
      return externalName(qname, qtype, svc, s, depth);
    }
    if (isHeadless(svc)) {
      List<ServiceEndpoint> ready = readyEndpoints(svc, key, s);
      if (ready.isEmpty()) {
        return nxdomain(s);
      }
      if (qtype == Type.SRV) {
        List<SrvTarget> targets = new ArrayList<>();
        for (ServiceEndpoint e : ready) {
          for (EndpointPort p : e.ports()) {
            if (p.getPort() != null) {
              targets.add(new SrvTarget(endpointFqdn(e, key), p.getPort(), e.ip()));
            }
          }
        }
        return srv(qname, targets, s);
      }
      return addresses(qname, qtype, ready.stream().map(ServiceEndpoint::ip).distinct().map(DnsRecords::address).toList(), s);
    }
    List<InetAddress> clusterIps = DnsSnapshot.clusterIps(svc).stream().map(DnsSnapshot::canonicalIp)
        .filter(ip -> ip != null).map(DnsRecords::address).toList();
    if (qtype == Type.SRV) {
      List<SrvTarget> targets = new ArrayList<>();
      for (ServicePort p : ports(svc)) {
        for (InetAddress ip : clusterIps) {
          targets.add(new SrvTarget(serviceFqdn(key), p.getPort(), ip.getHostAddress()));
        }
      }
      return srv(qname, targets, s);
    }
    return addresses(qname, qtype, clusterIps, s);
  }

  /**
   * CNAME to {@code spec.externalName}, for every type but SRV (CoreDNS serves no SRV for
   * ExternalName). A target inside the zone is followed here; one outside is left to the caller,
   * which asks the upstream resolvers.
   */
  private DnsAnswer externalName(Name qname, int qtype, Service svc, DnsSnapshot s, int depth) {
    if (qtype == Type.SRV) {
      return nodata(s);
    }
    Name target;
    try {
      target = Name.fromString(svc.getSpec().getExternalName(), Name.root);
    } catch (TextParseException | RuntimeException e) {
      return new DnsAnswer.Authoritative(Rcode.SERVFAIL, List.of(), List.of(), List.of());
    }
    Record cname = new CNAMERecord(qname, DClass.IN, ttl, target);
    if (qtype == Type.CNAME || !target.subdomain(zone)) {
      return found(List.of(cname), List.of());
    }
    if (depth >= MAX_CNAME_CHAIN) {
      return new DnsAnswer.Authoritative(Rcode.SERVFAIL, List.of(cname), List.of(), List.of());
    }
    DnsAnswer next = answer(target, qtype, s, depth + 1);
    if (next instanceof DnsAnswer.Authoritative a) {
      List<Record> chain = new ArrayList<>();
      chain.add(cname);
      chain.addAll(a.answer());
      return new DnsAnswer.Authoritative(a.rcode(), chain, a.authority(), a.additional());
    }
    return found(List.of(cname), List.of());
  }

  /** {@code <hostname>.<svc>.<ns>.svc.<zone>}, for headless and ClusterIP services alike. */
  private DnsAnswer endpoint(Name qname, int qtype, ResourceKey key, String hostname, DnsSnapshot s) {
    Service svc = s.services().get(key);
    if (svc == null || isExternalName(svc)) {
      return nxdomain(s);
    }
    List<InetAddress> ips = readyEndpoints(svc, key, s).stream().filter(e -> endpointName(e).equalsIgnoreCase(hostname))
        .map(ServiceEndpoint::ip).distinct().map(DnsRecords::address).toList();
    if (ips.isEmpty()) {
      return nxdomain(s);
    }
    return addresses(qname, qtype, ips, s);
  }

  /**
   * {@code _<port>._<proto>.<svc>.<ns>.svc.<zone>}: one SRV per matching named port; for a
   * headless service, per ready endpoint with the endpoint's (target) port.
   */
  private DnsAnswer namedPort(Name qname, int qtype, ResourceKey key, String portName, String protocol, DnsSnapshot s) {
    Service svc = s.services().get(key);
    if (svc == null || isExternalName(svc)) {
      return nxdomain(s);
    }
    List<SrvTarget> targets = new ArrayList<>();
    if (isHeadless(svc)) {
      for (ServiceEndpoint e : readyEndpoints(svc, key, s)) {
        for (EndpointPort p : e.ports()) {
          if (p.getPort() != null && portName.equalsIgnoreCase(p.getName()) && protocol.equalsIgnoreCase(protocolOf(p.getProtocol()))) {
            targets.add(new SrvTarget(endpointFqdn(e, key), p.getPort(), e.ip()));
          }
        }
      }
    } else {
      for (ServicePort p : ports(svc)) {
        if (portName.equalsIgnoreCase(p.getName()) && protocol.equalsIgnoreCase(protocolOf(p.getProtocol()))) {
          for (String ip : DnsSnapshot.clusterIps(svc)) {
            String c = DnsSnapshot.canonicalIp(ip);
            if (c != null) {
              targets.add(new SrvTarget(serviceFqdn(key), p.getPort(), c));
            }
          }
        }
      }
    }
    if (targets.isEmpty()) {
      return nxdomain(s);
    }
    return qtype == Type.SRV ? srv(qname, targets, s) : nodata(s);
  }

  /** {@code <dashed-ip>.<ns>.pod.<zone>}, answered only when a pod in {@code namespace} has that IP. */
  private DnsAnswer pod(Name qname, int qtype, String namespace, String label, DnsSnapshot s) {
    String ip = undash(label);
    if (ip == null || !s.podIps().getOrDefault(namespace, Set.of()).contains(ip)) {
      return nxdomain(s);
    }
    return addresses(qname, qtype, List.of(address(ip)), s);
  }

  /**
   * PTR for a Service ClusterIP (checked first, as CoreDNS does) or else for every service whose
   * ready endpoints have that IP; anything else is forwarded, like CoreDNS with {@code fallthrough
   * in-addr.arpa ip6.arpa}.
   */
  private DnsAnswer reverse(Name qname, int qtype, DnsSnapshot s) {
    String ip;
    try {
      ip = ReverseMap.fromName(qname).getHostAddress();
    } catch (UnknownHostException | RuntimeException e) {
      return new DnsAnswer.Forward();
    }
    Set<Name> targets = new LinkedHashSet<>();
    for (ResourceKey key : s.servicesByClusterIp().getOrDefault(ip, List.of())) {
      targets.add(serviceFqdn(key));
    }
    if (targets.isEmpty()) {
      for (ResourceKey key : s.endpointsByIp().getOrDefault(ip, List.of())) {
        Service svc = s.services().get(key);
        if (svc == null) {
          continue;
        }
        for (ServiceEndpoint e : readyEndpoints(svc, key, s)) {
          if (e.ip().equals(ip)) {
            targets.add(endpointFqdn(e, key));
          }
        }
      }
    }
    if (targets.isEmpty()) {
      return new DnsAnswer.Forward();
    }
    if (qtype != Type.PTR) {
      Name reverseZone = qname.subdomain(IN_ADDR_ARPA) ? IN_ADDR_ARPA : IP6_ARPA;
      return new DnsAnswer.Authoritative(Rcode.NOERROR, List.of(), List.of(soa(reverseZone, s)), List.of());
    }
    return found(targets.stream().<Record>map(t -> new PTRRecord(qname, DClass.IN, ttl, t)).toList(), List.of());
  }

  // ---- vocabulary

  /** An SRV target before weights are known. */
  private record SrvTarget(Name target, int port, String ip) {}

  /**
   * SRV priority 0; the weight is split over the answer like CoreDNS: {@code max(1, 100 / N)},
   * so 100 for one record, 50 each for two, 16 each for six. The targets' addresses go to the
   * additional section.
   */
  private DnsAnswer srv(Name qname, List<SrvTarget> targets, DnsSnapshot s) {
    if (targets.isEmpty()) {
      return nodata(s);
    }
    int weight = Math.max(1, 100 / targets.size());
    List<Record> answer = new ArrayList<>();
    Set<Record> additional = new LinkedHashSet<>();
    for (SrvTarget t : targets) {
      answer.add(new SRVRecord(qname, DClass.IN, ttl, 0, weight, t.port(), t.target()));
      InetAddress ip = address(t.ip());
      additional.add(ip instanceof Inet4Address ? new ARecord(t.target(), DClass.IN, ttl, ip) : new AAAARecord(t.target(), DClass.IN, ttl, ip));
    }
    return found(answer, List.copyOf(additional));
  }

  /** A and AAAA from {@code ips} for a name that exists; other types (and the other family) are NODATA. */
  private DnsAnswer addresses(Name qname, int qtype, List<InetAddress> ips, DnsSnapshot s) {
    if (qtype != Type.A && qtype != Type.AAAA) {
      return nodata(s);
    }
    List<Record> records = addressRecords(qname, qtype, ips);
    return records.isEmpty() ? nodata(s) : found(records, List.of());
  }

  private List<Record> addressRecords(Name name, int qtype, List<InetAddress> ips) {
    List<Record> records = new ArrayList<>();
    for (InetAddress ip : ips) {
      if (qtype == Type.A && ip instanceof Inet4Address) {
        records.add(new ARecord(name, DClass.IN, ttl, ip));
      } else if (qtype == Type.AAAA && !(ip instanceof Inet4Address)) {
        records.add(new AAAARecord(name, DClass.IN, ttl, ip));
      }
    }
    return records;
  }

  private static DnsAnswer found(List<Record> answer, List<Record> additional) {
    return new DnsAnswer.Authoritative(Rcode.NOERROR, answer, List.of(), additional);
  }

  private DnsAnswer nxdomain(DnsSnapshot s) {
    return new DnsAnswer.Authoritative(Rcode.NXDOMAIN, List.of(), List.of(soa(zone, s)), List.of());
  }

  private DnsAnswer nodata(DnsSnapshot s) {
    return new DnsAnswer.Authoritative(Rcode.NOERROR, List.of(), List.of(soa(zone, s)), List.of());
  }

  /**
   * {@code <zone>. IN SOA ns.dns.<zone>. hostmaster.<zone>. <serial> 7200 1800 86400 <ttl>}, its
   * own TTL {@code min(ttl, 300)} (CoreDNS {@code plugin/backend_lookup.go}).
   */
  private Record soa(Name origin, DnsSnapshot s) {
    try {
      return new SOARecord(origin, DClass.IN, Math.min(ttl, 300), Name.concatenate(Name.fromConstantString("ns.dns"), origin),
          Name.concatenate(Name.fromConstantString("hostmaster"), origin), s.serial(), 7200, 1800, 86400, ttl);
    } catch (NameTooLongException e) {
      throw new IllegalStateException(e);
    }
  }

  private Name nsName() {
    return child("ns.dns");
  }

  private Name serviceFqdn(ResourceKey key) {
    return child(key.name() + "." + key.namespace() + ".svc");
  }

  private Name endpointFqdn(ServiceEndpoint e, ResourceKey key) {
    return child(endpointName(e) + "." + key.name() + "." + key.namespace() + ".svc");
  }

  private Name child(String relative) {
    try {
      return Name.fromString(relative, zone);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name under " + zone + ": " + relative, e);
    }
  }

  /**
   * The endpoint's DNS label: {@code hostname} if set, else the dashed IP: {@code 127-1-0-5};
   * for IPv6 every {@code :} becomes {@code -} and a trailing {@code -} gets a {@code 0}
   * ({@code fd00::} → {@code fd00--0}).
   */
  static String endpointName(ServiceEndpoint e) {
    if (e.hostname() != null && !e.hostname().isEmpty()) {
      return e.hostname();
    }
    if (e.ip().indexOf(':') < 0) {
      return e.ip().replace('.', '-');
    }
    String dashed = compressedIpv6(e.ip()).replace(':', '-');
    return dashed.endsWith("-") ? dashed + "0" : dashed;
  }

  /** Inverse of the dashed form, canonical; null if {@code label} is no dashed IP. */
  static String undash(String label) {
    String candidate = label.matches("\\d{1,3}(-\\d{1,3}){3}") ? label.replace('-', '.') : label.replace('-', ':');
    return label.isEmpty() ? null : DnsSnapshot.canonicalIp(candidate);
  }

  /** {@code 2001:db8:0:0:0:0:0:1} → {@code 2001:db8::1} (the longest run of zero groups becomes {@code ::}). */
  private static String compressedIpv6(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < groups.length; ) {
      if (groups[i].equals("0")) {
        int j = i;
        while (j < groups.length && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i > 1) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
    return head + "::" + tail;
  }

  /** Endpoints that count: ready ones, or all with {@code publishNotReadyAddresses}. */
  private static List<ServiceEndpoint> readyEndpoints(Service svc, ResourceKey key, DnsSnapshot s) {
    boolean all = svc.getSpec() != null && Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
    return s.endpoints().getOrDefault(key, List.of()).stream().filter(e -> all || e.ready()).toList();
  }

  private static boolean isExternalName(Service svc) {
    return svc.getSpec() != null && "ExternalName".equals(svc.getSpec().getType());
  }

  private static boolean isHeadless(Service svc) {
    return DnsSnapshot.clusterIps(svc).isEmpty();
  }

  private static List<ServicePort> ports(Service svc) {
    return svc.getSpec() == null || svc.getSpec().getPorts() == null ? List.of()
        : svc.getSpec().getPorts().stream().filter(p -> p.getPort() != null).toList();
  }

  private static String protocolOf(String protocol) {
    return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
  }

  private static InetAddress address(String ip) {
    try {
      return Address.getByAddress(ip);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + ip, e);
    }
  }
}
