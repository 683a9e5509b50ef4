package dev.berth.dns;

import static dev.berth.dns.ClusterObjects.clusterIp;
import static dev.berth.dns.ClusterObjects.dualStack;
import static dev.berth.dns.ClusterObjects.endpoint;
import static dev.berth.dns.ClusterObjects.endpointPort;
import static dev.berth.dns.ClusterObjects.externalName;
import static dev.berth.dns.ClusterObjects.headless;
import static dev.berth.dns.ClusterObjects.pod;
import static dev.berth.dns.ClusterObjects.port;
import static dev.berth.dns.ClusterObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The answers of {@link DnsRecords}, as table cases over one small cluster
 * ({@code shared/spec/services-dns.md} §4). An answer is rendered as its rcode, then one line per
 * record: answer records plain, additional records with {@code +}, and {@code SOA <zone>} for
 * the authority section.
 */
class DnsRecordsTest {
  private static final long SERIAL = 1_700_000_000L;

  /** One table row: the question and the rendered answer. */
  record Case(String what, String qname, String qtype, String expected) {
    @Override
    public String toString() {
      return what + ": " + qname + " " + qtype;
    }
  }

  static final DnsSnapshot CLUSTER = DnsSnapshot.of(
      List.of(
          clusterIp("default", "web", "127.2.0.20", port("http", 80, "TCP"), port("dns", 53, "UDP")),
          clusterIp("default", "plain", "127.2.0.21", port(null, 8080, "TCP")),
          headless("default", "nginx", false, port("web", 80, "TCP")),
          headless("default", "empty", false, port("web", 80, "TCP")),
          headless("default", "unready", false),
          headless("default", "unready-pub", true),
          externalName("default", "ext", "example.com"),
          externalName("default", "alias", "web.default.svc.cluster.local"),
          dualStack("default", "dual", "127.2.0.40", "fd00::40", port("http", 80, "TCP")),
          clusterIp("other", "web", "127.2.0.30", port("http", 80, "TCP"))),
      List.of(
          slice("default", "nginx", "nginx-abc", List.of(endpointPort("web", 8080, "TCP")),
              endpoint("127.1.0.5", "web-0", true),
              endpoint("127.1.0.6", "web-1", null),
              endpoint("127.1.0.7", "web-2", false),
              endpoint("127.1.0.8", null, true)),
          slice("default", "web", "web-abc", List.of(endpointPort("http", 8080, "TCP")), endpoint("127.1.0.9", null, true)),
          slice("default", "unready", "unready-abc", List.of(), endpoint("127.1.0.11", null, false)),
          slice("default", "unready-pub", "unready-pub-abc", List.of(), endpoint("127.1.0.12", null, false))),
      List.of(pod("default", "web-0", "127.1.0.5"), pod("other", "x", "127.1.0.77")),
      SERIAL);

