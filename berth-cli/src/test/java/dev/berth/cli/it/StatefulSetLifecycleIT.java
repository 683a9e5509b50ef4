package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Watch;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rest of upstream's StatefulSet e2e catalogue that needs no claims ({@code
 * spec/statefulset.md} §15.2 #2, #3, #7, #9; §15.7 minReadySeconds, start ordinal,
 * maxUnavailable) and deletion of a set (§12): orphaning and adoption, background and foreground
 * cascades, release, OnDelete, partition with a held pod-0, availability, moving ordinal ranges,
 * the update budget, and berth's forced rollback.
 */
class StatefulSetLifecycleIT extends StatefulSetFixture {

  private static String controllerUid(String pod) {
    return jp("pod", pod, "{.metadata.ownerReferences[?(@.controller==true)].uid}");
  }

  /**
   * §12 and §11: {@code kubectl delete --cascade=orphan} removes the set and leaves its pods
   * running (same processes) with no owner; its ControllerRevision is orphaned too. A new set with
   * the same selector adopts the pods (and the revision) instead of making new ones, and scales
   * the extra one down.
   */
  @Test
  void orphanedPodsKeepRunningAndANewSetAdoptsThem() throws Exception {
    String ss = "orphan";
    applyOk(statefulSet(ss, 3));
    awaitRunningAndReady(ss, 3);
    String oldUid = uidOf("sts", ss);
    String revision = status(ss, "currentRevision");
    List<String> podUids = List.of(uidOf("pod", "orphan-0"), uidOf("pod", "orphan-1"), uidOf("pod", "orphan-2"));
    List<Long> shims = List.of(shimsOf("orphan-0").getFirst(), shimsOf("orphan-1").getFirst());
    assertThat(controllerUid("orphan-0")).isEqualTo(oldUid);

    k("delete", "sts", ss, "--cascade=orphan", "--timeout=60s");
    assertThat(kr("get", "sts", ss).ok()).isFalse();
    Thread.sleep(1000);
    assertThat(podNames(ss)).containsExactly("orphan-0", "orphan-1", "orphan-2");
    assertThat(jp("pod", "orphan-0", "{.metadata.ownerReferences}")).isEmpty();
    assertThat(jp("controllerrevision", revision, "{.metadata.ownerReferences}")).isEmpty();
    assertThat(isReady("orphan-1")).isTrue();

    applyOk(statefulSet(ss, 2));
    String newUid = uidOf("sts", ss);
    assertThat(newUid).isNotEqualTo(oldUid);
    await("orphan-0 and orphan-1 adopted", () -> controllerUid("orphan-0").equals(newUid) && controllerUid("orphan-1").equals(newUid));
    await("orphan-2, adopted then condemned, gone", () -> podNames(ss).size() == 2);
    awaitRunningAndReady(ss, 2);
    assertThat(List.of(uidOf("pod", "orphan-0"), uidOf("pod", "orphan-1"))).as("the same pods").isEqualTo(podUids.subList(0, 2));
    assertThat(List.of(shimsOf("orphan-0").getFirst(), shimsOf("orphan-1").getFirst())).as("the same processes").isEqualTo(shims);
    assertThat(status(ss, "currentRevision")).as("the orphaned revision adopted").isEqualTo(revision);
    assertThat(jp("controllerrevision", revision, "{.metadata.ownerReferences[0].uid}")).isEqualTo(newUid);
    assertThat(eventsWhere("involvedObject.uid=" + newUid)).as("the new set's events")
        .contains("SuccessfulDelete: delete Pod orphan-2 in StatefulSet orphan successful")
        .noneMatch(e -> e.startsWith("SuccessfulCreate"));
  }

