package dev.berth.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpProgressTest {
  private static final Instant START = Instant.parse("2025-01-01T10:00:00Z");
  private static final Workload WEB = new Workload("StatefulSet", "apps", "default", "web");
  private static final Workload NGINX = new Workload("Service", "", "default", "nginx");

  static StatefulSet web(int replicas, int ready) {
    return new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace("default").withGeneration(1L).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec()
        .withNewStatus().withObservedGeneration(1L).withReplicas(replicas).withReadyReplicas(ready).withUpdatedReplicas(replicas)
        .withCurrentRevision("web-1").withUpdateRevision("web-1").endStatus()
        .build();
  }

  /** A pod of {@code web}: phase, ready, restarts, and a waiting reason (or null). */
  static Pod pod(String name, String phase, boolean ready, int restarts, String waiting) {
    var b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("nginx").addNewPort().withName("http").withContainerPort(8080).endPort().endContainer().endSpec()
        .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition();
    if (!phase.equals("Pending")) {
      b.withPodIP("127.1.0." + (name.charAt(name.length() - 1) - '0' + 2));
    }
    var cs = b.addNewContainerStatus().withName("nginx").withRestartCount(restarts).withReady(ready).withNewState();
    if (waiting != null) {
      cs.withNewWaiting().withReason(waiting).endWaiting();
    } else {
      cs.withNewRunning().endRunning();
    }
    return cs.endState().endContainerStatus().endStatus().build();
  }

  static Event warning(String pod, String reason, String message, int count, String lastTimestamp) {
    return new EventBuilder().withNewMetadata().withName(pod + "." + reason).withNamespace("default").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace("default").endInvolvedObject()
        .withType("Warning").withReason(reason).withMessage(message).withCount(count).withLastTimestamp(lastTimestamp).build();
  }

  @Test
  void podsOfTheWorkloadAppearInOrderAndEachStateChangeIsOneLine() {
    UpProgress p = new UpProgress(List.of(NGINX, WEB), START);
    Map<Workload, HasMetadata> sts = Map.of(WEB, web(2, 0));
    Pod other = new PodBuilder().withNewMetadata().withName("other").withNamespace("default").addToLabels("app", "db").endMetadata().build();

    assertThat(p.observe(Map.of(), List.of(), List.of())).isEmpty();
    assertThat(p.allReady()).isFalse();
    assertThat(p.observe(sts, List.of(pod("web-0", "Pending", false, 0, null), other), List.of()))
        .containsExactly("  pod/web-0          Pending", "berth: statefulset.apps/web 0/2 ready");
    assertThat(p.observe(sts, List.of(pod("web-0", "Pending", false, 0, null)), List.of())).as("nothing changed").isEmpty();
    assertThat(p.observe(Map.of(WEB, web(2, 1)), List.of(pod("web-0", "Running", true, 0, null), pod("web-1", "Pending", false, 0, null)), List.of()))
        .containsExactly("  pod/web-0          Ready 127.1.0.2", "  pod/web-1          Pending", "berth: statefulset.apps/web 1/2 ready");
    assertThat(p.observe(Map.of(WEB, web(2, 1)), List.of(pod("web-0", "Running", true, 0, null), pod("web-1", "Running", false, 0, null)), List.of()))
        .containsExactly("  pod/web-1          Running 127.1.0.3, not ready");
    assertThat(p.allReady()).isFalse();
    assertThat(p.observe(Map.of(WEB, web(2, 2)), List.of(pod("web-0", "Running", true, 0, null), pod("web-1", "Running", true, 0, null)), List.of()))
        .containsExactly("  pod/web-1          Ready 127.1.0.3", "berth: statefulset.apps/web ready (2/2 ready)");
    assertThat(p.allReady()).isTrue();
    assertThat(p.pods()).extracting(x -> x.getMetadata().getName()).containsExactly("web-0", "web-1");
  }

  @Test
  void restartsCrashLoopsAndDeletionsAreReported() {
    UpProgress p = new UpProgress(List.of(WEB), START);
    Map<Workload, HasMetadata> sts = Map.of(WEB, web(1, 0));
    p.observe(sts, List.of(pod("web-0", "Running", true, 0, null)), List.of());
    assertThat(p.observe(sts, List.of(pod("web-0", "Running", false, 1, "CrashLoopBackOff")), List.of()))
        .containsExactly("  pod/web-0          CrashLoopBackOff, restarts: 1");
    assertThat(p.observe(sts, List.of(pod("web-0", "Running", false, 2, null)), List.of()))
        .containsExactly("  pod/web-0          Running 127.1.0.2, not ready, restarts: 2");
    Pod terminating = new PodBuilder(pod("web-0", "Running", true, 2, null)).editMetadata().withDeletionTimestamp("2025-01-01T10:01:00Z").endMetadata().build();
    assertThat(p.observe(sts, List.of(terminating), List.of())).containsExactly("  pod/web-0          Terminating");
    assertThat(p.observe(sts, List.of(), List.of())).containsExactly("  pod/web-0          deleted");
  }

  @Test
  void warningEventsAboutTheWorkloadsPodsShowOnceAndOldOnesAndFirstProbeFailuresNot() {
    UpProgress p = new UpProgress(List.of(WEB), START);
    Map<Workload, HasMetadata> sts = Map.of(WEB, web(1, 0));
    List<Pod> pods = List.of(pod("web-0", "Running", false, 0, null));
    p.observe(sts, pods, List.of());
    List<Event> events = new ArrayList<>(List.of(
        warning("web-0", "FailedMount", "MountVolume.SetUp failed for volume \"cfg\" : configmap \"cfg\" not found", 2, "2025-01-01T10:00:05Z"),
        warning("web-0", "FailedMount", "error processing PVC default/www-web-0: PVC is not bound", 3, "2025-01-01T10:00:05Z"),
        warning("web-0", "BackOff", "old news", 4, "2025-01-01T09:00:00Z"),
        warning("web-0", "Unhealthy", "Readiness probe failed: connection refused", 1, "2025-01-01T10:00:05Z"),
        warning("db-0", "BackOff", "not ours", 1, "2025-01-01T10:00:05Z")));
    assertThat(p.observe(sts, pods, events))
        .containsExactly("  pod/web-0          Warning FailedMount: MountVolume.SetUp failed for volume \"cfg\" : configmap \"cfg\" not found");
    assertThat(p.observe(sts, pods, events)).isEmpty();
    events.set(3, warning("web-0", "Unhealthy", "Readiness probe failed: connection refused", 3, "2025-01-01T10:00:11Z"));
    assertThat(p.observe(sts, pods, events))
        .containsExactly("  pod/web-0          Warning Unhealthy: Readiness probe failed: connection refused");
  }

  @Test
  void nothingToWaitForIsReadyAtOnce() {
    UpProgress p = new UpProgress(List.of(NGINX), START);
    assertThat(p.observe(Map.of(), List.of(), List.of())).isEmpty();
    assertThat(p.allReady()).isTrue();
  }

  @Test
  void ordinalsSortNumerically() {
    assertThat(UpProgress.compareNames("web-2", "web-10")).isNegative();
    assertThat(UpProgress.compareNames("api-7d9f", "api-1")).isPositive();
  }

  @Test
  void theSummarySaysWhereThePodsListenAndHowToUseKubectl() {
    List<String> lines = ReadySummary.render(List.of("statefulset.apps/web (2/2 ready)"),
        List.of(pod("web-0", "Running", true, 0, null), pod("web-1", "Running", true, 0, null)),
        List.of(new ServiceBuilder().withNewMetadata().withName("nginx").withNamespace("default").endMetadata()
            .withNewSpec().withClusterIP("None").addNewPort().withPort(80).withProtocol("TCP").withNewTargetPort(8080).endPort().endSpec().build()),
        Path.of("/data/kubeconfig"), true);
    assertThat(lines).containsExactly(
        "berth: ready: statefulset.apps/web (2/2 ready)",
        "  pod/web-0          127.1.0.2:8080 (http)",
        "  pod/web-1          127.1.0.3:8080 (http)",
        "  service/nginx      headless (ClusterIP None), ports 80/TCP->8080",
        "berth: try: curl http://127.1.0.2:8080/",
        "berth: kubectl: export KUBECONFIG=/data/kubeconfig   (or kubectl --kubeconfig /data/kubeconfig ...)",
        "berth:          kubectl get pods -o wide; kubectl logs web-0",
        "berth: Ctrl-C stops these pods (highest ordinal first; volumes and the data dir are kept) and the server");
  }
}
