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
import dev.berth.node.probe.ProbeResult;
import dev.berth.node.probe.ProbeTarget;
import dev.berth.node.probe.testing.FakeProbeRunner;
import dev.berth.node.runtime.ContainerProcess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Pods, statuses and running instances for probe tests, with the one fake runner {@link FakeProbeRunner}. */
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

  /** A running instance whose {@code containerID} is {@code id}, of container {@code app} of pod {@code uid-1}. */
  record Instance(String id) implements ContainerProcess {
    @Override
    public String podUid() {
      return "uid-1";
    }

    @Override
    public String containerName() {
      return "app";
    }

    @Override
    public int attempt() {
      return 0;
    }

    @Override
    public long pid() {
      return 1;
    }

    @Override
    public Instant startedAt() {
      return Instant.EPOCH;
    }

    @Override
    public CompletableFuture<Integer> exit() {
      return new CompletableFuture<>();
    }

    @Override
    public void signal(boolean force) {}
  }

  /** Every instance the status names is running. */
  static final Function<String, Optional<ProbeTarget>> RUNNING =
      id -> Optional.of(new ProbeTarget("127.1.0.2", new Instance(id), List.of(), Map.of(), null));

  /** A runner for container {@code app} that answers {@code script} in order (the last for good), success if empty. */
  static FakeProbeRunner runner(ProbeResult... script) {
    FakeProbeRunner r = new FakeProbeRunner();
    r.set("app", ProbeResult.SUCCESS);
    r.script("app", script);
    return r;
  }

  /** {@code "KIND containerID"} of each run of {@code runner}, the kind told by which of {@code ctr}'s probes ran. */
  static List<String> calls(FakeProbeRunner runner, Container ctr) {
    List<String> out = new ArrayList<>();
    for (FakeProbeRunner.Run r : runner.runs()) {
      ProbeKind kind = null;
      for (ProbeKind k : ProbeKind.values()) {
        if (k.of(ctr) == r.probe()) {
          kind = k;
        }
      }
      out.add(kind + " " + ((Instance) r.target().process()).id());
    }
    return out;
  }
}
