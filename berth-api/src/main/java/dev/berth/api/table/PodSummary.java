package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The READY, STATUS and RESTARTS of a pod, computed exactly as kubectl 1.32's server printer
 * ({@code printPod}) does.
 *
 * <ul>
 *   <li>STATUS starts as {@code status.reason} or the phase ({@code SchedulingGated} when the
 *       PodScheduled condition says so). The first init container that has not finished decides
 *       it: {@code Init:<reason>}, {@code Init:ExitCode:N}, {@code Init:Signal:N}, or {@code
 *       Init:i/n} (e.g. {@code Init:0/2}). Sidecars (init containers with {@code restartPolicy:
 *       Always}) count as finished once started.
 *   <li>Otherwise (or once Initialized=True) regular containers are walked <em>backwards</em>, so
 *       the first one in the list with a waiting or terminated reason wins: {@code
 *       CrashLoopBackOff}, {@code ContainerCreating}, {@code Completed}, {@code Error}, {@code
 *       ExitCode:N}... {@code Completed} while another container still runs becomes {@code
 *       Running} (pod Ready) or {@code NotReady}.
 *   <li>A pod being deleted shows {@code Terminating} unless its phase is terminal, or {@code
 *       Unknown} when its reason is {@code NodeLost}.
 *   <li>READY is ready-and-running containers plus started-and-ready sidecars over containers
 *       plus sidecars, e.g. {@code 2/2} for one app container and one sidecar.
 *   <li>RESTARTS sums restartCount (init containers only while initializing, else sidecars and
 *       containers); {@code lastRestart} is the newest {@code lastState.terminated.finishedAt}.
 * </ul>
 */
record PodSummary(int ready, int total, String reason, int restarts, Optional<Instant> lastRestart) {

  static PodSummary of(Pod pod) {
    PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String phase = Cells.text(status.getPhase());
    String reason = Cells.orElse(status.getReason(), phase);
    for (PodCondition c : Cells.list(status.getConditions())) {
      if ("PodScheduled".equals(c.getType()) && "SchedulingGated".equals(c.getReason())) {
        reason = "SchedulingGated";
      }
    }

    List<Container> initContainers = Cells.list(spec.getInitContainers());
    int total = Cells.list(spec.getContainers()).size();
    Map<String, Container> initByName = new HashMap<>();
    for (Container c : initContainers) {
      initByName.put(c.getName(), c);
      if (isSidecar(c)) {
        total++;
      }
    }

    int ready = 0;
    int restarts = 0;
    int sidecarRestarts = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;
    boolean initializing = false;
    List<ContainerStatus> initStatuses = Cells.list(status.getInitContainerStatuses());
    for (int i = 0; i < initStatuses.size(); i++) {
      ContainerStatus cs = initStatuses.get(i);
      restarts += restartCount(cs);
      lastRestart = later(lastRestart, lastTermination(cs));
      boolean sidecar = isSidecar(initByName.get(cs.getName()));
      if (sidecar) {
        sidecarRestarts += restartCount(cs);
        lastSidecarRestart = later(lastSidecarRestart, lastTermination(cs));
      }
      ContainerStateTerminated terminated = terminated(cs);
      ContainerStateWaiting waiting = waiting(cs);
      if (terminated != null && Cells.number(terminated.getExitCode()) == 0) {
        continue;
      }
      if (sidecar && Boolean.TRUE.equals(cs.getStarted())) {
        if (Boolean.TRUE.equals(cs.getReady())) {
          ready++;
        }
        continue;
      }
      if (terminated != null) {
        reason = isEmpty(terminated.getReason())
            ? "Init:" + exitText(terminated)
            : "Init:" + terminated.getReason();
      } else if (waiting != null && !isEmpty(waiting.getReason()) && !"PodInitializing".equals(waiting.getReason())) {
        reason = "Init:" + waiting.getReason();
      } else {
        reason = "Init:" + i + "/" + initContainers.size();
      }
      initializing = true;
      break;
    }

    if (!initializing || isConditionTrue(status, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      List<ContainerStatus> statuses = Cells.list(status.getContainerStatuses());
      for (int i = statuses.size() - 1; i >= 0; i--) {
        ContainerStatus cs = statuses.get(i);
        restarts += restartCount(cs);
        lastRestart = later(lastRestart, lastTermination(cs));
        ContainerStateTerminated terminated = terminated(cs);
        ContainerStateWaiting waiting = waiting(cs);
        if (waiting != null && !isEmpty(waiting.getReason())) {
          reason = waiting.getReason();
        } else if (terminated != null && !isEmpty(terminated.getReason())) {
          reason = terminated.getReason();
        } else if (terminated != null) {
          reason = exitText(terminated);
        } else if (Boolean.TRUE.equals(cs.getReady()) && cs.getState() != null && cs.getState().getRunning() != null) {
          hasRunning = true;
          ready++;
        }
      }
      if ("Completed".equals(reason) && hasRunning) {
        reason = isConditionTrue(status, "Ready") ? "Running" : "NotReady";
      }
    }

    if (Cells.isDeleting(pod) && "NodeLost".equals(status.getReason())) {
      reason = "Unknown";
    } else if (Cells.isDeleting(pod) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
      reason = "Terminating";
    }
    return new PodSummary(ready, total, reason, restarts, Optional.ofNullable(lastRestart));
  }

  /** {@code 2/3}. */
  String readyText() {
    return ready + "/" + total;
  }

  /** {@code 0}, {@code 4}, or {@code 4 (5m ago)} when the last termination time is known. */
  String restartsText(Instant now) {
    if (restarts != 0 && lastRestart.isPresent()) {
      return restarts + " (" + Ages.since(lastRestart.get(), now) + " ago)";
    }
    return Integer.toString(restarts);
  }

  /** A restartable init container ({@code restartPolicy: Always}), i.e. a sidecar. */
  static boolean isSidecar(Container c) {
    return c != null && "Always".equals(c.getRestartPolicy());
  }

  static boolean isConditionTrue(PodStatus status, String type) {
    for (PodCondition c : Cells.list(status.getConditions())) {
      if (type.equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }

  private static String exitText(ContainerStateTerminated t) {
    long signal = Cells.number(t.getSignal());
    return signal != 0 ? "Signal:" + signal : "ExitCode:" + Cells.number(t.getExitCode());
  }

  private static int restartCount(ContainerStatus cs) {
    return cs.getRestartCount() == null ? 0 : cs.getRestartCount();
  }

  private static ContainerStateTerminated terminated(ContainerStatus cs) {
    ContainerState s = cs.getState();
    return s == null ? null : s.getTerminated();
  }

  private static ContainerStateWaiting waiting(ContainerStatus cs) {
    ContainerState s = cs.getState();
    return s == null ? null : s.getWaiting();
  }

  private static Instant lastTermination(ContainerStatus cs) {
    ContainerState last = cs.getLastState();
    if (last == null || last.getTerminated() == null) {
      return null;
    }
    return Ages.parse(last.getTerminated().getFinishedAt()).orElse(null);
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b != null && b.isAfter(a) ? b : a;
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
