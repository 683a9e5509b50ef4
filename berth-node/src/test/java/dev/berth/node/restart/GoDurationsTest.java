package dev.berth.node.restart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Go's {@code Duration.String}, as the kubelet's back-off messages print it. */
class GoDurationsTest {
  record Case(Duration d, String go) {}

  static Stream<Case> cases() {
    return Stream.of(new Case(Duration.ZERO, "0s"), new Case(Duration.ofSeconds(10), "10s"), new Case(Duration.ofSeconds(40), "40s"),
        new Case(Duration.ofSeconds(80), "1m20s"), new Case(Duration.ofSeconds(160), "2m40s"), new Case(Duration.ofSeconds(300), "5m0s"),
        new Case(Duration.ofHours(1), "1h0m0s"), new Case(Duration.ofSeconds(3723), "1h2m3s"), new Case(Duration.ofMillis(1500), "1.5s"),
        new Case(Duration.ofMillis(500), "500ms"), new Case(Duration.ofNanos(1500), "1.5µs"), new Case(Duration.ofNanos(7), "7ns"),
        new Case(Duration.ofMillis(61_250), "1m1.25s"), new Case(Duration.ofSeconds(-5), "-5s"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("cases")
  void format(Case c) {
    assertThat(GoDurations.format(c.d())).isEqualTo(c.go());
  }
}
