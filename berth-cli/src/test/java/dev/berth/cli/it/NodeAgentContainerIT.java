package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one container process gets and leaves behind, through the real kubectl ({@code
 * spec/kubelet.md} §6, §10, §6.5): the user and groups it runs as, its environment (downward API,
 * optional references, {@code envFrom} prefixes, {@code $(VAR)} expansion) and its log through
 * every {@code kubectl logs} flag.
 */
class NodeAgentContainerIT extends ServerFixture {

  private static final String HOLD = "trap 'exit 0' TERM; sleep 300 & wait";

  @AfterEach
  void deletePods() {
    kr("delete", "pods", "--all", "--grace-period=1", "--timeout=60s");
  }

  @Test
  void runAsUserRunAsGroupAndFsGroupAreTheProcessIdsAndRunAsNonRootRefusesAnUnsetUserThatIsRoot() {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: ids}
        spec:
          terminationGracePeriodSeconds: 1
          securityContext: {runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000}
          containers:
          - name: c
            image: busybox
            command: ["bash", "-c", "echo id=$(id -u):$(id -g):$(id -G | tr ' ' ,); echo f > /data/f; echo file=$(stat -c %u:%g /data/f) dir=$(stat -c %g:%a /data); HOLD"]
            volumeMounts: [{name: d, mountPath: /data}]
          - name: own
            image: busybox
            securityContext: {runAsUser: 2001, runAsGroup: 2002}
            command: ["bash", "-c", "echo id=$(id -u):$(id -g):$(id -G | tr ' ' ,); HOLD"]
          volumes: [{name: d, emptyDir: {}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: nonroot}
        spec:
          terminationGracePeriodSeconds: 1
          securityContext: {runAsNonRoot: true}
          containers: [{name: c, image: busybox, command: ["bash", "-c", "echo should-not-run"]}]
        """.replace("HOLD", HOLD));
    assertThat(logsEventually("ids", "c", "file=")).as("§10: fsGroup is a supplementary group and owns the emptyDir")
        .contains("id=1000:3000:3000,2000\n").contains("file=1000:2000 dir=2000:2777\n");
    assertThat(logsEventually("ids", "own", "id=")).as("the container's securityContext wins over the pod's")
        .contains("id=2001:2002:2002,2000\n");
    if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
      assertThat(waitFor(Duration.ofSeconds(30), () -> k("get", "pod", "nonroot", "--no-headers").contains("CreateContainerConfigError")))
          .isTrue();
      assertThat(jsonpath("nonroot", ".status.containerStatuses[0].state.waiting.message"))
          .as("berth runs as root, so an unset runAsUser would be root").startsWith("container has runAsNonRoot and image will run as root");
    }
  }

  @Test
  void theEnvironmentHasDownwardApiValuesOptionalReferencesPrefixedSourcesAndExpansions() {
    applyOk("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm}
        data: {mode: fast, level: "3"}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: sec}
        stringData: {user: admin, token: t0k}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: envy, labels: {app: envy}, annotations: {team: blue}}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            resources: {requests: {cpu: 250m, memory: 32Mi}, limits: {memory: 64Mi}}
            command: ["bash", "-c", "env | grep -E '^(POD_|NS|NODE|APP|TEAM|SA|CPU_|MEM_|OPT_|GREETING|LATER|S_|mode|level|KUBERNETES_SERVICE_HOST)' | sort; echo end; HOLD"]
            env:
            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            - {name: POD_UID, valueFrom: {fieldRef: {fieldPath: metadata.uid}}}
            - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
            - {name: NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
            - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
            - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
            - {name: TEAM, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['team']"}}}
            - {name: SA, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
            - {name: CPU_REQ, valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}}
            - {name: CPU_LIM, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
            - {name: MEM_LIM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
            - {name: OPT_CM, valueFrom: {configMapKeyRef: {name: nocm, key: k, optional: true}}}
            - {name: OPT_KEY, valueFrom: {secretKeyRef: {name: sec, key: missing, optional: true}}}
            - {name: OPT_SET, valueFrom: {secretKeyRef: {name: sec, key: user, optional: true}}}
            - {name: GREETING, value: "hi $(POD_NAME) in $(NS), $$(NS) and $(LATER)"}
            - {name: LATER, value: x}
            envFrom:
            - {prefix: S_, secretRef: {name: sec}}
            - {configMapRef: {name: cm}}
            - {secretRef: {name: nosec, optional: true}}
        """.replace("HOLD", HOLD));
    String env = logsEventually("envy", "c", "end");
    String uid = jsonpath("envy", ".metadata.uid");
    String ip = jsonpath("envy", ".status.podIP");
    String cpus = k("get", "node", "berth", "-o", "jsonpath={.status.allocatable.cpu}");
    assertThat(env).contains("POD_NAME=envy\n", "POD_UID=" + uid + "\n", "POD_IP=" + ip + "\n", "NS=default\n",
        "NODE=berth\n", "APP=envy\n", "TEAM=blue\n", "SA=default\n", "CPU_REQ=250\n", "MEM_LIM=64\n",
        "CPU_LIM=" + cpus + "\n", "OPT_SET=admin\n", "S_token=t0k\n", "S_user=admin\n", "mode=fast\n", "level=3\n")
        .as("§6.2: defined earlier expands, $$ escapes, a later or undefined variable stays literal")
        .contains("GREETING=hi envy in default, $(NS) and $(LATER)\n")
        .as("Appendix E 13").containsPattern("KUBERNETES_SERVICE_HOST=\\S+\n")
        .as("optional references to a missing source or key leave the variable unset")
        .doesNotContain("OPT_CM").doesNotContain("OPT_KEY");
  }

  @Test
  void kubectlLogsHonoursTailSinceTimestampsContainerAllContainersPreviousAndFollow() throws Exception {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: talk}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: a
            image: busybox
            command: ["bash", "-c", "for i in 1 2 3 4 5; do echo a-$i; done; trap 'exit 0' TERM; while true; do echo tick; sleep 0.5; done & wait"]
          - name: b
            image: busybox
            command: ["bash", "-c", "echo b-line; echo b-err >&2; HOLD"]
          - name: crash
            image: busybox
            command: ["bash", "-c", "echo run-$(cat /proc/sys/kernel/random/uuid); sleep 1; exit 1"]
        """.replace("HOLD", HOLD));
    logsEventually("talk", "a", "tick");
    logsEventually("talk", "b", "b-err");
    assertThat(k("logs", "talk", "-c", "a", "--tail=2")).matches("(?s)(tick\n|a-\\d\n){2}").endsWith("tick\n");
    assertThat(k("logs", "talk", "-c", "a", "--tail=3", "--timestamps").lines().toList()).hasSize(3)
        .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z (a-\\d|tick)"), "RFC 3339 with nanoseconds, then the line");
    assertThat(k("logs", "talk", "-c", "b")).as("stdout and stderr, in order").isEqualTo("b-line\nb-err\n");
    String all = k("logs", "talk", "--all-containers");
    assertThat(all).contains("a-1\n").contains("tick\n").contains("b-line\nb-err\n");
    assertThat(k("logs", "talk", "--all-containers", "--prefix", "--tail=1")).contains("[pod/talk/b] b-err");

    Thread.sleep(3000);
    String recent = k("logs", "talk", "-c", "a", "--since=2s");
    assertThat(recent).as("only lines of the last 2 s").contains("tick").doesNotContain("a-1");

    assertThat(waitFor(Duration.ofSeconds(60), () -> {
      String n = jsonpath("talk", ".status.containerStatuses[?(@.name==\"crash\")].restartCount");
      return !n.isEmpty() && Integer.parseInt(n) >= 1;
    })).isTrue();
    String previous = k("logs", "talk", "-c", "crash", "--previous");
    assertThat(previous).matches("run-[0-9a-f-]{36}\n");
    assertThat(waitFor(Duration.ofSeconds(30), () -> {
      Kubectl.Result current = kr("logs", "talk", "-c", "crash");
      return current.ok() && current.out().startsWith("run-") && !current.out().equals(previous);
    })).as("the current instance has its own log").isTrue();

    Process follow = kubectl.start("logs", "-f", "talk", "-c", "a", "--tail=0");
    List<String> followed = new ArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          synchronized (followed) {
            followed.add(l);
          }
        }
      } catch (Exception e) {
        // kubectl stopped
      }
    });
    boolean streamed = waitFor(Duration.ofSeconds(20), () -> {
      synchronized (followed) {
        return followed.stream().filter(l -> l.equals("tick")).count() >= 3;
      }
    });
    follow.destroy();
    follow.waitFor(5, TimeUnit.SECONDS);
    reader.join(Duration.ofSeconds(5));
    assertThat(streamed).as("-f streams new lines as they are written: %s", followed).isTrue();
    assertThat(followed).as("--tail=0: nothing from before").doesNotContain("a-1");
  }

  @Test
  void followingTheLogOfAContainerThatEndsReturnsWithItsLastLine() throws Exception {
    applyOk("""
        apiVersion: v1
        kind: Pod
        metadata: {name: ends}
        spec:
          restartPolicy: Never
          containers: [{name: c, image: busybox, command: ["bash", "-c", "echo first; sleep 3; echo last"]}]
        """);
    assertThat(waitFor(Duration.ofSeconds(30), () -> kr("logs", "ends").out().contains("first"))).isTrue();
    long start = System.nanoTime();
    Kubectl.Result r = kr("logs", "-f", "ends");
    assertThat(r.ok()).as(r.toString()).isTrue();
    assertThat(r.out()).isEqualTo("first\nlast\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start).toSeconds()).as("returns when the container ends").isLessThan(20);
  }
}
