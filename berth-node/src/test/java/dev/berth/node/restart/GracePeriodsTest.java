package dev.berth.node.restart;

import static dev.berth.node.status.TestPods.container;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.restart.SyncAction.KillReason;
import dev.berth.node.status.TestPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Kill grace periods ({@code spec/kubelet.md} §4.7, §5.3). */
class GracePeriodsTest {
  private static final Container PROBED = new ContainerBuilder(container("app")).withNewLivenessProbe().withNewExec()
      .withCommand("true").endExec().withTerminationGracePeriodSeconds(90L).endLivenessProbe().withNewStartupProbe().withNewExec()
      .withCommand("true").endExec().endStartupProbe().build();

  record Case(String name, Long podGrace, Long deletionGrace, KillReason reason, long expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(new Case("default", null, null, null, 30), new Case("pod's own", 45L, null, null, 45),
        new Case("liveness kill uses the probe's, even when larger", 45L, null, KillReason.LIVENESS_PROBE, 90),
        new Case("startup probe without its own", 45L, null, KillReason.STARTUP_PROBE, 45),
        new Case("a changed definition uses the pod's", 45L, null, KillReason.DEFINITION_CHANGED, 45),
        new Case("deletion wins over everything", 45L, 5L, KillReason.LIVENESS_PROBE, 5));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void forKill(Case c) {
    Pod pod = new PodBuilder(TestPods.pod("Always", PROBED)).editSpec().withTerminationGracePeriodSeconds(c.podGrace()).endSpec()
        .editMetadata().withDeletionGracePeriodSeconds(c.deletionGrace()).endMetadata().build();
    assertThat(GracePeriods.forKill(pod, PROBED, c.reason())).as(c.name()).isEqualTo(c.expected());
  }
}
