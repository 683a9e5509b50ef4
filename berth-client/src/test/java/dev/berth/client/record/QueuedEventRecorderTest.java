package dev.berth.client.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueuedEventRecorderTest {
  private final Pod pod = new PodBuilder().withNewMetadata().withName("web-0").withNamespace("default").withUid("u1").endMetadata().build();
  private final List<String> written = new CopyOnWriteArrayList<>();

  /** Writes nothing until {@code gate} opens. */
  private EventRecorder delegate(CountDownLatch gate) {
    return (HasMetadata object, String fieldPath, String type, String reason, String message) -> {
      try {
        gate.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.add(reason);
    };
  }

  @Test
  void recordingReturnsAtOnceAndEventsAreWrittenInOrder() {
    CountDownLatch gate = new CountDownLatch(1);
    QueuedEventRecorder r = new QueuedEventRecorder(delegate(gate), 10, "test");
    r.event(pod, null, EventRecorder.NORMAL, "Scheduled", "m");
    r.event(pod, "spec.containers{app}", EventRecorder.NORMAL, "Created", "m");
    r.event(pod, "spec.containers{app}", EventRecorder.NORMAL, "Started", "m");
    assertThat(written).as("nothing written while the API is slow; no caller waited").isEmpty();
    gate.countDown();
    r.close(Duration.ofSeconds(5));
    assertThat(written).as("close writes what was queued, in order").containsExactly("Scheduled", "Created", "Started");
  }

  @Test
  void beyondItsCapacityEventsAreDroppedNotBlocked() {
    CountDownLatch gate = new CountDownLatch(1);
    QueuedEventRecorder r = new QueuedEventRecorder(delegate(gate), 3, "test");
    for (int i = 0; i < 10; i++) {
      r.event(pod, null, EventRecorder.WARNING, "E" + i, "m");
    }
    gate.countDown();
    r.close(Duration.ofSeconds(5));
    assertThat(written).as("the first may already be in the writer's hands; at most capacity more were queued")
        .hasSizeBetween(3, 4).startsWith("E0", "E1", "E2");
  }

  @Test
  void eventsAfterCloseAreDropped() {
    QueuedEventRecorder r = new QueuedEventRecorder(delegate(new CountDownLatch(0)), 3, "test");
    r.close(Duration.ofSeconds(5));
    r.event(pod, null, EventRecorder.NORMAL, "Late", "m");
    assertThat(written).isEmpty();
  }
}
