package dev.berth.node.restart;

import static dev.berth.node.status.TestPods.container;
import static dev.berth.node.status.TestPods.sidecar;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.status.TestPods;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code spec/kubelet.md} §3.3: sidecars stop last, in reverse spec order. */
class TerminationOrderTest {
  private static final Pod POD = TestPods.pod("Always", List.of(sidecar("log"), container("migrate"), sidecar("mesh")),
      List.of(container("app"), container("worker")));

  @Test
  void sidecarsWaitForTheRegularContainersAndForLaterSidecars() {
    TerminationOrder order = TerminationOrder.of(POD, Set.of("log", "mesh", "app", "worker"));
    assertThat(order.prerequisitesOf("app")).isEmpty();
    assertThat(order.prerequisitesOf("worker")).isEmpty();
    assertThat(order.prerequisitesOf("migrate")).isEmpty();
    assertThat(order.prerequisitesOf("mesh")).containsExactly("app", "worker");
    assertThat(order.prerequisitesOf("log")).containsExactly("app", "worker", "mesh");
  }

  @Test
  void containersThatDoNotRunAreNobodysPrerequisite() {
    TerminationOrder order = TerminationOrder.of(POD, Set.of("log", "app"));
    assertThat(order.prerequisitesOf("mesh")).containsExactly("app");
    assertThat(order.prerequisitesOf("log")).containsExactly("app");
  }

  @Test
  void mayStopAsThePrerequisitesExit() {
    TerminationOrder order = TerminationOrder.of(POD, Set.of("log", "mesh", "app", "worker"));
    assertThat(order.mayStop("app", Set.of("log", "mesh", "app", "worker"))).isTrue();
    assertThat(order.mayStop("mesh", Set.of("log", "mesh", "worker"))).isFalse();
    assertThat(order.mayStop("mesh", Set.of("log", "mesh"))).isTrue();
    assertThat(order.mayStop("log", Set.of("log", "mesh"))).isFalse();
    assertThat(order.mayStop("log", Set.of("log"))).isTrue();
  }
}
