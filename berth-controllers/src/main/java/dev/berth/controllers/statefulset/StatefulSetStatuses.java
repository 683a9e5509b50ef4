package dev.berth.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The StatefulSet status, as pure functions ({@code spec/statefulset.md} §9).
 *
 * <p>Counters over a pod list (placeholders never count, terminating pods count as existing and as
 * ready but not as current or updated):
 *
 * <pre>
 * replicas          created
 * readyReplicas     Running and Ready
 * availableReplicas Running and Ready, Ready for longer than minReadySeconds
 * currentReplicas   created, not terminating, revision label == currentRevision
 * updatedReplicas   created, not terminating, revision label == updateRevision
 * </pre>
 */
public final class StatefulSetStatuses {

  private StatefulSetStatuses() {}

  /** The counters of {@code pods} in a fresh status that already names the revisions. */
  public static StatefulSetStatus compute(long observedGeneration, String currentRevision, String updateRevision,
      Integer collisionCount, List<Pod> pods, int minReadySeconds, Instant now) {
    StatefulSetStatus s = new StatefulSetStatus();
    s.setObservedGeneration(observedGeneration);
    s.setCurrentRevision(currentRevision);
    s.setUpdateRevision(updateRevision);
    s.setCollisionCount(collisionCount);
    recount(s, pods, minReadySeconds, now);
    return s;
  }

  /** Sets the five counters of {@code status} from {@code pods} (upstream's {@code computeReplicaStatus}). */
  public static void recount(StatefulSetStatus status, List<Pod> pods, int minReadySeconds, Instant now) {
    int replicas = 0;
    int ready = 0;
    int available = 0;
    int current = 0;
    int updated = 0;
    for (Pod pod : pods) {
      if (pod == null || !StatefulSetPods.isCreated(pod)) {
        continue;
      }
      replicas++;
      if (StatefulSetPods.isRunningAndReady(pod)) {
        ready++;
        if (StatefulSetPods.isRunningAndAvailable(pod, minReadySeconds, now)) {
          available++;
        }
      }
      if (!StatefulSetPods.isTerminating(pod)) {
        String rev = StatefulSetPods.revisionOf(pod);
        if (rev != null && rev.equals(status.getCurrentRevision())) {
          current++;
        }
        if (rev != null && rev.equals(status.getUpdateRevision())) {
          updated++;
        }
      }
    }
    status.setReplicas(replicas);
    status.setReadyReplicas(ready);
    status.setAvailableReplicas(available);
    status.setCurrentReplicas(current);
    status.setUpdatedReplicas(updated);
  }

  /**
   * §9.4, upstream's {@code completeRollingUpdate}: once every wanted pod exists, is ready and is at
   * the update revision, the update revision becomes the current one. Kubernetes 1.36 behaviour:
   * also under {@code OnDelete} (≤ 1.35 never promoted there).
   */
  public static void completeRollingUpdate(StatefulSet set, StatefulSetStatus status) {
    int wanted = StatefulSetPods.replicas(set);
    if (n(status.getUpdatedReplicas()) == wanted && n(status.getReadyReplicas()) == wanted && n(status.getReplicas()) == wanted) {
      status.setCurrentReplicas(status.getUpdatedReplicas());
      status.setCurrentRevision(status.getUpdateRevision());
    }
  }

  /**
   * §9.5: whether {@code status} must be written over {@code set}'s stored status: a newer
   * observedGeneration, or any counter or revision differing. ({@code collisionCount} and conditions
   * alone do not cause a write, as upstream.)
   */
  public static boolean inconsistent(StatefulSet set, StatefulSetStatus status) {
    StatefulSetStatus old = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
    return n(status.getObservedGeneration()) > n(old.getObservedGeneration())
        || n(status.getReplicas()) != n(old.getReplicas())
        || n(status.getReadyReplicas()) != n(old.getReadyReplicas())
        || n(status.getAvailableReplicas()) != n(old.getAvailableReplicas())
        || n(status.getCurrentReplicas()) != n(old.getCurrentReplicas())
        || n(status.getUpdatedReplicas()) != n(old.getUpdatedReplicas())
        || !Objects.equals(blank(status.getCurrentRevision()), blank(old.getCurrentRevision()))
        || !Objects.equals(blank(status.getUpdateRevision()), blank(old.getUpdateRevision()));
  }

  /**
   * What is written: {@code status} with the stored conditions kept (upstream drops them; the spec
   * allows keeping them, §9.6), and the omitempty counters as null when zero so the JSON looks like
   * upstream's ({@code replicas} and {@code availableReplicas} are always written).
   */
  public static StatefulSetStatus forWrite(StatefulSet set, StatefulSetStatus status) {
    StatefulSetStatus out = new StatefulSetStatus();
    out.setObservedGeneration(status.getObservedGeneration());
    out.setReplicas(n(status.getReplicas()));
    out.setAvailableReplicas(n(status.getAvailableReplicas()));
    out.setReadyReplicas(nonZero(status.getReadyReplicas()));
    out.setCurrentReplicas(nonZero(status.getCurrentReplicas()));
    out.setUpdatedReplicas(nonZero(status.getUpdatedReplicas()));
    out.setCurrentRevision(blank(status.getCurrentRevision()));
    out.setUpdateRevision(blank(status.getUpdateRevision()));
    out.setCollisionCount(status.getCollisionCount());
    if (set.getStatus() != null && set.getStatus().getConditions() != null && !set.getStatus().getConditions().isEmpty()) {
      out.setConditions(new ArrayList<>(set.getStatus().getConditions()));
    }
    return out;
  }

  private static long n(Long v) {
    return v == null ? 0 : v;
  }

  private static int n(Integer v) {
    return v == null ? 0 : v;
  }

  private static Integer nonZero(Integer v) {
    return v == null || v == 0 ? null : v;
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
