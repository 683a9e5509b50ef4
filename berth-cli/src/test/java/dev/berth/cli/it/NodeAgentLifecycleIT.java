package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle hooks, {@code activeDeadlineSeconds} and termination messages through the real kubectl
 * ({@code spec/kubelet.md} §5.1–5.6): what a user sees in {@code kubectl get}, {@code logs} and
 * {@code -o jsonpath}, and in files the containers write.
 */
class NodeAgentLifecycleIT extends ServerFixture {

  @TempDir
  Path host;

  @AfterEach
  void deletePods() {
    kr("delete", "pods", "--all", "--grace-period=1", "--timeout=60s");
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void postStartRunsInTheContainerBeforeItIsReportedRunningAndAFailingOneKillsIt() {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: poststart}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "while [ ! -f /work/post ]; do sleep 0.1; done; echo saw=$(cat /work/post); trap 'exit 0' TERM; sleep 300 & wait"]
            volumeMounts: [{name: w, mountPath: /work}]
            lifecycle:
              postStart:
                exec: {command: ["sh", "-c", "sleep 2; echo host=$(hostname) > /work/post"]}
          volumes: [{name: w, emptyDir: {}}]
        """);
    assertThat(waitFor(Duration.ofSeconds(15), () -> jsonpath("poststart", ".status.containerStatuses[0].state.waiting.reason")
        .equals("ContainerCreating") && !k("get", "events", "--field-selector", "involvedObject.name=poststart").isEmpty()))
        .as("waiting while postStart runs").isTrue();
    assertThat(waitFor(Duration.ofSeconds(30), () -> jsonpath("poststart", ".status.phase").equals("Running"))).isTrue();
    assertThat(waitFor(Duration.ofSeconds(10), () -> k("logs", "poststart").contains("saw=")))
        .as("the hook ran in the container's namespaces: its mounts and hostname").isTrue();
    assertThat(k("logs", "poststart")).contains("saw=host=poststart");

    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: badhook}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["sleep", "300"]
            lifecycle:
              postStart:
                exec: {command: ["sh", "-c", "echo nope; exit 3"]}
        """);
    assertThat(waitFor(Duration.ofSeconds(30), () -> jsonpath("badhook", ".status.phase").equals("Failed")))
        .as("the container is killed; under Never the pod fails").isTrue();
    assertThat(k("get", "events", "--field-selector", "involvedObject.name=badhook", "-o",
        "jsonpath={range .items[*]}{.reason}:{.message};{end}")).contains("FailedPostStartHook:PostStartHook failed")
        .contains("Killing:FailedPostStartHook");
    assertThat(jsonpath("badhook", ".status.containerStatuses[0].state.terminated.exitCode")).isEqualTo("137");
  }

  @Test
  void preStopRunsBeforeSigtermAndSigtermComesWhenItReturns() {
    Path order = host.resolve("order");
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: prestop}
        spec:
          terminationGracePeriodSeconds: 20
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "trap 'echo sigterm >> /host/order; exit 0' TERM; echo ready; sleep 300 & wait"]
            volumeMounts: [{name: h, mountPath: /host}]
            lifecycle:
              preStop:
                exec: {command: ["sh", "-c", "echo prestop-begin >> /host/order; sleep 2; echo prestop-end >> /host/order"]}
          volumes: [{name: h, hostPath: {path: HOST, type: Directory}}]
        """.replace("HOST", host.toString()));
    assertThat(waitFor(Duration.ofSeconds(30), () -> kr("logs", "prestop").out().contains("ready"))).isTrue();
    long start = System.nanoTime();
    k("delete", "pod", "prestop", "--timeout=60s");
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    assertThat(read(order)).isEqualTo("prestop-begin\nprestop-end\nsigterm\n");
    assertThat(seconds).as("SIGTERM once the hook returned, not at the end of the 20 s grace period").isLessThan(15);
  }

  @Test
  void aPodPastItsActiveDeadlineIsFailedWithDeadlineExceeded() {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: deadline}
        spec:
          activeDeadlineSeconds: 3
          terminationGracePeriodSeconds: 1
          containers: [{name: c, image: busybox, command: ["sleep", "300"]}]
        """);
    assertThat(waitFor(Duration.ofSeconds(30), () -> {
      String line = k("get", "pod", "deadline", "--no-headers");
      return line.trim().split("\\s+")[2].equals("DeadlineExceeded");
    })).as("kubectl STATUS").isTrue();
    assertThat(jsonpath("deadline", ".status.phase} {.status.reason} {.status.message"))
        .isEqualTo("Failed DeadlineExceeded Pod was active on the node longer than the specified deadline");
    assertThat(waitFor(Duration.ofSeconds(15),
        () -> !jsonpath("deadline", ".status.containerStatuses[0].state.terminated.exitCode").isEmpty()))
        .as("its container was stopped").isTrue();
  }

  @Test
  void theTerminationMessageAndTheLogFallbackAreInTheTerminatedState() {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: tmsg}
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
            command: ["sh", "-c", "printf 'disk full' > /dev/termination-log; exit 3"]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: tlogs}
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
            terminationMessagePolicy: FallbackToLogsOnError
            command: ["sh", "-c", "echo first; echo panic: boom; exit 2"]
        """);
    assertThat(waitFor(Duration.ofSeconds(30), () -> jsonpath("tmsg", ".status.phase").equals("Failed")
        && jsonpath("tlogs", ".status.phase").equals("Failed"))).isTrue();
    assertThat(jsonpath("tmsg", ".status.containerStatuses[0].state.terminated.message")).isEqualTo("disk full");
    assertThat(jsonpath("tmsg", ".status.containerStatuses[0].state.terminated.exitCode")).isEqualTo("3");
    assertThat(jsonpath("tlogs", ".status.containerStatuses[0].state.terminated.message")).isEqualTo("first\npanic: boom\n");
  }
}
