package dev.berth.node.probe.timing;

import dev.berth.node.probe.ProbeRunner;
import dev.berth.node.probe.ProbeTarget;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One probe worker — one (pod, container, kind) — as a state machine ({@code spec/kubelet.md} §4.2,
 * §4.3, §4.6; upstream {@code prober/worker.go} {@code doProbe}). It holds the cached result, the
 * run of equal results, the instance it probes and whether it is on hold. {@link #probe} is one
 * run; {@link ProbeTicker} calls it on creation and every {@code periodSeconds}.
 *
 * <p>It reads the container from the pod status the agent last published, as upstream does, so a
 * container is probed only once that status shows it running with its id. Worked example: readiness
 * with {@code initialDelaySeconds: 5} and the default 10 s period; the worker is created at t=1, the
 * container starts at t=2. The run at t=1 finds no instance; a run triggered when the status first
 * shows it at t=3 skips (1 s < 5 s); the tick at t=11 (9 s ≥ 5 s) is the first real probe, up to a
 * period after the delay (Appendix E 6). Until a success, readiness is {@code Failure}; liveness is
 * {@code Success} until {@code failureThreshold} consecutive failures; neither runs before the
 * startup probe succeeded (Appendix E 5).
 *
 * <p>Not thread-safe: its ticker serialises calls.
 */
public final class ProbeWorker {
  /** Upstream's {@code maxProbeRetries}: attempts of a probe that could not be run. */
  static final int MAX_ATTEMPTS = 3;

  private final ProbeKind kind;
  private final String containerName;
  private final Probe probe;

  private String containerId = "";
  private ProbeResult result;
  private ProbeResult lastResult = ProbeResult.SUCCESS;
  private int resultRun;
  private boolean onHold;

  /**
   * A worker for the {@code kind} probe of {@code container}.
   *
   * @throws IllegalArgumentException when the container has no such probe
   */
  public ProbeWorker(ProbeKind kind, Container container) {
    this(kind, container.getName(), kind.of(container));
  }

  /**
   * A worker that runs {@code probe} as the {@code kind} probe of the container named {@code
   * containerName}: the spec's probe as the node agent prepared it (an exec probe's {@code $(VAR)}
   * expanded, §4.4).
   *
   * @throws IllegalArgumentException when {@code probe} is null
   */
  public ProbeWorker(ProbeKind kind, String containerName, Probe probe) {
    this.kind = kind;
    this.containerName = containerName;
    this.probe = probe;
    if (probe == null) {
      throw new IllegalArgumentException("container " + containerName + " has no " + kind.eventName().toLowerCase() + " probe");
    }
    this.result = kind.initialResult();
  }

  public ProbeKind kind() {
    return kind;
  }

  public String containerName() {
    return containerName;
  }

  /** The cached result for {@link #containerId()}; the kind's initial value before the first instance. */
  public ProbeResult result() {
    return result;
  }

  /** The instance the cached result belongs to; empty before the first. */
  public String containerId() {
    return containerId;
  }

  /** {@code periodSeconds}, 10 s by default. */
  public Duration period() {
    return Duration.ofSeconds(orDefault(probe.getPeriodSeconds(), 10));
  }

  /**
   * One run at {@code now}, against {@code pod} (for {@code restartPolicy} and deletion) and the pod
   * status the agent last published (null before the first).
   *
   * @param runner runs the probe once against the instance
   * @param targets the running instance with a {@code containerID}, empty when it is not running
   *     (any more): that attempt is {@link dev.berth.node.probe.ProbeResult.Unknown}
   */
  public ProbeStep probe(Instant now, Pod pod, PodStatus status, ProbeRunner runner,
      Function<String, Optional<ProbeTarget>> targets) {
    List<ProbeEvent> events = new ArrayList<>();
    ProbeResult before = result;
    String idBefore = containerId;
    boolean keepGoing = run(now, pod, status, runner, targets, events);
    boolean changed = result != before || !containerId.equals(idBefore);
    return new ProbeStep(keepGoing, changed, result, events);
  }

  private boolean run(Instant now, Pod pod, PodStatus status, ProbeRunner runner,
      Function<String, Optional<ProbeTarget>> targets, List<ProbeEvent> events) {
    if (status == null) {
      return true;
    }
    if ("Failed".equals(status.getPhase()) || "Succeeded".equals(status.getPhase())) {
      return false;
    }
    Optional<ContainerStatus> found = find(status.getContainerStatuses()).or(() -> find(status.getInitContainerStatuses()));
    if (found.isEmpty()) {
      return true;
    }
    ContainerStatus c = found.get();
    if (!containerId.equals(c.getContainerID())) {
      containerId = c.getContainerID();
      result = kind.initialResult();
      onHold = false;
    }
    if (onHold) {
      return true;
    }
    if (c.getState() == null || c.getState().getRunning() == null) {
      result = ProbeResult.FAILURE;
      boolean terminated = c.getState() != null && c.getState().getTerminated() != null;
      return !terminated || !"Never".equals(pod.getSpec().getRestartPolicy());
    }
    if (pod.getMetadata().getDeletionTimestamp() != null && kind != ProbeKind.READINESS) {
      result = ProbeResult.SUCCESS;
      return false;
    }
    Instant startedAt = OffsetDateTime.parse(c.getState().getRunning().getStartedAt()).toInstant();
    if (Duration.between(startedAt, now).getSeconds() < orDefault(probe.getInitialDelaySeconds(), 0)) {
      return true;
    }
    boolean started = Boolean.TRUE.equals(c.getStarted());
    if (started == (kind == ProbeKind.STARTUP)) {
      return true;
    }

    dev.berth.node.probe.ProbeResult outcome = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<ProbeTarget> target = targets.apply(containerId);
      outcome = target.isEmpty() ? new dev.berth.node.probe.ProbeResult.Unknown("container " + containerName + " is not running")
          : runner.run(probe, target.get());
      if (!(outcome instanceof dev.berth.node.probe.ProbeResult.Unknown)) {
        break;
      }
    }
    ProbeResult r;
    switch (outcome) {
      case dev.berth.node.probe.ProbeResult.Unknown u -> {
        events.add(new ProbeEvent(ProbeEvent.UNHEALTHY, kind.eventName() + " probe errored and resulted in unknown state: "
            + u.message()));
        return true;
      }
      case dev.berth.node.probe.ProbeResult.Success s -> {
        if (s.warning() != null && !s.warning().isEmpty()) {
          events.add(new ProbeEvent(ProbeEvent.PROBE_WARNING, kind.eventName() + " probe warning: " + s.warning()));
        }
        r = ProbeResult.SUCCESS;
      }
      case dev.berth.node.probe.ProbeResult.Failure f -> {
        events.add(new ProbeEvent(ProbeEvent.UNHEALTHY, kind.eventName() + " probe failed: " + f.message()));
        r = ProbeResult.FAILURE;
      }
    }

    if (r == lastResult) {
      resultRun++;
    } else {
      lastResult = r;
      resultRun = 1;
    }
    if ((r == ProbeResult.FAILURE && resultRun < orDefault(probe.getFailureThreshold(), 3))
        || (r == ProbeResult.SUCCESS && resultRun < orDefault(probe.getSuccessThreshold(), 1))) {
      return true;
    }
    result = r;
    if (kind != ProbeKind.READINESS && r == ProbeResult.FAILURE) {
      onHold = true;
      resultRun = 0;
    }
    return true;
  }

  private Optional<ContainerStatus> find(List<ContainerStatus> statuses) {
    if (statuses == null) {
      return Optional.empty();
    }
    return statuses.stream().filter(s -> containerName.equals(s.getName()) && s.getContainerID() != null
        && !s.getContainerID().isEmpty()).findFirst();
  }

  private static int orDefault(Integer v, int d) {
    return v == null ? d : v;
  }
}
