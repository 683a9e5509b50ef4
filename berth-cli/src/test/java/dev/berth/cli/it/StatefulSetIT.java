package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The StatefulSet controller through the real kubectl (issue 4, {@code spec/statefulset.md} §15.3):
 * OrderedReady start in ordinal order, each pod only after its predecessor is Ready; scale-down
 * from the highest ordinal; {@code rollout status}, {@code restart}, {@code history} and {@code
 * undo}.
 */
class StatefulSetIT extends ServerFixture {

  private static final String WEB = """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: web}
      spec:
        replicas: 3
        serviceName: nginx
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            terminationGracePeriodSeconds: 2
            containers:
            - name: c
              image: busybox
              command: [sleep, "3600"]
              readinessProbe: {exec: {command: ["true"]}, periodSeconds: 1}
      """;

  private static List<String> recordPodEvents(Watcher.Action action, List<String> into, Watch[] handle) {
    handle[0] = fabric8.pods().inNamespace("default").withLabel("app", "web").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action a, Pod pod) {
        if (a == action) {
          into.add(pod.getMetadata().getName());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    return into;
  }

  private static Instant time(String rfc3339) {
    return Instant.parse(rfc3339);
  }

  @Test
  void orderedReadyStartsInOrderScalesDownFromTheTopAndRollsOut() throws Exception {
    Watch[] added = new Watch[1];
    List<String> addedOrder = recordPodEvents(Watcher.Action.ADDED, new CopyOnWriteArrayList<>(), added);
    try {
      apply(WEB);
      Kubectl.Result status = kr("rollout", "status", "statefulset/web", "--timeout=120s");
      assertThat(status.exit()).as("rollout status: %s", status).isZero();
      // the defaulted rollingUpdate block has partition 0, so kubectl reports a partitioned roll out, as against a cluster
      assertThat(status.out()).contains("partitioned roll out complete: 3 new pods have been updated");
      // the watch's events may trail kubectl's own watch on a loaded machine: wait for all three
      eventually(java.time.Duration.ofSeconds(15), () -> addedOrder.size() >= 3);
      assertThat(addedOrder).as("pods first appear in ordinal order").containsExactly("web-0", "web-1", "web-2");
    } finally {
      added[0].close();
    }
    for (int i = 1; i < 3; i++) {
      Instant created = time(k("get", "pod", "web-" + i, "-o", "jsonpath={.metadata.creationTimestamp}"));
      Instant predecessorReady = time(k("get", "pod", "web-" + (i - 1), "-o",
          "jsonpath={.status.conditions[?(@.type==\"Ready\")].lastTransitionTime}"));
      assertThat(created).as("web-%d created no earlier than web-%d became Ready", i, i - 1).isAfterOrEqualTo(predecessorReady);
    }
    assertThat(k("get", "pod", "web-1", "-o", "jsonpath={.metadata.labels.statefulset\\.kubernetes\\.io/pod-name} "
        + "{.metadata.labels.apps\\.kubernetes\\.io/pod-index} {.spec.hostname} {.spec.subdomain}")).isEqualTo("web-1 1 web-1 nginx");
    assertThat(k("get", "sts", "web", "-o", "jsonpath={.status.replicas} {.status.readyReplicas} {.status.availableReplicas} "
        + "{.status.currentReplicas} {.status.updatedReplicas}")).isEqualTo("3 3 3 3 3");
    assertThat(k("get", "sts", "web")).contains("3/3");
    assertThat(k("get", "events", "--field-selector", "involvedObject.name=web", "-o", "jsonpath={.items[*].message}"))
        .contains("create Pod web-0 in StatefulSet web successful").contains("create Pod web-2 in StatefulSet web successful");

    Watch[] deleted = new Watch[1];
    List<String> deletedOrder = recordPodEvents(Watcher.Action.DELETED, new CopyOnWriteArrayList<>(), deleted);
    try {
      k("scale", "statefulset", "web", "--replicas=1");
      assertThat(eventually(Duration.ofSeconds(90), () -> deletedOrder.size() >= 2)).as("deleted: %s", deletedOrder).isTrue();
      assertThat(deletedOrder).containsExactly("web-2", "web-1");
    } finally {
      deleted[0].close();
    }
    assertThat(eventually(Duration.ofSeconds(30), () -> k("get", "sts", "web", "-o", "jsonpath={.status.replicas}").equals("1")))
        .isTrue();
    assertThat(k("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}")).isEqualTo("web-0");
    assertThat(kr("rollout", "status", "statefulset/web", "--timeout=60s").exit()).isZero();

    String before = k("get", "sts", "web", "-o", "jsonpath={.status.currentRevision}");
    k("rollout", "restart", "statefulset/web");
    assertThat(kr("rollout", "status", "statefulset/web", "--timeout=120s").exit()).isZero();
    String after = k("get", "sts", "web", "-o", "jsonpath={.status.currentRevision}");
    assertThat(after).isNotEqualTo(before);
    assertThat(k("get", "pod", "web-0", "-o", "jsonpath={.metadata.labels.controller-revision-hash}")).isEqualTo(after);
    assertThat(k("rollout", "history", "statefulset/web")).contains("REVISION").contains("1").contains("2");
    assertThat(k("rollout", "undo", "statefulset/web")).contains("rolled back");
    assertThat(kr("rollout", "status", "statefulset/web", "--timeout=120s").exit()).isZero();
    assertThat(k("get", "sts", "web", "-o", "jsonpath={.status.currentRevision}")).as("the old revision is reused").isEqualTo(before);

    k("delete", "statefulset", "web", "--timeout=60s");
    assertThat(eventually(Duration.ofSeconds(60), () -> k("get", "pods", "-l", "app=web", "-o", "name").isEmpty())).isTrue();
  }
}
