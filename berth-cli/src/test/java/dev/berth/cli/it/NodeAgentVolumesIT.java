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
 * Every volume type a pod can use on berth ({@code spec/kubelet.md} §7, Appendix E 14), read and
 * written by the container itself and reported in its log: emptyDir (shared by two containers,
 * {@code medium: Memory}), configMap and secret (the {@code ..data} symlink, live updates),
 * downwardAPI, hostPath, projected, {@code subPath} and {@code readOnly}. The server syncs running
 * pods every 2 s, so an update shows within seconds rather than the upstream minute.
 */
@ServerFixture.ServerArgs({"--node-resync", "PT2S"})
class NodeAgentVolumesIT extends ServerFixture {

  private static final boolean ROOT = new com.sun.security.auth.module.UnixSystem().getUid() == 0;

  @TempDir
  Path host;

  @AfterEach
  void deletePods() {
    kr("delete", "pods", "--all", "--grace-period=1", "--timeout=60s");
  }

  /** The host's mount table, as berth (in the same mount namespace) sees it. */
  private static String mountinfo() {
    try {
      return Files.readString(Path.of("/proc/self/mountinfo"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final String SCRIPT = """
      echo "data=$(readlink /etc/cfg/..data) link=$(readlink /etc/cfg/color)"
      echo "fs cfg=$(stat -f -c %T /etc/cfg) sec=$(stat -f -c %T /etc/sec) mem=$(stat -f -c %T /mem) proj=$(stat -f -c %T /etc/proj) scratch=$(stat -f -c %T /scratch)"
      echo "memsize=$(df -k /mem | awk 'NR==2{print $2}')"
      echo "secmode=$(stat -L -c %a /etc/sec/pw)"
      echo "info mem=$(cat /etc/info/mem) name=$(cat /etc/info/name)"
      echo "host=$(cat /host/from-host)"; echo written > /host/from-pod
      echo "proj=$(cat /etc/proj/cfg/color)/$(cat /etc/proj/sec/pw)/$(cat /etc/proj/labels)"
      echo deep > /sub/f
      echo "ro=$(touch /ro/x 2>&1 && echo writable)"
      echo "cfgwrite=$(touch /etc/cfg/x 2>&1 && echo writable)"
      while [ ! -f /scratch/peer ]; do sleep 0.1; done; echo "peer=$(cat /scratch/peer)"
      trap 'exit 0' TERM
      while true; do
        echo "now cfg=$(cat /etc/cfg/color) sec=$(cat /etc/sec/pw) proj=$(cat /etc/proj/cfg/color) note=$(cat /etc/info/note) sub=$(cat /etc/app.conf)"
        sleep 0.5
      done & wait
      """;

  @Test
  void everyVolumeTypeIsSeenByTheContainerAndProjectedOnesFollowTheirSources() throws Exception {
    Files.writeString(host.resolve("from-host"), "hello");
    applyOk("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cfg}
        data: {color: blue, app.conf: mode=1}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: sec}
        stringData: {pw: first}
        """);
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: vols, labels: {app: vols}, annotations: {note: one}}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            resources: {limits: {memory: 64Mi}}
            command: ["bash", "-c", SCRIPT_JSON]
            volumeMounts:
            - {name: scratch, mountPath: /scratch}
            - {name: scratch, mountPath: /ro, readOnly: true}
            - {name: scratch, mountPath: /sub, subPath: deep/dir}
            - {name: mem, mountPath: /mem}
            - {name: cfg, mountPath: /etc/cfg}
            - {name: cfg, mountPath: /etc/app.conf, subPath: app.conf}
            - {name: sec, mountPath: /etc/sec}
            - {name: info, mountPath: /etc/info}
            - {name: host, mountPath: /host}
            - {name: proj, mountPath: /etc/proj}
          - name: peer
            image: busybox
            command: ["bash", "-c", "echo from-peer > /scratch/peer; trap 'exit 0' TERM; sleep 300 & wait"]
            volumeMounts: [{name: scratch, mountPath: /scratch}]
          volumes:
          - {name: scratch, emptyDir: {}}
          - {name: mem, emptyDir: {medium: Memory, sizeLimit: 8Mi}}
          - {name: cfg, configMap: {name: cfg}}
          - {name: sec, secret: {secretName: sec, defaultMode: 0400}}
          - name: info
            downwardAPI:
              items:
              - {path: note, fieldRef: {fieldPath: "metadata.annotations['note']"}}
              - {path: name, fieldRef: {fieldPath: metadata.name}}
              - {path: mem, resourceFieldRef: {containerName: c, resource: limits.memory, divisor: 1Mi}}
          - {name: host, hostPath: {path: HOST, type: Directory}}
          - name: proj
            projected:
              sources:
              - configMap: {name: cfg, items: [{key: color, path: cfg/color}]}
              - secret: {name: sec, items: [{key: pw, path: sec/pw}]}
              - downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
        """.replace("HOST", host.toString()).replace("SCRIPT_JSON", json(SCRIPT));
    applyOk(pod);
    String logs = logsEventually("vols", "c", "now cfg=");
    assertThat(logs).containsPattern("data=\\.\\.\\d{4}_\\d\\d_\\d\\d_\\d\\d_\\d\\d_\\d\\d\\.\\d+ link=\\.\\.data/color\n")
        .contains("secmode=400\n")
        .contains("info mem=64 name=vols\n")
        .contains("host=hello\n")
        .contains("proj=blue/first/app=\"vols\"\n")
        .contains("ro=touch: cannot touch '/ro/x': Read-only file system\n")
        .contains("cfgwrite=touch: cannot touch '/etc/cfg/x': Read-only file system\n")
        .contains("peer=from-peer\n")
        .contains("now cfg=blue sec=first proj=blue note=one sub=mode=1\n");
    if (ROOT) {
      assertThat(logs).as("secret, projected and Memory emptyDir volumes are tmpfs when berth runs as root")
          .containsPattern("fs cfg=\\S+ sec=tmpfs mem=tmpfs proj=tmpfs scratch=\\S+\n").doesNotContain("cfg=tmpfs")
          .doesNotContain("scratch=tmpfs").contains("memsize=8192\n");
    }
    assertThat(Files.readString(host.resolve("from-pod"))).isEqualTo("written\n");
    String uid = k("get", "pod", "vols", "-o", "jsonpath={.metadata.uid}");
    Path podDir = server.dataDir.resolve("pods").resolve(uid);
    assertThat(waitFor(Duration.ofSeconds(10), () -> Files.exists(podDir.resolve("volumes/kubernetes.io~empty-dir/scratch/deep/dir/f"))))
        .as("a subPath is a directory inside its volume").isTrue();
    if (ROOT) {
      assertThat(mountinfo()).contains(podDir.resolve("volumes/kubernetes.io~secret/sec").toString());
    }

    k("patch", "configmap", "cfg", "--type=merge", "-p", "{\"data\":{\"color\":\"green\",\"app.conf\":\"mode=2\"}}");
    k("patch", "secret", "sec", "--type=merge", "-p", "{\"stringData\":{\"pw\":\"second\"}}");
    k("annotate", "pod", "vols", "note=two", "--overwrite");
    assertThat(waitFor(Duration.ofSeconds(30), () -> k("logs", "vols", "-c", "c", "--tail=1")
        .equals("now cfg=green sec=second proj=green note=two sub=mode=1\n")))
        .as("configMap, secret, projected and downwardAPI follow their sources; a subPath file does not (Appendix E 14): %s",
            k("logs", "vols", "-c", "c", "--tail=1")).isTrue();

    k("delete", "pod", "vols", "--timeout=60s");
    assertThat(waitFor(Duration.ofSeconds(10), () -> !Files.exists(podDir.resolve("volumes"))))
        .as("the pod's volumes are removed").isTrue();
    assertThat(mountinfo()).as("and their tmpfs mounts unmounted").doesNotContain(podDir.toString());
    assertThat(Files.readString(host.resolve("from-host"))).as("hostPath data is kept").isEqualTo("hello");
  }

  /** {@code s} as a JSON (and so YAML flow) string. */
  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(ch);
      }
    }
    return b.append('"').toString();
  }
}
