package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileLoopTest {
  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> queue = new WorkQueue<>(clock);
  private final List<String> seen = new ArrayList<>();

  @Test
  void doneForgetsRequeueAfterWaitsAndErrorsBackOff() {
    int[] failures = {2};
    ReconcileLoop<String> loop = new ReconcileLoop<>("test", queue, key -> {
      seen.add(key);
      return switch (key) {
        case "flaky" -> {
          if (failures[0]-- > 0) {
            throw new IllegalStateException("boom");
          }
          yield ReconcileResult.done();
        }
        case "poll" -> ReconcileResult.requeueAfter(Duration.ofSeconds(1));
        default -> ReconcileResult.done();
      };
    });
    queue.add("ok");
    queue.add("flaky");
    queue.add("poll");

    assertThat(loop.processAll()).isEqualTo(3);
    assertThat(queue.numRequeues("flaky")).isEqualTo(1);
    clock.advance(Duration.ofMillis(5));
    assertThat(loop.processAll()).isEqualTo(1);
    clock.advance(Duration.ofMillis(10));
    assertThat(loop.processAll()).isEqualTo(1);
    assertThat(queue.numRequeues("flaky")).as("success forgets the back-off").isZero();

    clock.advance(Duration.ofMillis(985));
    assertThat(loop.processAll()).as("poll again after its 1 s").isEqualTo(1);
    assertThat(seen).containsExactly("ok", "flaky", "poll", "flaky", "flaky", "poll");
  }

  @Test
  void workersRunUntilStopped() throws Exception {
    ReconcileLoop<String> loop = new ReconcileLoop<>("test", queue, key -> {
      synchronized (seen) {
        seen.add(key);
        seen.notifyAll();
      }
      return ReconcileResult.done();
    });
    loop.start(2);
    queue.add("a");
    synchronized (seen) {
      while (seen.isEmpty()) {
        seen.wait(10_000);
      }
    }
    loop.stop();
    assertThat(seen).containsExactly("a");
    assertThat(queue.isShuttingDown()).isTrue();
  }
}
