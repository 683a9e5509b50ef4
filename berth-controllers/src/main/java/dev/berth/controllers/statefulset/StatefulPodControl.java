package dev.berth.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * The side effects of the StatefulSet algorithm on pods and their claims, like upstream's {@code
 * StatefulPodControlInterface} ({@code spec/statefulset.md} §4.4, §7.5, §10). Every method either
 * succeeds or throws {@link dev.berth.api.ApiException} (or another runtime exception) with
 * nothing more done than it says; the reconciler lets the exception end the sync, which the work
 * queue retries with back-off. Implementations record the upstream events ({@code
 * SuccessfulCreate}, {@code FailedCreate}, {@code SuccessfulDelete}, …) on the set.
 */
public interface StatefulPodControl {

  /**
   * Creates {@code pod}'s missing claims first (a claim being deleted fails the call: "pvc X is being
   * deleted"), then the pod (409 AlreadyExists is thrown without an event), then brings the claims'
   * owner references in line with the retention policy.
   */
  void createStatefulPod(StatefulSet set, Pod pod);

  /**
   * Repairs {@code pod} (a copy the caller gives away): identity labels, claim volumes (creating
   * missing claims) and claims' owner references; updates the pod if anything changed, re-reading
   * and retrying on conflict.
   */
  void updateStatefulPod(StatefulSet set, Pod pod);

  /** Deletes {@code pod} (404 is thrown as is: the caller decides whether it matters). */
  void deleteStatefulPod(StatefulSet set, Pod pod);

  /** Whether every existing claim of {@code pod} has the owner references the retention policy wants. */
  boolean claimsMatchRetentionPolicy(StatefulSet set, Pod pod);

  /** Fixes the owner references of {@code pod}'s existing claims that are not up to date. */
  void updatePodClaimForRetentionPolicy(StatefulSet set, Pod pod);

  /** §10.4: whether a claim of {@code pod} still belongs to an earlier pod of that name (so wait). */
  boolean podClaimIsStale(StatefulSet set, Pod pod);

  /** Creates the claims of {@code pod} that do not exist (how a claim deleted under a Pending pod comes back). */
  void createMissingPersistentVolumeClaims(StatefulSet set, Pod pod);
}
