package dev.berth.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.status.ContainerInstance;
import dev.berth.node.status.InstanceState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedInstancesTest {

  private static Pod pod(ContainerStatus... statuses) {
    return new PodBuilder().withNewMetadata().withName("web").withUid("u").endMetadata().withNewStatus().withContainerStatuses(statuses)
        .endStatus().build();
  }

  private static ContainerStatusBuilder status(String name, int restartCount) {
    return new ContainerStatusBuilder().withName(name).withRestartCount(restartCount).withImage("busybox");
  }

  @Test
  void runningIsUnknownUntilAdoptedAndLastStateIsThePreviousExit() {
    Map<String, List<ContainerInstance>> m = RecordedInstances.of(pod(status("app", 2).withContainerID("process://b")
        .withNewState().withNewRunning("2026-01-01T00:01:00Z").endState()
        .withNewLastState().withNewTerminated().withContainerID("process://a").withExitCode(1).withReason("Error")
        .withStartedAt("2026-01-01T00:00:00Z").withFinishedAt("2026-01-01T00:00:30Z").endTerminated().endLastState().build()));
    assertThat(m.get("app")).containsExactly(
        new ContainerInstance("process://b", 2, "busybox", "", new InstanceState.Unknown()),
        new ContainerInstance("process://a", 1, "busybox", "", new InstanceState.Exited(Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:30Z"), 1, "Error", "")));
  }

  @Test
  void aContainerInBackOffWaitsToRestartItsLastExit() {
    Map<String, List<ContainerInstance>> m = RecordedInstances.of(pod(status("app", 3).withNewState().withNewWaiting()
        .withReason("CrashLoopBackOff").endWaiting().endState().withNewLastState().withNewTerminated().withContainerID("process://c")
        .withExitCode(2).withFinishedAt("2026-01-01T00:00:30Z").endTerminated().endLastState().build()));
    assertThat(m.get("app")).hasSize(1);
    assertThat(m.get("app").get(0).restartCount()).isEqualTo(3);
    assertThat(m.get("app").get(0).state()).isInstanceOf(InstanceState.Exited.class);
  }

  @Test
  void containersThatNeverRanHaveNoInstances() {
    assertThat(RecordedInstances.of(pod(status("app", 0).withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting()
        .endState().build()))).isEmpty();
    assertThat(RecordedInstances.of(new PodBuilder().withNewMetadata().withName("x").endMetadata().build())).isEmpty();
  }
}
