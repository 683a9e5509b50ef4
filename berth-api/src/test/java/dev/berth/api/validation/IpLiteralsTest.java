package dev.berth.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IpLiteralsTest {

  record Case(String text, boolean ip, boolean v4, boolean v6, boolean loopback) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("127.1.0.7", true, true, false, true),
        new Case("10.0.0.1", true, true, false, false),
        new Case("010.000.000.001", true, true, false, false),
        new Case("256.1.1.1", false, false, false, false),
        new Case("1.2.3", false, false, false, false),
        new Case("::1", true, false, true, true),
        new Case("::", true, false, true, false),
        new Case("2001:db8::ffff", true, false, true, false),
        new Case("fe80::1:2:3:4", true, false, true, false),
        new Case("::ffff:10.0.0.1", true, true, false, false),
        new Case("1:2:3:4:5:6:7:8", true, false, true, false),
        new Case("1:2:3:4:5:6:7:8:9", false, false, false, false),
        new Case("1::2::3", false, false, false, false),
        new Case("fe80::1%eth0", false, false, false, false),
        new Case("example.com", false, false, false, false),
        new Case("", false, false, false, false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void parsesLiteralsWithoutResolving(Case c) {
    var parsed = IpLiterals.parse(c.text());
    assertThat(parsed.isPresent()).as("is %s an IP", c.text()).isEqualTo(c.ip());
    assertThat(IpLiterals.isIPv4(c.text())).as("IPv4 %s", c.text()).isEqualTo(c.v4());
    assertThat(IpLiterals.isIPv6(c.text())).as("IPv6 %s", c.text()).isEqualTo(c.v6());
    if (c.ip()) {
      assertThat(IpLiterals.isLoopback(parsed.get())).as("loopback %s", c.text()).isEqualTo(c.loopback());
    }
  }
}
