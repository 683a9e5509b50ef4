package dev.berth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Address;

/** The operator-facing messages when port 53 cannot be bound (the sockets themselves are tested in DnsIT). */
class ClusterDnsServerTest {

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
