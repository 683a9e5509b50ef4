package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Init containers, native sidecars, several containers per pod and the kubectl STATUS column
 * ({@code spec/kubelet.md} §1.6, §3) with real processes: every STATUS a user sees scroll by in
 * {@code kubectl get pod -w} ({@link PodWatch}), not only where it ends.
 */
class NodeAgentPodStatusIT extends ServerFixture {

  /** A container that keeps running and ends at once on SIGTERM. */
  private static final String HOLD = "trap 'exit 0' TERM; sleep 300 & wait";

  @AfterEach
  void deletePods() {
    kr("delete", "pods", "--all", "--grace-period=1", "--timeout=60s");
  }

  @Test
  void twoInitContainersRunOneAfterTheOtherAndStatusCountsThem() throws Exception {
    try (PodWatch w = PodWatch.start(kubectl, "inits")) {
      applyOk("""
          apiVersion: v1
          kind: Pod
          metadata: {name: inits}
          spec:
            terminationGracePeriodSeconds: 1
            initContainers:
            - name: one
              image: busybox
              command: ["bash", "-c", "sleep 3; echo one >> /w/order; echo one-done"]
              volumeMounts: [{name: w, mountPath: /w}]
            - name: two
              image: busybox
              command: ["bash", "-c", "sleep 2; echo two >> /w/order; echo two-done"]
              volumeMounts: [{name: w, mountPath: /w}]
            containers:
            - name: main
              image: busybox
              command: ["bash", "-c", "echo order=$(paste -sd, /w/order); HOLD"]
              volumeMounts: [{name: w, mountPath: /w}]
            volumes: [{name: w, emptyDir: {}}]
          """.replace("HOLD", HOLD));
      assertThat(w.awaitStatus("Running", Duration.ofSeconds(60))).as("seen: %s", w.statuses()).isTrue();
      assertThat(w.statuses()).as("§1.6: Init:0/2 → Init:1/2 → (PodInitializing) → Running")
          .containsSubsequence("Init:0/2", "Init:1/2", "Running")
          .isSubsetOf("Pending", "Init:0/2", "Init:1/2", "PodInitializing", "Running");
    }
    assertThat(jsonpath("inits", ".status.initContainerStatuses[*].state.terminated.reason")).isEqualTo("Completed Completed");
    assertThat(waitFor(Duration.ofSeconds(15), () -> k("logs", "inits").contains("order="))).isTrue();
    assertThat(k("logs", "inits")).as("init containers ran in spec order, each to completion").contains("order=one,two");
    assertThat(k("logs", "inits", "-c", "two")).isEqualTo("two-done\n");
    assertThat(k("get", "pod", "inits", "--no-headers")).contains("1/1");
  }

  @Test
  void aFailingInitContainerShowsInitErrorThenInitCrashLoopBackOffOrFailsThePodUnderNever() throws Exception {
    try (PodWatch w = PodWatch.start(kubectl, "initloop")) {
      applyOk("""
          apiVersion: v1
          kind: Pod
          metadata: {name: initloop}
          spec:
            terminationGracePeriodSeconds: 1
            initContainers: [{name: check, image: busybox, command: ["bash", "-c", "echo not yet; exit 1"]}]
            containers: [{name: main, image: busybox, command: ["bash", "-c", "echo main ran"]}]
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: initnever}
          spec:
            restartPolicy: Never
            terminationGracePeriodSeconds: 1
            initContainers: [{name: check, image: busybox, command: ["bash", "-c", "exit 2"]}]
            containers: [{name: main, image: busybox, command: ["bash", "-c", "echo main ran"]}]
          """);
      assertThat(w.awaitStatus("Init:CrashLoopBackOff", Duration.ofSeconds(60))).as("seen: %s", w.statuses()).isTrue();
      assertThat(w.statuses()).containsSubsequence("Init:Error", "Init:CrashLoopBackOff").doesNotContain("Running");
    }
    assertThat(jsonpath("initloop", ".status.phase")).as("a crash-looping init container keeps the pod Pending").isEqualTo("Pending");
    assertThat(Integer.parseInt(jsonpath("initloop", ".status.initContainerStatuses[0].restartCount"))).isGreaterThanOrEqualTo(1);
    assertThat(jsonpath("initloop", ".status.containerStatuses[0].state.waiting.reason")).isEqualTo("PodInitializing");
    assertThat(k("logs", "initloop", "-c", "check")).contains("not yet");

    assertThat(waitFor(Duration.ofSeconds(30), () -> jsonpath("initnever", ".status.phase").equals("Failed"))).isTrue();
    assertThat(k("get", "pod", "initnever", "--no-headers").trim().split("\\s+")[2]).isEqualTo("Init:Error");
    assertThat(jsonpath("initnever", ".status.initContainerStatuses[0].state.terminated.exitCode")).isEqualTo("2");
    assertThat(kr("logs", "initnever", "-c", "main").ok()).as("the main container never started").isFalse();
  }

