package dev.berth.controllers.statefulset;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.client.record.EventRecorder;
import dev.berth.controllers.history.RevisionControl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A stateful fake of every side-effect seam of {@link StatefulSetReconciler}: pods, claims,
 * ControllerRevisions, the set's status and events live in maps; the n-th write from now fails
 * ({@link #failNthCall}) without effect. Created pods are {@code Pending} with a UID; a deleted pod
 * stays terminating until the test calls {@link #podGone}, which, like the garbage collector, also
 * deletes claims whose pod owner reference names it.
 */
final class FakeStatefulPodControl implements StatefulPodControl, RevisionControl, StatefulSetStatusUpdater, EventRecorder {
  record Op(String verb, String name) {
    @Override
    public String toString() {
      return verb + " " + name;
    }
  }

  private final Clock clock;
  private final TreeMap<String, Pod> pods = new TreeMap<>();
  private final TreeMap<String, PersistentVolumeClaim> claims = new TreeMap<>();
  private final TreeMap<String, ControllerRevision> revisions = new TreeMap<>();
  private final List<Op> ops = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private StatefulSet set;
  private long uids;
  private long resourceVersion;
  private int failIn;
  /** Called with (set as the reconciler saw it, pod) before a pod is created or deleted: invariant checks. */
  BiConsumer<StatefulSet, Pod> beforeCreate = (s, p) -> {};
  BiConsumer<StatefulSet, Pod> beforeDelete = (s, p) -> {};

  FakeStatefulPodControl(Clock clock, StatefulSet set) {
    this.clock = clock;
    this.set = set;
  }

  // ---------------------------------------------------------------------------------------------
  // test side

  StatefulSet set() {
    return set;
  }

  /** A user's spec change: generation bumped when the spec changed. */
  void userUpdate(java.util.function.UnaryOperator<StatefulSet> change) {
    StatefulSet next = change.apply(new StatefulSetBuilder(set).build());
    if (!next.getSpec().equals(set.getSpec())) {
      next.getMetadata().setGeneration(set.getMetadata().getGeneration() + 1);
    }
    set = next;
  }

  /** The n-th (1-based) write from now throws a 500 and changes nothing. */
  void failNthCall(int n) {
    failIn = n;
  }

  List<Pod> pods() {
    return new ArrayList<>(pods.values().stream().map(p -> new PodBuilder(p).build()).toList());
  }

  Pod pod(String name) {
    return pods.get(name);
  }

  Map<String, PersistentVolumeClaim> claims() {
    return claims;
  }

  List<ControllerRevision> revisions() {
    return revisions.values().stream().map(r -> new ControllerRevisionBuilder(r).build()).toList();
  }

  List<Op> ops() {
    return ops;
  }

  List<String> events() {
    return events;
  }

  /** The kubelet's side: replace the stored pod. */
  void setPod(Pod pod) {
    pod.getMetadata().setResourceVersion(Long.toString(++resourceVersion));
    pods.put(pod.getMetadata().getName(), pod);
  }

  /** The pod object disappears (its process is dead); claims it owns go with it. */
  void podGone(String name) {
    Pod gone = pods.remove(name);
    if (gone == null) {
      return;
    }
    claims.values().removeIf(c -> c.getMetadata().getOwnerReferences() != null && c.getMetadata().getOwnerReferences().stream()
        .anyMatch(r -> "Pod".equals(r.getKind()) && gone.getMetadata().getUid().equals(r.getUid())));
  }

  /** A user deletes the pod: it turns terminating. */
  void userDelete(String name) {
    Pod p = pods.get(name);
    if (p != null && p.getMetadata().getDeletionTimestamp() == null) {
      p.getMetadata().setDeletionTimestamp(clock.now().toString());
    }
  }

  private void maybeFail(String what) {
    if (failIn > 0 && --failIn == 0) {
      throw ApiException.internal("injected failure of " + what);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // StatefulPodControl

  @Override
  public void createStatefulPod(StatefulSet s, Pod pod) {
    for (PersistentVolumeClaim claim : StatefulSetPods.claimsFor(s, StatefulSetPods.ordinalOf(pod)).values()) {
      PersistentVolumeClaim existing = claims.get(claim.getMetadata().getName());
      if (existing == null) {
        maybeFail("create claim " + claim.getMetadata().getName());
        claim.getMetadata().setUid("claim-uid-" + (++uids));
        claims.put(claim.getMetadata().getName(), claim);
        ops.add(new Op("createClaim", claim.getMetadata().getName()));
      } else if (existing.getMetadata().getDeletionTimestamp() != null) {
        throw new IllegalStateException("pvc " + claim.getMetadata().getName() + " is being deleted");
      }
    }
    if (pods.containsKey(pod.getMetadata().getName())) {
      throw ApiException.alreadyExists(dev.berth.api.ResourceRegistry.standard().byKind("v1", "Pod").orElseThrow(), pod.getMetadata().getName());
    }
    maybeFail("create pod " + pod.getMetadata().getName());
    beforeCreate.accept(s, pod);
    Pod created = new PodBuilder(pod).editMetadata().withUid("pod-uid-" + (++uids)).withCreationTimestamp(clock.now().toString())
        .endMetadata().withNewStatus().withPhase("Pending").endStatus().build();
    setPod(created);
    ops.add(new Op("create", pod.getMetadata().getName()));
    event(s, null, NORMAL, "SuccessfulCreate", "create Pod " + pod.getMetadata().getName() + " in StatefulSet " + s.getMetadata().getName()
        + " successful");
    updatePodClaimForRetentionPolicy(s, created);
  }

  @Override
  public void updateStatefulPod(StatefulSet s, Pod pod) {
    maybeFail("update pod " + pod.getMetadata().getName());
    StatefulSetPods.updateIdentity(s, pod);
    StatefulSetPods.updateStorage(s, pod);
    createMissingPersistentVolumeClaims(s, pod);
    updatePodClaimForRetentionPolicy(s, pod);
    setPod(pod);
    ops.add(new Op("update", pod.getMetadata().getName()));
  }

  @Override
  public void deleteStatefulPod(StatefulSet s, Pod pod) {
    Pod stored = pods.get(pod.getMetadata().getName());
    if (stored == null) {
      throw ApiException.notFound("", "pods", pod.getMetadata().getName());
    }
    maybeFail("delete pod " + pod.getMetadata().getName());
    beforeDelete.accept(s, stored);
    if (stored.getMetadata().getDeletionTimestamp() == null) {
      stored.getMetadata().setDeletionTimestamp(clock.now().toString());
    }
    ops.add(new Op("delete", pod.getMetadata().getName()));
    event(s, null, NORMAL, "SuccessfulDelete", "delete Pod " + pod.getMetadata().getName() + " in StatefulSet " + s.getMetadata().getName()
        + " successful");
  }

  @Override
  public boolean claimsMatchRetentionPolicy(StatefulSet s, Pod pod) {
    for (PersistentVolumeClaim wanted : StatefulSetPods.claimsFor(s, StatefulSetPods.ordinalOf(pod)).values()) {
      PersistentVolumeClaim c = claims.get(wanted.getMetadata().getName());
      if (c != null && !StatefulSetPods.isClaimOwnerUpToDate(c, s, pod)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void updatePodClaimForRetentionPolicy(StatefulSet s, Pod pod) {
    for (PersistentVolumeClaim wanted : StatefulSetPods.claimsFor(s, StatefulSetPods.ordinalOf(pod)).values()) {
      PersistentVolumeClaim c = claims.get(wanted.getMetadata().getName());
      if (c == null || StatefulSetPods.isClaimOwnerUpToDate(c, s, pod)) {
        continue;
      }
      PersistentVolumeClaim copy = new PersistentVolumeClaimBuilder(c).build();
      if (StatefulSetPods.updateClaimOwnerRefs(copy, s, pod)) {
        maybeFail("update claim " + c.getMetadata().getName());
        claims.put(copy.getMetadata().getName(), copy);
        ops.add(new Op("updateClaim", copy.getMetadata().getName()));
      }
    }
  }

  @Override
  public boolean podClaimIsStale(StatefulSet s, Pod pod) {
    for (PersistentVolumeClaim wanted : StatefulSetPods.claimsFor(s, StatefulSetPods.ordinalOf(pod)).values()) {
      PersistentVolumeClaim c = claims.get(wanted.getMetadata().getName());
      if (c != null && StatefulSetPods.isClaimStale(c, s, pod)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void createMissingPersistentVolumeClaims(StatefulSet s, Pod pod) {
    for (PersistentVolumeClaim claim : StatefulSetPods.claimsFor(s, StatefulSetPods.ordinalOf(pod)).values()) {
      if (!claims.containsKey(claim.getMetadata().getName())) {
        maybeFail("create claim " + claim.getMetadata().getName());
        claim.getMetadata().setUid("claim-uid-" + (++uids));
        claims.put(claim.getMetadata().getName(), claim);
        ops.add(new Op("createClaim", claim.getMetadata().getName()));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // RevisionControl

  @Override
  public ControllerRevision getControllerRevision(String namespace, String name) {
    return revisions.get(name);
  }

  @Override
  public ControllerRevision createControllerRevision(ControllerRevision revision) {
    if (revisions.containsKey(revision.getMetadata().getName())) {
      throw ApiException.alreadyExists(dev.berth.api.ResourceRegistry.standard().byKind("apps/v1", "ControllerRevision").orElseThrow(),
          revision.getMetadata().getName());
    }
    maybeFail("create revision " + revision.getMetadata().getName());
    ControllerRevision created = new ControllerRevisionBuilder(revision).editMetadata().withUid("rev-uid-" + (++uids))
        .withCreationTimestamp(clock.now().toString()).endMetadata().build();
    revisions.put(created.getMetadata().getName(), created);
    ops.add(new Op("createRevision", created.getMetadata().getName()));
    return created;
  }

  /** For collision tests: store a revision as is. */
  void putRevision(ControllerRevision r) {
    revisions.put(r.getMetadata().getName(), r);
  }

  @Override
  public ControllerRevision updateControllerRevision(ControllerRevision revision, long newRevision) {
    maybeFail("update revision " + revision.getMetadata().getName());
    ControllerRevision updated = new ControllerRevisionBuilder(revisions.get(revision.getMetadata().getName())).withRevision(newRevision).build();
    revisions.put(updated.getMetadata().getName(), updated);
    ops.add(new Op("updateRevision", updated.getMetadata().getName()));
    return updated;
  }

  @Override
  public void deleteControllerRevision(ControllerRevision revision) {
    maybeFail("delete revision " + revision.getMetadata().getName());
    revisions.remove(revision.getMetadata().getName());
    ops.add(new Op("deleteRevision", revision.getMetadata().getName()));
  }

  // ---------------------------------------------------------------------------------------------
  // status, events

  @Override
  public void updateStatefulSetStatus(StatefulSet s, StatefulSetStatus status) {
    maybeFail("update status");
    set = new StatefulSetBuilder(set).withStatus(status).build();
    ops.add(new Op("updateStatus", s.getMetadata().getName()));
  }

  @Override
  public void event(HasMetadata object, String fieldPath, String type, String reason, String message) {
    events.add(type + " " + reason + " " + message);
  }

  static boolean ownedBy(PersistentVolumeClaim c, String kind) {
    List<OwnerReference> refs = c.getMetadata().getOwnerReferences();
    return refs != null && refs.stream().anyMatch(r -> kind.equals(r.getKind()));
  }
}
