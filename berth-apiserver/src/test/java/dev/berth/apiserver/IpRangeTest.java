package dev.berth.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Service CIDR ({@code berth server --service-cidr}). */
class IpRangeTest {
  private static final IpRange SERVICES = IpRange.parse("127.2.0.0/16");

  @Test
  void addressesAndSize() {
    assertThat(SERVICES.size()).isEqualTo(65536);
    assertThat(SERVICES.address(1)).isEqualTo("127.2.0.1");
    assertThat(SERVICES.address(10)).isEqualTo("127.2.0.10");
    assertThat(SERVICES.address(300)).isEqualTo("127.2.1.44");
    assertThat(SERVICES.toString()).isEqualTo("127.2.0.0/16");
    assertThat(IpRange.parse("192.168.0.0/24").address(255)).as("high octets are unsigned").isEqualTo("192.168.0.255");
  }

  record Contains(String ip, boolean contained) {}

  static Stream<Contains> contains() {
    return Stream.of(
        new Contains("127.2.0.0", true),
        new Contains("127.2.255.255", true),
        new Contains("127.3.0.0", false),
        new Contains("127.1.255.255", false),
        new Contains("10.0.0.1", false),
        new Contains("None", false),
        new Contains("127.2.0", false),
        new Contains("127.2.0.256", false),
        new Contains("127.2.0.-1", false),
        new Contains("127.2.0.x", false),
        new Contains("", false));
  }

  @ParameterizedTest
  @MethodSource("contains")
  void contains(Contains c) {
    assertThat(SERVICES.contains(c.ip())).as("127.2.0.0/16 contains %s", c.ip()).isEqualTo(c.contained());
  }

  @Test
  void theBaseIsTheNetworkAddressAsGosParseCidrGivesIt() {
    IpRange r = IpRange.parse("10.96.0.5/12");
    assertThat(r.toString()).isEqualTo("10.96.0.0/12");
    assertThat(r.address(1)).as("the kubernetes Service's address").isEqualTo("10.96.0.1");
    assertThat(r.address(r.size() - 1)).as("the last address is still in the range").isEqualTo("10.111.255.255");
    assertThat(r.contains(r.address(r.size() - 1))).isTrue();
  }

  static Stream<String> bad() {
    return Stream.of("127.2.0.0", "127.2.0.0/", "127.2.0.0/x", "127.2.0/16", "300.2.0.0/16", "127.2.0.0/8", "127.2.0.0/31",
        "127.2.0.0/33", "/16", "");
  }

  @ParameterizedTest
  @MethodSource("bad")
  void badCidrsAreRejectedWithTheReason(String cidr) {
    assertThatThrownBy(() -> IpRange.parse(cidr)).as("'%s'", cidr).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service CIDR");
  }
}
