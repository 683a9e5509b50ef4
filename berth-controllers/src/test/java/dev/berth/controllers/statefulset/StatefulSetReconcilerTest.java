package dev.berth.controllers.statefulset;

import static dev.berth.controllers.statefulset.StatefulSetFixtures.failed;
import static dev.berth.controllers.statefulset.StatefulSetFixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.time.FakeClock;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Worked timelines of {@code spec/statefulset.md} §7.10, step by step over the fake pod control. */
class StatefulSetReconcilerTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  private FakeStatefulPodControl control;
  private StatefulSetReconciler reconciler;

  private void start(StatefulSet set) {
    control = new FakeStatefulPodControl(clock, set);
    reconciler = new StatefulSetReconciler(control, control, control, control, clock);
  }

  private void sync() {
    reconciler.updateStatefulSet(control.set(), control.pods(), control.revisions());
  }

  private void makeReady(String name) {
    control.setPod(ready(control.pod(name), true, clock.now()));
  }

  private List<String> podOps() {
    return control.ops().stream().filter(o -> o.verb().equals("create") || o.verb().equals("delete")).map(Object::toString).toList();
  }

  /** Syncs, then makes every pod that exists Ready and removes terminating ones, until nothing changes. */
  private void settle() {
    for (int i = 0; i < 50; i++) {
      sync();
      for (Pod p : control.pods()) {
        if (StatefulSetPods.isTerminating(p)) {
          control.podGone(p.getMetadata().getName());
        } else if (!StatefulSetPods.isPodReady(p) && !StatefulSetFixtures.isBroken(p)) {
          makeReady(p.getMetadata().getName());
        }
      }
    }
  }

  @Test
  void orderedReadyCreatesOnePodAtATimeAndWaitsForReadiness() {
    start(StatefulSetFixtures.web(3).build());
    sync();
    sync();
    assertThat(podOps()).containsExactly("create web-0");
    Pod web0 = control.pod("web-0");
    assertThat(web0.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
        .containsEntry("apps.kubernetes.io/pod-index", "0").containsEntry("app", "web")
        .containsEntry("controller-revision-hash", control.set().getStatus().getUpdateRevision());
    assertThat(web0.getSpec().getHostname()).isEqualTo("web-0");
    assertThat(web0.getSpec().getSubdomain()).isEqualTo("nginx");
    assertThat(web0.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("StatefulSet");
    assertThat(control.events()).contains("Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful");
    makeReady("web-0");
    sync();
    assertThat(podOps()).containsExactly("create web-0", "create web-1");
    makeReady("web-1");
    sync();
    makeReady("web-2");
    sync();
    var status = control.set().getStatus();
    assertThat(status.getReplicas()).isEqualTo(3);
    assertThat(status.getReadyReplicas()).isEqualTo(3);
    assertThat(status.getAvailableReplicas()).isEqualTo(3);
    assertThat(status.getCurrentRevision()).isEqualTo(status.getUpdateRevision()).startsWith("web-");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void aLowerOrdinalIsRecreatedEvenWhileAHigherOneIsUnhealthy() {
    start(StatefulSetFixtures.web(2).build());
    settle();
    control.setPod(ready(control.pod("web-1"), false, clock.now()));
    control.userDelete("web-0");
    control.podGone("web-0");
    control.ops().clear();
    sync();
    assertThat(podOps()).containsExactly("create web-0");
  }

  @Test
  void scaleDownRemovesTheHighestOrdinalAndWaitsUntilItIsGone() {
    start(StatefulSetFixtures.web(3).build());
    settle();
    control.ops().clear();
    control.userUpdate(s -> new StatefulSetBuilder(s).editSpec().withReplicas(1).endSpec().build());
    sync();
    sync();
    assertThat(podOps()).containsExactly("delete web-2");
    assertThat(control.events()).contains("Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful");
    control.podGone("web-2");
    sync();
    assertThat(podOps()).containsExactly("delete web-2", "delete web-1");
  }

  @Test
  void scaleDownHaltsWhileAnyPodIsUnhealthy() {
    start(StatefulSetFixtures.web(3).build());
    settle();
    for (String p : List.of("web-0", "web-1", "web-2")) {
      control.setPod(ready(control.pod(p), false, clock.now()));
    }
    control.ops().clear();
    control.userUpdate(s -> new StatefulSetBuilder(s).editSpec().withReplicas(0).endSpec().build());
    sync();
    assertThat(podOps()).isEmpty();
    assertThat(control.set().getStatus().getReadyReplicas()).isNull();
  }

  @Test
  void aFailedPodIsDeletedAndRecreatedWithTheSameIdentityOnceItIsGone() {
    start(StatefulSetFixtures.web(1).build());
    settle();
    control.setPod(failed(control.pod("web-0")));
    control.ops().clear();
    sync();
    assertThat(podOps()).containsExactly("delete web-0");
    assertThat(control.events()).contains("Warning RecreatingFailedPod StatefulSet default/web is recreating failed Pod web-0");
    sync();
    assertThat(podOps()).as("no replacement while the old object exists").containsExactly("delete web-0");
    control.podGone("web-0");
    sync();
    assertThat(podOps()).containsExactly("delete web-0", "create web-0");
  }

  @Test
  void parallelCreatesEveryPodAtOnce() {
    start(StatefulSetFixtures.web(4).editSpec().withPodManagementPolicy("Parallel").endSpec().build());
    sync();
    assertThat(podOps()).containsExactly("create web-0", "create web-1", "create web-2", "create web-3");
  }

  @Test
  void claimsAreCreatedBeforeTheirPodAndMountedByName() {
    start(StatefulSetFixtures.withClaims(StatefulSetFixtures.web(1).build()));
    sync();
    assertThat(control.ops().stream().map(Object::toString).toList()).containsSubsequence("createClaim data-web-0", "create web-0");
    assertThat(control.claims().get("data-web-0").getMetadata().getLabels()).isEqualTo(Map.of("app", "web"));
    var volume = control.pod("web-0").getSpec().getVolumes().getFirst();
    assertThat(volume.getName()).isEqualTo("data");
    assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-web-0");
    assertThat(control.claims().get("data-web-0").getMetadata().getOwnerReferences()).as("Retain/Retain: no owner").isEmpty();
  }

  @Test
  void retentionPolicyOwnerReferencesFollowScaleDown() {
    StatefulSet set = StatefulSetFixtures.withClaims(StatefulSetFixtures.web(2).editSpec().editPersistentVolumeClaimRetentionPolicy()
        .withWhenScaled("Delete").withWhenDeleted("Delete").endPersistentVolumeClaimRetentionPolicy().endSpec().build());
    start(set);
    settle();
    assertThat(control.claims().get("data-web-1").getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getKind()).isEqualTo("StatefulSet"));
    control.userUpdate(s -> new StatefulSetBuilder(s).editSpec().withReplicas(1).endSpec().build());
    sync();
    assertThat(control.claims().get("data-web-1").getMetadata().getOwnerReferences()).singleElement()
        .satisfies(r -> assertThat(r.getKind()).isEqualTo("Pod"));
    control.podGone("web-1");
    assertThat(control.claims()).as("the GC took the claim with its pod").doesNotContainKey("data-web-1").containsKey("data-web-0");
  }

  @Test
  void rollingUpdateGoesFromTheHighestOrdinalDownAndPromotesTheRevision() {
    start(StatefulSetFixtures.web(3).build());
    settle();
    String r1 = control.set().getStatus().getCurrentRevision();
    control.ops().clear();
    control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v2", false));
    sync();
    String r2 = control.set().getStatus().getUpdateRevision();
    assertThat(r2).isNotEqualTo(r1);
    assertThat(control.set().getStatus().getCurrentRevision()).isEqualTo(r1);
    assertThat(control.set().getStatus().getCurrentReplicas()).as("decremented for the deleted pod").isEqualTo(2);
    assertThat(podOps()).containsExactly("delete web-2");
    settle();
    assertThat(podOps()).containsExactly("delete web-2", "create web-2", "delete web-1", "create web-1", "delete web-0", "create web-0");
    assertThat(control.set().getStatus().getCurrentRevision()).isEqualTo(r2);
    assertThat(control.set().getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(control.set().getStatus().getCurrentReplicas()).isEqualTo(3);
    assertThat(control.pod("web-0").getSpec().getContainers().getFirst().getImage()).isEqualTo("v2");
  }

  @Test
  void aPartitionKeepsLowerOrdinalsAtTheCurrentRevisionEvenWhenRecreated() {
    start(StatefulSetFixtures.web(3).editSpec().editUpdateStrategy().editRollingUpdate().withPartition(2).endRollingUpdate()
        .endUpdateStrategy().endSpec().build());
    settle();
    String r1 = control.set().getStatus().getCurrentRevision();
    control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v2", false));
    settle();
    String r2 = control.set().getStatus().getUpdateRevision();
    assertThat(StatefulSetPods.revisionOf(control.pod("web-2"))).isEqualTo(r2);
    assertThat(StatefulSetPods.revisionOf(control.pod("web-1"))).isEqualTo(r1);
    control.userDelete("web-0");
    settle();
    assertThat(StatefulSetPods.revisionOf(control.pod("web-0"))).isEqualTo(r1);
    var status = control.set().getStatus();
    assertThat(status.getCurrentRevision()).isEqualTo(r1);
    assertThat(status.getCurrentReplicas()).isEqualTo(2);
    assertThat(status.getUpdatedReplicas()).isEqualTo(1);
  }

  @Test
  void maxUnavailableDeletesThatManyOutdatedPodsAtOnceInParallelSets() {
    start(StatefulSetFixtures.web(4).editSpec().withPodManagementPolicy("Parallel").editUpdateStrategy().editRollingUpdate()
        .withMaxUnavailable(new IntOrString("50%")).endRollingUpdate().endUpdateStrategy().endSpec().build());
    settle();
    control.ops().clear();
    control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v2", false));
    sync();
    assertThat(podOps()).containsExactly("delete web-3", "delete web-2");
  }

  @Test
  void rollbackReusesTheOldRevision() {
    start(StatefulSetFixtures.web(2).build());
    settle();
    String r1 = control.set().getStatus().getCurrentRevision();
    control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v2", false));
    settle();
    control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v1", false));
    settle();
    assertThat(control.set().getStatus().getUpdateRevision()).isEqualTo(r1);
    assertThat(control.set().getStatus().getCurrentRevision()).isEqualTo(r1);
    assertThat(control.revisions()).hasSize(2);
    assertThat(control.revisions().stream().filter(r -> r.getMetadata().getName().equals(r1)).findFirst().orElseThrow().getRevision())
        .as("the reused revision is renumbered").isEqualTo(3L);
  }

  @Test
  void forcedRollbackReplacesAPodStuckOnABrokenRevision() {
    start(StatefulSetFixtures.web(3).build());
    settle();
    control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v2-broken", true));
    settle();
    assertThat(StatefulSetPods.isPodReady(control.pod("web-2"))).as("web-2 is stuck on the broken revision").isFalse();
    control.ops().clear();
    control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v3", false));
    sync();
    assertThat(podOps()).containsExactly("delete web-2");
    assertThat(control.events()).anyMatch(e -> e.contains("RecreatingOutdatedPod"));
    settle();
    for (String p : List.of("web-0", "web-1", "web-2")) {
      assertThat(control.pod(p).getSpec().getContainers().getFirst().getImage()).isEqualTo("v3");
    }
  }

  @Test
  void withoutForcedRollbackAStuckPodBlocksTheFixAsUpstream() {
    start(StatefulSetFixtures.web(3).editMetadata().addToAnnotations(StatefulSetReconciler.FORCED_ROLLBACK_ANNOTATION, "false")
        .endMetadata().build());
    settle();
    control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v2-broken", true));
    settle();
    control.ops().clear();
    control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v3", false));
    settle();
    assertThat(podOps()).as("kubernetes#67250: nothing happens").isEmpty();
    assertThat(control.pod("web-2").getSpec().getContainers().getFirst().getImage()).isEqualTo("v2-broken");
  }

  @Test
  void onDeleteNeverDeletesForUpdatesButRecreatesAtTheUpdateRevision() {
    start(StatefulSetFixtures.web(2).editSpec().editUpdateStrategy().withType("OnDelete").withRollingUpdate(null).endUpdateStrategy()
        .endSpec().build());
    settle();
    control.ops().clear();
    control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v2", false));
    settle();
    assertThat(podOps()).isEmpty();
    control.userDelete("web-0");
    settle();
    assertThat(control.pod("web-0").getSpec().getContainers().getFirst().getImage()).isEqualTo("v2");
    assertThat(control.pod("web-1").getSpec().getContainers().getFirst().getImage()).isEqualTo("v1");
  }

  @Test
  void aFailedWriteEndsTheSyncButStatusIsStillWritten() {
    start(StatefulSetFixtures.web(2).build());
    settle();
    control.userUpdate(s -> new StatefulSetBuilder(s).editSpec().withReplicas(3).endSpec().build());
    control.failNthCall(1);
    assertThatThrownBy(this::sync).hasMessageContaining("injected failure of create pod web-2");
    assertThat(control.set().getStatus().getObservedGeneration()).isEqualTo(2L);
    sync();
    assertThat(control.pod("web-2")).isNotNull();
  }

  @Test
  void historyIsTrimmedToTheLimitKeepingLiveRevisions() {
    start(StatefulSetFixtures.web(1).editSpec().withRevisionHistoryLimit(1).endSpec().build());
    settle();
    for (int v = 2; v <= 5; v++) {
      int image = v;
      control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v" + image, false));
      settle();
    }
    assertThat(control.revisions()).hasSize(2);
  }

  @Test
  void statusIsNotWrittenWhenNothingChanged() {
    start(StatefulSetFixtures.web(1).build());
    settle();
    long writes = control.ops().stream().filter(o -> o.verb().equals("updateStatus")).count();
    sync();
    sync();
    assertThat(control.ops().stream().filter(o -> o.verb().equals("updateStatus")).count()).isEqualTo(writes);
  }
}
