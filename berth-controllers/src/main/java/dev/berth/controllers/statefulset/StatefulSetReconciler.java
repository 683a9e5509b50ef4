package dev.berth.controllers.statefulset;

import static dev.berth.controllers.statefulset.StatefulSetPods.isCreated;
import static dev.berth.controllers.statefulset.StatefulSetPods.isFailed;
import static dev.berth.controllers.statefulset.StatefulSetPods.isPending;
import static dev.berth.controllers.statefulset.StatefulSetPods.isRunningAndAvailable;
import static dev.berth.controllers.statefulset.StatefulSetPods.isRunningAndReady;
import static dev.berth.controllers.statefulset.StatefulSetPods.isSucceeded;
import static dev.berth.controllers.statefulset.StatefulSetPods.isTerminating;
import static dev.berth.controllers.statefulset.StatefulSetPods.isUnavailable;
import static dev.berth.controllers.statefulset.StatefulSetPods.ordinalOf;
import static dev.berth.controllers.statefulset.StatefulSetPods.revisionOf;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.client.record.EventRecorder;
import dev.berth.controllers.history.ControllerRevisions;
import dev.berth.controllers.history.RevisionControl;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The StatefulSet algorithm, upstream's {@code defaultStatefulSetControl} ({@code
 * spec/statefulset.md} §7–§9): given a set, the pods it owns and its ControllerRevisions, it makes
 * the revisions, then makes at most one blocking step towards the spec through {@link
 * StatefulPodControl}, writes the status if it changed and trims the history. Progress happens over
 * many calls (level-triggered): every pod event brings the next step.
 *
 * <p>One pass, in order; any pass that says "stop" (or fails) ends it:
 *
 * <ol>
 *   <li>replicas: ordinals {@code [start, start+replicas)} lowest first — delete Failed/Succeeded
 *       pods, create missing ones (claims first), and with {@code OrderedReady} stop at the first
 *       pod that is missing, terminating, not Running+Ready or not yet available;
 *   <li>claims of condemned pods (ordinals outside the range) get their retention owner refs;
 *   <li>condemned pods are deleted highest ordinal first (with {@code OrderedReady} one at a time,
 *       each only once everything below is healthy and the previous one is gone);
 *   <li>with {@code RollingUpdate}, outdated pods with ordinal ≥ {@code start + partition} are
 *       deleted highest first, at most {@code maxUnavailable − unavailable} at once (the replica
 *       pass recreates them from the update revision). Worked example: 5 replicas, {@code
 *       maxUnavailable: 40%} → {@code floor(5 × 0.4) = 2}; with one pod unavailable already, one
 *       more is deleted now.
 * </ol>
 *
 * <p>berth's documented difference ({@code docs/differences-from-upstream.md}, kubernetes#67250):
 * with {@link #FORCED_ROLLBACK_ANNOTATION} not {@code "false"}, a pod that is not Running+Ready,
 * not terminating, at a revision other than the update revision, and whose replacement would be
 * made from the update revision, is deleted instead of waited for, so a fixed template rolls out
 * over a broken one. With {@code OrderedReady} this happens where the replica pass would stop at the
 * pod; with {@code Parallel} in the rolling-update step, before the budget is counted.
 *
 * <p>Not thread-safe per set: the work queue never runs two syncs of one key at once.
 */
public final class StatefulSetReconciler {
  private static final System.Logger LOG = System.getLogger(StatefulSetReconciler.class.getName());

  /** On a StatefulSet: {@code "false"} turns off the forced rollback of stuck outdated pods. */
  public static final String FORCED_ROLLBACK_ANNOTATION = "berth.dev/forced-rollback";

  private final StatefulPodControl podControl;
  private final RevisionControl revisionControl;
  private final StatefulSetStatusUpdater statusUpdater;
  private final EventRecorder recorder;
  private final Clock clock;
  private final boolean legacyRollingUpdate;

  /**
   * @param legacyRollingUpdate use the one-pod-at-a-time update step of Kubernetes ≤ 1.34 (gate
   *     {@code MaxUnavailableStatefulSet} off) instead of the {@code maxUnavailable} one (§7.8)
   */
  public StatefulSetReconciler(StatefulPodControl podControl, RevisionControl revisionControl, StatefulSetStatusUpdater statusUpdater,
      EventRecorder recorder, Clock clock, boolean legacyRollingUpdate) {
    this.podControl = Objects.requireNonNull(podControl);
    this.revisionControl = Objects.requireNonNull(revisionControl);
    this.statusUpdater = Objects.requireNonNull(statusUpdater);
    this.recorder = Objects.requireNonNull(recorder);
    this.clock = Objects.requireNonNull(clock);
    this.legacyRollingUpdate = legacyRollingUpdate;
  }

  public StatefulSetReconciler(StatefulPodControl podControl, RevisionControl revisionControl, StatefulSetStatusUpdater statusUpdater,
      EventRecorder recorder, Clock clock) {
    this(podControl, revisionControl, statusUpdater, recorder, clock, false);
  }

  /** Whether the set lets berth replace stuck outdated pods (the default). */
  public static boolean forcedRollback(StatefulSet set) {
    var a = set.getMetadata().getAnnotations();
    return a == null || !"false".equalsIgnoreCase(a.get(FORCED_ROLLBACK_ANNOTATION));
  }

  private record Revisions(ControllerRevision current, ControllerRevision update, int collisionCount) {}

  /** A pass step's verdict. */
  private enum Step { CONTINUE, STOP }

  /**
   * One sync of {@code set} (read only) with the pods it owns and the revisions it owns.
   *
   * @return the status computed (written only if it differs from the stored one)
   * @throws RuntimeException the first failure of this sync, after the status was written and the
   *     history trimmed
   */
  public StatefulSetStatus updateStatefulSet(StatefulSet set, List<Pod> pods, List<ControllerRevision> revisions) {
    set = new StatefulSetBuilder(set).build();
    List<ControllerRevision> sorted = ControllerRevisions.sorted(revisions);
    Revisions r = statefulSetRevisions(set, sorted);
    Sync sync = new Sync(set, r, clock.now());
    RuntimeException failure = null;
    try {
      sync.run(pods);
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      updateStatefulSetStatus(set, sync.status);
    } catch (RuntimeException e) {
      failure = addTo(failure, e);
    }
    try {
      truncateHistory(set, pods, sorted, r.current(), r.update());
    } catch (RuntimeException e) {
      failure = addTo(failure, e);
    }
    if (failure != null) {
      throw failure;
    }
    return sync.status;
  }

  private static RuntimeException addTo(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  // ---------------------------------------------------------------------------------------------
  // Revisions (§8.3, §8.5)

  private Revisions statefulSetRevisions(StatefulSet set, List<ControllerRevision> revisions) {
    int[] collisionCount = {set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0 : set.getStatus().getCollisionCount()};
    ControllerRevision proposed = StatefulSetRevisions.newRevision(set, ControllerRevisions.nextRevision(revisions), collisionCount[0]);
    List<ControllerRevision> equal = ControllerRevisions.findEqual(revisions, proposed);
    ControllerRevision update;
    if (!equal.isEmpty() && ControllerRevisions.equal(revisions.getLast(), equal.getLast())) {
      update = revisions.getLast();
    } else if (!equal.isEmpty()) {
      update = revisionControl.updateControllerRevision(equal.getLast(), proposed.getRevision());
    } else {
      update = ControllerRevisions.create(revisionControl, set.getMetadata().getName(), proposed, collisionCount);
    }
    ControllerRevision current = null;
    String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
    for (ControllerRevision rev : revisions) {
      if (rev.getMetadata().getName().equals(currentName)) {
        current = rev;
        break;
      }
    }
    return new Revisions(current == null ? update : current, update, collisionCount[0]);
  }

  /**
   * Deletes the oldest revisions that no pod, nor the current or update revision, uses, until only
   * {@code revisionHistoryLimit} unused ones remain.
   */
  private void truncateHistory(StatefulSet set, List<Pod> pods, List<ControllerRevision> revisions, ControllerRevision current,
      ControllerRevision update) {
    Set<String> live = new HashSet<>();
    live.add(current.getMetadata().getName());
    live.add(update.getMetadata().getName());
    for (Pod p : pods) {
      String rev = revisionOf(p);
      if (rev != null) {
        live.add(rev);
      }
    }
    List<ControllerRevision> history = new ArrayList<>();
    for (ControllerRevision rev : revisions) {
      if (!live.contains(rev.getMetadata().getName())) {
        history.add(rev);
      }
    }
    Integer limit = set.getSpec().getRevisionHistoryLimit();
    int keep = limit == null ? 10 : limit;
    if (keep < 0 || history.size() <= keep) {
      return;
    }
    for (ControllerRevision rev : history.subList(0, history.size() - keep)) {
      revisionControl.deleteControllerRevision(rev);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Status (§9.4, §9.5)

  private void updateStatefulSetStatus(StatefulSet set, StatefulSetStatus status) {
    StatefulSetStatuses.completeRollingUpdate(set, status);
    if (!StatefulSetStatuses.inconsistent(set, status)) {
      return;
    }
    statusUpdater.updateStatefulSetStatus(set, StatefulSetStatuses.forWrite(set, status));
  }

  // ---------------------------------------------------------------------------------------------
  // Pods (§7.2–§7.9)

  /** The working state of one sync. */
  private final class Sync {
    final StatefulSet set;
    final StatefulSet currentSet;
    final StatefulSet updateSet;
    final ControllerRevision current;
    final ControllerRevision update;
    final Instant now;
    final boolean monotonic;
    final int start;
    final int minReadySeconds;
    StatefulSetStatus status;
    Pod[] replicas;
    List<Pod> condemned;
    Pod firstUnavailablePod;
    /** Pods deleted this sync by the update step or the forced rollback: not yet terminating in our lists. */
    int deletedOutdated;

    Sync(StatefulSet set, Revisions r, Instant now) {
      this.set = set;
      this.current = r.current();
      this.update = r.update();
      this.currentSet = StatefulSetRevisions.applyRevision(set, r.current());
      this.updateSet = r.update() == r.current() ? currentSet : StatefulSetRevisions.applyRevision(set, r.update());
      this.now = now;
      this.monotonic = !StatefulSetPods.allowsBurst(set);
      this.start = StatefulSetPods.startOrdinal(set);
      this.minReadySeconds = StatefulSetPods.minReadySeconds(set);
      this.status = StatefulSetStatuses.compute(generation(set), name(current), name(update), r.collisionCount(), List.of(),
          minReadySeconds, now);
    }

    void run(List<Pod> pods) {
      StatefulSetStatuses.recount(status, pods, minReadySeconds, now);
      int replicaCount = StatefulSetPods.replicas(set);
      replicas = new Pod[replicaCount];
      condemned = new ArrayList<>();
      int end = start + replicaCount - 1;
      for (Pod pod : pods) {
        int ord = ordinalOf(pod);
        if (ord >= start && ord <= end) {
          replicas[ord - start] = pod;
        } else if (ord >= 0) {
          condemned.add(pod);
        }
      }
      for (int i = 0; i < replicaCount; i++) {
        if (replicas[i] == null) {
          replicas[i] = newVersionedStatefulSetPod(start + i);
        }
      }
      condemned.sort(Comparator.comparingInt(StatefulSetPods::ordinalOf).reversed());
      for (Pod p : replicas) {
        if (isUnavailable(p, minReadySeconds, now)) {
          firstUnavailablePod = p;
          break;
        }
      }
      if (firstUnavailablePod == null) {
        for (int i = condemned.size() - 1; i >= 0; i--) {
          if (isUnavailable(condemned.get(i), minReadySeconds, now)) {
            firstUnavailablePod = condemned.get(i);
            break;
          }
        }
      }
      if (set.getMetadata().getDeletionTimestamp() != null) {
        return;
      }
      try {
        if (runForAll(replicaCount, this::processReplica)) {
          return;
        }
        if (runForAll(condemned.size(), this::fixCondemnedClaims)) {
          return;
        }
        if (runForAll(condemned.size(), this::processCondemned)) {
          return;
        }
      } finally {
        recountAll();
      }
      if (StatefulSetPods.isOnDelete(set)) {
        return;
      }
      if (legacyRollingUpdate) {
        legacyRollingUpdateStep();
      } else {
        rollingUpdateStep();
      }
    }

    private void recountAll() {
      List<Pod> all = new ArrayList<>(List.of(replicas));
      all.addAll(condemned);
      StatefulSetStatuses.recount(status, all, minReadySeconds, now);
      status.setCurrentReplicas(status.getCurrentReplicas() - deletedOutdated);
    }

    /**
     * Runs {@code step} over {@code [0, n)}. Monotonic: in order, until one says stop; returns
     * whether one did. Burst: in slow-start batches (1, 2, 4, …), run one after the other here;
     * "stop" is ignored, and the first failure ends the batches and is thrown.
     *
     * @return true when the sync must end here
     */
    private boolean runForAll(int n, java.util.function.IntFunction<Step> step) {
      if (monotonic) {
        for (int i = 0; i < n; i++) {
          if (step.apply(i) == Step.STOP) {
            return true;
          }
        }
        return false;
      }
      int next = 0;
      for (int batch = 1; next < n; batch = Math.min(batch * 2, 500)) {
        RuntimeException failure = null;
        int size = Math.min(batch, n - next);
        for (int i = next; i < next + size; i++) {
          try {
            step.apply(i);
          } catch (RuntimeException e) {
            failure = addTo(failure, e);
          }
        }
        if (failure != null) {
          throw failure;
        }
        next += size;
      }
      return false;
    }

    /** §7.5, in upstream's order of checks. */
    private Step processReplica(int i) {
      Pod pod = replicas[i];
      if (isFailed(pod) || isSucceeded(pod)) {
        if (!isTerminating(pod)) {
          if (isFailed(pod)) {
            recorder.event(set, null, EventRecorder.WARNING, "RecreatingFailedPod", "StatefulSet " + key() + " is recreating failed Pod "
                + pod.getMetadata().getName());
          } else {
            recorder.event(set, null, EventRecorder.NORMAL, "RecreatingTerminatedPod", "StatefulSet " + key()
                + " is recreating terminated Pod " + pod.getMetadata().getName());
          }
          podControl.deleteStatefulPod(set, pod);
        }
        return Step.STOP;
      }
      if (!isCreated(pod)) {
        if (podControl.podClaimIsStale(set, pod)) {
          return Step.STOP;
        }
        podControl.createStatefulPod(set, pod);
        return monotonic ? Step.STOP : Step.CONTINUE;
      }
      if (isPending(pod)) {
        podControl.createMissingPersistentVolumeClaims(set, pod);
        if (!podControl.claimsMatchRetentionPolicy(updateSet, pod)) {
          podControl.updatePodClaimForRetentionPolicy(updateSet, pod);
        }
      }
      if (monotonic && isTerminating(pod)) {
        return Step.STOP;
      }
      if (monotonic && !isRunningAndReady(pod)) {
        if (isStuckOutdated(i)) {
          forceRollback(pod);
        }
        return Step.STOP;
      }
      if (monotonic && !isRunningAndAvailable(pod, minReadySeconds, now)) {
        return Step.STOP;
      }
      boolean retentionOk;
      try {
        retentionOk = podControl.claimsMatchRetentionPolicy(updateSet, pod);
      } catch (RuntimeException e) {
        retentionOk = true;
      }
      if (StatefulSetPods.identityMatches(set, pod) && StatefulSetPods.storageMatches(set, pod) && retentionOk) {
        return Step.CONTINUE;
      }
      podControl.updateStatefulPod(updateSet, new PodBuilder(pod).build());
      return Step.CONTINUE;
    }

    private Step fixCondemnedClaims(int i) {
      Pod pod = condemned.get(i);
      if (!podControl.claimsMatchRetentionPolicy(updateSet, pod)) {
        podControl.updatePodClaimForRetentionPolicy(updateSet, pod);
      }
      return Step.CONTINUE;
    }

    /** §7.6: condemned pods, highest ordinal first. */
    private Step processCondemned(int i) {
      Pod pod = condemned.get(i);
      if (isTerminating(pod)) {
        return monotonic ? Step.STOP : Step.CONTINUE;
      }
      if (monotonic && !isRunningAndReady(pod) && pod != firstUnavailablePod) {
        return Step.STOP;
      }
      if (monotonic && !isRunningAndAvailable(pod, minReadySeconds, now) && pod != firstUnavailablePod) {
        return Step.STOP;
      }
      podControl.deleteStatefulPod(set, pod);
      return Step.STOP;
    }

    /** §7.8 (A), the {@code maxUnavailable} update step, plus the forced rollback for burst sets. */
    private void rollingUpdateStep() {
      RollingUpdateStatefulSetStrategy ru = set.getSpec().getUpdateStrategy() == null ? null
          : set.getSpec().getUpdateStrategy().getRollingUpdate();
      int updateMin = ru == null ? 0 : partition(ru);
      int maxUnavailable = ru == null ? 1 : maxUnavailable(ru.getMaxUnavailable(), replicas.length);
      if (!monotonic) {
        for (int target = replicas.length - 1; target >= updateMin; target--) {
          if (isStuckOutdated(target)) {
            forceRollback(replicas[target]);
          }
        }
      }
      int unavailable = 0;
      for (Pod p : replicas) {
        if (isUnavailable(p, minReadySeconds, now)) {
          unavailable++;
        }
      }
      if (unavailable >= maxUnavailable) {
        return;
      }
      int budget = maxUnavailable - unavailable;
      int deleted = 0;
      for (int target = replicas.length - 1; target >= updateMin && deleted < budget; target--) {
        Pod pod = replicas[target];
        if (!name(update).equals(revisionOf(pod)) && !isTerminating(pod)) {
          deleteOutdated(pod);
          deleted++;
        }
      }
    }

    /** §7.8 (B), Kubernetes ≤ 1.34: one outdated pod per sync, stopping at the first unavailable one. */
    private void legacyRollingUpdateStep() {
      RollingUpdateStatefulSetStrategy ru = set.getSpec().getUpdateStrategy() == null ? null
          : set.getSpec().getUpdateStrategy().getRollingUpdate();
      int updateMin = ru == null ? 0 : partition(ru);
      for (int target = replicas.length - 1; target >= updateMin; target--) {
        Pod pod = replicas[target];
        if (!name(update).equals(revisionOf(pod)) && !isTerminating(pod)) {
          deleteOutdated(pod);
          return;
        }
        if (isUnavailable(pod, minReadySeconds, now)) {
          return;
        }
      }
    }

    private void deleteOutdated(Pod pod) {
      try {
        podControl.deleteStatefulPod(set, pod);
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
      deletedOutdated++;
      status.setCurrentReplicas(status.getCurrentReplicas() - 1);
    }

    /**
     * The forced-rollback condition for slot {@code i}: enabled on the set, {@code RollingUpdate},
     * the pod exists, is not terminating, not Running+Ready, not at the update revision, and its
     * replacement would be made from the update revision (§7.9, with this deletion counted).
     */
    private boolean isStuckOutdated(int i) {
      Pod pod = replicas[i];
      if (!forcedRollback(set) || StatefulSetPods.isOnDelete(set) || !isCreated(pod) || isTerminating(pod)
          || isRunningAndReady(pod) || name(update).equals(revisionOf(pod)) || name(update).equals(name(current))) {
        return false;
      }
      RollingUpdateStatefulSetStrategy ru = set.getSpec().getUpdateStrategy() == null ? null
          : set.getSpec().getUpdateStrategy().getRollingUpdate();
      if (ru != null) {
        return i >= partition(ru);
      }
      List<Pod> all = new ArrayList<>(List.of(replicas));
      all.addAll(condemned);
      StatefulSetStatus after = StatefulSetStatuses.compute(0, name(current), name(update), null, all, minReadySeconds, now);
      return i >= after.getCurrentReplicas() - deletedOutdated - 1;
    }

    private void forceRollback(Pod pod) {
      LOG.log(System.Logger.Level.DEBUG, "statefulset " + key() + ": replacing " + pod.getMetadata().getName()
          + ", not ready at revision " + revisionOf(pod) + ", with one at update revision " + name(update));
      recorder.event(set, null, EventRecorder.NORMAL, "RecreatingOutdatedPod", "StatefulSet " + key() + " is recreating Pod "
          + pod.getMetadata().getName() + ": not ready at revision " + revisionOf(pod) + " while the update revision is "
          + name(update));
      deleteOutdated(pod);
    }

    /**
     * §7.9: ordinals below the partition (or, without a rollingUpdate block, below the stored
     * {@code status.currentReplicas}) come from the current revision, the rest from the update
     * revision.
     */
    private Pod newVersionedStatefulSetPod(int ordinal) {
      var strategy = currentSet.getSpec().getUpdateStrategy();
      RollingUpdateStatefulSetStrategy ru = strategy == null ? null : strategy.getRollingUpdate();
      boolean rolling = strategy == null || strategy.getType() == null || "RollingUpdate".equals(strategy.getType());
      int storedCurrent = set.getStatus() == null || set.getStatus().getCurrentReplicas() == null ? 0 : set.getStatus().getCurrentReplicas();
      if ((rolling && ru == null && ordinal < start + storedCurrent) || (ru != null && ordinal < start + partition(ru))) {
        return StatefulSetPods.newStatefulSetPod(currentSet, ordinal, name(current));
      }
      return StatefulSetPods.newStatefulSetPod(updateSet, ordinal, name(update));
    }

    private String key() {
      return set.getMetadata().getNamespace() + "/" + set.getMetadata().getName();
    }
  }

  /**
   * {@code maxUnavailable} of {@code replicas}: an int, or a percentage rounded <b>down</b>; at
   * least 1 (e.g. {@code "50%"} of 3 → 1; unset → 1).
   */
  public static int maxUnavailable(IntOrString value, int replicas) {
    int v;
    if (value == null) {
      v = 1;
    } else if (value.getIntVal() != null) {
      v = value.getIntVal();
    } else {
      String s = value.getStrVal() == null ? "" : value.getStrVal().trim();
      if (!s.endsWith("%")) {
        throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage: " + s);
      }
      v = (int) Math.floor(Integer.parseInt(s.substring(0, s.length() - 1)) * (double) replicas / 100.0);
    }
    return Math.max(v, 1);
  }

  private static int partition(RollingUpdateStatefulSetStrategy ru) {
    return ru.getPartition() == null ? 0 : ru.getPartition();
  }

  private static String name(ControllerRevision r) {
    return r.getMetadata().getName();
  }

  private static long generation(StatefulSet set) {
    return set.getMetadata().getGeneration() == null ? 0 : set.getMetadata().getGeneration();
  }
}
