package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Node-agent features through the real kubectl (spec/kubelet.md §1.6, §3, §6, §7, §10): one pod
 * per feature, asserting what a user sees in {@code kubectl get} and {@code kubectl logs}.
 */
@ServerFixture.ServerArgs({"--node-resync", "PT2S"}) // the ConfigMap update reaches the volume within seconds
class NodeAgentFeaturesIT extends ServerFixture {

  private static final String HOLD = "trap 'exit 0' TERM; sleep 300 & wait";

  /** Pods outlive the server process (they are adopted on restart), so a failed test must not leave any. */
  @AfterEach
  void deletePods() {
    kr("delete", "pods", "--all", "--grace-period=1", "--timeout=60s");
  }

  private static String status(String pod) {
    String line = k("get", "pod", pod, "--no-headers");
    String[] f = line.trim().split("\\s+");
    return f.length > 2 ? f[2] : line;
  }

  private static String logsEventually(String pod, String needle) {
    waitFor(Duration.ofSeconds(30), () -> {
      Kubectl.Result r = kr("logs", pod);
      return r.ok() && r.out().contains(needle);
    });
    return k("logs", pod);
  }

  @Test
  void anInitContainerRunsFirstAndItsFileIsSeenByTheMainContainer() {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: init}
        spec:
          terminationGracePeriodSeconds: 1
          initContainers:
          - name: prep
            image: busybox
            command: ["bash", "-c", "sleep 2; echo prepared > /work-dir/msg"]
            volumeMounts: [{name: w, mountPath: /work-dir}]
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "cat /work-dir/msg; trap 'exit 0' TERM; sleep 300 & wait"]
            volumeMounts: [{name: w, mountPath: /work-dir}]
          volumes: [{name: w, emptyDir: {}}]
        """);
    assertThat(waitFor(Duration.ofSeconds(15), () -> status("init").equals("Init:0/1")))
        .as("STATUS while the init container runs").isTrue();
    assertThat(waitFor(Duration.ofSeconds(30), () -> status("init").equals("Running"))).isTrue();
    assertThat(k("get", "pod", "init", "-o", "jsonpath={.status.initContainerStatuses[0].state.terminated.reason}"))
        .isEqualTo("Completed");
    assertThat(logsEventually("init", "prepared")).contains("prepared");
    k("delete", "pod", "init", "--timeout=60s");
  }

  @Test
  void aConfigMapIsSeenAsAVolumeAndAsEnvAndTheVolumeFollowsChanges() {
    applyOk("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {color: blue, size: large}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: cmpod}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "echo file=$(cat /etc/settings/color) key=$COLOR pre=$CFG_size; trap 'exit 0' TERM; while true; do echo now=$(cat /etc/settings/color); sleep 1; done & wait"]
            env: [{name: COLOR, valueFrom: {configMapKeyRef: {name: settings, key: color}}}]
            envFrom: [{prefix: CFG_, configMapRef: {name: settings}}]
            volumeMounts: [{name: s, mountPath: /etc/settings}]
          volumes: [{name: s, configMap: {name: settings}}]
        """);
    assertThat(logsEventually("cmpod", "file=")).contains("file=blue key=blue pre=large");
    k("patch", "configmap", "settings", "--type=merge", "-p", "{\"data\":{\"color\":\"green\"}}");
    assertThat(waitFor(Duration.ofSeconds(30), () -> k("logs", "cmpod", "--tail=1").contains("now=green")))
        .as("the mounted file follows the ConfigMap").isTrue();
    k("delete", "pod", "cmpod", "--timeout=60s");
    k("delete", "configmap", "settings");
  }

  @Test
  void aSecretVolumeIsReadOnlyWithItsModeAndADownwardApiVolumeHasTheLabels() {
    applyOk("""
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
        stringData: {password: s3cret}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: secpod, labels: {app: demo, tier: back}}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "echo pw=$(cat /etc/creds/password); echo mode=$(stat -L -c %a /etc/creds/password); if echo x > /etc/creds/new 2>/dev/null; then echo write=ok; else echo write=denied; fi; cat /etc/podinfo/labels; echo; trap 'exit 0' TERM; sleep 300 & wait"]
            volumeMounts:
            - {name: s, mountPath: /etc/creds}
            - {name: d, mountPath: /etc/podinfo}
          volumes:
          - {name: s, secret: {secretName: creds, defaultMode: 0644}}
          - name: d
            downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
        """);
    String logs = logsEventually("secpod", "tier=");
    assertThat(logs).contains("pw=s3cret").contains("mode=644").contains("write=denied")
        .contains("app=\"demo\"").contains("tier=\"back\"");
    k("delete", "pod", "secpod", "--timeout=60s");
    k("delete", "secret", "creds");
  }

  @Test
  void runAsUserSetsTheUidAndRunAsNonRootRefusesRoot() {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: nobody}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "echo uid=$(id -u); trap 'exit 0' TERM; sleep 300 & wait"]
            securityContext: {runAsUser: 65534}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: rootless}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "echo should-not-run; sleep 300"]
            securityContext: {runAsUser: 0, runAsNonRoot: true}
        """);
    assertThat(logsEventually("nobody", "uid=")).contains("uid=65534");
    assertThat(waitFor(Duration.ofSeconds(30), () -> status("rootless").equals("CreateContainerConfigError"))).isTrue();
    // upstream verifyRunAsNonRoot: an explicit runAsUser 0 gives this message (the "has runAsNonRoot and
    // image will run as root" wording is for an unset runAsUser resolving to 0).
    assertThat(k("get", "pod", "rootless", "-o", "jsonpath={.status.containerStatuses[0].state.waiting.message}"))
        .startsWith("container's runAsUser breaks non-root policy (pod: \"rootless_default(").endsWith("container: c)");
    k("delete", "pod", "nobody", "rootless", "--timeout=60s");
  }

  @Test
  void argsExpandDefinedVariablesKeepEscapesAndUndefinedReferences() {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: expand}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c"]
            args: ["echo \\"got [$1] [$2] [$3]\\"; trap 'exit 0' TERM; sleep 300 & wait", "sh", "$(GREETING)", "$$(GREETING)", "$(MISSING)"]
            env: [{name: GREETING, value: hello}]
        """);
    assertThat(logsEventually("expand", "got ")).contains("got [hello] [$(GREETING)] [$(MISSING)]");
    k("delete", "pod", "expand", "--timeout=60s");
  }

  @Test
  void aLocalPathClaimIsBoundAndKeepsDataAcrossPodsAndGoesWithItsClaim() throws Exception {
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: pvcpod}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "cat /data/f 2>/dev/null && echo found-old; echo run >> /data/f; echo wrote; trap 'exit 0' TERM; sleep 300 & wait"]
            volumeMounts: [{name: d, mountPath: /data}]
          volumes: [{name: d, persistentVolumeClaim: {claimName: store}}]
        """;
    applyOk("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: store}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Mi}}
        """);
    assertThat(waitFor(Duration.ofSeconds(10), () -> k("describe", "pvc", "store").contains("WaitForFirstConsumer")))
        .as("no consumer yet: %s", k("describe", "pvc", "store")).isTrue();
    assertThat(k("get", "pvc", "store", "-o", "jsonpath={.status.phase}")).isEqualTo("Pending");
    applyOk(pod);
    assertThat(logsEventually("pvcpod", "wrote")).contains("wrote").doesNotContain("found-old");
    assertThat(waitFor(Duration.ofSeconds(30), () -> k("get", "pvc", "store", "-o", "jsonpath={.status.phase}").equals("Bound"))).isTrue();
    String uid = k("get", "pvc", "store", "-o", "jsonpath={.metadata.uid}");
    String pv = "pvc-" + uid;
    assertThat(k("get", "pvc", "store", "-o", "jsonpath={.spec.volumeName}")).isEqualTo(pv);
    assertThat(k("get", "pv", pv, "--no-headers")).contains("1Mi").contains("RWO").contains("Delete").contains("Bound")
        .contains("default/store").contains("local-path");
    assertThat(k("describe", "pvc", "store")).contains("ProvisioningSucceeded").contains("Successfully provisioned volume " + pv);
    Path dir = server.dataDir.resolve("volumes").resolve(pv + "_default_store");
    Path file = dir.resolve("f");
    assertThat(Files.readString(file)).isEqualTo("run\n");
    k("delete", "pod", "pvcpod", "--timeout=60s");
    applyOk(pod);
    assertThat(logsEventually("pvcpod", "found-old")).contains("run\nfound-old");
    assertThat(Files.readString(file)).isEqualTo("run\nrun\n");

    // pvc-protection: the claim waits for its pod; then Delete removes volume and directory
    k("delete", "pvc", "store", "--wait=false");
    Thread.sleep(1000);
    assertThat(k("get", "pvc", "store", "-o", "jsonpath={.metadata.deletionTimestamp}")).as("still used by pvcpod").isNotEmpty();
    assertThat(k("get", "pvc", "store", "--no-headers")).contains("Terminating");
    assertThat(Files.exists(file)).isTrue();
    k("delete", "pod", "pvcpod", "--timeout=60s");
    assertThat(waitFor(Duration.ofSeconds(30), () -> !kr("get", "pv", pv).ok())).as("the volume is deleted").isTrue();
    assertThat(kr("get", "pvc", "store").err()).contains("NotFound");
    assertThat(Files.exists(dir)).as("and its directory").isFalse();
  }

  @Test
  void aRetainVolumeKeepsItsDirectoryAfterItsClaimIsGone() throws Exception {
    applyOk("""
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: keep}
        provisioner: berth.dev/local-path
        reclaimPolicy: Retain
        volumeBindingMode: Immediate
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: retained}
        spec:
          storageClassName: keep
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 2Mi}}
        """);
    assertThat(waitFor(Duration.ofSeconds(30), () -> k("get", "pvc", "retained", "-o", "jsonpath={.status.phase}").equals("Bound")))
        .as("Immediate: bound without a pod").isTrue();
    String pv = k("get", "pvc", "retained", "-o", "jsonpath={.spec.volumeName}");
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: retainer}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "echo precious > /data/f; echo wrote; trap 'exit 0' TERM; sleep 300 & wait"]
            volumeMounts: [{name: d, mountPath: /data}]
          volumes: [{name: d, persistentVolumeClaim: {claimName: retained}}]
        """);
    assertThat(logsEventually("retainer", "wrote")).contains("wrote");
    k("delete", "pod", "retainer", "--timeout=60s");
    k("delete", "pvc", "retained", "--timeout=60s");
    assertThat(waitFor(Duration.ofSeconds(30), () -> k("get", "pv", pv, "-o", "jsonpath={.status.phase}").equals("Released")))
        .isTrue();
    Path file = server.dataDir.resolve("volumes").resolve(pv + "_default_retained").resolve("f");
    assertThat(Files.readString(file)).isEqualTo("precious\n");
    k("delete", "pv", pv, "--timeout=60s");
    assertThat(Files.readString(file)).as("Retain: deleting the volume object leaves the data").isEqualTo("precious\n");
    k("delete", "storageclass", "keep");
  }

  @Test
  void restartNeverPodsEndCompletedOrError() {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: ok}
        spec:
          restartPolicy: Never
          containers: [{name: c, image: busybox, command: ["bash", "-c", "echo done; exit 0"]}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: bad}
        spec:
          restartPolicy: Never
          containers: [{name: c, image: busybox, command: ["bash", "-c", "echo fail; exit 1"]}]
        """);
    assertThat(waitFor(Duration.ofSeconds(30), () -> status("ok").equals("Completed"))).isTrue();
    assertThat(waitFor(Duration.ofSeconds(30), () -> status("bad").equals("Error"))).isTrue();
    assertThat(k("get", "pod", "ok", "-o", "jsonpath={.status.phase}")).isEqualTo("Succeeded");
    assertThat(k("get", "pod", "bad", "-o", "jsonpath={.status.phase}")).isEqualTo("Failed");
    assertThat(k("get", "pod", "bad", "-o", "jsonpath={.status.containerStatuses[0].state.terminated.exitCode}")).isEqualTo("1");
    assertThat(k("get", "pod", "ok", "bad", "--no-headers")).contains("0/1");
    assertThat(k("logs", "ok")).contains("done");
    k("delete", "pod", "ok", "bad", "--timeout=60s");
  }

  /** The node agent's half of §7.8: a claim bound (by hand) to a hostPath PV in the local-path layout. */
  @Test
  void aBoundClaimIsMountedAndKeepsDataAcrossPods() throws Exception {
    applyOk("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: kept}
        spec:
          storageClassName: ""
          volumeName: pv-kept
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Mi}}
        """);
    String uid = k("get", "pvc", "kept", "-o", "jsonpath={.metadata.uid}");
    Path dir = server.dataDir.resolve("volumes").resolve("pvc-" + uid + "_default_kept");
    applyOk("""
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: pv-kept}
        spec:
          storageClassName: ""
          capacity: {storage: 1Mi}
          accessModes: [ReadWriteOnce]
          hostPath: {path: %s, type: DirectoryOrCreate}
          claimRef: {namespace: default, name: kept, uid: %s}
        """.formatted(dir, uid));
    k("patch", "pvc", "kept", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Bound\"}}");
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: keeper}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "cat /data/f 2>/dev/null && echo found-old; echo run >> /data/f; echo wrote; trap 'exit 0' TERM; sleep 300 & wait"]
            volumeMounts: [{name: d, mountPath: /data}]
          volumes: [{name: d, persistentVolumeClaim: {claimName: kept}}]
        """;
    applyOk(pod);
    assertThat(logsEventually("keeper", "wrote")).contains("wrote").doesNotContain("found-old");
    assertThat(k("get", "pvc", "kept", "--no-headers")).contains("Bound");
    Path file = dir.resolve("f");
    assertThat(Files.readString(file)).isEqualTo("run\n");
    k("delete", "pod", "keeper", "--timeout=60s");
    applyOk(pod);
    assertThat(logsEventually("keeper", "wrote")).contains("run\nfound-old");
    assertThat(Files.readString(file)).isEqualTo("run\nrun\n");
    k("delete", "pod", "keeper", "--timeout=60s");
  }
}
