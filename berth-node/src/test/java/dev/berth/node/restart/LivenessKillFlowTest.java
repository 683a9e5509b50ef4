package dev.berth.node.restart;

import static dev.berth.node.status.TestPods.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.probe.ProbeTarget;
import dev.berth.node.probe.timing.ProbeEvent;
import dev.berth.node.probe.timing.ProbeKind;
import dev.berth.node.probe.timing.ProbeStep;
import dev.berth.node.probe.timing.ProbeWorker;
import dev.berth.node.status.ContainerFacts;
import dev.berth.node.status.PodStatuses;
import dev.berth.node.status.TestPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How the pieces meet in a pod worker ({@code spec/kubelet.md} §4.3): the probe worker reads the
 * published status, its failures become events, its result goes into the facts, the planner kills.
 */
class LivenessKillFlowTest {

  @Test
  void threeFailedLivenessProbesKillAndRestartTheContainer() {
    Container app = new ContainerBuilder(TestPods.container("app")).withNewLivenessProbe().withNewHttpGet().withPath("/healthz")
        .withNewPort(8080).endHttpGet().withPeriodSeconds(10).withFailureThreshold(3).withTerminationGracePeriodSeconds(5L)
        .endLivenessProbe().build();
    Pod pod = TestPods.pod("Always", app);
    ContainerFacts facts = TestPods.facts("app", TestPods.running("app", 0, at(1)));
    PodStatus published = PodStatuses.generate(pod, null, TestPods.podFacts(facts), at(2));
    ProbeWorker liveness = new ProbeWorker(ProbeKind.LIVENESS, app);

    List<ProbeEvent> events = new ArrayList<>();
    ProbeStep step = null;
    for (int t = 2; t <= 22; t += 10) {
      step = liveness.probe(at(t), pod, published, (p, target) -> new dev.berth.node.probe.ProbeResult.Failure("HTTP probe failed with statuscode: 500"),
          id -> Optional.of(new ProbeTarget("127.1.0.2", null, List.of(), Map.of(), null)));
      events.addAll(step.events());
      facts = facts.withProbeResult(ProbeKind.LIVENESS, step.result());
    }
    assertThat(events).extracting(ProbeEvent::message).containsExactly("Liveness probe failed: HTTP probe failed with statuscode: 500",
        "Liveness probe failed: HTTP probe failed with statuscode: 500", "Liveness probe failed: HTTP probe failed with statuscode: 500");
    assertThat(step.resultChanged()).as("the third failure is what asks for a sync").isTrue();

    SyncPlan plan = SyncPlanner.plan(pod, TestPods.podFacts(facts), CrashLoopBackOff.standard(), at(22));
    assertThat(plan.actions()).containsExactly(
        new SyncAction.KillContainer("app", "Container app failed liveness probe, will be restarted", SyncAction.KillReason.LIVENESS_PROBE),
        new SyncAction.StartContainer("app", false));
    assertThat(GracePeriods.forKill(pod, app, SyncAction.KillReason.LIVENESS_PROBE)).isEqualTo(5);
  }
}
