package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The eight [Conformance] StatefulSet tests of upstream's {@code test/e2e/apps/statefulset.go}
 * ({@code spec/statefulset.md} §15.2 #5, #6, #10–#15), one test each, through the real kubectl
 * (and fabric8 where upstream uses the Go client) against a real server running the pods as
 * processes.
 */
class StatefulSetConformanceIT extends StatefulSetFixture {

  /**
   * §15.2 #5 and §15.6 (rollbackTest): a template change rolls the pods from the highest ordinal
   * down and halts while a pod is not Ready; {@code kubectl rollout undo} rolls back to the prior
   * revision, which is reused (same name, revision number bumped) rather than made anew. With
   * {@code berth.dev/forced-rollback: "false"}: berth's default replaces a stuck outdated pod
   * instead of waiting for it (docs/differences-from-upstream.md), which upstream's test does not
   * expect.
   */
  @Test
  void rollingUpdatesAndRollBacks() throws Exception {
    String ss = "ss2";
    applyOk(statefulSet(ss, 3, "", "berth.dev/forced-rollback: \"false\""));
    awaitRunningAndReady(ss, 3);
    awaitObserved(ss);
    String prior = status(ss, "currentRevision");
    assertThat(status(ss, "updateRevision")).isEqualTo(prior);
    for (int i = 0; i < 3; i++) {
      assertThat(revisionOf(ss + "-" + i)).isEqualTo(prior);
    }

    breakProbe(ss + "-1");
    await("ss2-1 NotReady", () -> isRunningAndNotReady(ss + "-1"));
    k("set", "image", "sts/" + ss, "c=busybox:2");
    awaitObserved(ss);
    String updated = status(ss, "updateRevision");
    assertThat(updated).isNotEqualTo(prior);
    assertThat(status(ss, "currentRevision")).isEqualTo(prior);
    // upstream: the replica pass stops at the NotReady ss2-1, so nothing is updated while it is
    Thread.sleep(2000);
    assertThat(List.of(revisionOf(ss + "-0"), revisionOf(ss + "-1"), revisionOf(ss + "-2"))).containsOnly(prior);

    List<String> deleted = newList();
    Watch w = recordPods(ss, Watcher.Action.DELETED, deleted);
    try {
      restoreProbe(ss + "-1");
      awaitRollingUpdate(ss, 3);
    } finally {
      w.close();
    }
    assertThat(deleted).as("a rolling update replaces the highest ordinal first").containsExactly("ss2-2", "ss2-1", "ss2-0");
    assertThat(status(ss, "currentRevision")).isEqualTo(updated);
    for (int i = 0; i < 3; i++) {
      assertThat(imageOf(ss + "-" + i)).isEqualTo("busybox:2");
      assertThat(revisionOf(ss + "-" + i)).isEqualTo(updated);
    }
    assertThat(events(ss)).contains("SuccessfulDelete: delete Pod ss2-2 in StatefulSet ss2 successful");

    breakProbe(ss + "-1");
    await("the new ss2-1 NotReady", () -> isRunningAndNotReady(ss + "-1"));
    assertThat(k("rollout", "undo", "sts/" + ss)).contains("rolled back");
    awaitObserved(ss);
    assertThat(status(ss, "updateRevision")).as("the prior revision is reused").isEqualTo(prior);
    assertThat(status(ss, "currentRevision")).isEqualTo(updated);
    assertThat(jp("controllerrevision", prior, "{.revision}")).as("the reused revision's number").isEqualTo("3");
    assertThat(k("rollout", "history", "sts/" + ss)).containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s");

    restoreProbe(ss + "-1");
    awaitRollingUpdate(ss, 3);
    assertThat(status(ss, "currentRevision")).isEqualTo(prior);
    for (int i = 0; i < 3; i++) {
      assertThat(imageOf(ss + "-" + i)).isEqualTo("busybox:1");
      assertThat(revisionOf(ss + "-" + i)).isEqualTo(prior);
    }
  }

  /**
   * §15.2 #6 and §15.4: with a partition above the replicas a template change updates nothing; a
   * canary (partition 2) updates only ss2-2; pods deleted by hand come back at the revision their
   * side of the partition has; lowering the partition to 1 and then 0 phases the update in.
   */
  @Test
  void canaryAndPhasedRollingUpdates() throws Exception {
    String ss = "canary";
    applyOk(statefulSet(ss, 3, "updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 3}}", ""));
    awaitRunningAndReady(ss, 3);
    awaitObserved(ss);
    String current = status(ss, "currentRevision");
    assertThat(status(ss, "updateRevision")).isEqualTo(current);

    k("set", "image", "sts/" + ss, "c=busybox:2");
    awaitObserved(ss);
    String update = status(ss, "updateRevision");
    assertThat(update).isNotEqualTo(current);
    Thread.sleep(1500);
    for (int i = 0; i < 3; i++) {
      assertThat(revisionOf(ss + "-" + i)).as("partition 3 > replicas: nothing is updated").isEqualTo(current);
      assertThat(imageOf(ss + "-" + i)).isEqualTo("busybox:1");
    }

    k("patch", "sts", ss, "-p", "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":2}}}}");
    awaitPartitioned(ss, 2, update);
    assertSplit(ss, 2, current, update);

    String uid0 = uidOf("pod", ss + "-0");
    String uid2 = uidOf("pod", ss + "-2");
    k("delete", "pod", ss + "-0", ss + "-2", "--grace-period=0", "--force");
    await("canary-0 and canary-2 recreated", () -> !uidOf("pod", ss + "-0").equals(uid0) && kr("get", "pod", ss + "-2").ok()
        && !uidOf("pod", ss + "-2").equals(uid2));
    awaitRunningAndReady(ss, 3);
    assertSplit(ss, 2, current, update);

    for (int partition : new int[] {1, 0}) {
      k("patch", "sts", ss, "-p", "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":" + partition + "}}}}");
      awaitPartitioned(ss, partition, update);
      assertSplit(ss, partition, current, update);
    }
    awaitRollingUpdate(ss, 3);
    assertThat(status(ss, "currentRevision")).isEqualTo(update);
  }

  /** Upstream's waitForPartitionedRollingUpdate: every pod at or above the partition has the update revision, all Ready. */
  private static void awaitPartitioned(String ss, int partition, String update) {
    await(ss + " updated from ordinal " + partition, Duration.ofSeconds(90), () -> {
      for (int i = partition; i < 3; i++) {
        Kubectl.Result r = kr("get", "pod", ss + "-" + i, "-o", "jsonpath={.metadata.labels.controller-revision-hash}");
        if (!r.ok() || !r.out().equals(update)) {
          return false;
        }
      }
      return true;
    });
    awaitRunningAndReady(ss, 3);
  }

  private static void assertSplit(String ss, int partition, String current, String update) {
    for (int i = 0; i < 3; i++) {
      boolean below = i < partition;
      assertThat(revisionOf(ss + "-" + i)).as("%s-%d's revision with partition %d", ss, i, partition)
          .isEqualTo(below ? current : update);
      assertThat(imageOf(ss + "-" + i)).isEqualTo(below ? "busybox:1" : "busybox:2");
    }
  }

  /**
   * §15.2 #10 and §15.3: with web-0 NotReady, a scale-up to 3 creates nothing (sampled for 10 s:
   * exactly one pod throughout); once it is Ready the pods come one at a time in ordinal order;
   * with all NotReady a scale-down to 0 deletes nothing (sampled for 5 s, upstream samples 10 s),
   * and once Ready they go highest ordinal first.
   */
  @Test
  void scalingIsOrderedAndHaltsWhileAPodIsUnhealthy() throws Exception {
    String ss = "web";
    List<String> added = newList();
    Watch a = recordPods(ss, Watcher.Action.ADDED, added);
    try {
      applyOk(statefulSet(ss, 1));
      awaitRunningAndReady(ss, 1);
      breakProbe("web-0");
      await("web-0 NotReady and readyReplicas 0", () -> isRunningAndNotReady("web-0") && status(ss, "readyReplicas").isEmpty());
      k("scale", "sts", ss, "--replicas=3");
      awaitObserved(ss);
      assertPodCountStays(ss, 1, Duration.ofSeconds(10));
      restoreProbe("web-0");
      awaitRunningAndReady(ss, 3);
    } finally {
      a.close();
    }
    assertThat(added).as("pods first appear in ordinal order").containsExactly("web-0", "web-1", "web-2");
    for (int i = 1; i < 3; i++) {
      String created = jp("pod", "web-" + i, "{.metadata.creationTimestamp}");
      String predecessorReady = jp("pod", "web-" + (i - 1), "{.status.conditions[?(@.type==\"Ready\")].lastTransitionTime}");
      assertThat(java.time.Instant.parse(created)).as("web-%d created after web-%d turned Ready", i, i - 1)
          .isAfterOrEqualTo(java.time.Instant.parse(predecessorReady));
    }

    List<String> deleted = newList();
    Watch d = recordPods(ss, Watcher.Action.DELETED, deleted);
    try {
      for (int i = 0; i < 3; i++) {
        breakProbe("web-" + i);
      }
      await("all NotReady", () -> status(ss, "readyReplicas").isEmpty() && isRunningAndNotReady("web-2"));
      k("scale", "sts", ss, "--replicas=0");
      awaitObserved(ss);
      assertPodCountStays(ss, 3, Duration.ofSeconds(5));
      for (int i = 0; i < 3; i++) {
        restoreProbe("web-" + i);
      }
      await("all pods gone", () -> podCount(ss) == 0);
      await("status.replicas 0", () -> status(ss, "replicas").equals("0"));
    } finally {
      d.close();
    }
    assertThat(deleted).as("pods go highest ordinal first").containsExactly("web-2", "web-1", "web-0");
    assertThat(events(ss)).containsSubsequence("SuccessfulDelete: delete Pod web-2 in StatefulSet web successful",
        "SuccessfulDelete: delete Pod web-1 in StatefulSet web successful",
        "SuccessfulDelete: delete Pod web-0 in StatefulSet web successful");
  }

  /** Samples the set's pod count every 200 ms for {@code d}; upstream's confirmStatefulPodCount with hard failure. */
  private static void assertPodCountStays(String ss, int n, Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    int samples = 0;
    while (System.nanoTime() < end) {
      int count = podCount(ss);
      assertThat(count).as("pods of %s after %d samples", ss, samples).isEqualTo(n);
      samples++;
      Thread.sleep(200);
    }
    assertThat(samples).isGreaterThan(10);
  }

  /**
   * §15.2 #11: with {@code Parallel}, a scale-up to 3 creates all pods though web-0 is NotReady;
   * they all become Ready once the probe passes; with all NotReady a scale-down to 0 still removes
   * them all.
   */
  @Test
  void burstScalingRunsToCompletionWithUnhealthyPods() throws Exception {
    String ss = "burst";
    applyOk(statefulSet(ss, 1, "podManagementPolicy: Parallel", ""));
    awaitRunningAndReady(ss, 1);
    breakProbe("burst-0");
    breakProbe("burst-1");
    breakProbe("burst-2");
    await("burst-0 NotReady, readyReplicas 0", () -> isRunningAndNotReady("burst-0") && status(ss, "readyReplicas").isEmpty());
    k("scale", "sts", ss, "--replicas=3");
    await("3 pods though none is Ready", Duration.ofSeconds(30), () -> podCount(ss) == 3);
    assertThat(status(ss, "readyReplicas")).isEmpty();
    for (int i = 0; i < 3; i++) {
      restoreProbe("burst-" + i);
    }
    awaitRunningAndReady(ss, 3);
    for (int i = 0; i < 3; i++) {
      breakProbe("burst-" + i);
    }
    await("readyReplicas 0", () -> status(ss, "readyReplicas").isEmpty());
    k("scale", "sts", ss, "--replicas=0");
    await("every pod gone though none is Ready", Duration.ofSeconds(30), () -> podCount(ss) == 0);
    await("status.replicas 0", () -> status(ss, "replicas").equals("0"));
  }

  /**
   * §15.2 #12, §7.5 step 1: a pod the node fails (upstream: rejected by the kubelet for a host
   * port; here: evicted, i.e. its status set to {@code Failed} as the kubelet's eviction does) is
   * deleted by the controller and recreated with the same name and a new UID; the old process is
   * stopped and a new one runs.
   */
  @Test
  void aFailedPodIsRecreated() throws Exception {
    String ss = "evicted";
    applyOk(statefulSet(ss, 1));
    awaitRunningAndReady(ss, 1);
    String pod = "evicted-0";
    String uid = uidOf("pod", pod);
    List<Long> before = shimsOf(pod);
    assertThat(before).hasSize(1);
    List<String> deleted = newList();
    Watch w = recordPods(ss, Watcher.Action.DELETED, deleted);
    try {
      k("patch", "pod", pod, "--subresource=status", "--type=merge", "-p",
          "{\"status\":{\"phase\":\"Failed\",\"reason\":\"Evicted\",\"message\":\"The node was low on resource: memory.\"}}");
      await("the failed pod deleted", () -> deleted.contains(pod));
    } finally {
      w.close();
    }
    await("evicted-0 back with a new UID, Running and Ready", () -> {
      Kubectl.Result r = kr("get", "pod", pod, "-o", "jsonpath={.metadata.uid}");
      return r.ok() && !r.out().equals(uid) && isReady(pod);
    });
    await("the old process gone, one new one", () -> {
      List<Long> now = shimsOf(pod);
      return now.size() == 1 && !now.contains(before.getFirst());
    });
    assertThat(events(ss)).contains("RecreatingFailedPod: StatefulSet default/evicted is recreating failed Pod evicted-0",
        "SuccessfulDelete: delete Pod evicted-0 in StatefulSet evicted successful");
  }

  /**
   * §15.2 #13, §1.3: {@code statefulsets/scale} read, replaced without a resourceVersion and
   * patched, through fabric8 and kubectl's {@code --subresource=scale}; each change is the set's
   * {@code spec.replicas}.
   */
  @Test
  void theScaleSubresource() throws Exception {
    String ss = "scaled";
    applyOk(statefulSet(ss, 1));
    awaitRunningAndReady(ss, 1);
    awaitObserved(ss);
    var resource = fabric8.apps().statefulSets().inNamespace("default").withName(ss);
    Scale scale = resource.scale();
    assertThat(scale.getSpec().getReplicas()).isEqualTo(1);
    assertThat(scale.getStatus().getReplicas()).isEqualTo(1);
    assertThat(scale.getStatus().getSelector()).isEqualTo("app=scaled");
    assertThat(k("get", "sts", ss, "--subresource=scale", "-o", "jsonpath={.kind} {.spec.replicas} {.status.replicas} {.status.selector}"))
        .isEqualTo("Scale 1 1 app=scaled");

    Scale put = new ScaleBuilder(scale).editMetadata().withResourceVersion(null).endMetadata().editSpec().withReplicas(2).endSpec().build();
    Scale answered = resource.scale(put);
    assertThat(answered.getSpec().getReplicas()).isEqualTo(2);
    assertThat(jp("sts", ss, "{.spec.replicas}")).isEqualTo("2");

    k("patch", "sts", ss, "--subresource=scale", "-p", "{\"spec\":{\"replicas\":4}}");
    assertThat(jp("sts", ss, "{.spec.replicas}")).isEqualTo("4");
    assertThat(k("scale", "sts", ss, "--replicas=3")).contains("scaled");
    String file = k("get", "sts", ss, "--subresource=scale", "-o", "json").replaceAll("\"replicas\": 3", "\"replicas\": 1")
        .replaceAll("\"resourceVersion\": \"[0-9]+\",?", "");
    // kubectl replace --subresource=scale cannot map kind Scale (no resource serves it, upstream alike): a raw PUT
    Kubectl.Result replaced = kubectl.runWithInput(file, "replace", "--raw", "/apis/apps/v1/namespaces/default/statefulsets/scaled/scale",
        "-f", "-");
    assertThat(replaced.ok()).as(replaced.toString()).isTrue();
    assertThat(jp("sts", ss, "{.spec.replicas}")).isEqualTo("1");
    awaitRunningAndReady(ss, 1);
    assertThat(resource.scale().getStatus().getReplicas()).isEqualTo(1);
  }

  /**
   * §15.2 #14: a strategic-merge patch of labels, replicas and a container (merged by name: the
   * patched entry comes first, a mis-cased field is dropped with a warning), a list across
   * namespaces by label, and a delete-collection by the same label.
   */
  @Test
  void listPatchAndDeleteACollection() throws Exception {
    String ss = "test-ss";
    applyOk("""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: test-ss, labels: {name: sample-pod, pod: httpd}}
        spec:
          replicas: 1
          serviceName: test
          selector: {matchLabels: {app: test-ss}}
          template:
            metadata: {labels: {app: test-ss}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: webserver
                image: httpd
                command: [sh, -c, "%s"]
                readinessProbe: {exec: {command: ["true"]}, periodSeconds: 1}
        """.formatted(HOLD));
    awaitRunningAndReady(ss, 1);
    Kubectl.Result patched = kr("patch", "sts", ss, "--type=strategic", "-p", """
        {"metadata":{"labels":{"test-ss":"patched"}},"spec":{"replicas":2,"template":{"spec":{"TerminationGracePeriodSeconds":1,
        "containers":[{"name":"test-ss","image":"pause","command":["sh","-c","%s"]}]}}}}""".formatted(HOLD));
    assertThat(patched.ok()).as(patched.toString()).isTrue();
    assertThat(patched.err()).contains("unknown field \"spec.template.spec.TerminationGracePeriodSeconds\"");
    assertThat(jp("sts", ss, "{.spec.replicas} {.spec.template.spec.containers[*].name} {.spec.template.spec.containers[0].image}"))
        .isEqualTo("2 test-ss webserver pause");
    awaitRunningAndReady(ss, 2);
    assertThat(shimsOf("test-ss-1")).as("two containers, two processes").hasSize(2);
    assertThat(k("get", "sts", "-A", "-l", "test-ss=patched", "-o", "name")).isEqualTo("statefulset.apps/test-ss\n");

    // a true deletecollection (kubectl delete -l deletes one by one)
    k("delete", "--raw", "/apis/apps/v1/namespaces/default/statefulsets?labelSelector=test-ss%3Dpatched&gracePeriodSeconds=1");
    assertThat(k("get", "sts", "-A", "-l", "test-ss=patched", "-o", "name")).isEmpty();
    await("the collected set's pods are collected too", () -> podCount(ss) == 0);
    await("and their processes stopped", () -> shimsOf("test-ss-0").isEmpty() && shimsOf("test-ss-1").isEmpty());
  }

  /**
   * §15.2 #15, §3.4: {@code /status} read, updated (a condition appended) and merge-patched, seen
   * through a watch on the set's label; writes to {@code /status} leave the spec alone.
   */
  @Test
  void statusEndpoints() throws Exception {
    String ss = "status";
    applyOk(statefulSet(ss, 1));
    awaitRunningAndReady(ss, 1);
    k("label", "sts", ss, "e2e=testing");
    assertThat(k("get", "sts", ss, "--subresource=status", "-o", "jsonpath={.kind} {.status.replicas} {.status.readyReplicas}"))
        .isEqualTo("StatefulSet 1 1");

    List<String> seen = newList();
    Watch watch = fabric8.apps().statefulSets().inNamespace("default").withLabel("e2e", "testing").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action a, io.fabric8.kubernetes.api.model.apps.StatefulSet set) {
        seen.add(a.name());
        set.getStatus().getConditions().forEach(c -> seen.add(a + " " + c.getType()));
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
    });
    try {
      await("the watch started", Duration.ofSeconds(20), () -> seen.contains("ADDED"));
      var resource = fabric8.apps().statefulSets().inNamespace("default").withName(ss);
      var set = resource.get();
      set.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.apps.StatefulSetConditionBuilder()
          .withType("StatusUpdate").withStatus("True").withReason("E2E").withMessage("Set from e2e test").build());
      set.getSpec().setReplicas(5);
      resource.updateStatus(set);
      await("the watch sees StatusUpdate", Duration.ofSeconds(20), () -> seen.contains("MODIFIED StatusUpdate"));
      assertThat(jp("sts", ss, "{.status.conditions[?(@.type==\"StatusUpdate\")].message}")).isEqualTo("Set from e2e test");
      assertThat(jp("sts", ss, "{.spec.replicas}")).as("a status update ignores the spec").isEqualTo("1");

      k("patch", "sts", ss, "--subresource=status", "--type=merge", "-p",
          "{\"status\":{\"conditions\":[{\"type\":\"StatusPatched\",\"status\":\"True\"}]}}");
      await("the watch sees StatusPatched", Duration.ofSeconds(20), () -> seen.contains("MODIFIED StatusPatched"));
      assertThat(jp("sts", ss, "{.status.conditions[*].type}")).isEqualTo("StatusPatched");
    } finally {
      watch.close();
    }
  }
}
