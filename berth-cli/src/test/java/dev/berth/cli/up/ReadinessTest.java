package dev.berth.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  static HasMetadata sts(int replicas, Long observed, int ready, int updated, String current, String update) {
    var b = new StatefulSetBuilder().withNewMetadata().withName("web").withGeneration(2L).endMetadata()
        .withNewSpec().withReplicas(replicas).endSpec();
    if (observed != null) {
      b.withNewStatus().withObservedGeneration(observed).withReplicas(replicas).withReadyReplicas(ready)
          .withUpdatedReplicas(updated).withCurrentRevision(current).withUpdateRevision(update).endStatus();
    }
    return b.build();
  }

  record Case(String what, HasMetadata object, boolean ready, String progress) {}

  @Test
  void workloadsAreReadyAsKubectlRolloutStatusSaysAndPodsWhenReady() {
    List<Case> cases = List.of(
        new Case("sts never seen by a controller", sts(3, null, 0, 0, null, null), false, "0/3 ready"),
        new Case("sts status of an older generation", sts(3, 1L, 3, 3, "r1", "r1"), false, "0/3 ready"),
        new Case("sts two of three ready", sts(3, 2L, 2, 3, "r1", "r1"), false, "2/3 ready"),
        new Case("sts all ready but rolling", sts(3, 2L, 3, 3, "r1", "r2"), false, "3/3 ready, rolling out revision r2"),
        new Case("sts all ready, not all updated", sts(3, 2L, 3, 1, "r1", "r2"), false, "3/3 ready, 1/3 updated"),
        new Case("sts rolled and ready", sts(3, 2L, 3, 3, "r2", "r2"), true, "3/3 ready"),
        new Case("sts scaled to zero", sts(0, 2L, 0, 0, "r1", "r1"), true, "0/0 ready"),
        new Case("deployment available", new DeploymentBuilder().withNewMetadata().withName("api").withGeneration(1L).endMetadata()
            .withNewSpec().withReplicas(2).endSpec()
            .withNewStatus().withObservedGeneration(1L).withReplicas(2).withUpdatedReplicas(2).withAvailableReplicas(2).endStatus().build(),
            true, "2/2 available"),
        new Case("deployment with an old replica left", new DeploymentBuilder().withNewMetadata().withName("api").withGeneration(1L).endMetadata()
            .withNewSpec().withReplicas(2).endSpec()
            .withNewStatus().withObservedGeneration(1L).withReplicas(3).withUpdatedReplicas(2).withAvailableReplicas(2).endStatus().build(),
            false, "2/2 available"),
        new Case("pod running, not ready", new PodBuilder().withNewMetadata().withName("p").endMetadata()
            .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build(),
            false, "Running"),
        new Case("pod ready", new PodBuilder().withNewMetadata().withName("p").endMetadata()
            .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build(),
            true, "ready"),
        new Case("a Service runs nothing", new ServiceBuilder().withNewMetadata().withName("s").endMetadata().build(), true, "applied"));
    for (Case c : cases) {
      Readiness r = Readiness.of(c.object());
      assertThat(r).as(c.what()).isEqualTo(new Readiness(c.ready(), c.progress()));
    }
  }
}
