package dev.berth.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The loop over {@link FakeApiClient}: claiming pods (§11), revisions and events through the API. */
class StatefulSetControllerTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeApiClient api = new FakeApiClient(clock);
  private final StatefulSetController controller = new StatefulSetController(api, clock);

  private void run() {
    for (int i = 0; i < 5; i++) {
      controller.processPendingEvents();
      controller.processAll();
    }
  }

  private StatefulSet createWeb(int replicas) {
    StatefulSet set = new StatefulSetBuilder(StatefulSetFixtures.web(replicas).build()).editMetadata().withUid(null).withGeneration(null)
        .endMetadata().build();
    return api.create(set);
  }

  /** The kubelet's side, which the fake API does not play: Pending on create, then Running and Ready. */
  private void kubeletRuns(String name) {
    Pod pod = api.get(Pod.class, "default", name);
    api.updateStatus(StatefulSetFixtures.ready(new PodBuilder(pod).withNewStatus().withPhase("Running").endStatus().build(), true,
        clock.now()));
  }

  @Test
  void createsThePodRecordsTheEventAndTheRevision() {
    createWeb(1);
    run();
    Pod pod = api.get(Pod.class, "default", "web-0");
    assertThat(pod).isNotNull();
    assertThat(api.list(Event.class, "default", null).items()).extracting(Event::getMessage)
        .contains("create Pod web-0 in StatefulSet web successful");
    var revisions = api.list(ControllerRevision.class, "default", null).items();
    assertThat(revisions).singleElement().satisfies(r -> {
      assertThat(r.getMetadata().getName()).isEqualTo(pod.getMetadata().getLabels().get(StatefulSetPods.REVISION_LABEL));
      assertThat(r.getRevision()).isEqualTo(1L);
    });
    kubeletRuns("web-0");
    run();
    StatefulSet set = api.get(StatefulSet.class, "default", "web");
    assertThat(set.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(set.getStatus().getCurrentRevision()).isEqualTo(revisions.getFirst().getMetadata().getName());
  }

  @Test
  void adoptsAMatchingOrphanAndReleasesAPodThatStopsMatching() {
    api.create(new PodBuilder().withNewMetadata().withName("web-0").withNamespace("default").addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("x").endContainer().endSpec().build());
    kubeletRuns("web-0");
    StatefulSet set = createWeb(1);
    run();
    Pod adopted = api.get(Pod.class, "default", "web-0");
    assertThat(StatefulSetPods.controllerOf(adopted).getUid()).isEqualTo(set.getMetadata().getUid());
    assertThat(adopted.getMetadata().getLabels()).as("identity repaired on the adopted pod")
        .containsEntry(StatefulSetPods.POD_NAME_LABEL, "web-0");

    api.patch(Pod.class, "default", "web-0", "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/metadata/labels\",\"value\":{}}]");
    run();
    assertThat(api.get(Pod.class, "default", "web-0").getMetadata().getOwnerReferences()).as("released").isEmpty();
  }
}
