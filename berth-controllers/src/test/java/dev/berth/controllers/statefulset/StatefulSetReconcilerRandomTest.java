package dev.berth.controllers.statefulset;

import static dev.berth.controllers.statefulset.StatefulSetFixtures.failed;
import static dev.berth.controllers.statefulset.StatefulSetFixtures.isBroken;
import static dev.berth.controllers.statefulset.StatefulSetFixtures.ready;
import static dev.berth.controllers.statefulset.StatefulSetFixtures.running;
import static dev.berth.controllers.statefulset.StatefulSetPods.isRunningAndAvailable;
import static dev.berth.controllers.statefulset.StatefulSetPods.isRunningAndReady;
import static dev.berth.controllers.statefulset.StatefulSetPods.isTerminating;
import static dev.berth.controllers.statefulset.StatefulSetPods.ordinalOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link StatefulSetReconciler} with a seeded {@link Random}: one thing happens per step (a
 * sync, a pod turning Running, Ready, unready or Failed, a pod object going away, a user deleting a
 * pod, scaling, changing the template — sometimes to one whose pods never become Ready —, the
 * partition or maxUnavailable, the clock moving, the n-th write failing), and after every step the
 * invariants are checked:
 *
 * <ul>
 *   <li>OrderedReady: a pod is only created when every lower ordinal in range exists, is Running,
 *       Ready, available and not terminating; a condemned pod is only deleted when every pod in
 *       range is so and no higher condemned pod is left;
 *   <li>pods are only created in range; at most one per identity; identity (name, labels, hostname,
 *       subdomain, controller) and storage (claim volumes, claims existing before the pod) match;
 *   <li>every pod's revision exists.
 * </ul>
 *
 * Then the world calms down (a good template, partition 0, no failures, pods progress) and the set
 * must converge: exactly the ordinals in range, all Ready at the update revision, and the status
 * upstream would show. A failure message names the seed; rerun one with {@code -Dsts.seed=N}.
 */
class StatefulSetReconcilerRandomTest {
  /** About 0.1 s per run; {@code -Dsts.runs=1000} for a longer search. */
  private static final int RUNS = Integer.getInteger("sts.runs", 40);
  private static final int STEPS = 250;

  @Test
  void randomWorldsKeepTheInvariantsAndConverge() {
    String fixed = System.getProperty("sts.seed");
    long base = fixed != null ? Long.parseLong(fixed) : 20260101L;
    int runs = fixed != null ? 1 : RUNS;
    for (int i = 0; i < runs; i++) {
      long seed = base + i;
      try {
        new World(seed).run();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("seed " + seed + " (rerun with -Dsts.seed=" + seed + "): " + e.getMessage(), e);
      }
    }
  }

  private static final class World {
    final long seed;
    final Random random;
    final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    final FakeStatefulPodControl control;
    final StatefulSetReconciler reconciler;
    final List<String> log = new ArrayList<>();
    int image = 1;

    World(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      StatefulSetBuilder b = StatefulSetFixtures.web(random.nextInt(5));
      if (random.nextBoolean()) {
        b.editSpec().withPodManagementPolicy("Parallel").endSpec();
      }
      switch (random.nextInt(4)) {
        case 0 -> b.editSpec().editUpdateStrategy().withRollingUpdate(null).endUpdateStrategy().endSpec();
        case 1 -> b.editSpec().editUpdateStrategy().withType("OnDelete").withRollingUpdate(null).endUpdateStrategy().endSpec();
        default -> {
        }
      }
      if (random.nextInt(3) == 0) {
        b.editSpec().withNewOrdinals(random.nextInt(3)).endSpec();
      }
      if (random.nextInt(3) == 0) {
        b.editSpec().withMinReadySeconds(5).endSpec();
      }
      String[] policies = {"Retain", "Delete"};
      b.editSpec().editPersistentVolumeClaimRetentionPolicy().withWhenDeleted(policies[random.nextInt(2)])
          .withWhenScaled(policies[random.nextInt(2)]).endPersistentVolumeClaimRetentionPolicy().endSpec();
      StatefulSet set = b.build();
      if (random.nextBoolean()) {
        set = StatefulSetFixtures.withClaims(set);
      }
      control = new FakeStatefulPodControl(clock, set);
      reconciler = new StatefulSetReconciler(control, control, control, control, clock, random.nextInt(4) == 0);
      control.beforeCreate = this::checkCreate;
      control.beforeDelete = this::checkDelete;
      log.add("start " + describe(set));
    }

