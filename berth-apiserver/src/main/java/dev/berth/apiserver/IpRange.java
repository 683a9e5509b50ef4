package dev.berth.apiserver;

/**
 * An IPv4 CIDR range of berth's address plan ({@code ARCHITECTURE.md}): pods in
 * {@code 127.1.0.0/16}, Services in {@code 127.2.0.0/16}. The base is the network address:
 * {@code 10.96.0.5/12} is {@code 10.96.0.0/12}, as Go's {@code net.ParseCIDR} gives the
 * kube-apiserver its {@code --service-cluster-ip-range}, so every offset below {@link #size()}
 * stays inside the range.
 */
public record IpRange(int base, int prefix) {
  /** Upstream refuses service ranges larger than 2^20 addresses; two usable ones is the least. */
  static final int MIN_PREFIX = 12;
  static final int MAX_PREFIX = 30;

  public IpRange {
    if (prefix < MIN_PREFIX || prefix > MAX_PREFIX) {
      throw new IllegalArgumentException("service CIDR prefix must be between /" + MIN_PREFIX + " and /" + MAX_PREFIX
          + ", got /" + prefix);
    }
    base &= -1 << (32 - prefix);
  }

  /**
   * @throws IllegalArgumentException naming the problem, for {@code berth server --service-cidr}
   */
  public static IpRange parse(String cidr) {
    String[] p = cidr.split("/", -1);
    if (p.length != 2) {
      throw new IllegalArgumentException("service CIDR must look like 127.2.0.0/16, got \"" + cidr + "\"");
    }
    try {
      return new IpRange(toInt(p[0]), Integer.parseInt(p[1]));
    } catch (IllegalArgumentException e) {
      String why = e instanceof NumberFormatException ? "not a number: " + p[1] : e.getMessage();
      throw new IllegalArgumentException("invalid service CIDR \"" + cidr + "\": " + why, e);
    }
  }

  public int size() {
    return 1 << (32 - prefix);
  }

  /** The n-th address of the range: {@code 127.2.0.0/16} offset 10 is {@code 127.2.0.10}. */
  public String address(int offset) {
    return toString(base + offset);
  }

  public boolean contains(String ip) {
    try {
      int v = toInt(ip);
      int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
      return (v & mask) == (base & mask);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static int toInt(String ip) {
    String[] p = ip.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ip);
    }
    int v = 0;
    for (String s : p) {
      int o = Integer.parseInt(s);
      if (o < 0 || o > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + ip);
      }
      v = (v << 8) | o;
    }
    return v;
  }

  static String toString(int v) {
    return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
  }

  @Override
  public String toString() {
    return toString(base) + "/" + prefix;
  }
}
