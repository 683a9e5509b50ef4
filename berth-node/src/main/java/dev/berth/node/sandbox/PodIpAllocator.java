package dev.berth.node.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hands out pod IPs from a range of the loopback network ({@code ARCHITECTURE.md} "Addresses"),
 * default {@code 127.1.0.0/16}: never the network or broadcast address, never {@code .0.1} (kept
 * free, like a bridge's gateway), never one address to two pods. Addresses are handed out in
 * order after the last one given (wrapping around), like the CNI {@code host-local} plugin, so a
 * released address is not reused at once while Endpoints may still name it.
 *
 * <p>Nothing is stored: after a restart the node agent {@link #reserve}s the address of every pod
 * it knows ({@code status.podIP}) before it allocates new ones.
 */
public final class PodIpAllocator {
  public static final String DEFAULT_CIDR = "127.1.0.0/16";

  private final String cidr;
  private final long first;
  private final long last;
  private final Map<String, Long> byPod = new HashMap<>();
  private final Map<Long, String> byIp = new HashMap<>();
  private long lastGiven;

  public PodIpAllocator() {
    this(DEFAULT_CIDR);
  }

  /** @param cidr an IPv4 range with a prefix of /8 to /30, e.g. {@code 127.1.0.0/16} */
  public PodIpAllocator(String cidr) {
    String[] parts = cidr.split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException("not a CIDR: " + cidr);
    }
    int prefix = Integer.parseInt(parts[1]);
    if (prefix < 8 || prefix > 30) {
      throw new IllegalArgumentException("pod CIDR " + cidr + " must have a prefix between /8 and /30");
    }
    long size = 1L << (32 - prefix);
    long network = toLong(parts[0]) & ~(size - 1);
    this.cidr = fromLong(network) + "/" + prefix;
    this.first = network + 2;
    this.last = network + size - 2;
    this.lastGiven = first - 1;
  }

  /** The pod's address: the one it holds, or the next free one. */
  public synchronized String allocate(String podUid) {
    Long held = byPod.get(podUid);
    if (held != null) {
      return fromLong(held);
    }
    long candidate = lastGiven;
    for (long i = first; i <= last; i++) {
      candidate = candidate >= last ? first : candidate + 1;
      if (!byIp.containsKey(candidate)) {
        take(podUid, candidate);
        lastGiven = candidate;
        return fromLong(candidate);
      }
    }
    throw new IllegalStateException("no free pod IP left in " + cidr + " (" + byPod.size() + " in use)");
  }

  /**
   * Records that a pod holds an address (from its status, after a restart).
   *
   * @throws IllegalArgumentException when the address is outside the range or another pod holds it
   */
  public synchronized void reserve(String podUid, String ip) {
    long a = toLong(ip);
    if (a < first || a > last) {
      throw new IllegalArgumentException(ip + " is not a pod address of " + cidr);
    }
    String holder = byIp.get(a);
    if (holder != null && !holder.equals(podUid)) {
      throw new IllegalArgumentException(ip + " is already held by pod " + holder);
    }
    Long previous = byPod.get(podUid);
    if (previous != null && previous != a) {
      byIp.remove(previous);
    }
    take(podUid, a);
    if (a > lastGiven) {
      lastGiven = a;
    }
  }

  /** Frees the pod's address (when the pod object is gone). */
  public synchronized void release(String podUid) {
    Long a = byPod.remove(podUid);
    if (a != null) {
      byIp.remove(a);
    }
  }

  public synchronized Optional<String> addressOf(String podUid) {
    return Optional.ofNullable(byPod.get(podUid)).map(PodIpAllocator::fromLong);
  }

  public synchronized int inUse() {
    return byPod.size();
  }

  public String cidr() {
    return cidr;
  }

  private void take(String podUid, long a) {
    byPod.put(podUid, a);
    byIp.put(a, podUid);
  }

  static long toLong(String ip) {
    String[] p = ip.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + ip);
    }
    long v = 0;
    for (String s : p) {
      int b = Integer.parseInt(s);
      if (b < 0 || b > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + ip);
      }
      v = (v << 8) | b;
    }
    return v;
  }

  static String fromLong(long v) {
    return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }
}