    private String describe(StatefulSet s) {
      var spec = s.getSpec();
      return "replicas=" + spec.getReplicas() + " policy=" + spec.getPodManagementPolicy() + " strategy=" + spec.getUpdateStrategy()
          + " start=" + StatefulSetPods.startOrdinal(s) + " minReady=" + spec.getMinReadySeconds() + " claims="
          + StatefulSetPods.claimTemplates(s).size();
    }

    void run() {
      for (int step = 0; step < STEPS; step++) {
        act();
        checkInvariants();
      }
      converge();
    }

    private void sync() {
      try {
        reconciler.updateStatefulSet(control.set(), control.pods(), control.revisions());
      } catch (RuntimeException e) {
        log.add("  sync failed: " + e.getMessage());
      }
    }

    private boolean onDelete() {
      return StatefulSetPods.isOnDelete(control.set());
    }

    private void act() {
      int roll = random.nextInt(100);
      List<Pod> pods = control.pods();
      if (roll < 35) {
        log.add("sync");
        sync();
      } else if (roll < 65 && !pods.isEmpty()) {
        advance(pods.get(random.nextInt(pods.size())));
      } else if (roll < 70 && !pods.isEmpty()) {
        String name = pods.get(random.nextInt(pods.size())).getMetadata().getName();
        log.add("user deletes " + name);
        control.userDelete(name);
      } else if (roll < 75) {
        int replicas = random.nextInt(6);
        log.add("scale to " + replicas);
        control.userUpdate(s -> new StatefulSetBuilder(s).editSpec().withReplicas(replicas).endSpec().build());
      } else if (roll < 80) {
        boolean broken = !onDelete() && random.nextInt(4) == 0;
        image++;
        log.add("template v" + image + (broken ? " (broken)" : ""));
        control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v" + image, broken));
      } else if (roll < 83 && hasRollingUpdateBlock()) {
        int partition = random.nextInt(StatefulSetPods.replicas(control.set()) + 2);
        log.add("partition " + partition);
        control.userUpdate(s -> new StatefulSetBuilder(s).editSpec().editUpdateStrategy().editRollingUpdate().withPartition(partition)
            .endRollingUpdate().endUpdateStrategy().endSpec().build());
      } else if (roll < 86 && hasRollingUpdateBlock()) {
        IntOrString mu = random.nextBoolean() ? new IntOrString(1 + random.nextInt(3)) : new IntOrString((25 + 25 * random.nextInt(4)) + "%");
        log.add("maxUnavailable " + mu.getIntVal() + mu.getStrVal());
        control.userUpdate(s -> new StatefulSetBuilder(s).editSpec().editUpdateStrategy().editRollingUpdate().withMaxUnavailable(mu)
            .endRollingUpdate().endUpdateStrategy().endSpec().build());
      } else if (roll < 92) {
        log.add("clock +3s");
        clock.advance(Duration.ofSeconds(3));
      } else {
        int n = 1 + random.nextInt(4);
        log.add("fail write #" + n);
        control.failNthCall(n);
      }
    }

    private boolean hasRollingUpdateBlock() {
      return control.set().getSpec().getUpdateStrategy().getRollingUpdate() != null;
    }

