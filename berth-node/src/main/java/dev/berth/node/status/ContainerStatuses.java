package dev.berth.node.status;

import dev.berth.node.probe.timing.ProbeResult;
import dev.berth.node.restart.ContainerRestarts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code containerStatuses} / {@code initContainerStatuses} of a pod ({@code spec/kubelet.md}
 * §1.2, §1.3, §4.5; upstream {@code convertToAPIContainerStatuses} followed by the probe manager's
 * {@code UpdatePodStatus}).
 *
 * <p>Worked example: {@code app} crashed twice (instances 1 and 0 exited 1) and is in back-off with
 * the start failure {@code CrashLoopBackOff}: the newest instance gives {@code restartCount: 1}, the
 * older one {@code lastState}; as the container should be restarted and a start failure is cached,
 * the newest {@code terminated} state moves to {@code lastState} and {@code state} becomes {@code
 * waiting{CrashLoopBackOff, "back-off 10s restarting failed container=app pod=..."}}.
 */
final class ContainerStatuses {
  static final String CONTAINER_CREATING = "ContainerCreating";
  static final String POD_INITIALIZING = "PodInitializing";
  static final String STATUS_UNKNOWN = "ContainerStatusUnknown";

  private ContainerStatuses() {}

  /** Statuses of the regular containers, sorted by name (Appendix E 1). */
  static List<ContainerStatus> regular(Pod pod, List<ContainerStatus> previous, PodFacts facts) {
    List<ContainerStatus> out = convert(pod, PodContainers.regular(pod), previous, facts, false);
    out.sort(Comparator.comparing(ContainerStatus::getName));
    return out;
  }

  /** Statuses of the init containers and sidecars, in spec order (Appendix E 1). */
  static List<ContainerStatus> init(Pod pod, List<ContainerStatus> previous, PodFacts facts) {
    return convert(pod, PodContainers.init(pod), previous, facts, true);
  }

  private static List<ContainerStatus> convert(Pod pod, List<Container> containers, List<ContainerStatus> previous,
      PodFacts facts, boolean isInit) {
    boolean hasInitContainers = !PodContainers.init(pod).isEmpty();
    String defaultReason = hasInitContainers ? POD_INITIALIZING : CONTAINER_CREATING;
    Map<String, ContainerStatus> old = new LinkedHashMap<>();
    for (ContainerStatus s : previous == null ? List.<ContainerStatus>of() : previous) {
      old.put(s.getName(), s);
    }

    // 1. Defaults, carrying over what the previous status knew (§1.3 steps 1-2).
    Map<String, ContainerStatus> statuses = new LinkedHashMap<>();
    for (Container c : containers) {
      ContainerStatus o = old.get(c.getName());
      ContainerStatus s;
      if (o != null && o.getState() != null && o.getState().getTerminated() != null) {
        s = new ContainerStatusBuilder(o).build();
      } else {
        s = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("")
            .withState(waiting(defaultReason, null)).withLastState(new ContainerState()).withReady(false)
            .withRestartCount(0).build();
        if (o != null) {
          s.setRestartCount(o.getRestartCount() == null ? 0 : o.getRestartCount());
          s.setLastState(o.getLastState() == null ? new ContainerState() : new ContainerStateBuilder(o.getLastState()).build());
        }
      }
      statuses.put(c.getName(), s);
    }

    // 2. A container that was running and has no instance any more terminated unseen (§1.3 step 3).
    for (Container c : containers) {
      if (!facts.container(c.getName()).visibleInstances().isEmpty()) {
        continue;
      }
      ContainerStatus o = old.get(c.getName());
      if (o == null || o.getState() == null || o.getState().getTerminated() != null || o.getState().getRunning() == null) {
        continue;
      }
      ContainerStatus s = statuses.get(c.getName());
      boolean isDefaultWaiting = s.getState().getWaiting() != null && defaultReason.equals(s.getState().getWaiting().getReason());
      if (!isDefaultWaiting || (s.getLastState() != null && s.getLastState().getTerminated() != null)) {
        continue;
      }
      s.setLastState(new ContainerStateBuilder().withTerminated(new ContainerStateTerminatedBuilder().withReason(STATUS_UNKNOWN)
          .withMessage("The container could not be located when the pod was deleted.  The container used to be Running")
          .withExitCode(137).build()).build());
      if (!PodContainers.isDeleting(pod)) {
        s.setRestartCount(s.getRestartCount() + 1);
      }
    }

    // 3. The two newest instances give state and lastState (§1.3 step 4).
    for (Container c : containers) {
      List<ContainerInstance> instances = facts.container(c.getName()).visibleInstances();
      for (int i = 0; i < Math.min(2, instances.size()); i++) {
        ContainerStatus converted = fromInstance(c.getName(), instances.get(i), old.get(c.getName()));
        if (i == 0) {
          statuses.put(c.getName(), converted);
        } else {
          statuses.get(c.getName()).setLastState(converted.getState());
        }
      }
    }

    // 4. Containers the next sync will start show their last start failure (§1.3 steps 5-6).
    boolean anyRegularCreated = PodContainers.regular(pod).stream()
        .anyMatch(c -> !facts.container(c.getName()).instances().isEmpty());
    for (Container c : containers) {
      ContainerFacts f = facts.container(c.getName());
      Optional<ContainerInstance> newest = f.visibleInstances().stream().findFirst();
      ContainerStatus s = statuses.get(c.getName());
      if (isInit) {
        if (newest.isPresent() && newest.get().state() instanceof InstanceState.Exited e && e.exitCode() == 0) {
          continue;
        }
        if (newest.isEmpty() && anyRegularCreated && !PodContainers.isSidecar(c) && s.getState().getWaiting() != null) {
          s.setState(new ContainerStateBuilder().withTerminated(new ContainerStateTerminatedBuilder().withReason("Completed")
              .withMessage("Unable to get init container status from container runtime and pod has been initialized, "
                  + "treat it as exited normally")
              .withExitCode(0).build()).build());
          continue;
        }
      }
      if (!ContainerRestarts.shouldContainerBeRestarted(pod, c, newest) || f.startFailure().isEmpty()) {
        continue;
      }
      if (s.getState().getTerminated() != null) {
        s.setLastState(s.getState());
      }
      s.setState(waiting(f.startFailure().get().reason(), f.startFailure().get().message()));
    }

    // 5. started / ready from the probe results (§4.5).
    List<ContainerStatus> out = new ArrayList<>();
    for (Container c : containers) {
      ContainerStatus s = statuses.get(c.getName());
      ContainerFacts f = facts.container(c.getName());
      boolean running = s.getState().getRunning() != null;
      boolean started = running && (c.getStartupProbe() == null || f.startup() == ProbeResult.SUCCESS);
      s.setStarted(started);
      if (isInit && !PodContainers.isSidecar(c)) {
        if (s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() == 0) {
          s.setReady(true);
        } else if (s.getReady() == null) {
          s.setReady(false);
        }
      } else {
        s.setReady(started && (c.getReadinessProbe() == null || f.readiness() == ProbeResult.SUCCESS));
      }
      out.add(s);
    }
    return out;
  }

