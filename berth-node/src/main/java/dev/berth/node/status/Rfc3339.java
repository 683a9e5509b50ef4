package dev.berth.node.status;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The timestamps of pod status: RFC 3339 in UTC with second precision, as the kubelet writes them
 * ({@code spec/kubelet.md} §0: it normalises every time before writing status), e.g. {@code
 * 2026-01-01T00:00:07Z} for {@code 2026-01-01T00:00:07.950Z}.
 */
public final class Rfc3339 {
  private Rfc3339() {}

  /** {@code t} truncated to the second; null for null. */
  public static String format(Instant t) {
    return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** The instant {@code s} names, or null when {@code s} is null or blank. */
  public static Instant parse(String s) {
    return s == null || s.isBlank() ? null : OffsetDateTime.parse(s).toInstant();
  }
}