    /** The kubelet moves one pod one step. */
    private void advance(Pod pod) {
      String name = pod.getMetadata().getName();
      Instant now = clock.now();
      if (isTerminating(pod)) {
        log.add(name + " gone");
        control.podGone(name);
      } else if ("Pending".equals(pod.getStatus().getPhase())) {
        log.add(name + " running");
        control.setPod(running(pod));
      } else if ("Running".equals(pod.getStatus().getPhase()) && !StatefulSetPods.isPodReady(pod)) {
        if (random.nextInt(8) == 0) {
          log.add(name + " failed");
          control.setPod(failed(pod));
        } else if (!isBroken(pod)) {
          log.add(name + " ready");
          control.setPod(ready(pod, true, now));
        }
      } else if (StatefulSetPods.isPodReady(pod) && random.nextInt(4) == 0) {
        log.add(name + " unready");
        control.setPod(ready(pod, false, now));
      }
    }

    // -------------------------------------------------------------------------------------------

    private void checkCreate(StatefulSet s, Pod pod) {
      int ord = ordinalOf(pod);
      int start = StatefulSetPods.startOrdinal(s);
      assertThat(ord).as("created %s in range [%d, %d]", pod.getMetadata().getName(), start, StatefulSetPods.endOrdinal(s))
          .isBetween(start, StatefulSetPods.endOrdinal(s));
      for (var claim : StatefulSetPods.claimsFor(s, ord).values()) {
        assertThat(control.claims()).as("claim %s exists before its pod", claim.getMetadata().getName())
            .containsKey(claim.getMetadata().getName());
      }
      if (StatefulSetPods.allowsBurst(s)) {
        return;
      }
      for (int o = start; o < ord; o++) {
        Pod predecessor = control.pod("web-" + o);
        assertThat(predecessor).as("OrderedReady: web-%d exists before web-%d is created", o, ord).isNotNull();
        assertThat(isRunningAndReady(predecessor) && !isTerminating(predecessor)
            && isRunningAndAvailable(predecessor, StatefulSetPods.minReadySeconds(s), clock.now()))
            .as("OrderedReady: web-%d Running, Ready, available before web-%d is created: %s", o, ord, predecessor.getStatus()).isTrue();
      }
    }

    private void checkDelete(StatefulSet s, Pod pod) {
      if (StatefulSetPods.allowsBurst(s) || StatefulSetPods.isInOrdinalRange(s, pod)) {
        return;
      }
      int ord = ordinalOf(pod);
      for (Pod other : control.pods()) {
        int o = ordinalOf(other);
        if (StatefulSetPods.isInOrdinalRange(s, other)) {
          assertThat(isRunningAndReady(other) && !isTerminating(other))
              .as("OrderedReady: %s healthy before condemned web-%d is deleted", other.getMetadata().getName(), ord).isTrue();
        } else {
          assertThat(o).as("OrderedReady: condemned web-%d deleted only after higher ones are gone", ord).isLessThanOrEqualTo(ord);
        }
      }
    }

    private void checkInvariants() {
      StatefulSet s = control.set();
      Set<String> revisions = control.revisions().stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
      Set<Integer> ordinals = new TreeSet<>();
      for (Pod pod : control.pods()) {
        String name = pod.getMetadata().getName();
        int ord = ordinalOf(pod);
        assertThat(ordinals.add(ord)).as("one pod per ordinal: %s", name).isTrue();
        assertThat(StatefulSetPods.identityMatches(s, pod)).as("identity of %s", name).isTrue();
        assertThat(pod.getMetadata().getLabels()).as("labels of %s", name)
            .containsEntry(StatefulSetPods.POD_INDEX_LABEL, Integer.toString(ord))
            .containsKey(StatefulSetPods.REVISION_LABEL);
        assertThat(pod.getSpec().getHostname()).isEqualTo(name);
        assertThat(pod.getSpec().getSubdomain()).isEqualTo("nginx");
        assertThat(StatefulSetPods.controllerOf(pod).getUid()).isEqualTo("set-uid");
        assertThat(StatefulSetPods.storageMatches(s, pod)).as("storage of %s", name).isTrue();
        if (!isTerminating(pod)) {
          for (var claim : StatefulSetPods.claimsFor(s, ord).values()) {
            assertThat(control.claims()).as("claim of live %s", name).containsKey(claim.getMetadata().getName());
          }
        }
        assertThat(revisions).as("revision of %s kept in history", name).contains(StatefulSetPods.revisionOf(pod));
      }
    }