  @Test
  void aNativeSidecarRunsBesideTheMainContainerAndIsStoppedWhenTheMainContainerCompletes() throws Exception {
    try (PodWatch w = PodWatch.start(kubectl, "sidecar")) {
      applyOk("""
          apiVersion: v1
          kind: Pod
          metadata: {name: sidecar}
          spec:
            restartPolicy: Never
            terminationGracePeriodSeconds: 1
            initContainers:
            - name: side
              image: busybox
              restartPolicy: Always
              command: ["bash", "-c", "echo side-up; touch /w/side; trap 'echo side-stopped; exit 0' TERM; sleep 300 & wait"]
              volumeMounts: [{name: w, mountPath: /w}]
            containers:
            - name: main
              image: busybox
              command: ["bash", "-c", "while [ ! -f /w/side ]; do sleep 0.1; done; echo main-saw-side; sleep 4; echo main-done"]
              volumeMounts: [{name: w, mountPath: /w}]
            volumes: [{name: w, emptyDir: {}}]
          """);
      assertThat(w.awaitRow(r -> r.ready().equals("2/2") && r.status().equals("Running"), Duration.ofSeconds(60)))
          .as("sidecar and main container run side by side: %s", w.rows()).isTrue();
      assertThat(w.awaitStatus("Completed", Duration.ofSeconds(60))).as("seen: %s", w.statuses()).isTrue();
    }
    assertThat(waitFor(Duration.ofSeconds(30), () -> jsonpath("sidecar", ".status.phase").equals("Succeeded")
        && !jsonpath("sidecar", ".status.initContainerStatuses[0].state.terminated.reason").isEmpty()))
        .as("the pod completes and its sidecar is stopped: %s", jsonpath("sidecar", ".status")).isTrue();
    assertThat(k("logs", "sidecar", "-c", "main")).contains("main-saw-side").contains("main-done");
    assertThat(k("logs", "sidecar", "-c", "side")).as("the sidecar got SIGTERM after the main container ended")
        .isEqualTo("side-up\nside-stopped\n");
    assertThat(jsonpath("sidecar", ".status.initContainerStatuses[0].restartCount")).isEqualTo("0");
  }

  @Test
  void severalContainersAreCountedInReadyAndOneThatCompletesLeavesThePodNotReady() throws Exception {
    try (PodWatch w = PodWatch.start(kubectl, "multi")) {
      applyOk("""
          apiVersion: v1
          kind: Pod
          metadata: {name: multi}
          spec:
            restartPolicy: Never
            terminationGracePeriodSeconds: 1
            containers:
            - {name: a, image: busybox, command: ["bash", "-c", "echo a-up; sleep 4; echo a-done"]}
            - {name: b, image: busybox, command: ["bash", "-c", "echo b-up; HOLD"]}
          """.replace("HOLD", HOLD));
      assertThat(w.awaitRow(r -> r.ready().equals("2/2") && r.status().equals("Running"), Duration.ofSeconds(60)))
          .as("seen: %s", w.rows()).isTrue();
      assertThat(w.awaitRow(r -> r.ready().equals("1/2") && r.status().equals("NotReady"), Duration.ofSeconds(30)))
          .as("§1.6: Completed with a running container is NotReady when the pod is not Ready: %s", w.rows()).isTrue();
    }
    assertThat(jsonpath("multi", ".status.phase")).isEqualTo("Running");
    assertThat(jsonpath("multi", ".status.containerStatuses[*].name")).as("sorted by name").isEqualTo("a b");
    assertThat(k("logs", "multi", "-c", "a")).isEqualTo("a-up\na-done\n");
    assertThat(k("logs", "multi", "-c", "b")).isEqualTo("b-up\n");
  }

