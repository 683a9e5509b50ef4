package dev.berth.api.table;

import java.time.Duration;

/**
 * kubectl's age format: apimachinery {@code duration.HumanDuration}, about two significant
 * figures. Worked examples: 59s → {@code 59s}, 119s → {@code 119s}, 125s → {@code 2m5s}, 12m30s →
 * {@code 12m}, 3h4m → {@code 3h4m}, 9h59m → {@code 9h}, 51h → {@code 2d3h}, 45d → {@code 45d},
 * 740d → {@code 2y10d}, 9y → {@code 9y}. Up to one second in the future is clock skew and prints
 * {@code 0s}; further ({@code d ≤ -2s}) prints {@code <invalid>}.
 */
public final class HumanDuration {
  private HumanDuration() {}

  public static String format(Duration d) {
    // Go's int(d.Seconds()) truncates toward zero; Duration.getSeconds() floors.
    long seconds = d.getSeconds();
    if (seconds < 0 && d.getNano() > 0) {
      seconds++;
    }
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    }
    if (hours < 24 * 365 * 8) {
      long days = hours / 24 % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