    // -------------------------------------------------------------------------------------------

    /** Calm weather: a good template, partition 0, everything progresses; the set must get there. */
    private void converge() {
      control.failNthCall(0);
      image++;
      log.add("converge with template v" + image);
      control.userUpdate(s -> StatefulSetFixtures.withImage(s, "v" + image, false));
      if (hasRollingUpdateBlock()) {
        control.userUpdate(s -> new StatefulSetBuilder(s).editSpec().editUpdateStrategy().editRollingUpdate().withPartition(0)
            .endRollingUpdate().endUpdateStrategy().endSpec().build());
      }
      for (int round = 0; round < 400 && !converged(); round++) {
        sync();
        checkInvariants();
        String update = control.set().getStatus() == null ? null : control.set().getStatus().getUpdateRevision();
        for (Pod pod : control.pods()) {
          String name = pod.getMetadata().getName();
          if (isTerminating(pod)) {
            control.podGone(name);
          } else if ("Pending".equals(pod.getStatus().getPhase())) {
            control.setPod(running(pod));
          } else if (onDelete() && update != null && !update.equals(StatefulSetPods.revisionOf(pod))) {
            control.userDelete(name);
          } else if ("Running".equals(pod.getStatus().getPhase()) && !StatefulSetPods.isPodReady(pod) && !isBroken(pod)) {
            control.setPod(ready(pod, true, clock.now()));
          }
        }
        clock.advance(Duration.ofSeconds(6));
      }
      assertThat(converged()).as("converged; status %s; pods %s; last steps:\n%s", control.set().getStatus(),
          control.pods().stream().map(p -> p.getMetadata().getName() + ":" + p.getStatus().getPhase() + ":"
              + StatefulSetPods.revisionOf(p) + (isTerminating(p) ? ":terminating" : "")).toList(),
          String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size()))).isTrue();
    }

    private boolean converged() {
      StatefulSet s = control.set();
      StatefulSetStatus st = s.getStatus();
      if (st == null || st.getObservedGeneration() == null || st.getObservedGeneration() < s.getMetadata().getGeneration()) {
        return false;
      }
      int replicas = StatefulSetPods.replicas(s);
      int start = StatefulSetPods.startOrdinal(s);
      List<Pod> pods = control.pods();
      Set<Integer> want = new TreeSet<>();
      for (int o = start; o < start + replicas; o++) {
        want.add(o);
      }
      Set<Integer> have = pods.stream().map(StatefulSetPods::ordinalOf).collect(Collectors.toCollection(TreeSet::new));
      if (!want.equals(have)) {
        return false;
      }
      ControllerRevision latest = control.revisions().stream().max(java.util.Comparator.comparingLong(ControllerRevision::getRevision))
          .orElse(null);
      for (Pod p : pods) {
        if (!isRunningAndReady(p) || isTerminating(p) || latest == null
            || !latest.getMetadata().getName().equals(StatefulSetPods.revisionOf(p))) {
          return false;
        }
      }
      return n(st.getReplicas()) == replicas && n(st.getReadyReplicas()) == replicas && n(st.getUpdatedReplicas()) == replicas
          && n(st.getCurrentReplicas()) == replicas && n(st.getAvailableReplicas()) == replicas
          && latest != null && latest.getMetadata().getName().equals(st.getUpdateRevision())
          && st.getUpdateRevision().equals(st.getCurrentRevision());
    }

    private static int n(Integer v) {
      return v == null ? 0 : v;
    }
  }
}
