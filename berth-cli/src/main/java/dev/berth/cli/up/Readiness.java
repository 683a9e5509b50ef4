package dev.berth.cli.up;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

/**
 * Whether an applied object has come up, with the rules of {@code kubectl rollout status} (its
 * {@code StatusViewer}s) and {@code kubectl wait --for=condition=Ready} for pods.
 *
 * @param ready done waiting for it
 * @param progress for the progress lines, e.g. {@code 2/3 ready}
 */
public record Readiness(boolean ready, String progress) {

  /** Objects that run nothing (Services, ConfigMaps, claims ...) are ready once applied. */
  public static Readiness of(HasMetadata object) {
    return switch (object) {
      case StatefulSet s -> statefulSet(s);
      case Deployment d -> deployment(d);
      case ReplicaSet r -> replicaSet(r);
      case Pod p -> isPodReady(p) ? new Readiness(true, "ready")
          : "Succeeded".equals(phase(p)) ? new Readiness(true, "completed")
          : new Readiness(false, phase(p) == null ? "Pending" : phase(p));
      default -> new Readiness(true, "applied");
    };
  }

  /**
   * Ready when the controller has seen the current generation, every replica is on the update
   * revision ({@code updatedReplicas == replicas}, {@code currentRevision == updateRevision}) and
   * ready. {@code OnDelete} sets skip the revision check, as kubectl does (it cannot wait for
   * them); a partitioned rolling update waits only for the ordinals at or above the partition.
   */
  static Readiness statefulSet(StatefulSet s) {
    int want = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    StatefulSetStatus st = s.getStatus();
    if (st == null || !observed(s, st.getObservedGeneration())) {
      return new Readiness(false, "0/" + want + " ready");
    }
    int ready = n(st.getReadyReplicas());
    String progress = ready + "/" + want + " ready";
    if (ready < want || n(st.getReplicas()) > want) {
      return new Readiness(false, progress);
    }
    var strategy = s.getSpec().getUpdateStrategy();
    if (strategy != null && "OnDelete".equals(strategy.getType())) {
      return new Readiness(true, progress);
    }
    Integer partition = strategy == null || strategy.getRollingUpdate() == null ? null : strategy.getRollingUpdate().getPartition();
    if (partition != null && partition > 0) {
      return new Readiness(n(st.getUpdatedReplicas()) >= want - partition, progress + ", " + n(st.getUpdatedReplicas()) + " updated");
    }
    if (n(st.getUpdatedReplicas()) < want) {
      return new Readiness(false, progress + ", " + n(st.getUpdatedReplicas()) + "/" + want + " updated");
    }
    if (st.getUpdateRevision() != null && !st.getUpdateRevision().equals(st.getCurrentRevision())) {
      return new Readiness(false, progress + ", rolling out revision " + st.getUpdateRevision());
    }
    return new Readiness(true, progress);
  }

  /** kubectl's DeploymentStatusViewer: all replicas updated, old ones gone, updated ones available. */
  static Readiness deployment(Deployment d) {
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    DeploymentStatus st = d.getStatus();
    if (st == null || !observed(d, st.getObservedGeneration())) {
      return new Readiness(false, "0/" + want + " available");
    }
    int updated = n(st.getUpdatedReplicas());
    int available = n(st.getAvailableReplicas());
    String progress = available + "/" + want + " available";
    boolean ready = updated >= want && n(st.getReplicas()) <= updated && available >= updated;
    return new Readiness(ready, progress);
  }

  static Readiness replicaSet(ReplicaSet r) {
    int want = r.getSpec().getReplicas() == null ? 1 : r.getSpec().getReplicas();
    ReplicaSetStatus st = r.getStatus();
    if (st == null || !observed(r, st.getObservedGeneration())) {
      return new Readiness(false, "0/" + want + " ready");
    }
    int ready = n(st.getReadyReplicas());
    return new Readiness(ready >= want && n(st.getReplicas()) == want, ready + "/" + want + " ready");
  }

  public static boolean isPodReady(Pod p) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : p.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  static String phase(Pod p) {
    return p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  private static boolean observed(HasMetadata o, Long observedGeneration) {
    Long generation = o.getMetadata().getGeneration();
    return observedGeneration != null && (generation == null || observedGeneration >= generation);
  }

  private static int n(Integer i) {
    return i == null ? 0 : i;
  }
}