  private static ContainerStatus fromInstance(String name, ContainerInstance instance, ContainerStatus old) {
    ContainerStatus s = new ContainerStatusBuilder().withName(name).withRestartCount(instance.restartCount())
        .withImage(instance.image()).withImageID(instance.imageId() == null ? "" : instance.imageId())
        .withContainerID(instance.containerId()).withLastState(new ContainerState()).withReady(false).build();
    switch (instance.state()) {
      case InstanceState.Running r ->
          s.setState(new ContainerStateBuilder().withNewRunning().withStartedAt(Rfc3339.format(r.startedAt())).endRunning().build());
      case InstanceState.Starting st ->
          s.setState(new ContainerStateBuilder().withNewRunning().withStartedAt(Rfc3339.format(st.startedAt())).endRunning().build());
      case InstanceState.Exited e -> s.setState(new ContainerStateBuilder().withTerminated(terminated(e, instance.containerId())).build());
      case InstanceState.Unknown u -> {
        if (old != null && old.getState() != null && old.getState().getRunning() != null) {
          s.setState(new ContainerStateBuilder().withTerminated(new ContainerStateTerminatedBuilder().withReason(STATUS_UNKNOWN)
              .withMessage("The container could not be located when the pod was terminated").withExitCode(137).build()).build());
          s.setRestartCount((old.getRestartCount() == null ? 0 : old.getRestartCount()) + 1);
        } else {
          s.setState(waiting(null, null));
        }
      }
    }
    return s;
  }

  private static ContainerStateTerminated terminated(InstanceState.Exited e, String containerId) {
    return new ContainerStateTerminatedBuilder().withExitCode(e.exitCode()).withReason(emptyToNull(e.reason()))
        .withMessage(emptyToNull(e.message())).withStartedAt(Rfc3339.format(e.startedAt()))
        .withFinishedAt(Rfc3339.format(e.finishedAt())).withContainerID(containerId).build();
  }

  private static ContainerState waiting(String reason, String message) {
    return new ContainerStateBuilder().withNewWaiting().withReason(emptyToNull(reason)).withMessage(emptyToNull(message))
        .endWaiting().build();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
