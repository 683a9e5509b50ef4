package dev.berth.node.status;

import dev.berth.node.probe.timing.ProbeKind;
import dev.berth.node.probe.timing.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the node agent knows about one container name of a pod: its instances (newest
 * first; only the two newest matter), the last start failure, and the cached probe results for the
 * newest instance. Status ({@link PodStatuses}) and planning ({@code restart.SyncPlanner}) both
 * read it.
 *
 * <p>Probe results default to their kind's initial value ({@link ProbeKind#initialResult()}), which
 * is also what a missing worker means upstream; results of a probe the spec does not declare are
 * ignored.
 *
 * @param instances newest first; empty before the first start and after garbage collection
 * @param startFailure the reason cache entry, cleared by the pod worker when a start succeeds
 */
public record ContainerFacts(
    String name,
    List<ContainerInstance> instances,
    Optional<StartFailure> startFailure,
    ProbeResult startup,
    ProbeResult readiness,
    ProbeResult liveness) {

  public ContainerFacts {
    instances = List.copyOf(instances);
  }

  /** A container that never had an instance. */
  public static ContainerFacts none(String name) {
    return new ContainerFacts(name, List.of(), Optional.empty(), ProbeKind.STARTUP.initialResult(),
        ProbeKind.READINESS.initialResult(), ProbeKind.LIVENESS.initialResult());
  }

  /**
   * These facts with {@code newest} in front of the known instances and the probe results back at
   * their initial values: a new instance starts unprobed (§4.2 step 3).
   */
  public ContainerFacts withNewInstance(ContainerInstance newest) {
    List<ContainerInstance> all = new ArrayList<>();
    all.add(newest);
    all.addAll(instances);
    return new ContainerFacts(name, all, startFailure, ProbeKind.STARTUP.initialResult(),
        ProbeKind.READINESS.initialResult(), ProbeKind.LIVENESS.initialResult());
  }

  /** These facts with the newest instance replaced, e.g. when it exits. */
  public ContainerFacts withNewest(ContainerInstance replacement) {
    List<ContainerInstance> all = new ArrayList<>(instances);
    all.set(0, replacement);
    return new ContainerFacts(name, all, startFailure, startup, readiness, liveness);
  }

  public ContainerFacts withStartFailure(StartFailure failure) {
    return new ContainerFacts(name, instances, Optional.ofNullable(failure), startup, readiness, liveness);
  }

  public ContainerFacts withProbeResult(ProbeKind kind, ProbeResult result) {
    return switch (kind) {
      case STARTUP -> new ContainerFacts(name, instances, startFailure, result, readiness, liveness);
      case READINESS -> new ContainerFacts(name, instances, startFailure, startup, result, liveness);
      case LIVENESS -> new ContainerFacts(name, instances, startFailure, startup, readiness, result);
    };
  }

  /** The newest instance, if any. */
  public Optional<ContainerInstance> newest() {
    return instances.isEmpty() ? Optional.empty() : Optional.of(instances.get(0));
  }

  /**
   * The instances status may show, newest first: every instance but one still in its {@code
   * postStart} hook (Appendix E 7).
   */
  public List<ContainerInstance> visibleInstances() {
    return instances.stream().filter(i -> !(i.state() instanceof InstanceState.Starting)).toList();
  }

  /** The newest instance that exited, if any: the one back-off is measured from (§2.2). */
  public Optional<ContainerInstance> newestExited() {
    return instances.stream().filter(i -> i.state() instanceof InstanceState.Exited).findFirst();
  }
}
