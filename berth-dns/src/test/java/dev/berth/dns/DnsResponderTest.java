package dev.berth.dns;

import static dev.berth.dns.ClusterObjects.endpoint;
import static dev.berth.dns.ClusterObjects.endpointPort;
import static dev.berth.dns.ClusterObjects.headless;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Wire in, wire out: headers, forwarding through a fake upstream, truncation, malformed input. */
class DnsResponderTest {
  private final FakeDnsUpstream upstream = new FakeDnsUpstream();
  private final AtomicReference<DnsSnapshot> snapshot = new AtomicReference<>(DnsRecordsTest.CLUSTER);
  private final DnsResponder responder = new DnsResponder(records(), snapshot::get, upstream);

  private static DnsRecords records() {
    try {
      return new DnsRecords("cluster.local", 5, List.of(Address.getByAddress("127.2.0.10")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Message query(String name, int type) throws IOException {
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    q.getHeader().setID(4242);
    return q;
  }

  private Message ask(Message query, DnsResponder.Transport transport) throws IOException {
    byte[] response = responder.respond(query.toWire(), transport);
    assertThat(response).as("a response").isNotNull();
    return new Message(response);
  }

  private Message ask(String name, int type) throws IOException {
    return ask(query(name, type), DnsResponder.Transport.UDP);
  }

  private static List<String> section(Message m, int section) {
    return m.getSection(section).stream().map(DnsRecordsTest::line).toList();
  }

  @Test
  void clusterNamesAreAnsweredAuthoritativelyWithoutTheUpstream() throws Exception {
    Message r = ask("web.default.svc.cluster.local.", Type.A);
    assertThat(r.getHeader().getID()).isEqualTo(4242);
    assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(r.getHeader().getFlag(Flags.AA)).as("authoritative for the cluster zone").isTrue();
    assertThat(r.getHeader().getFlag(Flags.RD)).as("RD echoed").isTrue();
    assertThat(r.getHeader().getFlag(Flags.RA)).isTrue();
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(r.getQuestion().getName()).isEqualTo(Name.fromString("web.default.svc.cluster.local."));
    assertThat(section(r, Section.ANSWER)).containsExactly("web.default.svc.cluster.local. 5 IN A 127.2.0.20");
    assertThat(upstream.asked()).isEmpty();
  }

  @Test
  void nxdomainCarriesTheSoa() throws Exception {
    Message r = ask("missing.default.svc.cluster.local.", Type.A);
    assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(section(r, Section.ANSWER)).isEmpty();
    assertThat(section(r, Section.AUTHORITY))
        .containsExactly("cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 5");
  }

  @Test
  void otherNamesAreForwardedAndTheAnswerPassedBack() throws Exception {
    upstream.add(new ARecord(Name.fromString("example.com."), DClass.IN, 300, Address.getByAddress("192.0.2.1")));
    Message r = ask("example.com.", Type.A);
    assertThat(upstream.asked()).containsExactly("example.com. A");
    assertThat(r.getHeader().getID()).isEqualTo(4242);
    assertThat(r.getHeader().getFlag(Flags.AA)).as("not authoritative for forwarded names").isFalse();
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(section(r, Section.ANSWER)).containsExactly("example.com. 300 IN A 192.0.2.1");
  }

  @Test
  void theUpstreamsNxdomainPassesThrough() throws Exception {
    Message r = ask("nowhere.example.", Type.A);
    assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(upstream.asked()).containsExactly("nowhere.example. A");
  }

  @Test
  void anUpstreamTimeoutIsServfail() throws Exception {
    upstream.fail(new SocketTimeoutException("no answer within 2000 ms"));
    Message r = ask("example.com.", Type.A);
    assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(r.getHeader().getID()).isEqualTo(4242);
  }

  @Test
  void beforeTheCachesSyncedClusterNamesAreServfailOthersStillForwarded() throws Exception {
    snapshot.set(null);
    assertThat(ask("web.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    ask("example.com.", Type.A);
    assertThat(upstream.asked()).containsExactly("example.com. A");
  }

  @Test
  void anExternalNameTargetIsResolvedThroughTheUpstream() throws Exception {
    upstream.add(new ARecord(Name.fromString("example.com."), DClass.IN, 300, Address.getByAddress("192.0.2.1")));
    Message r = ask("ext.default.svc.cluster.local.", Type.A);
    assertThat(section(r, Section.ANSWER)).containsExactly(
        "ext.default.svc.cluster.local. 5 IN CNAME example.com.",
        "example.com. 300 IN A 192.0.2.1");
    assertThat(upstream.asked()).containsExactly("example.com. A");
  }

  @Test
  void aFailingUpstreamLeavesTheCnameAlone() throws Exception {
    upstream.fail(new SocketTimeoutException("timeout"));
    Message r = ask("ext.default.svc.cluster.local.", Type.A);
    assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(section(r, Section.ANSWER)).containsExactly("ext.default.svc.cluster.local. 5 IN CNAME example.com.");
  }

  @Test
  void largeUdpAnswersAreTruncatedToTheClientsBufferAndCompleteOverTcp() throws Exception {
    List<Endpoint> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(endpoint("127.1.2." + i, null, true));
    }
    snapshot.set(DnsSnapshot.of(List.of(headless("ns", "big", false)),
        List.of(ClusterObjects.slice("ns", "big", "big-1", List.of(endpointPort("p", 80, "TCP")), many.toArray(Endpoint[]::new))),
        List.of(), 0));
    String name = "big.ns.svc.cluster.local.";

    byte[] plain = responder.respond(query(name, Type.A).toWire(), DnsResponder.Transport.UDP);
    assertThat(plain.length).as("no EDNS: 512 bytes").isLessThanOrEqualTo(512);
    assertThat(new Message(plain).getHeader().getFlag(Flags.TC)).as("TC tells the client to retry over TCP").isTrue();
    assertThat(new Message(plain).getSection(Section.ANSWER)).as("as many records as fit").hasSizeBetween(20, 99);

    Message edns = query(name, Type.A);
    edns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    byte[] big = responder.respond(edns.toWire(), DnsResponder.Transport.UDP);
    assertThat(big.length).as("EDNS0: up to 1232 bytes").isGreaterThan(512).isLessThanOrEqualTo(DnsResponder.MAX_EDNS_PAYLOAD);
    assertThat(new Message(big).getOPT()).as("EDNS answered with EDNS").isNotNull();

    Message tcp = ask(query(name, Type.A), DnsResponder.Transport.TCP);
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(100);
  }

  @Test
  void malformedQueriesGetFormerrAndGarbageIsDropped() throws Exception {
    assertThat(responder.respond(new byte[] {1, 2, 3}, DnsResponder.Transport.UDP)).as("shorter than a header").isNull();
    byte[] header = query("web.default.svc.cluster.local.", Type.A).toWire();
    byte[] cut = java.util.Arrays.copyOf(header, 16); // a header announcing a question that is not all there
    Message r = new Message(responder.respond(cut, DnsResponder.Transport.UDP));
    assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(r.getHeader().getID()).isEqualTo(4242);
  }

  @Test
  void responsesAreNeverAnswered() throws Exception {
    Message q = query("web.default.svc.cluster.local.", Type.A);
    q.getHeader().setFlag(Flags.QR);
    assertThat(responder.respond(q.toWire(), DnsResponder.Transport.UDP)).isNull();
  }

  @Test
  void otherOpcodesZoneTransfersAndClassesAreRefused() throws Exception {
    Message notify = query("cluster.local.", Type.SOA);
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    assertThat(ask(notify, DnsResponder.Transport.UDP).getRcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(ask(query("cluster.local.", Type.AXFR), DnsResponder.Transport.TCP).getRcode()).isEqualTo(Rcode.REFUSED);
    Message chaos = Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
    assertThat(ask(chaos, DnsResponder.Transport.UDP).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(upstream.asked()).isEmpty();
  }
}
