package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl exec} and {@code kubectl cp} through the real kubectl 1.32 (WebSocket, {@code
 * v5.channel.k8s.io}) and fabric8's exec ({@code v4.channel.k8s.io}) — {@code spec/api-server.md}
 * §2.11, §14.3. One long-running pod serves most tests; its flag file gates its readiness probe.
 */
class ExecIT extends ServerFixture {

  @BeforeAll
  static void startPod() throws InterruptedException {
    Kubectl.Result r = apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: box}
        spec:
          terminationGracePeriodSeconds: 1
          hostname: boxhost
          securityContext: {runAsUser: 1000, runAsGroup: 3000}
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3000 & wait"]
            workingDir: /flags
            env: [{name: GREETING, value: hello-from-env}]
            volumeMounts: [{name: flags, mountPath: /flags}]
            readinessProbe:
              exec: {command: ["test", "-f", "/flags/ready"]}
              periodSeconds: 1
              timeoutSeconds: 10
          volumes: [{name: flags, emptyDir: {}}]
        """);
    assertThat(r.ok()).as(r.toString()).isTrue();
    assertThat(eventually(Duration.ofSeconds(60), () -> k("get", "pod", "box", "-o", "jsonpath={.status.phase}").equals("Running")))
        .as("box runs").isTrue();
  }

  @Test
  void execRunsInThePodsUtsNamespaceWithItsEnvironmentDirectoryAndUser() {
    assertThat(k("exec", "box", "--", "hostname").trim()).isEqualTo("boxhost");
    assertThat(k("exec", "box", "--", "sh", "-c", "echo $GREETING; pwd; id -u; id -g").lines().toList())
        .containsExactly("hello-from-env", "/flags", "1000", "3000");
  }

  @Test
  void theExitCodeIsKubectlsExitCode() {
    Kubectl.Result r = kr("exec", "box", "--", "sh", "-c", "echo partial; echo oops >&2; exit 3");
    assertThat(r.exit()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("partial\n");
    assertThat(r.err()).contains("oops").contains("command terminated with exit code 3");
  }

  @Test
  void stdinIsStreamedToTheCommandUntilItsEnd() throws Exception {
    Kubectl.Result r = kubectl.runWithInput("hello\nworld\n", "exec", "-i", "box", "--", "cat");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("hello\nworld\n");
  }

  @Test
  void anUnknownContainerIsRefusedAsUpstreamDoes() {
    Kubectl.Result r = kr("exec", "box", "-c", "missing", "--", "true");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("Error from server (BadRequest): container missing is not valid for pod box");
    Kubectl.Result gone = kr("exec", "nope", "--", "true");
    assertThat(gone.err()).contains("Error from server (NotFound): pods \"nope\" not found");
  }

  @Test
  void aFileWrittenByExecIsSeenByTheContainersProbe() {
    assertThat(k("get", "pod", "box", "-o", "jsonpath={.status.conditions[?(@.type=='Ready')].status}")).isEqualTo("False");
    k("exec", "box", "--", "touch", "/flags/ready");
    Kubectl.Result r = kr("wait", "--for=condition=Ready", "pod/box", "--timeout=60s");
    assertThat(r.ok()).as("the readiness probe sees the flag in the pod's emptyDir: " + r).isTrue();
  }

  @Test
  void kubectlCpCopiesIntoAndOutOfThePod() throws Exception {
    Path dir = Files.createTempDirectory("berth-cp");
    Path local = dir.resolve("in.bin");
    byte[] data = new byte[300_000];
    new java.util.Random(7).nextBytes(data);
    Files.write(local, data);
    Kubectl.Result in = kr("cp", local.toString(), "box:/flags/copied.bin");
    assertThat(in.ok()).as(in.toString()).isTrue();
    assertThat(k("exec", "box", "--", "wc", "-c", "/flags/copied.bin").trim()).startsWith("300000");

    Path back = dir.resolve("out.bin");
    Kubectl.Result out = kr("cp", "box:/flags/copied.bin", back.toString());
    assertThat(out.ok()).as(out.toString()).isTrue();
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
  }

  @Test
  void aContainerThatDoesNotRunYetIsNotFoundAsTheKubeletSaysIt() {
    Kubectl.Result r = apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: waiting}
        spec:
          terminationGracePeriodSeconds: 1
          initContainers:
          - {name: init, image: busybox, command: ["sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait"]}
          containers:
          - {name: app, image: busybox, command: ["sleep", "300"]}
        """);
    assertThat(r.ok()).as(r.toString()).isTrue();
    try {
      assertThat(eventually(Duration.ofSeconds(30), () -> k("get", "pod", "waiting", "--no-headers").contains("Init:0/1"))).isTrue();
      Kubectl.Result e = kr("exec", "waiting", "-c", "app", "--", "true");
      assertThat(e.exit()).isEqualTo(1);
      assertThat(e.err()).contains("unable to upgrade connection: container not found (\"app\")");
      assertThat(k("exec", "waiting", "-c", "init", "--", "echo", "in-init").trim()).as("the init container runs").isEqualTo("in-init");
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    } finally {
      kr("delete", "pod", "waiting", "--grace-period=1", "--timeout=60s");
    }
  }

  /** kubectl asks for a terminal only when its own stdin is one: util-linux {@code script} gives it one (100x30). */
  @Test
  void aTerminalOfKubectlsSize() throws Exception {
    String kubectlInATerminal = "stty cols 100 rows 30; /usr/bin/kubectl --kubeconfig '" + server.kubeconfig() + "' --cache-dir '"
        + Kubectl.tempCache() + "' exec -it box -- sh -c 'tty; stty size; exit 4'";
    Process p = new ProcessBuilder("script", "-qfec", kubectlInATerminal, "/dev/null").redirectErrorStream(true).start();
    // its stdin stays open until it ends: script would pass an end of input on to kubectl
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        return e.toString();
      }
    });
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl exec -it ended").isTrue();
    p.getOutputStream().close();
    assertThat(out.get(10, TimeUnit.SECONDS)).contains("/dev/pts/").contains("30 100").contains("command terminated with exit code 4");
    assertThat(p.exitValue()).isEqualTo(4);
  }

  @Test
  void fabric8ExecGetsOutputAndExitCode() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ExecWatch w = fabric8.pods().inNamespace("default").withName("box").writingOutput(out).writingError(err)
        .exec("sh", "-c", "echo from-fabric8; echo to-stderr >&2; exit 2")) {
      assertThat(w.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(2);
    }
    assertThat(eventually(Duration.ofSeconds(5), () -> out.toString(StandardCharsets.UTF_8).equals("from-fabric8\n")))
        .as("stdout: %s", out).isTrue();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("to-stderr\n");
  }
}
