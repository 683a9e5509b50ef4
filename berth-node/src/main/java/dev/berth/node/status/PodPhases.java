package dev.berth.node.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * The pod phase from its container statuses, exactly as upstream's {@code getPhase} ({@code
 * spec/kubelet.md} §1.4, with the default feature gates: no per-container restart rules).
 *
 * <p>Worked example, {@code restartPolicy: Always}, one container in {@code CrashLoopBackOff}:
 * its status is {@code waiting} with a {@code lastState.terminated}, so it counts as stopped, not
 * waiting; nothing runs, nothing is unknown, so the policy decides: {@code Running} (Appendix E 4).
 * The same pod with {@code restartPolicy: Never} and an exit code 0 would be {@code Succeeded}.
 */
public final class PodPhases {
  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  private PodPhases() {}

  /** Whether {@code phase} is {@code Succeeded} or {@code Failed}: terminal and sticky. */
  public static boolean isTerminal(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  /**
   * The phase of {@code pod} given the statuses of all its containers (init and regular, in any
   * order).
   *
   * @param podIsTerminal the pod is being torn down and its containers stopped: a pod whose
   *     containers all stopped is then {@code Succeeded} if every regular container exited 0, else
   *     {@code Failed}, whatever the restart policy (Appendix E 11)
   * @param podHasInitialized a regular container has (had) an instance in the current sandbox: a
   *     restarting sidecar then no longer sends the pod back to {@code Pending}
   */
  public static String phase(Pod pod, List<ContainerStatus> statuses, boolean podIsTerminal, boolean podHasInitialized) {
    String restartPolicy = PodContainers.restartPolicy(pod);
    int pendingRestartableInit = 0;
    int pendingRegularInit = 0;
    int failedInitialization = 0;

    for (Container c : PodContainers.init(pod)) {
      if (PodContainers.isSidecar(c)) {
        continue;
      }
      Optional<ContainerStatus> s = find(statuses, c.getName());
      if (s.isEmpty()) {
        pendingRegularInit++;
        continue;
      }
      ContainerState state = state(s.get());
      if (state.getRunning() != null) {
        pendingRegularInit++;
      } else if (state.getTerminated() != null) {
        if (exitCode(state.getTerminated().getExitCode()) != 0) {
          failedInitialization++;
        }
      } else if (state.getWaiting() != null) {
        ContainerState last = s.get().getLastState();
        if (last != null && last.getTerminated() != null) {
          if (exitCode(last.getTerminated().getExitCode()) != 0) {
            failedInitialization++;
          }
        } else {
          pendingRegularInit++;
        }
      } else {
        pendingRegularInit++;
      }
    }

    int unknown = 0;
    int running = 0;
    int waiting = 0;
    int stopped = 0;
    int succeeded = 0;

    for (Container c : PodContainers.init(pod)) {
      if (!PodContainers.isSidecar(c)) {
        continue;
      }
      Optional<ContainerStatus> s = find(statuses, c.getName());
      if (s.isEmpty()) {
        unknown++;
        continue;
      }
      ContainerState state = state(s.get());
      if (state.getRunning() != null) {
        if (!Boolean.TRUE.equals(s.get().getStarted())) {
          pendingRestartableInit++;
        }
        running++;
      } else if (state.getTerminated() != null) {
        // A sidecar's exit never decides the phase.
      } else if (state.getWaiting() != null) {
        if (!hasLastTermination(s.get())) {
          pendingRestartableInit++;
          waiting++;
        }
      } else {
        pendingRestartableInit++;
        unknown++;
      }
    }

    for (Container c : PodContainers.regular(pod)) {
      Optional<ContainerStatus> s = find(statuses, c.getName());
      if (s.isEmpty()) {
        unknown++;
        continue;
      }
      ContainerState state = state(s.get());
      if (state.getRunning() != null) {
        running++;
      } else if (state.getTerminated() != null) {
        stopped++;
        if (exitCode(state.getTerminated().getExitCode()) == 0) {
          succeeded++;
        }
      } else if (state.getWaiting() != null) {
        if (hasLastTermination(s.get())) {
          stopped++;
        } else {
          waiting++;
        }
      } else {
        unknown++;
      }
    }

    if (failedInitialization > 0 && "Never".equals(restartPolicy)) {
      return FAILED;
    }
    if (pendingRegularInit > 0 || (pendingRestartableInit > 0 && !podHasInitialized) || waiting > 0) {
      return PENDING;
    }
    if (running > 0 && unknown == 0) {
      return RUNNING;
    }
    if (running == 0 && stopped > 0 && unknown == 0) {
      if (podIsTerminal && !isStatic(pod)) {
        return stopped == succeeded ? SUCCEEDED : FAILED;
      }
      if ("Always".equals(restartPolicy)) {
        return RUNNING;
      }
      if (stopped == succeeded) {
        return SUCCEEDED;
      }
      if ("Never".equals(restartPolicy)) {
        return FAILED;
      }
      return RUNNING;
    }
    return PENDING;
  }

  private static boolean isStatic(Pod pod) {
    var annotations = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    return annotations != null && "file".equals(annotations.get("kubernetes.io/config.source"));
  }

  private static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
    return statuses.stream().filter(s -> name.equals(s.getName())).findFirst();
  }

  private static ContainerState state(ContainerStatus s) {
    return s.getState() == null ? new ContainerState() : s.getState();
  }

  private static boolean hasLastTermination(ContainerStatus s) {
    return s.getLastState() != null && s.getLastState().getTerminated() != null;
  }

  private static int exitCode(Integer code) {
    return code == null ? 0 : code;
  }
}