  static Stream<Case> cases() {
    return Stream.of(
        // §4.2 services with a ClusterIP
        new Case("ClusterIP A", "web.default.svc.cluster.local.", "A", """
            NOERROR
            web.default.svc.cluster.local. 5 IN A 127.2.0.20"""),
        new Case("names are case-insensitive; the owner echoes the question", "WEB.Default.SVC.cluster.local.", "A", """
            NOERROR
            WEB.Default.SVC.cluster.local. 5 IN A 127.2.0.20"""),
        new Case("same name, other namespace", "web.other.svc.cluster.local.", "A", """
            NOERROR
            web.other.svc.cluster.local. 5 IN A 127.2.0.30"""),
        new Case("AAAA on an IPv4 service is NODATA", "web.default.svc.cluster.local.", "AAAA", """
            NOERROR
            SOA cluster.local."""),
        new Case("TXT on a service is NODATA", "web.default.svc.cluster.local.", "TXT", """
            NOERROR
            SOA cluster.local."""),
        new Case("unknown service", "missing.default.svc.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("unknown namespace", "web.nowhere.svc.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("named port SRV, service port, target the service", "_http._tcp.web.default.svc.cluster.local.", "SRV", """
            NOERROR
            _http._tcp.web.default.svc.cluster.local. 5 IN SRV 0 100 80 web.default.svc.cluster.local.
            + web.default.svc.cluster.local. 5 IN A 127.2.0.20"""),
        new Case("UDP port, protocol matched case-insensitively", "_dns._UDP.web.default.svc.cluster.local.", "SRV", """
            NOERROR
            _dns._UDP.web.default.svc.cluster.local. 5 IN SRV 0 100 53 web.default.svc.cluster.local.
            + web.default.svc.cluster.local. 5 IN A 127.2.0.20"""),
        new Case("port name with the wrong protocol does not exist", "_http._udp.web.default.svc.cluster.local.", "SRV", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("unknown port name", "_grpc._tcp.web.default.svc.cluster.local.", "SRV", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("A on a port name is NODATA", "_http._tcp.web.default.svc.cluster.local.", "A", """
            NOERROR
            SOA cluster.local."""),
        new Case("bare SRV: one per port, weights split", "web.default.svc.cluster.local.", "SRV", """
            NOERROR
            web.default.svc.cluster.local. 5 IN SRV 0 50 80 web.default.svc.cluster.local.
            web.default.svc.cluster.local. 5 IN SRV 0 50 53 web.default.svc.cluster.local.
            + web.default.svc.cluster.local. 5 IN A 127.2.0.20"""),
        new Case("unnamed ports have no named SRV, but the service resolves", "plain.default.svc.cluster.local.", "A", """
            NOERROR
            plain.default.svc.cluster.local. 5 IN A 127.2.0.21"""),
        new Case("endpoint name under a ClusterIP service (dashed IP)", "127-1-0-9.web.default.svc.cluster.local.", "A", """
            NOERROR
            127-1-0-9.web.default.svc.cluster.local. 5 IN A 127.1.0.9"""),
        new Case("dual-stack A", "dual.default.svc.cluster.local.", "A", """
            NOERROR
            dual.default.svc.cluster.local. 5 IN A 127.2.0.40"""),
        new Case("dual-stack AAAA", "dual.default.svc.cluster.local.", "AAAA", """
            NOERROR
            dual.default.svc.cluster.local. 5 IN AAAA fd00:0:0:0:0:0:0:40"""),
        new Case("dual-stack SRV: one per ClusterIP, 50 each", "_http._tcp.dual.default.svc.cluster.local.", "SRV", """
            NOERROR
            _http._tcp.dual.default.svc.cluster.local. 5 IN SRV 0 50 80 dual.default.svc.cluster.local.
            _http._tcp.dual.default.svc.cluster.local. 5 IN SRV 0 50 80 dual.default.svc.cluster.local.
            + dual.default.svc.cluster.local. 5 IN A 127.2.0.40
            + dual.default.svc.cluster.local. 5 IN AAAA fd00:0:0:0:0:0:0:40"""),
        // §4.3 headless services
        new Case("headless: every ready endpoint, not-ready left out", "nginx.default.svc.cluster.local.", "A", """
            NOERROR
            nginx.default.svc.cluster.local. 5 IN A 127.1.0.5
            nginx.default.svc.cluster.local. 5 IN A 127.1.0.6
            nginx.default.svc.cluster.local. 5 IN A 127.1.0.8"""),
        new Case("headless per-endpoint hostname", "web-0.nginx.default.svc.cluster.local.", "A", """
            NOERROR
            web-0.nginx.default.svc.cluster.local. 5 IN A 127.1.0.5"""),
        new Case("ready unset counts as ready", "web-1.nginx.default.svc.cluster.local.", "A", """
            NOERROR
            web-1.nginx.default.svc.cluster.local. 5 IN A 127.1.0.6"""),
        new Case("a not-ready endpoint has no name", "web-2.nginx.default.svc.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("endpoint without hostname is named by its dashed IP", "127-1-0-8.nginx.default.svc.cluster.local.", "A", """
            NOERROR
            127-1-0-8.nginx.default.svc.cluster.local. 5 IN A 127.1.0.8"""),
        new Case("AAAA on an endpoint name is NODATA", "web-0.nginx.default.svc.cluster.local.", "AAAA", """
            NOERROR
            SOA cluster.local."""),
        new Case("headless SRV: per ready endpoint, endpoint port, weights 100/3", "_web._tcp.nginx.default.svc.cluster.local.", "SRV", """
            NOERROR
            _web._tcp.nginx.default.svc.cluster.local. 5 IN SRV 0 33 8080 web-0.nginx.default.svc.cluster.local.
            _web._tcp.nginx.default.svc.cluster.local. 5 IN SRV 0 33 8080 web-1.nginx.default.svc.cluster.local.
            _web._tcp.nginx.default.svc.cluster.local. 5 IN SRV 0 33 8080 127-1-0-8.nginx.default.svc.cluster.local.
            + web-0.nginx.default.svc.cluster.local. 5 IN A 127.1.0.5
            + web-1.nginx.default.svc.cluster.local. 5 IN A 127.1.0.6
            + 127-1-0-8.nginx.default.svc.cluster.local. 5 IN A 127.1.0.8"""),
        new Case("headless without endpoints is NXDOMAIN", "empty.default.svc.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("headless with only not-ready endpoints is NXDOMAIN", "unready.default.svc.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("publishNotReadyAddresses publishes not-ready endpoints", "unready-pub.default.svc.cluster.local.", "A", """
            NOERROR
            unready-pub.default.svc.cluster.local. 5 IN A 127.1.0.12"""),
        // §4.4 ExternalName
        new Case("ExternalName: CNAME, the target left to the upstream", "ext.default.svc.cluster.local.", "A", """
            NOERROR
            ext.default.svc.cluster.local. 5 IN CNAME example.com."""),
        new Case("ExternalName to a cluster name is followed", "alias.default.svc.cluster.local.", "A", """
            NOERROR
            alias.default.svc.cluster.local. 5 IN CNAME web.default.svc.cluster.local.
            web.default.svc.cluster.local. 5 IN A 127.2.0.20"""),
        new Case("ExternalName has no SRV", "ext.default.svc.cluster.local.", "SRV", """
            NOERROR
            SOA cluster.local."""),
        new Case("no sub-names under an ExternalName", "x.ext.default.svc.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        // §4.5 pods (verified)
        new Case("pod A by dashed IP", "127-1-0-5.default.pod.cluster.local.", "A", """
            NOERROR
            127-1-0-5.default.pod.cluster.local. 5 IN A 127.1.0.5"""),
        new Case("pod AAAA is NODATA", "127-1-0-5.default.pod.cluster.local.", "AAAA", """
            NOERROR
            SOA cluster.local."""),
        new Case("no pod has that IP", "127-1-0-99.default.pod.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("verified: the pod is in another namespace", "127-1-0-77.default.pod.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("not a dashed IP", "web-0.default.pod.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        // §4.1 / §4.6 the zone itself
        new Case("svc.<zone> is NODATA", "svc.cluster.local.", "A", """
            NOERROR
            SOA cluster.local."""),
        new Case("<ns>.svc.<zone> is NODATA", "default.svc.cluster.local.", "A", """
            NOERROR
            SOA cluster.local."""),
        new Case("<ns>.pod.<zone> is NODATA", "default.pod.cluster.local.", "A", """
            NOERROR
            SOA cluster.local."""),
        new Case("too many labels", "a.web-0.nginx.default.svc.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("five labels must be _port._proto", "x.y.web.default.svc.cluster.local.", "SRV", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("neither svc nor pod", "foo.cluster.local.", "A", """
            NXDOMAIN
            SOA cluster.local."""),
        new Case("schema version", "dns-version.cluster.local.", "TXT", """
            NOERROR
            dns-version.cluster.local. 28800 IN TXT "1.1.0\""""),
        new Case("zone SOA", "cluster.local.", "SOA", """
            NOERROR
            cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 5"""),
        new Case("zone NS is the DNS server", "cluster.local.", "NS", """
            NOERROR
            cluster.local. 5 IN NS ns.dns.cluster.local.
            + ns.dns.cluster.local. 5 IN A 127.2.0.10"""),
        new Case("ns.dns.<zone>", "ns.dns.cluster.local.", "A", """
            NOERROR
            ns.dns.cluster.local. 5 IN A 127.2.0.10"""),
        // PTR
        new Case("PTR for a ClusterIP", "20.0.2.127.in-addr.arpa.", "PTR", """
            NOERROR
            20.0.2.127.in-addr.arpa. 5 IN PTR web.default.svc.cluster.local."""),
        new Case("PTR for a headless endpoint uses its hostname", "5.0.1.127.in-addr.arpa.", "PTR", """
            NOERROR
            5.0.1.127.in-addr.arpa. 5 IN PTR web-0.nginx.default.svc.cluster.local."""),
        new Case("PTR for an endpoint without hostname", "9.0.1.127.in-addr.arpa.", "PTR", """
            NOERROR
            9.0.1.127.in-addr.arpa. 5 IN PTR 127-1-0-9.web.default.svc.cluster.local."""),
        new Case("PTR for an IPv6 ClusterIP", "0.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.", "PTR", """
            NOERROR
            0.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa. 5 IN PTR dual.default.svc.cluster.local."""),
        new Case("A on a known reverse name is NODATA", "20.0.2.127.in-addr.arpa.", "A", """
            NOERROR
            SOA in-addr.arpa."""),
        new Case("a not-ready endpoint's IP is not ours: forwarded", "7.0.1.127.in-addr.arpa.", "PTR", "FORWARD"),
        new Case("unknown reverse names are forwarded", "1.1.168.192.in-addr.arpa.", "PTR", "FORWARD"),
        new Case("partial reverse names are forwarded", "2.127.in-addr.arpa.", "PTR", "FORWARD"),
        // outside the zone
        new Case("names outside the zone are forwarded", "example.com.", "A", "FORWARD"),
        new Case("a look-alike zone is not ours", "web.default.svc.cluster.localx.", "A", "FORWARD"));
  }

  private final DnsRecords records = newRecords();

  private static DnsRecords newRecords() {
    try {
      return new DnsRecords("cluster.local", DnsRecords.DEFAULT_TTL, List.of(org.xbill.DNS.Address.getByAddress("127.2.0.10")));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answers(Case c) throws Exception {
    DnsAnswer answer = records.answer(Name.fromString(c.qname()), Type.value(c.qtype()), CLUSTER);
    assertThat(render(answer)).as("%s: %s %s", c.what(), c.qname(), c.qtype()).isEqualTo(c.expected());
  }

  @Test
  void negativeAnswersCarryTheZoneSoaWithTheSnapshotSerial() throws Exception {
    DnsAnswer.Authoritative a = (DnsAnswer.Authoritative) records.answer(Name.fromString("missing.default.svc.cluster.local."), Type.A, CLUSTER);
    assertThat(a.authority()).extracting(DnsRecordsTest::line)
        .containsExactly("cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 5");
  }

  @Test
  void srvWeightsSplitOverSixRecordsAre16Each() throws Exception {
    List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(endpoint("127.1.1." + i, "db-" + i, true));
    }
    DnsSnapshot s = DnsSnapshot.of(List.of(headless("ns", "db", false)),
        List.of(slice("ns", "db", "db-1", List.of(endpointPort("sql", 5432, "TCP")),
            six.toArray(io.fabric8.kubernetes.api.model.discovery.v1.Endpoint[]::new))), List.of(), 0);
    DnsAnswer.Authoritative a = (DnsAnswer.Authoritative) records.answer(Name.fromString("_sql._tcp.db.ns.svc.cluster.local."), Type.SRV, s);
    assertThat(a.answer()).hasSize(6).allSatisfy(r -> assertThat(((org.xbill.DNS.SRVRecord) r).getWeight()).isEqualTo(16));
  }

  @Test
  void aServiceWithTwoSlicesAnswersFromBoth() throws Exception {
    DnsSnapshot s = DnsSnapshot.of(List.of(headless("ns", "db", false)),
        List.of(slice("ns", "db", "db-a", List.of(), endpoint("127.1.1.1", "db-0", true)),
            slice("ns", "db", "db-b", List.of(), endpoint("127.1.1.2", "db-1", true))), List.of(), 0);
    assertThat(render(records.answer(Name.fromString("db.ns.svc.cluster.local."), Type.A, s))).isEqualTo("""
        NOERROR
        db.ns.svc.cluster.local. 5 IN A 127.1.1.1
        db.ns.svc.cluster.local. 5 IN A 127.1.1.2""");
  }

  @Test
  void theTtlIsConfigurable() throws Exception {
    DnsRecords thirty = new DnsRecords("cluster.local", 30, List.of());
    assertThat(render(thirty.answer(Name.fromString("web.default.svc.cluster.local."), Type.A, CLUSTER)))
        .isEqualTo("NOERROR\nweb.default.svc.cluster.local. 30 IN A 127.2.0.20");
  }

  @Test
  void dashedNamesOfIpv6Endpoints() {
    assertThat(DnsRecords.endpointName(new DnsSnapshot.ServiceEndpoint("2001:db8:0:0:0:0:0:1", null, true, List.of())))
        .isEqualTo("2001-db8--1");
    assertThat(DnsRecords.endpointName(new DnsSnapshot.ServiceEndpoint("fd00:0:0:0:0:0:0:0", null, true, List.of())))
        .as("a trailing dash gets a 0").isEqualTo("fd00--0");
    assertThat(DnsRecords.undash("2001-db8--1")).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(DnsRecords.undash("127-1-0-5")).isEqualTo("127.1.0.5");
    assertThat(DnsRecords.undash("web-0")).isNull();
  }

  static String render(DnsAnswer answer) {
    return switch (answer) {
      case DnsAnswer.Forward f -> "FORWARD";
      case DnsAnswer.Authoritative a -> {
        StringBuilder b = new StringBuilder(Rcode.string(a.rcode()));
        a.answer().forEach(r -> b.append('\n').append(line(r)));
        a.additional().forEach(r -> b.append("\n+ ").append(line(r)));
        a.authority().forEach(r -> b.append("\n").append(Type.string(r.getType())).append(' ').append(r.getName()));
        yield b.toString();
      }
    };
  }

  static String line(Record r) {
    return r.toString().replaceAll("\\s+", " ");
  }
}
