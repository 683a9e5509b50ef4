package dev.berth.node.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One record of a CRI log file, {@code <RFC3339Nano time> <stdout|stderr> <F|P> <text>}
 * ({@code spec/kubelet.md} §6.5), as berth's shim writes them: {@code F} ends a line, {@code P}
 * is a piece of a longer one (its text has no newline of its own).
 */
public record CriLogLine(Instant timestamp, boolean stderr, boolean partial, byte[] text) {

  /** The kubelet's output format for {@code timestamps=true}: always nine fraction digits. */
  static final DateTimeFormatter RFC3339_NANO_FIXED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

  /** Parses one record without its line feed; empty for anything else (the kubelet skips those). */
  public static Optional<CriLogLine> parse(byte[] line, int from, int to) {
    int a = indexOf(line, from, to, (byte) ' ');
    if (a < 0) {
      return Optional.empty();
    }
    int b = indexOf(line, a + 1, to, (byte) ' ');
    if (b < 0) {
      return Optional.empty();
    }
    int c = indexOf(line, b + 1, to, (byte) ' ');
    int tagEnd = c < 0 ? to : c;
    Instant ts;
    try {
      ts = Instant.parse(new String(line, from, a - from, StandardCharsets.US_ASCII));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    String stream = new String(line, a + 1, b - a - 1, StandardCharsets.US_ASCII);
    if (!stream.equals("stdout") && !stream.equals("stderr")) {
      return Optional.empty();
    }
    // Tags may carry more, colon-separated (forward compatibility in the CRI); the first decides.
    boolean partial = tagEnd > b + 1 && line[b + 1] == 'P';
    byte[] text = c < 0 ? new byte[0] : Arrays.copyOfRange(line, c + 1, to);
    return Optional.of(new CriLogLine(ts, stream.equals("stderr"), partial, text));
  }

  /** The record as {@code pods/log} serves it: the text, a newline unless partial, an optional timestamp first. */
  public byte[] render(boolean withTimestamp) {
    byte[] prefix = withTimestamp ? (RFC3339_NANO_FIXED.format(timestamp) + " ").getBytes(StandardCharsets.US_ASCII) : new byte[0];
    byte[] out = new byte[prefix.length + text.length + (partial ? 0 : 1)];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(text, 0, out, prefix.length, text.length);
    if (!partial) {
      out[out.length - 1] = '\n';
    }
    return out;
  }

  private static int indexOf(byte[] b, int from, int to, byte x) {
    for (int i = from; i < to; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }
}
