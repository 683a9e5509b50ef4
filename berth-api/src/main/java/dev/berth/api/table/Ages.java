package dev.berth.api.table;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Age cells: the time from an RFC 3339 timestamp to the response time, as {@link HumanDuration}.
 * A missing timestamp prints {@code <unknown>} (upstream {@code translateTimestampSince}).
 */
public final class Ages {
  static final String UNKNOWN = "<unknown>";

  /** Go's zero {@code metav1.Time}; the API server treats it as "not set". */
  private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private Ages() {}

  /**
   * {@code <unknown>} for a null, empty, zero or unparseable timestamp, else the human duration
   * from {@code rfc3339} to {@code now} ({@code <invalid>} when more than a second in the future).
   */
  public static String since(String rfc3339, Instant now) {
    return parse(rfc3339).map(t -> since(t, now)).orElse(UNKNOWN);
  }

  public static String since(Instant time, Instant now) {
    return HumanDuration.format(Duration.between(time, now));
  }

  /** The instant of a set RFC 3339 timestamp; empty when null, empty, Go's zero time or invalid. */
  static Optional<Instant> parse(String rfc3339) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return Optional.empty();
    }
    try {
      Instant t = OffsetDateTime.parse(rfc3339.strip()).toInstant();
      return t.equals(GO_ZERO_TIME) ? Optional.empty() : Optional.of(t);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
