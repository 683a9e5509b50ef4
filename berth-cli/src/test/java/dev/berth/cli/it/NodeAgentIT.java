package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pods run as processes (issue "Node agent"; spec/kubelet.md): bound to the node, their own IP in
 * 127.1.0.0/16, their own hostname and /etc/hosts, probes, logs, restarts with exit codes, and a
 * delete that stops the process.
 */
class NodeAgentIT extends ServerFixture {

  private static boolean answers(String url) {
    try {
      HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void aPodRunsWithItsOwnHostnameIpAndHostsFileBecomesReadyAndStopsOnDelete() throws Exception {
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          terminationGracePeriodSeconds: 1  # python as PID 1 has no SIGTERM handler, so it waits for SIGKILL
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "echo host=$(hostname) ip=$POD_IP; cat /etc/hosts; exec python3 -m http.server --bind $POD_IP 8080"]
            env: [{name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
            readinessProbe: {httpGet: {port: 8080, path: /}, periodSeconds: 1}
        """);
    assertThat(k("wait", "--for=condition=Ready", "pod/web", "--timeout=60s")).contains("condition met");
    String ip = k("get", "pod", "web", "-o", "jsonpath={.status.podIP}");
    assertThat(ip).startsWith("127.1.");
    assertThat(k("get", "pod", "web")).contains("1/1").contains("Running");
    String logs = k("logs", "web");
    assertThat(logs).contains("host=web ip=" + ip).contains("# Kubernetes-managed hosts file.").contains(ip + "\tweb");
    assertThat(answers("http://" + ip + ":8080/")).isTrue();
    assertThat(k("get", "events", "--field-selector", "involvedObject.name=web", "-o", "jsonpath={.items[*].reason}"))
        .contains("Scheduled").contains("Started");
    k("delete", "pod", "web", "--timeout=60s");
    assertThat(answers("http://" + ip + ":8080/")).as("the server process is gone").isFalse();
  }

  @Test
  void aCrashingContainerRestartsWithItsExitCodeAndPreviousLogs() throws Exception {
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: crash}
        spec:
          containers: [{name: c, image: busybox, command: ["bash", "-c", "echo boom; exit 3"]}]
        """);
    assertThat(eventually(Duration.ofSeconds(60), () -> {
      String n = k("get", "pod", "crash", "-o", "jsonpath={.status.containerStatuses[0].restartCount}");
      return !n.isEmpty() && Integer.parseInt(n) >= 1;
    })).isTrue();
    assertThat(k("get", "pod", "crash", "-o", "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}")).isEqualTo("3");
    assertThat(eventually(Duration.ofSeconds(60), () -> k("get", "pod", "crash", "--no-headers").matches("(?s).*(CrashLoopBackOff|Error).*"))).isTrue();
    assertThat(k("logs", "crash", "--previous")).contains("boom");
    k("delete", "pod", "crash", "--timeout=60s");
  }

  @Test
  void aContainerWithoutACommandSaysItCannotRunHere() {
    apply("apiVersion: v1\nkind: Pod\nmetadata: {name: imageonly}\nspec: {containers: [{name: nginx, image: nginx:1.27}]}\n");
    try {
      assertThat(eventually(Duration.ofSeconds(30), () -> k("get", "pod", "imageonly", "-o",
          "jsonpath={.status.containerStatuses[0].state.waiting.message}").contains("berth runs no images"))).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    k("delete", "pod", "imageonly", "--timeout=60s");
  }
}
