package dev.berth.node.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The conditions the kubelet owns ({@code spec/kubelet.md} §1.5, upstream {@code status/generate.go}),
 * without timestamps: {@link PodStatuses} sets {@code lastTransitionTime}.
 *
 * <p>Messages list container names Go-style in spec order, sidecars first, e.g. {@code ContainersReady=False
 * ContainersNotReady "containers with unready status: [proxy app]"}; a phase {@code Succeeded} turns
 * {@code ContainersReady} and {@code Ready} into {@code False PodCompleted}, {@code Failed} into {@code
 * False PodFailed}.
 */
public final class PodConditions {
  public static final String POD_SCHEDULED = "PodScheduled";
  public static final String READY_TO_START_CONTAINERS = "PodReadyToStartContainers";
  public static final String INITIALIZED = "Initialized";
  public static final String CONTAINERS_READY = "ContainersReady";
  public static final String READY = "Ready";
  public static final String DISRUPTION_TARGET = "DisruptionTarget";

  /** Conditions the kubelet regenerates on every status; every other type is preserved as found. */
  public static final Set<String> OWNED_BY_KUBELET =
      Set.of(POD_SCHEDULED, READY_TO_START_CONTAINERS, INITIALIZED, CONTAINERS_READY, READY, "PodResizePending",
          "PodResizeInProgress");

  public static final String UNKNOWN_CONTAINER_STATUSES = "UnknownContainerStatuses";
  public static final String POD_COMPLETED = "PodCompleted";
  public static final String POD_FAILED = "PodFailed";
  public static final String CONTAINERS_NOT_READY = "ContainersNotReady";
  public static final String CONTAINERS_NOT_INITIALIZED = "ContainersNotInitialized";
  public static final String READINESS_GATES_NOT_READY = "ReadinessGatesNotReady";

  private PodConditions() {}

  /** {@code PodReadyToStartContainers}: True once the sandbox exists with its network; no reason either way. */
  public static PodCondition readyToStartContainers(boolean sandboxReady) {
    return condition(READY_TO_START_CONTAINERS, sandboxReady, null, null);
  }

  /**
   * {@code Initialized}: every regular init container terminated with exit 0 ({@code ready}) and every
   * sidecar {@code started}; or no init containers; or a regular container already ran. E.g. with init
   * containers {@code [migrate, proxy]} where {@code migrate} runs: {@code False ContainersNotInitialized
   * "containers with incomplete status: [migrate proxy]"}.
   */
  public static PodCondition initialized(Pod pod, List<ContainerStatus> statuses, String phase) {
    List<Container> inits = PodContainers.init(pod);
    List<String> unknown = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (Container c : inits) {
      Optional<ContainerStatus> s = find(statuses, c.getName());
      if (s.isEmpty()) {
        unknown.add(c.getName());
      } else if (PodContainers.isSidecar(c) ? !Boolean.TRUE.equals(s.get().getStarted())
          : !Boolean.TRUE.equals(s.get().getReady())) {
        incomplete.add(c.getName());
      }
    }
    if (PodPhases.SUCCEEDED.equals(phase) && unknown.isEmpty()) {
      return condition(INITIALIZED, true, POD_COMPLETED, null);
    }
    if (anyRegularContainerStarted(pod, statuses)) {
      return condition(INITIALIZED, true, null, null);
    }
    List<String> messages = new ArrayList<>();
    if (!unknown.isEmpty()) {
      messages.add("containers with unknown status: " + goList(unknown));
    }
    if (!incomplete.isEmpty()) {
      messages.add("containers with incomplete status: " + goList(incomplete));
    }
    if (!messages.isEmpty()) {
      return condition(INITIALIZED, false, CONTAINERS_NOT_INITIALIZED, String.join(", ", messages));
    }
    return condition(INITIALIZED, true, null, null);
  }

