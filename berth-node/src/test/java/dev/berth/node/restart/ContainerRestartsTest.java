package dev.berth.node.restart;

import static dev.berth.node.status.TestPods.at;
import static dev.berth.node.status.TestPods.container;
import static dev.berth.node.status.TestPods.exited;
import static dev.berth.node.status.TestPods.running;
import static dev.berth.node.status.TestPods.sidecar;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.status.ContainerInstance;
import dev.berth.node.status.InstanceState;
import dev.berth.node.status.TestPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code spec/kubelet.md} §2.1: which exits are restarted. */
class ContainerRestartsTest {

  record PolicyCase(String restartPolicy, int exitCode, boolean restart) {}

  static Stream<PolicyCase> policyCases() {
    return Stream.of(
        new PolicyCase("Always", 0, true), new PolicyCase("Always", 1, true), new PolicyCase("Always", 137, true),
        new PolicyCase("OnFailure", 0, false), new PolicyCase("OnFailure", 1, true), new PolicyCase("OnFailure", 143, true),
        new PolicyCase("Never", 0, false), new PolicyCase("Never", 1, false), new PolicyCase(null, 0, true),
        new PolicyCase("", 2, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policyCases")
  void shouldRestart(PolicyCase c) {
    assertThat(ContainerRestarts.shouldRestart(c.restartPolicy(), c.exitCode()))
        .as("restartPolicy %s, exit %d", c.restartPolicy(), c.exitCode()).isEqualTo(c.restart());
  }

  record ContainerCase(String name, String restartPolicy, boolean deleting, boolean isSidecar, Optional<ContainerInstance> newest,
      boolean restart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ContainerCase> containerCases() {
    ContainerInstance lost = new ContainerInstance("process://x", 0, "busybox:1.36", "", new InstanceState.Unknown());
    return Stream.of(
        new ContainerCase("never ran", "Never", false, false, Optional.empty(), true),
        new ContainerCase("never ran, but the pod is deleted", "Always", true, false, Optional.empty(), false),
        new ContainerCase("running", "Always", false, false, Optional.of(running("c", 0, at(1))), false),
        new ContainerCase("lost track of it", "Never", false, false, Optional.of(lost), true),
        new ContainerCase("exit 0 under Always", "Always", false, false, Optional.of(exited("c", 0, at(1), at(2), 0)), true),
        new ContainerCase("exit 0 under OnFailure", "OnFailure", false, false, Optional.of(exited("c", 0, at(1), at(2), 0)), false),
        new ContainerCase("exit 1 under Never", "Never", false, false, Optional.of(exited("c", 0, at(1), at(2), 1)), false),
        new ContainerCase("a sidecar ignores the pod's Never", "Never", false, true, Optional.of(exited("c", 0, at(1), at(2), 0)),
            true),
        new ContainerCase("exit 1 of a deleted pod", "Always", true, false, Optional.of(exited("c", 0, at(1), at(2), 1)), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containerCases")
  void shouldContainerBeRestarted(ContainerCase c) {
    Container ctr = c.isSidecar() ? sidecar("c") : container("c");
    Pod pod = c.isSidecar() ? TestPods.pod(c.restartPolicy(), List.of(ctr), List.of(container("app")))
        : TestPods.pod(c.restartPolicy(), ctr);
    if (c.deleting()) {
      pod = TestPods.deleting(pod);
    }
    assertThat(ContainerRestarts.shouldContainerBeRestarted(pod, ctr, c.newest())).as(c.name()).isEqualTo(c.restart());
  }
}
