package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HumanDurationTest {
  record Case(Duration duration, String expected) {
    @Override
    public String toString() {
      return duration + " -> " + expected;
    }
  }

  static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  static Duration days(long d) {
    return Duration.ofDays(d);
  }

  static Stream<Case> boundaries() {
    return Stream.of(
        // clock skew: up to (but excluding) 2s in the future is "now"
        new Case(Duration.ofMillis(-1999), "0s"),
        new Case(s(-1), "0s"),
        new Case(Duration.ofMillis(-500), "0s"),
        new Case(s(-2), "<invalid>"),
        new Case(Duration.ofMillis(-2001), "<invalid>"),
        new Case(s(-3600), "<invalid>"),
        // seconds below two minutes
        new Case(Duration.ZERO, "0s"),
        new Case(Duration.ofMillis(999), "0s"),
        new Case(s(59), "59s"),
        new Case(s(60), "60s"),
        new Case(s(119), "119s"),
        // minutes and seconds below ten minutes
        new Case(s(120), "2m"),
        new Case(s(125), "2m5s"),
        new Case(s(9 * 60 + 59), "9m59s"),
        // minutes below three hours
        new Case(s(600), "10m"),
        new Case(s(12 * 60 + 30), "12m"),
        new Case(s(3 * 3600 - 1), "179m"),
        // hours and minutes below eight hours
        new Case(s(3 * 3600), "3h"),
        new Case(s(3 * 3600 + 4 * 60 + 59), "3h4m"),
        new Case(s(8 * 3600 - 1), "7h59m"),
        // hours below two days
        new Case(s(8 * 3600), "8h"),
        new Case(s(9 * 3600 + 59 * 60), "9h"),
        new Case(s(48 * 3600 - 1), "47h"),
        // days and hours below eight days
        new Case(s(48 * 3600), "2d"),
        new Case(s(51 * 3600), "2d3h"),
        new Case(days(8).minusSeconds(1), "7d23h"),
        // days below two years
        new Case(days(8), "8d"),
        new Case(days(45), "45d"),
        new Case(days(2 * 365).minusSeconds(1), "729d"),
        // years and days below eight years
        new Case(days(2 * 365), "2y"),
        new Case(days(2 * 365 + 10), "2y10d"),
        new Case(days(8 * 365).minusSeconds(1), "7y364d"),
        // years
        new Case(days(8 * 365), "8y"),
        new Case(days(9 * 365 + 100), "9y"));
  }

  @ParameterizedTest
  @MethodSource("boundaries")
  void formatsLikeApimachinery(Case c) {
    assertThat(HumanDuration.format(c.duration()))
        .as("HumanDuration(%s)", c.duration())
        .isEqualTo(c.expected());
  }
}
