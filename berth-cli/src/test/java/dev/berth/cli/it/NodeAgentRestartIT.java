package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of berth while a pod runs: the process table is sampled through the restart, and the
 * pod never has two live processes; the new server adopts the running one instead of starting
 * another (issue "Node agent", crash recovery).
 */
class NodeAgentRestartIT extends ServerFixture {

  /** Host pids whose command line is exactly {@code argv}. */
  private static List<Long> processes(List<String> argv) {
    String wanted = String.join("\0", argv) + "\0";
    List<Long> out = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
          String state = Files.readString(p.resolve("stat"));
          boolean zombie = state.substring(state.lastIndexOf(')') + 2).startsWith("Z");
          if (cmd.equals(wanted) && !zombie) {
            out.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException e) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void killMinus9NeverLeadsToTwoProcessesForOnePodAndTheRunningOneIsAdopted() throws Exception {
    List<String> argv = List.of("sleep", "3607");
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: survivor}
        spec:
          terminationGracePeriodSeconds: 2
          containers: [{name: c, image: busybox, command: ["sleep", "3607"]}]
        """);
    assertThat(eventually(Duration.ofSeconds(30), () -> processes(argv).size() == 1)).as("the pod's process runs").isTrue();
    long pid = processes(argv).get(0);

    AtomicBoolean sampling = new AtomicBoolean(true);
    AtomicInteger most = new AtomicInteger();
    AtomicInteger samples = new AtomicInteger();
    Thread sampler = Thread.ofVirtual().start(() -> {
      while (sampling.get()) {
        most.accumulateAndGet(processes(argv).size(), Math::max);
        samples.incrementAndGet();
      }
    });
    server.kill();
    assertThat(processes(argv)).as("the pod outlives a kill -9 of berth").containsExactly(pid);
    server.startProcess();
    kubectl = new Kubectl(server.kubeconfig(), Kubectl.tempCache());
    Thread.sleep(3000); // let the new server sync the pod
    sampling.set(false);
    sampler.join();

    assertThat(samples.get()).as("the process table was sampled through the restart").isGreaterThan(20);
    assertThat(most.get()).as("never two live processes for one pod (%d samples)", samples.get()).isEqualTo(1);
    assertThat(processes(argv)).as("adopted, not restarted").containsExactly(pid);
    assertThat(k("get", "pod", "survivor", "-o", "jsonpath={.status.phase} {.status.containerStatuses[0].restartCount}"))
        .isEqualTo("Running 0");
    k("delete", "pod", "survivor", "--timeout=60s");
    assertThat(eventually(Duration.ofSeconds(10), () -> processes(argv).isEmpty())).as("the adopted process is stopped on delete").isTrue();
  }

  @Test
  void aContainerThatExitsWhileBerthIsDownIsReportedWithItsRealExitCode() throws Exception {
    apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: ends}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
          - name: c
            image: busybox
            command: ["sh", "-c", "sleep 4; printf 'done while away' > /dev/termination-log; exit 7"]
        """);
    assertThat(eventually(Duration.ofSeconds(30), () -> k("get", "pod", "ends", "-o", "jsonpath={.status.phase}").equals("Running")))
        .isTrue();
    server.kill();
    Thread.sleep(6000); // the container ends while no berth runs
    server.startProcess();
    kubectl = new Kubectl(server.kubeconfig(), Kubectl.tempCache());
    assertThat(eventually(Duration.ofSeconds(30), () -> k("get", "pod", "ends", "-o", "jsonpath={.status.phase}").equals("Failed")))
        .isTrue();
    assertThat(k("get", "pod", "ends", "-o", "jsonpath={.status.containerStatuses[0].state.terminated.exitCode} "
        + "{.status.containerStatuses[0].state.terminated.reason} {.status.containerStatuses[0].state.terminated.message}"))
        .as("not ContainerStatusUnknown/137").isEqualTo("7 Error done while away");
    k("delete", "pod", "ends", "--timeout=60s");
  }
}