  /**
   * {@code ContainersReady}: every sidecar and every regular container is {@code ready}, e.g. {@code
   * False ContainersNotReady "containers with unready status: [app]"}.
   */
  public static PodCondition containersReady(Pod pod, List<ContainerStatus> statuses, String phase) {
    List<String> unknown = new ArrayList<>();
    List<String> unready = new ArrayList<>();
    List<Container> considered = new ArrayList<>();
    PodContainers.init(pod).stream().filter(PodContainers::isSidecar).forEach(considered::add);
    considered.addAll(PodContainers.regular(pod));
    for (Container c : considered) {
      Optional<ContainerStatus> s = find(statuses, c.getName());
      if (s.isEmpty()) {
        unknown.add(c.getName());
      } else if (!Boolean.TRUE.equals(s.get().getReady())) {
        unready.add(c.getName());
      }
    }
    if (PodPhases.SUCCEEDED.equals(phase) && unknown.isEmpty()) {
      return condition(CONTAINERS_READY, false, POD_COMPLETED, null);
    }
    if (PodPhases.FAILED.equals(phase)) {
      return condition(CONTAINERS_READY, false, POD_FAILED, null);
    }
    List<String> messages = new ArrayList<>();
    if (!unknown.isEmpty()) {
      messages.add("containers with unknown status: " + goList(unknown));
    }
    if (!unready.isEmpty()) {
      messages.add("containers with unready status: " + goList(unready));
    }
    if (!messages.isEmpty()) {
      return condition(CONTAINERS_READY, false, CONTAINERS_NOT_READY, String.join(", ", messages));
    }
    return condition(CONTAINERS_READY, true, null, null);
  }

  /**
   * {@code Ready}: a copy of {@code ContainersReady} unless that is True; then every {@code
   * spec.readinessGates} condition must exist in {@code conditions} with status True, e.g. {@code False
   * ReadinessGatesNotReady "corresponding condition of pod readiness gate \"example.com/lb\" does not exist."}.
   */
  public static PodCondition ready(Pod pod, List<PodCondition> conditions, List<ContainerStatus> statuses, String phase) {
    PodCondition containersReady = containersReady(pod, statuses, phase);
    if (!"True".equals(containersReady.getStatus())) {
      return new PodConditionBuilder(containersReady).withType(READY).build();
    }
    List<String> messages = new ArrayList<>();
    List<PodReadinessGate> gates = pod.getSpec() == null ? null : pod.getSpec().getReadinessGates();
    for (PodReadinessGate gate : gates == null ? List.<PodReadinessGate>of() : gates) {
      String type = gate.getConditionType();
      Optional<PodCondition> c = conditions.stream().filter(x -> type.equals(x.getType())).findFirst();
      if (c.isEmpty()) {
        messages.add("corresponding condition of pod readiness gate \"" + type + "\" does not exist.");
      } else if (!"True".equals(c.get().getStatus())) {
        messages.add("the status of pod readiness gate \"" + type + "\" is not \"True\", but " + c.get().getStatus());
      }
    }
    if (!messages.isEmpty()) {
      return condition(READY, false, READINESS_GATES_NOT_READY, String.join(", ", messages));
    }
    return condition(READY, true, null, null);
  }

  /** {@code PodScheduled}: the kubelet always re-asserts True. */
  public static PodCondition scheduled() {
    return condition(POD_SCHEDULED, true, null, null);
  }

  /** Upstream's {@code HasAnyRegularContainerStarted}: a regular container's status is running or terminated. */
  static boolean anyRegularContainerStarted(Pod pod, List<ContainerStatus> statuses) {
    for (Container c : PodContainers.regular(pod)) {
      Optional<ContainerStatus> s = find(statuses, c.getName());
      if (s.isPresent() && s.get().getState() != null
          && (s.get().getState().getRunning() != null || s.get().getState().getTerminated() != null)) {
        return true;
      }
    }
    return false;
  }

  /** Go's {@code %s} of a string slice: {@code [a b c]}. */
  static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  private static PodCondition condition(String type, boolean status, String reason, String message) {
    return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
        .withMessage(message).build();
  }

  private static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
    return statuses.stream().filter(s -> name.equals(s.getName())).findFirst();
  }
}
