package dev.berth.proxy;

/** How a new connection picks among a service port's usable endpoints (spec/services-dns.md §3.9.3). */
public enum Selection {
  /** Uniform random per connection, as kube-proxy's iptables and nftables modes: the default. */
  RANDOM,
  /** Round robin, as the ipvs ({@code rr}) and old userspace modes. */
  ROUND_ROBIN
}
