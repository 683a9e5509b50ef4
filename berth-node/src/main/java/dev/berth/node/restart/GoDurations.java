package dev.berth.node.restart;

import java.time.Duration;

/**
 * Durations as Go's {@code time.Duration.String} prints them, because kubelet messages embed them:
 * {@code 10s}, {@code 1m20s}, {@code 2m40s}, {@code 5m0s}, {@code 1h0m0s}, {@code 1.5s}, {@code 500ms},
 * {@code 0s} ({@code spec/kubelet.md} §2.2).
 */
public final class GoDurations {
  private GoDurations() {}

  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    String sign = d.isNegative() ? "-" : "";
    d = d.abs();
    long totalNanos = d.toNanos();
    if (totalNanos < 1_000_000_000L) {
      if (totalNanos < 1_000L) {
        return sign + totalNanos + "ns";
      }
      if (totalNanos < 1_000_000L) {
        return sign + fraction(totalNanos, 1_000L, 3) + "µs";
      }
      return sign + fraction(totalNanos, 1_000_000L, 6) + "ms";
    }
    long seconds = d.getSeconds();
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    String secs = fraction((seconds % 60) * 1_000_000_000L + d.getNano(), 1_000_000_000L, 9) + "s";
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + secs;
    }
    if (minutes > 0) {
      return sign + minutes + "m" + secs;
    }
    return sign + secs;
  }

  /** {@code value / unit} with up to {@code digits} decimals, trailing zeros dropped: 1500/1000 → {@code 1.5}. */
  private static String fraction(long value, long unit, int digits) {
    long whole = value / unit;
    long rest = value % unit;
    if (rest == 0) {
      return Long.toString(whole);
    }
    String frac = String.format("%0" + digits + "d", rest).replaceAll("0+$", "");
    return whole + "." + frac;
  }
}
