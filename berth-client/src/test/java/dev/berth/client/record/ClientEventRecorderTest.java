package dev.berth.client.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.time.FakeClock;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientEventRecorderTest {
  private final FakeClock clock = new FakeClock();
  private final FakeApiClient client = new FakeApiClient(clock);
  private final ClientEventRecorder kubelet = new ClientEventRecorder(client, clock, "kubelet", "berth");
  private final Pod pod = new PodBuilder().withNewMetadata().withName("web-0").withNamespace("default").withUid("u1").endMetadata().build();

  private List<Event> events() {
    return client.list(Event.class, "default", null).items();
  }

  @Test
  void anEventNamesItsObjectSourceAndTimes() {
    kubelet.event(pod, "spec.containers{app}", EventRecorder.NORMAL, "Started", "Started container app");
    Event e = events().get(0);
    assertThat(e.getMetadata().getName()).matches("web-0\\.[0-9a-f]{16}");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
    assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("v1");
    assertThat(e.getInvolvedObject().getUid()).isEqualTo("u1");
    assertThat(e.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{app}");
    assertThat(e.getSource().getComponent()).isEqualTo("kubelet");
    assertThat(e.getSource().getHost()).isEqualTo("berth");
    assertThat(e.getReportingComponent()).isEqualTo("kubelet");
    assertThat(e.getReportingInstance()).isEqualTo("berth");
    assertThat(e.getType()).isEqualTo("Normal");
    assertThat(e.getCount()).isOne();
    assertThat(e.getFirstTimestamp()).isEqualTo("2026-01-01T00:00:00Z").isEqualTo(e.getLastTimestamp());
  }

  @Test
  void identicalEventsAreCountedOnOneObject() {
    for (int i = 0; i < 5; i++) {
      kubelet.event(pod, "spec.containers{app}", EventRecorder.WARNING, "BackOff", "Back-off restarting failed container app");
      clock.advance(Duration.ofSeconds(30));
    }
    kubelet.event(pod, "spec.containers{app}", EventRecorder.WARNING, "BackOff", "another message");
    assertThat(events()).hasSize(2);
    Event e = events().stream().filter(x -> x.getMessage().startsWith("Back-off")).findFirst().orElseThrow();
    assertThat(e.getCount()).isEqualTo(5);
    assertThat(e.getFirstTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(e.getLastTimestamp()).isEqualTo("2026-01-01T00:02:00Z");
  }

  @Test
  void twoRecordersAtTheSameInstantDoNotCollide() {
    ClientEventRecorder scheduler = new ClientEventRecorder(client, clock, "default-scheduler", "berth");
    scheduler.event(pod, null, EventRecorder.NORMAL, "Scheduled", "Successfully assigned default/web-0 to berth");
    kubelet.event(pod, null, EventRecorder.NORMAL, "Created", "Created container: app");
    kubelet.event(pod, null, EventRecorder.NORMAL, "Started", "Started container app");
    assertThat(events()).extracting(Event::getReason).containsExactlyInAnyOrder("Scheduled", "Created", "Started");
  }

  @Test
  void anEventDeletedMeanwhileIsCreatedAgain() {
    kubelet.event(pod, null, EventRecorder.WARNING, "Unhealthy", "Readiness probe failed: x");
    client.delete(Event.class, "default", events().get(0).getMetadata().getName(), null);
    kubelet.event(pod, null, EventRecorder.WARNING, "Unhealthy", "Readiness probe failed: x");
    assertThat(events()).hasSize(1);
    assertThat(events().get(0).getCount()).isOne();
  }

  @Test
  void aFailedWriteIsDroppedNotThrown() {
    client.failNthCall(FakeApiClient.Verb.CREATE, 1, ApiException.internal("etcd is on fire"));
    kubelet.event(pod, null, EventRecorder.NORMAL, "Started", "Started container app");
    assertThat(events()).isEmpty();
    kubelet.event(pod, null, EventRecorder.NORMAL, "Started", "Started container app");
    assertThat(events()).hasSize(1);
  }
}
