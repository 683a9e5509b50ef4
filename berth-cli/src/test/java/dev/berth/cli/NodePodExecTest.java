package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.berth.api.Json;
import dev.berth.apiserver.PodExec;
import dev.berth.client.ResourceKey;
import dev.berth.node.exec.ContainerExec;
import dev.berth.node.exec.testing.FakeContainerExec;
import dev.berth.node.probe.ProbeTarget;
import dev.berth.node.runtime.ContainerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** {@code pods/exec} wired to the node: the agent's running instance, the runtime's command. */
class NodePodExecTest {
  private final FakeContainerExec runtime = new FakeContainerExec();
  private final NodePodExec exec = new NodePodExec(runtime);
  private final List<String> asked = new ArrayList<>();
  private static final ObjectNode POD = Json.parseObject(
      "{\"metadata\":{\"name\":\"web-0\",\"namespace\":\"default\",\"uid\":\"u-1\"}}".getBytes(StandardCharsets.UTF_8));

  private static ProbeTarget running(String container) {
    ContainerProcess p = new ContainerProcess() {
      public String podUid() {
        return "u-1";
      }

      public String containerName() {
        return container;
      }

      public int attempt() {
        return 0;
      }

      public long pid() {
        return 7;
      }

      public Instant startedAt() {
        return Instant.EPOCH;
      }

      public CompletableFuture<Integer> exit() {
        return new CompletableFuture<>();
      }

      public void signal(boolean force) {}
    };
    return new ProbeTarget("127.1.0.2", p, List.of(), Map.of(), null);
  }

  @Test
  void beforeTheAgentIsAttachedNoContainerRuns() {
    assertThat(catchThrowable(() -> exec.prepare(POD, "app", new PodExec.Options(List.of("true"), false, true, true, false))))
        .isInstanceOf(PodExec.ContainerNotRunning.class).hasMessage("container not found (\"app\")");
  }

  @Test
  void theAgentIsAskedByKeyUidAndContainerAndTheCommandRunsThroughTheRuntime() throws Exception {
    exec.attach((ResourceKey key, String uid, String container) -> {
      asked.add(key + " " + uid + " " + container);
      return container.equals("app") ? Optional.of(running("app")) : Optional.empty();
    });
    PodExec.Starter starter = exec.prepare(POD, "app", new PodExec.Options(List.of("echo", "hi"), false, true, true, true));
    assertThat(runtime.starts()).as("nothing starts before the upgrade").isEmpty();

    PodExec.Process p = starter.start(new PodExec.TerminalSize(100, 30));
    assertThat(new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hi\n");
    assertThat(p.waitFor()).isZero();
    p.resize(80, 24);
    assertThat(asked).containsExactly("default/web-0 u-1 app");
    assertThat(runtime.starts()).containsExactly(new FakeContainerExec.Start("u-1", "app", List.of("echo", "hi"), new ContainerExec.Terminal(100, 30)));
    assertThat(runtime.resizes()).hasSize(1);

    assertThat(catchThrowable(() -> exec.prepare(POD, "sidecar", new PodExec.Options(List.of("true"), false, true, true, false))))
        .isInstanceOf(PodExec.ContainerNotRunning.class);
  }
}
