package dev.berth.api.validation;

import java.util.Optional;

/**
 * Parses IP address literals the way Go's {@code netip}/{@code net.ParseIP} (as used by
 * {@code netutils.ParseIPSloppy}) accepts them, without ever resolving names: dotted-quad IPv4
 * (leading zeros tolerated, as "sloppy" parsing does) and RFC 4291 IPv6 text, including an
 * embedded IPv4 tail. Zones ({@code %eth0}) and brackets are rejected, as Go rejects them.
 */
public final class IpLiterals {
  private IpLiterals() {}

  /** 4 bytes for IPv4, 16 for IPv6, or empty when {@code s} is not an IP literal. */
  public static Optional<byte[]> parse(String s) {
    if (s == null || s.isEmpty()) {
      return Optional.empty();
    }
    if (s.indexOf(':') < 0) {
      return parseV4(s);
    }
    return parseV6(s);
  }

  /** Go's {@code ip.To4() != nil}: IPv4, including the IPv4-mapped IPv6 form. */
  public static boolean isIPv4(String s) {
    return parse(s).map(b -> v4(b) != null).orElse(false);
  }

  public static boolean isIPv6(String s) {
    return parse(s).map(b -> b.length == 16 && !isV4Mapped(b)).orElse(false);
  }

  static Optional<byte[]> parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3) {
        return Optional.empty();
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return Optional.empty();
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return Optional.empty();
      }
      out[i] = (byte) v;
    }
    return Optional.of(out);
  }

  static Optional<byte[]> parseV6(String s) {
    if (s.indexOf('%') >= 0 || s.indexOf('[') >= 0) {
      return Optional.empty();
    }
    byte[] out = new byte[16];
    int ellipsis = -1;
    int n = 0;
    int i = 0;
    if (s.startsWith("::")) {
      ellipsis = 0;
      i = 2;
      if (i == s.length()) {
        return Optional.of(out);
      }
    }
    while (i < s.length()) {
      int j = i;
      int v = 0;
      while (j < s.length() && j - i < 5 && Character.digit(s.charAt(j), 16) >= 0) {
        v = v * 16 + Character.digit(s.charAt(j), 16);
        j++;
      }
      if (j == i || j - i > 4) {
        return Optional.empty();
      }
      if (j < s.length() && s.charAt(j) == '.') {
        if (ellipsis < 0 && n != 12) {
          return Optional.empty();
        }
        if (n + 4 > 16) {
          return Optional.empty();
        }
        Optional<byte[]> v4 = parseV4(s.substring(i));
        if (v4.isEmpty()) {
          return Optional.empty();
        }
        System.arraycopy(v4.get(), 0, out, n, 4);
        n += 4;
        i = s.length();
        break;
      }
      if (n + 2 > 16) {
        return Optional.empty();
      }
      out[n] = (byte) (v >> 8);
      out[n + 1] = (byte) v;
      n += 2;
      i = j;
      if (i == s.length()) {
        break;
      }
      if (s.charAt(i) != ':' || i + 1 == s.length()) {
        return Optional.empty();
      }
      i++;
      if (s.charAt(i) == ':') {
        if (ellipsis >= 0) {
          return Optional.empty();
        }
        ellipsis = n;
        i++;
        if (i == s.length()) {
          break;
        }
      }
    }
    if (n < 16) {
      if (ellipsis < 0) {
        return Optional.empty();
      }
      int gap = 16 - n;
      for (int k = n - 1; k >= ellipsis; k--) {
        out[k + gap] = out[k];
      }
      for (int k = ellipsis + gap - 1; k >= ellipsis; k--) {
        out[k] = 0;
      }
    } else if (ellipsis >= 0) {
      return Optional.empty();
    }
    return Optional.of(out);
  }

  static boolean isV4Mapped(byte[] b) {
    if (b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  /** The IPv4 bytes of a v4 or v4-mapped address, else null. */
  static byte[] v4(byte[] b) {
    if (b.length == 4) {
      return b;
    }
    if (isV4Mapped(b)) {
      return new byte[] {b[12], b[13], b[14], b[15]};
    }
    return null;
  }

  public static boolean isUnspecified(byte[] b) {
    byte[] v4 = v4(b);
    byte[] x = v4 != null ? v4 : b;
    for (byte y : x) {
      if (y != 0) {
        return false;
      }
    }
    return true;
  }

  public static boolean isLoopback(byte[] b) {
    byte[] v4 = v4(b);
    if (v4 != null) {
      return (v4[0] & 0xff) == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[15] == 1;
  }

  public static boolean isLinkLocalUnicast(byte[] b) {
    byte[] v4 = v4(b);
    if (v4 != null) {
      return (v4[0] & 0xff) == 169 && (v4[1] & 0xff) == 254;
    }
    return (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
  }

  public static boolean isLinkLocalMulticast(byte[] b) {
    byte[] v4 = v4(b);
    if (v4 != null) {
      return (v4[0] & 0xff) == 224 && v4[1] == 0 && v4[2] == 0;
    }
    return (b[0] & 0xff) == 0xff && (b[1] & 0x0f) == 0x02;
  }
}
