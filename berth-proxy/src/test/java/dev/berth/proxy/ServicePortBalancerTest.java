package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Endpoint choice and ClientIP affinity (spec/services-dns.md §1.5, §3.9.3–4), on a fake clock. */
class ServicePortBalancerTest {
  private static final Backend A = new Backend("127.1.0.2", 8080);
  private static final Backend B = new Backend("127.1.0.3", 8080);
  private static final Backend C = new Backend("127.1.0.4", 8080);
  private static final List<Backend> ABC = List.of(A, B, C);

  private final FakeClock clock = new FakeClock();
  private final Random random = new Random(42);

  private ServicePortBalancer balancer(Selection selection, SessionAffinity affinity) {
    ServicePortBalancer b = new ServicePortBalancer(clock, selection, random::nextInt);
    b.update(affinity, Set.copyOf(ABC));
    return b;
  }

  @Test
  void randomSpreadsConnectionsOverEveryEndpoint() {
    ServicePortBalancer b = balancer(Selection.RANDOM, SessionAffinity.NONE);
    Map<Backend, Integer> counts = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      counts.merge(b.pick(ABC, "127.0.0.1", List.of()), 1, Integer::sum);
    }
    assertThat(counts.keySet()).containsExactlyInAnyOrder(A, B, C);
    assertThat(counts.values()).as("about 1000 each with a uniform choice: %s", counts).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
  }

  @Test
  void roundRobinTakesTurns() {
    ServicePortBalancer b = balancer(Selection.ROUND_ROBIN, SessionAffinity.NONE);
    List<Backend> picks = java.util.stream.IntStream.range(0, 6).mapToObj(i -> b.pick(ABC, "127.0.0.1", List.of())).toList();
    assertThat(picks).containsExactly(A, B, C, A, B, C);
  }

  @Test
  void aRetrySkipsEndpointsThatFailedAndGivesUpWhenNoneIsLeft() {
    ServicePortBalancer b = balancer(Selection.RANDOM, SessionAffinity.NONE);
    for (int i = 0; i < 50; i++) {
      assertThat(b.pick(ABC, "127.0.0.1", List.of(A, C))).isEqualTo(B);
    }
    assertThat(b.pick(ABC, "127.0.0.1", List.of(A, B, C))).isNull();
  }

  @Test
  void clientIpAffinityIsASlidingWindowPerClient() {
    ServicePortBalancer b = balancer(Selection.ROUND_ROBIN, new SessionAffinity.ClientIp(Duration.ofSeconds(10)));
    Backend first = b.pick(ABC, "127.1.0.9", List.of());
    clock.advance(Duration.ofSeconds(8));
    assertThat(b.pick(ABC, "127.1.0.9", List.of())).as("8 s after the first: same endpoint").isEqualTo(first);
    clock.advance(Duration.ofSeconds(8));
    assertThat(b.pick(ABC, "127.1.0.9", List.of())).as("16 s after the first, 8 s after the last: the window slid").isEqualTo(first);
    assertThat(b.pick(ABC, "127.1.0.10", List.of())).as("another client is balanced on its own").isNotEqualTo(first);

    clock.advance(Duration.ofSeconds(10));
    assertThat(b.pick(ABC, "127.1.0.9", List.of())).as("10 s idle: the entry expired, round robin moves on").isNotEqualTo(first);
  }

  @Test
  void affinityToAnEndpointThatLeftIsForgotten() {
    ServicePortBalancer b = balancer(Selection.ROUND_ROBIN, new SessionAffinity.ClientIp(Duration.ofHours(3)));
    assertThat(b.pick(ABC, "127.0.0.1", List.of())).isEqualTo(A);
    b.update(new SessionAffinity.ClientIp(Duration.ofHours(3)), Set.of(B, C));
    assertThat(b.affinityEntries()).isZero();
    assertThat(b.pick(List.of(B, C), "127.0.0.1", List.of())).isIn(B, C);

    Backend pinned = b.pick(List.of(B, C), "127.0.0.1", List.of());
    assertThat(b.pick(List.of(pinned), "127.0.0.1", List.of())).isEqualTo(pinned);
    Backend other = pinned.equals(B) ? C : B;
    assertThat(b.pick(List.of(other), "127.0.0.1", List.of())).as("pinned endpoint not usable on this frontend").isEqualTo(other);
  }

  @Test
  void turningAffinityOffForgetsEveryClient() {
    ServicePortBalancer b = balancer(Selection.RANDOM, new SessionAffinity.ClientIp(Duration.ofHours(3)));
    b.pick(ABC, "127.1.0.9", List.of());
    b.pick(ABC, "127.1.0.10", List.of());
    assertThat(b.affinityEntries()).isEqualTo(2);
    b.update(SessionAffinity.NONE, Set.copyOf(ABC));
    assertThat(b.affinityEntries()).isZero();
  }

  @Test
  void everyClientBehind127001SharesOneAffinityEntry() {
    ServicePortBalancer b = balancer(Selection.RANDOM, new SessionAffinity.ClientIp(Duration.ofHours(3)));
    Backend first = b.pick(ABC, "127.0.0.1", List.of());
    for (int i = 0; i < 20; i++) {
      assertThat(b.pick(ABC, "127.0.0.1", List.of())).isEqualTo(first);
    }
    assertThat(b.affinityEntries()).isEqualTo(1);
  }
}