  @Test
  void statusShowsContainerCreatingCompletedErrorCrashLoopBackOffAndConfigErrors() throws Exception {
    try (PodWatch creating = PodWatch.start(kubectl, "creating"); PodWatch zero = PodWatch.start(kubectl, "zero");
        PodWatch one = PodWatch.start(kubectl, "one")) {
      applyOk("""
          apiVersion: v1
          kind: Pod
          metadata: {name: creating}
          spec:
            terminationGracePeriodSeconds: 1
            containers:
            - name: c
              image: busybox
              command: ["bash", "-c", "HOLD"]
              lifecycle: {postStart: {exec: {command: ["sleep", "3"]}}}
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: zero}
          spec:
            terminationGracePeriodSeconds: 1
            containers: [{name: c, image: busybox, command: ["bash", "-c", "sleep 1; exit 0"]}]
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: one}
          spec:
            terminationGracePeriodSeconds: 1
            containers: [{name: c, image: busybox, command: ["bash", "-c", "sleep 1; exit 1"]}]
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: nosecret}
          spec:
            terminationGracePeriodSeconds: 1
            containers:
            - name: c
              image: busybox
              command: ["bash", "-c", "HOLD"]
              env: [{name: PW, valueFrom: {secretKeyRef: {name: absent, key: pw}}}]
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: unready}
          spec:
            terminationGracePeriodSeconds: 1
            containers:
            - name: c
              image: busybox
              command: ["bash", "-c", "HOLD"]
              readinessProbe: {exec: {command: ["false"]}, periodSeconds: 1}
          """.replace("HOLD", HOLD));
      assertThat(creating.awaitStatus("Running", Duration.ofSeconds(60))).as("seen: %s", creating.statuses()).isTrue();
      assertThat(creating.statuses()).as("postStart holds the container in ContainerCreating")
          .containsSubsequence("ContainerCreating", "Running");
      assertThat(zero.awaitStatus("CrashLoopBackOff", Duration.ofSeconds(60))).as("seen: %s", zero.statuses()).isTrue();
      assertThat(zero.statuses()).as("Appendix E 3: exit 0 under Always is restarted too")
          .containsSubsequence("Running", "Completed", "CrashLoopBackOff");
      assertThat(one.awaitStatus("CrashLoopBackOff", Duration.ofSeconds(60))).as("seen: %s", one.statuses()).isTrue();
      assertThat(one.statuses()).containsSubsequence("Running", "Error", "CrashLoopBackOff");
    }
    assertThat(jsonpath("zero", ".status.phase")).as("Appendix E 4").isEqualTo("Running");
    assertThat(k("get", "pod", "zero", "--no-headers")).containsPattern("\\s\\d+ \\(\\d+s ago\\)\\s");
    assertThat(k("get", "pod", "nosecret", "--no-headers")).contains("0/1").contains("CreateContainerConfigError");
    assertThat(jsonpath("nosecret", ".status.containerStatuses[0].state.waiting.message")).isEqualTo("secret \"absent\" not found");
    assertThat(waitFor(Duration.ofSeconds(15), () -> k("get", "pod", "unready", "--no-headers").trim().split("\\s+")[1].equals("0/1")
        && k("get", "pod", "unready", "--no-headers").trim().split("\\s+")[2].equals("Running")))
        .as("failing readiness: Running, READY 0/1 — %s", k("get", "pod", "unready")).isTrue();
  }

  @Test
  void aDeletedPodIsTerminatingUntilItsProcessesHaveStopped() throws Exception {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: slowstop}
        spec:
          terminationGracePeriodSeconds: 20
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "echo up; trap 'sleep 3; exit 0' TERM; sleep 300 & wait"]
        """);
    assertThat(waitFor(Duration.ofSeconds(30), () -> kr("logs", "slowstop").out().contains("up"))).isTrue();
    try (PodWatch w = PodWatch.start(kubectl, "slowstop")) {
      assertThat(w.awaitStatus("Running", Duration.ofSeconds(10))).isTrue();
      long start = System.nanoTime();
      k("delete", "pod", "slowstop", "--wait=false");
      assertThat(w.awaitStatus("Terminating", Duration.ofSeconds(10))).as("seen: %s", w.statuses()).isTrue();
      assertThat(waitFor(Duration.ofSeconds(30), () -> !kr("get", "pod", "slowstop").ok())).as("gone once it exited").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start).toSeconds())
          .as("removed when its process exited (~3 s), not at the end of the 20 s grace period").isLessThan(15);
    }
  }
}