  /**
   * §12: a background delete removes the set at once and the garbage collector its pods (their
   * processes stop); a foreground delete keeps the set, with a deletionTimestamp and the {@code
   * foregroundDeletion} finalizer, until its last pod is gone — here held by a finalizer on the
   * pod — and the controller recreates nothing meanwhile (§7.2 step 7).
   */
  @Test
  void backgroundAndForegroundCascades() throws Exception {
    applyOk(statefulSet("bg", 2));
    awaitRunningAndReady("bg", 2);
    k("delete", "sts", "bg", "--cascade=background", "--wait=false");
    assertThat(kr("get", "sts", "bg").ok()).as("gone at once").isFalse();
    await("bg's pods collected", () -> podCount("bg") == 0);
    await("bg's processes stopped", () -> shimsOf("bg-0").isEmpty() && shimsOf("bg-1").isEmpty());

    applyOk(statefulSet("fg", 2));
    awaitRunningAndReady("fg", 2);
    k("patch", "pod", "fg-1", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":[\"example.com/hold\"]}}");
    k("delete", "sts", "fg", "--cascade=foreground", "--wait=false");
    await("fg-0 gone, fg-1 terminating", () -> podNames("fg").equals(List.of("fg-1"))
        && !jp("pod", "fg-1", "{.metadata.deletionTimestamp}").isEmpty());
    assertThat(jp("sts", "fg", "{.metadata.finalizers}")).contains("foregroundDeletion");
    assertThat(jp("sts", "fg", "{.metadata.deletionTimestamp}")).isNotEmpty();
    Thread.sleep(1500);
    assertThat(podNames("fg")).as("nothing recreated while the set is being deleted").containsExactly("fg-1");
    k("patch", "pod", "fg-1", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    await("the set and its pods gone", () -> !kr("get", "sts", "fg").ok() && podCount("fg") == 0);
    await("fg's processes stopped", () -> shimsOf("fg-0").isEmpty() && shimsOf("fg-1").isEmpty());
  }

  /**
   * §15.2 #2, §11: a pod whose owner references are removed is adopted again (same set UID); a
   * pod whose labels stop matching is released (no controller reference); restoring its label
   * makes the set adopt it again. The pod is never replaced.
   */
  @Test
  void adoptsMatchingOrphansAndReleasesPodsThatNoLongerMatch() throws Exception {
    String ss = "adopt";
    applyOk(statefulSet(ss, 1));
    awaitRunningAndReady(ss, 1);
    String setUid = uidOf("sts", ss);
    String podUid = uidOf("pod", "adopt-0");
    assertThat(jp("pod", "adopt-0", "{.metadata.ownerReferences[0].kind} {.metadata.ownerReferences[0].name}"))
        .isEqualTo("StatefulSet adopt");

    k("patch", "pod", "adopt-0", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/ownerReferences\"}]");
    await("re-adopted", () -> controllerUid("adopt-0").equals(setUid));

    k("label", "pod", "adopt-0", "app-");
    await("released", () -> controllerUid("adopt-0").isEmpty());
    assertThat(jp("pod", "adopt-0", "{.metadata.ownerReferences}")).isEmpty();

    k("label", "pod", "adopt-0", "app=adopt");
    await("adopted again", () -> controllerUid("adopt-0").equals(setUid));
    assertThat(uidOf("pod", "adopt-0")).as("never replaced").isEqualTo(podUid);
    assertThat(isReady("adopt-0")).isTrue();
  }

  /**
   * §15.2 #3: with adopt-1 Running but NotReady, a deleted adopt-0 is still recreated (the replica
   * pass reaches ordinal 0 first), and once adopt-1 is Ready both are.
   */
  @Test
  void doesNotDeadlockWhenAPodsPredecessorFails() throws Exception {
    String ss = "pred";
    applyOk(statefulSet(ss, 2));
    awaitRunningAndReady(ss, 2);
    breakProbe("pred-1");
    await("pred-1 NotReady", () -> isRunningAndNotReady("pred-1"));
    String uid = uidOf("pod", "pred-0");
    k("delete", "pod", "pred-0", "--grace-period=0", "--force");
    await("pred-0 recreated and Ready while pred-1 is not", () -> {
      Kubectl.Result r = kr("get", "pod", "pred-0", "-o", "jsonpath={.metadata.uid}");
      return r.ok() && !r.out().equals(uid) && isReady("pred-0");
    });
    assertThat(isRunningAndNotReady("pred-1")).isTrue();
    restoreProbe("pred-1");
    awaitRunningAndReady(ss, 2);
  }

  /**
   * §15.2 #9, §7.7: with {@code OnDelete}, a template change replaces nothing; pods deleted by
   * hand come back at the update revision.
   */
  @Test
  void onDeleteReplacesOnlyDeletedPods() throws Exception {
    String ss = "ondelete";
    applyOk(statefulSet(ss, 2, "updateStrategy: {type: OnDelete}", ""));
    awaitRunningAndReady(ss, 2);
    String current = status(ss, "currentRevision");
    k("set", "image", "sts/" + ss, "c=busybox:2");
    awaitObserved(ss);
    String update = status(ss, "updateRevision");
    assertThat(update).isNotEqualTo(current);
    Thread.sleep(1500);
    assertThat(List.of(revisionOf("ondelete-0"), revisionOf("ondelete-1"))).containsOnly(current);
    k("delete", "pod", "ondelete-0", "ondelete-1", "--grace-period=0", "--force");
    await("both back at the update revision", () -> {
      Kubectl.Result r = kr("get", "pods", "-l", "app=" + ss, "-o", "jsonpath={.items[*].metadata.labels.controller-revision-hash}");
      return r.ok() && r.out().equals(update + " " + update);
    });
    awaitRunningAndReady(ss, 2);
    assertThat(List.of(imageOf("ondelete-0"), imageOf("ondelete-1"))).containsOnly("busybox:2");
  }

  /**
   * §15.2 #7 and §15.5: partition 1; pod-0 held by a finalizer. After the template change pods 1
   * and 2 are updated and pod-0 is not. Deleting pod-0 leaves it terminating (readyReplicas 2 —
   * it is not replaced early); once the finalizer is removed it is recreated from the current
   * revision, being below the partition.
   */
  @Test
  void aHeldPodBelowThePartitionIsRecreatedAtTheCurrentRevision() throws Exception {
    String ss = "held";
    applyOk(statefulSet(ss, 3, "updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}", ""));
    awaitRunningAndReady(ss, 3);
    String current = status(ss, "currentRevision");
    k("patch", "pod", "held-0", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":[\"example.com/test-finalizer\"]}}");
    k("set", "image", "sts/" + ss, "c=busybox:2");
    await("updatedReplicas 2, replicas 3, readyReplicas 3", Duration.ofSeconds(60), () ->
        jp("sts", ss, "{.status.updatedReplicas} {.status.replicas} {.status.readyReplicas}").equals("2 3 3"));
    String update = status(ss, "updateRevision");
    assertThat(List.of(revisionOf("held-0"), revisionOf("held-1"), revisionOf("held-2"))).containsExactly(current, update, update);

    k("delete", "pod", "held-0", "--grace-period=0", "--wait=false");
    await("readyReplicas 2 while held-0 is held", () -> status(ss, "readyReplicas").equals("2"));
    assertThat(jp("pod", "held-0", "{.metadata.deletionTimestamp}")).isNotEmpty();
    String uid = uidOf("pod", "held-0");
    k("patch", "pod", "held-0", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    await("held-0 recreated", () -> {
      Kubectl.Result r = kr("get", "pod", "held-0", "-o", "jsonpath={.metadata.uid}");
      return r.ok() && !r.out().equals(uid);
    });
    await("readyReplicas 3", () -> status(ss, "readyReplicas").equals("3"));
    assertThat(List.of(revisionOf("held-0"), revisionOf("held-1"), revisionOf("held-2"))).containsExactly(current, update, update);
    assertThat(imageOf("held-0")).isEqualTo("busybox:1");
  }

  /**
   * berth's documented difference (docs/differences-from-upstream.md, kubernetes#67250): a pod
   * that is NotReady at an outdated revision is replaced from the update revision at once
   * ({@code RecreatingOutdatedPod}) instead of blocking the roll-out; the annotation {@code
   * berth.dev/forced-rollback: "false"} restores upstream's wait (see {@link
   * StatefulSetConformanceIT#rollingUpdatesAndRollBacks}).
   */
  @Test
  void aStuckOutdatedPodIsReplacedByDefault() throws Exception {
    String ss = "stuck";
    applyOk(statefulSet(ss, 2));
    awaitRunningAndReady(ss, 2);
    breakProbe("stuck-0");
    await("stuck-0 NotReady", () -> isRunningAndNotReady("stuck-0"));
    String uid = uidOf("pod", "stuck-0");
    k("set", "image", "sts/" + ss, "c=busybox:2");
    awaitObserved(ss);
    String update = status(ss, "updateRevision");
    await("stuck-0 replaced at the update revision", () -> {
      Kubectl.Result r = kr("get", "pod", "stuck-0", "-o", "jsonpath={.metadata.uid} {.metadata.labels.controller-revision-hash}");
      return r.ok() && !r.out().startsWith(uid) && r.out().endsWith(update);
    });
    assertThat(events(ss)).anyMatch(e -> e.startsWith("RecreatingOutdatedPod: StatefulSet default/stuck is recreating Pod stuck-0"));
    restoreProbe("stuck-0");
    awaitRollingUpdate(ss, 2);
  }

  /**
   * §15.7 "AvailableReplicas should get updated accordingly when MinReadySeconds is enabled",
   * §9.1: with {@code minReadySeconds: 5} Ready pods count as available only 5 s after turning
   * Ready; raising it to 3600 makes them unavailable again without restarting them, and 0 makes
   * them available at once.
   */
  @Test
  void minReadySecondsGatesAvailableReplicas() throws Exception {
    String ss = "mrs";
    applyOk(statefulSet(ss, 2, "minReadySeconds: 5\npodManagementPolicy: Parallel", ""));
    awaitRunningAndReady(ss, 2);
    await("readyReplicas 2", () -> status(ss, "readyReplicas").equals("2"));
    assertThat(status(ss, "availableReplicas")).as("Ready for less than 5 s").isEqualTo("0");
    await("availableReplicas 2 after minReadySeconds", Duration.ofSeconds(20), () -> status(ss, "availableReplicas").equals("2"));
    List<String> uids = List.of(uidOf("pod", "mrs-0"), uidOf("pod", "mrs-1"));
    k("patch", "sts", ss, "-p", "{\"spec\":{\"minReadySeconds\":3600}}");
    await("availableReplicas 0 with minReadySeconds 3600", () -> status(ss, "availableReplicas").equals("0"));
    k("patch", "sts", ss, "-p", "{\"spec\":{\"minReadySeconds\":0}}");
    await("availableReplicas 2 with minReadySeconds 0", () -> status(ss, "availableReplicas").equals("2"));
    assertThat(k("get", "sts", ss, "-o", "yaml")).contains("availableReplicas: 2");
    assertThat(List.of(uidOf("pod", "mrs-0"), uidOf("pod", "mrs-1"))).as("no pod restarted").isEqualTo(uids);
  }

  /**
   * §15.7 "Scaling StatefulSetStartOrdinal", §4.1: {@code ordinals.start} moves the ordinal range:
   * start 2 with 3 replicas runs exactly ord-2..ord-4, start 4 with 2 replicas ord-4 and ord-5,
   * and removing {@code ordinals} brings back ord-0 and ord-1.
   */
  @Test
  void startOrdinalMovesTheRange() throws Exception {
    String ss = "ord";
    applyOk(statefulSet(ss, 2, "podManagementPolicy: Parallel", ""));
    awaitRunningAndReady(ss, 2);
    assertThat(podNames(ss)).containsExactly("ord-0", "ord-1");
    k("patch", "sts", ss, "-p", "{\"spec\":{\"ordinals\":{\"start\":2},\"replicas\":3}}");
    await("exactly ord-2..4", () -> podNames(ss).equals(List.of("ord-2", "ord-3", "ord-4")));
    awaitRunningAndReady(ss, 3);
    await("status 3/3", () -> jp("sts", ss, "{.status.replicas} {.status.readyReplicas}").equals("3 3"));
    k("patch", "sts", ss, "-p", "{\"spec\":{\"ordinals\":{\"start\":4},\"replicas\":2}}");
    await("exactly ord-4 and ord-5", () -> podNames(ss).equals(List.of("ord-4", "ord-5")));
    k("patch", "sts", ss, "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/spec/ordinals\"}]");
    await("exactly ord-0 and ord-1", () -> podNames(ss).equals(List.of("ord-0", "ord-1")));
    awaitRunningAndReady(ss, 2);
    assertThat(jp("pod", "ord-1", "{.metadata.labels.apps\\.kubernetes\\.io/pod-index}")).isEqualTo("1");
  }

  /**
   * §7.8 (A), the 1.35 maxUnavailable e2e: a rolling update of 4 pods with {@code maxUnavailable:
   * 2} never has more than 2 pods unavailable (not Ready, or terminating) at once — sampled from a
   * watch throughout — and does take 2 at a time at least once.
   */
  @Test
  void aRollingUpdateKeepsWithinMaxUnavailable() throws Exception {
    String ss = "mu";
    applyOk(statefulSet(ss, 4, "podManagementPolicy: Parallel\nupdateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 2}}", ""));
    awaitRunningAndReady(ss, 4);
    java.util.Map<String, Boolean> available = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Map<String, String> state = new java.util.concurrent.ConcurrentHashMap<>();
    int[] worst = {0};
    String[] worstAt = {""};
    Watch w = fabric8.pods().inNamespace("default").withLabel("app", ss).watch(new io.fabric8.kubernetes.client.Watcher<>() {
      @Override
      public void eventReceived(Action a, io.fabric8.kubernetes.api.model.Pod pod) {
        boolean ok = a != Action.DELETED && pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
            && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        synchronized (worst) {
          available.put(pod.getMetadata().getName(), ok);
          state.put(pod.getMetadata().getName(), a + " " + pod.getMetadata().getLabels().get("controller-revision-hash")
              + (pod.getMetadata().getDeletionTimestamp() == null ? "" : " terminating") + " ready=" + ok);
          long down = 4 - available.values().stream().filter(Boolean::booleanValue).count();
          if (available.size() == 4 && down > worst[0]) {
            worst[0] = (int) down;
            worstAt[0] = new java.util.TreeMap<>(state).toString();
          }
        }
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    });
    try {
      await("the watch saw all 4", () -> available.size() == 4 && !available.containsValue(false));
      k("set", "image", "sts/" + ss, "c=busybox:2");
      awaitObserved(ss);
      awaitRollingUpdate(ss, 4);
    } finally {
      w.close();
    }
    assertThat(worst[0]).as("most pods unavailable at once, at %s", worstAt[0]).isEqualTo(2);
    for (int i = 0; i < 4; i++) {
      assertThat(imageOf("mu-" + i)).isEqualTo("busybox:2");
    }
  }
}
