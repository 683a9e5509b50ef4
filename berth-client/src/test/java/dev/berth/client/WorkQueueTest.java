package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> queue = new WorkQueue<>(clock);

  @Test
  void queuedKeysAreDeduplicatedAndKeepTheirOrder() {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    queue.add("c");
    queue.add("b");

    assertThat(queue.queued()).containsExactly("a", "b", "c");
  }

  @Test
  void aKeyBeingProcessedIsNotHandedOutAgainUntilDone() {
    queue.add("a");
    String first = queue.poll();
    assertThat(first).isEqualTo("a");

    queue.add("a");
    queue.add("a");
    assertThat(queue.poll()).as("re-added while processing: held back, not given to a second worker").isNull();
    assertThat(queue.len()).isZero();

    queue.done("a");
    assertThat(queue.queued()).as("re-adds during processing are merged into one, processed after").containsExactly("a");
    assertThat(queue.poll()).isEqualTo("a");
    queue.done("a");
    assertThat(queue.len()).isZero();
  }

  @Test
  void doneWithoutReAddDoesNotQueueAgain() {
    queue.add("a");
    queue.done(queue.poll());
    assertThat(queue.len()).isZero();
  }

  @Test
  void twoWorkersNeverProcessTheSameKeyAtOnce() throws Exception {
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    AtomicInteger processed = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(2);
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      workers.add(Thread.ofVirtual().start(() -> {
        try {
          String k;
          while ((k = queue.get()) != null) {
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            Thread.yield();
            concurrent.decrementAndGet();
            processed.incrementAndGet();
            queue.done(k);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          finished.countDown();
        }
      }));
    }
    for (int i = 0; i < 2000; i++) {
      queue.add("same");
      if (i % 100 == 0) {
        Thread.yield();
      }
    }
    // Let the workers drain, then stop them.
    while (queue.len() > 0 || queue.isProcessing("same")) {
      Thread.onSpinWait();
    }
    queue.shutDown();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(maxConcurrent.get()).as("one worker per key").isEqualTo(1);
    assertThat(processed.get()).isBetween(1, 2000);
  }

  @Test
  void rateLimitedAddsBackOffExponentiallyPerKeyUntilForgotten() {
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      queue.addRateLimited("a");
      delays.add(advanceUntilQueued("a"));
      queue.done(queue.poll());
    }
    assertThat(delays).containsExactly(ms(5), ms(10), ms(20), ms(40), ms(80));
    assertThat(queue.numRequeues("a")).isEqualTo(5);

    queue.addRateLimited("b");
    assertThat(advanceUntilQueued("b")).as("back-off is per key").isEqualTo(ms(5));
    queue.done(queue.poll());

    queue.forget("a");
    assertThat(queue.numRequeues("a")).isZero();
    queue.addRateLimited("a");
    assertThat(advanceUntilQueued("a")).as("forget starts again at the base delay").isEqualTo(ms(5));
  }

  @Test
  void exponentialBackOffIsCappedAt1000Seconds() {
    RateLimiter<String> limiter = new ItemExponentialFailureRateLimiter<>(ms(5), Duration.ofSeconds(1000));
    Duration last = Duration.ZERO;
    for (int i = 0; i < 100; i++) {
      last = limiter.when("a");
    }
    assertThat(last).isEqualTo(Duration.ofSeconds(1000));
    RateLimiter<String> fresh = new ItemExponentialFailureRateLimiter<>(ms(5), Duration.ofSeconds(1000));
    for (int i = 0; i < 18; i++) {
      fresh.when("a");
    }
    assertThat(fresh.when("a")).as("5 ms * 2^18 = 1310.72 s is over the cap").isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void theOverallBucketLimitsBurstsAcrossKeys() {
    RateLimiter<String> bucket = new BucketRateLimiter<>(clock, 10, 100);
    for (int i = 0; i < 100; i++) {
      assertThat(bucket.when("k" + i)).isEqualTo(Duration.ZERO);
    }
    assertThat(bucket.when("x")).isEqualTo(ms(100));
    assertThat(bucket.when("y")).isEqualTo(ms(200));
    clock.advance(Duration.ofSeconds(1));
    assertThat(bucket.when("z")).as("ten tokens refilled, two were borrowed").isEqualTo(Duration.ZERO);
  }

  @Test
  void addAfterWaitsForTheClockAndKeepsTheEarlierTime() {
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.addAfter("a", Duration.ofSeconds(3));
    queue.addAfter("a", Duration.ofSeconds(20));
    assertThat(queue.len()).isZero();
    assertThat(queue.waitingCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(queue.len()).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.queued()).containsExactly("a");

    queue.done(queue.poll());
    clock.advance(Duration.ofSeconds(60));
    assertThat(queue.len()).as("the later, superseded timers do not fire again").isZero();
  }

  @Test
  void addAfterWithoutDelayAddsNow() {
    queue.addAfter("a", Duration.ZERO);
    assertThat(queue.queued()).containsExactly("a");
  }

  @Test
  void shutDownDrainsThenReturnsNullAndDropsLaterAdds() throws Exception {
    queue.add("a");
    queue.addAfter("b", Duration.ofSeconds(1));
    queue.shutDown();
    queue.add("c");
    clock.advance(Duration.ofSeconds(5));

    assertThat(queue.get()).isEqualTo("a");
    queue.done("a");
    assertThat(queue.get()).isNull();
    assertThat(queue.isShuttingDown()).isTrue();
  }

  @Test
  void getBlocksUntilAnAddArrives() throws Exception {
    List<String> got = new ArrayList<>();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        got.add(queue.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    queue.add("x");
    t.join(Duration.ofSeconds(10));
    assertThat(got).containsExactly("x");
  }

  private Duration advanceUntilQueued(String key) {
    Duration waited = Duration.ZERO;
    Duration step = Duration.ofMillis(1);
    while (!queue.queued().contains(key)) {
      clock.advance(step);
      waited = waited.plus(step);
      if (waited.compareTo(Duration.ofHours(1)) > 0) {
        throw new AssertionError(key + " never became ready");
      }
    }
    return waited;
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }
}
