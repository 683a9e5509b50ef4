package dev.berth.node.probe.timing;

import dev.berth.node.status.Rfc3339;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Pods, statuses and a scripted {@link ProbeRunner} for probe tests. */
final class ProbeFixtures {
  private ProbeFixtures() {}

  static Probe probe(int initialDelay, int period, int success, int failure) {
    return new ProbeBuilder().withNewExec().withCommand("check").endExec().withInitialDelaySeconds(initialDelay)
        .withPeriodSeconds(period).withSuccessThreshold(success).withFailureThreshold(failure).withTimeoutSeconds(1).build();
  }

  static Container app(Probe readiness, Probe liveness, Probe startup) {
    return new ContainerBuilder().withName("app").withImage("busybox:1.36").withReadinessProbe(readiness).withLivenessProbe(liveness)
        .withStartupProbe(startup).build();
  }

  static Pod pod(String restartPolicy, Container c) {
    return new PodBuilder().withNewMetadata().withName("web-0").withNamespace("default").withUid("uid-1").endMetadata().withNewSpec()
        .withRestartPolicy(restartPolicy).withContainers(c).endSpec().build();
  }

  static Pod deleting(Pod pod) {
    return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T01:00:00Z").endMetadata().build();
  }

  static PodStatus status(String phase, ContainerStatus... containers) {
    return new PodStatusBuilder().withPhase(phase).withContainerStatuses(containers).build();
  }

  static ContainerStatus running(String id, Instant startedAt, boolean started) {
    return new ContainerStatusBuilder().withName("app").withContainerID(id).withStarted(started).withState(new ContainerStateBuilder()
        .withNewRunning().withStartedAt(Rfc3339.format(startedAt)).endRunning().build()).build();
  }

  static ContainerStatus terminated(String id) {
    return new ContainerStatusBuilder().withName("app").withContainerID(id).withStarted(false).withState(new ContainerStateBuilder()
        .withNewTerminated().withExitCode(1).endTerminated().build()).build();
  }

  static ContainerStatus creating() {
    return new ContainerStatusBuilder().withName("app").withState(new ContainerStateBuilder().withNewWaiting()
        .withReason("ContainerCreating").endWaiting().build()).build();
  }

  /** Returns its scripted outcomes in order (the last one forever) and records when it was asked. */
  static final class ScriptedRunner implements ProbeRunner {
    private final Deque<ProbeOutcome> script = new ArrayDeque<>();
    private ProbeOutcome last = new ProbeOutcome.Success("");
    final List<String> calls = new ArrayList<>();

    ScriptedRunner then(ProbeOutcome... outcomes) {
      script.addAll(List.of(outcomes));
      return this;
    }

    @Override
    public ProbeOutcome run(ProbeKind kind, Probe probe, String containerId) {
      calls.add(kind + " " + containerId);
      if (!script.isEmpty()) {
        last = script.poll();
      }
      return last;
    }
  }
}
