package dev.berth.dns;

import static dev.berth.dns.ClusterObjects.clusterIp;
import static dev.berth.dns.ClusterObjects.endpoint;
import static dev.berth.dns.ClusterObjects.endpointPort;
import static dev.berth.dns.ClusterObjects.headless;
import static dev.berth.dns.ClusterObjects.port;
import static dev.berth.dns.ClusterObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The server's informer wiring over {@link FakeApiClient}, driven synchronously (the sockets are
 * exercised by DnsIT), and the operator-facing messages when port 53 cannot be bound.
 */
class ClusterDnsServerTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeApiClient client = new FakeApiClient(clock);
  private final FakeDnsUpstream upstream = new FakeDnsUpstream();

  private ClusterDnsServer server() throws Exception {
    return new ClusterDnsServer(client, clock,
        new ClusterDnsServer.Config(new InetSocketAddress(Address.getByAddress("127.2.0.10"), 53), "cluster.local", 5), upstream);
  }

  private static Message ask(ClusterDnsServer server, String name, int type) throws Exception {
    return new Message(server.respond(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire()));
  }

  private static List<String> answers(Message m) {
    return m.getSection(Section.ANSWER).stream().map(DnsRecordsTest::line).toList();
  }

  @Test
  void clusterNamesAreServfailUntilTheCachesSyncedThenFollowTheApi() throws Exception {
    client.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    client.create(clusterIp("default", "web", "127.2.0.20", port("http", 80, "TCP")));
    ClusterDnsServer server = server();
    assertThat(ask(server, "web.default.svc.cluster.local.", Type.A).getRcode()).as("before the first list").isEqualTo(Rcode.SERVFAIL);

    server.processPending();
    Message r = ask(server, "web.default.svc.cluster.local.", Type.A);
    assertThat(answers(r)).containsExactly("web.default.svc.cluster.local. 5 IN A 127.2.0.20");
    assertThat(r.getSection(Section.AUTHORITY)).isEmpty();
    assertThat(ask(server, "nginx.default.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);

    clock.advance(Duration.ofSeconds(30));
    client.create(headless("default", "nginx", false, port("web", 80, "TCP")));
    client.create(slice("default", "nginx", "nginx-1", List.of(endpointPort("web", 8080, "TCP")), endpoint("127.1.0.5", "web-0", true)));
    server.processPending();
    assertThat(answers(ask(server, "web-0.nginx.default.svc.cluster.local.", Type.A)))
        .containsExactly("web-0.nginx.default.svc.cluster.local. 5 IN A 127.1.0.5");
    Message miss = ask(server, "web-1.nginx.default.svc.cluster.local.", Type.A);
    assertThat(miss.getSection(Section.AUTHORITY)).extracting(DnsRecordsTest::line).as("the serial is the time of the last change")
        .containsExactly("cluster.local. 5 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. "
            + Instant.parse("2026-01-01T00:00:30Z").getEpochSecond() + " 7200 1800 86400 5");

    Service web = client.get(Service.class, "default", "web");
    client.delete(Service.class, "default", web.getMetadata().getName(), null);
    server.processPending();
    assertThat(ask(server, "web.default.svc.cluster.local.", Type.A).getRcode()).as("deleted").isEqualTo(Rcode.NXDOMAIN);
    assertThat(upstream.asked()).isEmpty();
  }

  @Test
  void aPermissionFailureNamesTheThreeRemedies() throws Exception {
    String m = ClusterDnsServer.bindFailure(new InetSocketAddress(Address.getByAddress("127.2.0.10"), 53),
        new BindException("Permission denied"));
    assertThat(m).contains("cannot bind 127.2.0.10:53 (Permission denied)", "as root", "CAP_NET_BIND_SERVICE",
        "net.ipv4.ip_unprivileged_port_start=53", "docs/troubleshooting.md");
  }

  @Test
  void anAddressInUseNamesTheLikelyHolder() throws Exception {
    String m = ClusterDnsServer.bindFailure(new InetSocketAddress(Address.getByAddress("127.2.0.10"), 53),
        new BindException("Address already in use"));
    assertThat(m).contains("127.2.0.10:53 is already in use", "another berth server");
  }
}
