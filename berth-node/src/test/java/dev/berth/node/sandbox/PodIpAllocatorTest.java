package dev.berth.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pod IPs: unique, in range, stable per pod, released, re-reserved after a restart. */
class PodIpAllocatorTest {

  @Test
  void firstAddressesSkipTheNetworkAndDotOne() {
    PodIpAllocator a = new PodIpAllocator();
    assertThat(a.allocate("a")).isEqualTo("127.1.0.2");
    assertThat(a.allocate("b")).isEqualTo("127.1.0.3");
    assertThat(a.allocate("a")).as("the same pod keeps its address").isEqualTo("127.1.0.2");
    assertThat(a.addressOf("b")).contains("127.1.0.3");
  }

  @Test
  void releasedAddressesAreReusedOnlyAfterTheRangeWrapsAround() {
    PodIpAllocator a = new PodIpAllocator("10.9.9.0/29"); // .2 to .6 usable: network .0, .1 kept, broadcast .7
    assertThat(a.allocate("p1")).isEqualTo("10.9.9.2");
    assertThat(a.allocate("p2")).isEqualTo("10.9.9.3");
    a.release("p1");
    assertThat(a.allocate("p3")).isEqualTo("10.9.9.4");
    assertThat(a.allocate("p4")).isEqualTo("10.9.9.5");
    assertThat(a.allocate("p5")).isEqualTo("10.9.9.6");
    assertThat(a.allocate("p6")).as("wrapped around to the released .2").isEqualTo("10.9.9.2");
    assertThatThrownBy(() -> a.allocate("p7")).isInstanceOf(IllegalStateException.class)
        .hasMessage("no free pod IP left in 10.9.9.0/29 (5 in use)");
  }

  @Test
  void reservationsAfterARestartAreRespected() {
    PodIpAllocator a = new PodIpAllocator();
    a.reserve("old-1", "127.1.0.2");
    a.reserve("old-2", "127.1.3.4");
    assertThat(a.allocate("new")).as("after the highest reserved address").isEqualTo("127.1.3.5");
    assertThatThrownBy(() -> a.reserve("other", "127.1.0.2")).hasMessage("127.1.0.2 is already held by pod old-1");
    assertThatThrownBy(() -> a.reserve("x", "127.1.0.1")).hasMessage("127.1.0.1 is not a pod address of 127.1.0.0/16");
    assertThatThrownBy(() -> a.reserve("x", "127.2.0.5")).hasMessage("127.2.0.5 is not a pod address of 127.1.0.0/16");
    a.reserve("old-1", "127.1.0.2");
    assertThat(a.inUse()).isEqualTo(3);
  }

  @Test
  void neverTheSameAddressForTwoPods() {
    PodIpAllocator a = new PodIpAllocator("127.1.0.0/24");
    Random random = new Random(42);
    long low = PodIpAllocator.toLong("127.1.0.2");
    long high = PodIpAllocator.toLong("127.1.0.254");
    for (int step = 0; step < 3000; step++) {
      String pod = "p" + random.nextInt(300);
      if (random.nextBoolean()) {
        try {
          a.allocate(pod);
        } catch (IllegalStateException full) {
          assertThat(a.inUse()).as("only a full range refuses").isEqualTo(253);
        }
      } else {
        a.release(pod);
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 300; i++) {
        String ip = a.addressOf("p" + i).orElse(null);
        if (ip != null && (!seen.add(ip) || PodIpAllocator.toLong(ip) < low || PodIpAllocator.toLong(ip) > high)) {
          throw new AssertionError("step " + step + ": " + ip + " given twice or outside .0.2-.0.254");
        }
      }
      assertThat(seen).hasSize(a.inUse());
    }
  }
}
