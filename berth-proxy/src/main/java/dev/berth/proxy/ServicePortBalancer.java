package dev.berth.proxy;

import dev.berth.api.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * Endpoint choice for one {@link ServicePortName}, shared by all its frontends (ClusterIP and
 * node ports): {@link Selection} plus {@code sessionAffinity: ClientIP}, as the userspace proxy's
 * {@code LoadBalancerRR} and spec/services-dns.md §3.9.4 describe.
 *
 * <p>Affinity: a map {@code client key → (endpoint, lastUsed)}. A new connection reuses the
 * mapped endpoint while it is among the usable ones and {@code now − lastUsed < timeout}, and
 * refreshes {@code lastUsed} (a sliding window): with a 10 s timeout, connections at t=0, 8 s and
 * 16 s all go to the same endpoint, one at t=27 s may go elsewhere. The client key is the source
 * IP the kernel reports, so every client that does not bind its pod IP shares the key {@code
 * 127.0.0.1} (spec/services-dns.md §0 caveat 2; docs/differences-from-upstream.md).
 *
 * <p>Thread-safe: event loops of several listeners pick concurrently.
 */
public final class ServicePortBalancer {
  /** Past this many affinity entries, expired ones are swept on the next insert. */
  private static final int SWEEP_THRESHOLD = 1024;

  private record Sticky(Backend backend, Instant lastUsed) {}

  private final Clock clock;
  private final Selection selection;
  private final IntUnaryOperator random;
  private final AtomicInteger next = new AtomicInteger();
  private final Map<String, Sticky> sticky = new ConcurrentHashMap<>();
  private volatile SessionAffinity affinity = SessionAffinity.NONE;

  /** @param random {@code bound → a uniform int in [0, bound)}; seeded in tests */
  public ServicePortBalancer(Clock clock, Selection selection, IntUnaryOperator random) {
    this.clock = clock;
    this.selection = selection;
    this.random = random;
  }

  /**
   * Takes a new plan for this service port: its affinity, and every endpoint any of its
   * frontends may use. Forgets affinity entries of endpoints that left, and all of them when
   * affinity is now off.
   */
  public void update(SessionAffinity affinity, Set<Backend> usable) {
    this.affinity = affinity;
    if (affinity instanceof SessionAffinity.None) {
      sticky.clear();
    } else {
      sticky.values().removeIf(s -> !usable.contains(s.backend()));
    }
  }

  /**
   * The endpoint for a new connection from {@code client}, among {@code backends} except {@code
   * failed} (endpoints a retry already failed to reach; affinity is ignored on retries, as the
   * userspace proxy reset it); null when none is left.
   */
  public Backend pick(List<Backend> backends, String client, Collection<Backend> failed) {
    List<Backend> candidates = failed.isEmpty() ? backends : backends.stream().filter(b -> !failed.contains(b)).toList();
    if (candidates.isEmpty()) {
      return null;
    }
    SessionAffinity a = affinity;
    if (!(a instanceof SessionAffinity.ClientIp(Duration timeout))) {
      return choose(candidates);
    }
    Instant now = clock.now();
    Sticky s = sticky.get(client);
    if (failed.isEmpty() && s != null && now.isBefore(s.lastUsed().plus(timeout)) && candidates.contains(s.backend())) {
      sticky.put(client, new Sticky(s.backend(), now));
      return s.backend();
    }
    Backend chosen = choose(candidates);
    if (sticky.size() >= SWEEP_THRESHOLD) {
      sticky.values().removeIf(e -> !now.isBefore(e.lastUsed().plus(timeout)));
    }
    sticky.put(client, new Sticky(chosen, now));
    return chosen;
  }

  private Backend choose(List<Backend> candidates) {
    int n = candidates.size();
    if (n == 1) {
      return candidates.get(0);
    }
    return candidates.get(switch (selection) {
      case RANDOM -> random.applyAsInt(n);
      case ROUND_ROBIN -> Math.floorMod(next.getAndIncrement(), n);
    });
  }

  /** For tests and status: how many clients are pinned now. */
  int affinityEntries() {
    return sticky.size();
  }
}
