package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgesTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  record Case(String timestamp, String expected, String why) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(null, "<unknown>", "no timestamp"),
        new Case("", "<unknown>", "empty timestamp"),
        new Case("0001-01-01T00:00:00Z", "<unknown>", "Go's zero time counts as unset"),
        new Case("yesterday", "<unknown>", "unparseable"),
        new Case("2026-01-01T11:55:00Z", "5m", "five minutes ago"),
        new Case("2026-01-01T11:57:55Z", "2m5s", "two minutes five seconds ago"),
        new Case("2026-01-01T11:59:59.500000Z", "0s", "micro time, half a second ago"),
        new Case("2026-01-01T13:00:00+02:00", "60m", "offsets are honoured: 11:00Z"),
        new Case("2026-01-01T12:00:01Z", "0s", "one second in the future is skew"),
        new Case("2026-01-01T12:00:02Z", "<invalid>", "two seconds in the future"),
        new Case("2025-11-17T12:00:00Z", "45d", "weeks ago"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void ageSince(Case c) {
    assertThat(Ages.since(c.timestamp(), NOW)).as(c.why()).isEqualTo(c.expected());
  }
}
