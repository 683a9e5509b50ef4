package dev.berth.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Address;

/** Which upstreams berth forwards to: the host's resolv.conf, never itself (no sockets here). */
class HostDnsUpstreamTest {
  @TempDir Path dir;

  @Test
  void theHostsNameserversInOrderWithoutTheClusterDnsItself() throws Exception {
    Path conf = Files.writeString(dir.resolve("resolv.conf"), """
        # written by a tool
        search example.internal
        nameserver 127.2.0.10
        nameserver 192.0.2.53
        nameserver 2001:db8::53
        nameserver not-an-ip
        options ndots:2
        """);
    assertThat(HostDnsUpstream.hostResolvers(Address.getByAddress("127.2.0.10"), conf, dir.resolve("absent")))
        .as("forwarding to 127.2.0.10 would loop")
        .containsExactly(new InetSocketAddress(Address.getByAddress("192.0.2.53"), 53),
            new InetSocketAddress(Address.getByAddress("2001:db8::53"), 53));
  }

  @Test
  void systemdResolvedsStubIsReplacedByItsRealList() throws Exception {
    Path stub = Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
    Path real = Files.writeString(dir.resolve("real.conf"), "nameserver 192.0.2.1\nnameserver 192.0.2.2\n");
    assertThat(HostDnsUpstream.hostResolvers(Address.getByAddress("127.2.0.10"), stub, real))
        .containsExactly(new InetSocketAddress(Address.getByAddress("192.0.2.1"), 53), new InetSocketAddress(Address.getByAddress("192.0.2.2"), 53));
    assertThat(HostDnsUpstream.hostResolvers(Address.getByAddress("127.2.0.10"), stub, dir.resolve("absent")))
        .as("without the real list the stub is still a resolver")
        .containsExactly(new InetSocketAddress(Address.getByAddress("127.0.0.53"), 53));
  }

  @Test
  void noResolvConfMeansNoUpstream() throws Exception {
    assertThat(HostDnsUpstream.hostResolvers(Address.getByAddress("127.2.0.10"), dir.resolve("absent"), dir.resolve("absent"))).isEmpty();
  }
}
