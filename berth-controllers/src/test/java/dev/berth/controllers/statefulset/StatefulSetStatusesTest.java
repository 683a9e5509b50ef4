package dev.berth.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §9.1 counters as a table: each case is a list of pods and the five counters upstream computes. */
class StatefulSetStatusesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");
  private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

  /** A pod as the kubelet reports it: phase, Ready since when (null: not Ready), revision, terminating. */
  record P(String phase, Instant readySince, String revision, boolean terminating) {
    Pod pod(int i) {
      PodBuilder b = new PodBuilder().withNewMetadata().withName("web-" + i).addToLabels("controller-revision-hash", revision)
          .withDeletionTimestamp(terminating ? NOW.toString() : null).endMetadata().withNewStatus().withPhase(phase).endStatus();
      if (readySince != null) {
        b.editStatus().addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(readySince.toString())
            .endCondition().endStatus();
      }
      return b.build();
    }
  }

  record Case(String what, int minReadySeconds, List<P> pods, int replicas, int ready, int available, int current, int updated) {}

  @Test
  void countersAsUpstreamComputesThem() {
    List<Case> cases = List.of(
        new Case("nothing", 0, List.of(), 0, 0, 0, 0, 0),
        new Case("placeholders never count", 0, List.of(new P(null, null, "r1", false)), 0, 0, 0, 0, 0),
        new Case("pending counts as a replica only", 0, List.of(new P("Pending", null, "r1", false)), 1, 0, 0, 1, 0),
        new Case("ready and available", 0, List.of(new P("Running", LONG_AGO, "r1", false)), 1, 1, 1, 1, 0),
        new Case("ready but not long enough", 120, List.of(new P("Running", LONG_AGO, "r2", false)), 1, 1, 0, 0, 1),
        new Case("ready long enough", 30, List.of(new P("Running", LONG_AGO, "r2", false)), 1, 1, 1, 0, 1),
        new Case("terminating: a ready replica, neither current nor updated", 0,
            List.of(new P("Running", LONG_AGO, "r1", true)), 1, 1, 1, 0, 0),
        new Case("ready condition without Running phase", 0, List.of(new P("Pending", LONG_AGO, "r1", false)), 1, 0, 0, 1, 0),
        new Case("mixed rollout", 0, List.of(new P("Running", LONG_AGO, "r1", false), new P("Running", LONG_AGO, "r1", false),
            new P("Running", null, "r2", false)), 3, 2, 2, 2, 1));
    for (Case c : cases) {
      List<Pod> pods = new ArrayList<>();
      for (int i = 0; i < c.pods().size(); i++) {
        pods.add(c.pods().get(i).pod(i));
      }
      StatefulSetStatus s = StatefulSetStatuses.compute(1, "r1", "r2", null, pods, c.minReadySeconds(), NOW);
      assertThat(List.of(s.getReplicas(), s.getReadyReplicas(), s.getAvailableReplicas(), s.getCurrentReplicas(), s.getUpdatedReplicas()))
          .as("%s: [replicas, ready, available, current, updated]", c.what())
          .containsExactly(c.replicas(), c.ready(), c.available(), c.current(), c.updated());
    }
  }

  @Test
  void completionPromotesTheUpdateRevisionOnlyWhenAllWantedPodsAreUpdatedAndReady() {
    StatefulSet set = StatefulSetFixtures.web(2).build();
    StatefulSetStatus done = status(2, 2, 2, 1);
    StatefulSetStatuses.completeRollingUpdate(set, done);
    assertThat(done.getCurrentRevision()).isEqualTo("r2");
    assertThat(done.getCurrentReplicas()).isEqualTo(2);
    StatefulSetStatus notReady = status(2, 1, 2, 1);
    StatefulSetStatuses.completeRollingUpdate(set, notReady);
    assertThat(notReady.getCurrentRevision()).as("one pod not ready").isEqualTo("r1");
    StatefulSetStatus extra = status(3, 3, 2, 1);
    StatefulSetStatuses.completeRollingUpdate(set, extra);
    assertThat(extra.getCurrentRevision()).as("a condemned pod still exists").isEqualTo("r1");
  }

  @Test
  void onlyChangedStatusIsWrittenAndZeroCountersAreOmitted() {
    StatefulSet set = StatefulSetFixtures.web(2).build();
    StatefulSetStatus s = status(0, 0, 0, 0);
    s.setObservedGeneration(1L);
    assertThat(StatefulSetStatuses.inconsistent(set, s)).as("first observation").isTrue();
    set.setStatus(StatefulSetStatuses.forWrite(set, s));
    assertThat(set.getStatus().getReadyReplicas()).isNull();
    assertThat(set.getStatus().getReplicas()).isZero();
    assertThat(set.getStatus().getAvailableReplicas()).isZero();
    assertThat(StatefulSetStatuses.inconsistent(set, s)).isFalse();
    s.setCollisionCount(1);
    assertThat(StatefulSetStatuses.inconsistent(set, s)).as("collisionCount alone").isFalse();
  }

  private static StatefulSetStatus status(int replicas, int ready, int updated, int current) {
    StatefulSetStatus s = new StatefulSetStatus();
    s.setReplicas(replicas);
    s.setReadyReplicas(ready);
    s.setUpdatedReplicas(updated);
    s.setCurrentReplicas(current);
    s.setCurrentRevision("r1");
    s.setUpdateRevision("r2");
    return s;
  }
}
