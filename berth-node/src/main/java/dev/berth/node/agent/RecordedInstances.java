package dev.berth.node.agent;

import dev.berth.node.status.ContainerInstance;
import dev.berth.node.status.InstanceState;
import dev.berth.node.status.Rfc3339;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container instances a pod's published status records, for a pod worker that starts without
 * memory of them — after berth restarted. They keep what a restart must not forget: a completed init
 * container is not run again, a container that ended under {@code restartPolicy: Never} is not
 * restarted, {@code restartCount} and {@code lastState} go on.
 *
 * <p>Per container status, newest first, at most two:
 *
 * <ul>
 *   <li>{@code state.terminated} → an exited instance (with {@code restartCount});
 *   <li>{@code state.running} → an {@link InstanceState.Unknown} instance: running once, but whether
 *       it still runs only the process runtime can tell; the pod worker replaces it with the
 *       adopted process, else status shows it {@code ContainerStatusUnknown} (§1.3 step 4);
 *   <li>{@code state.waiting} with {@code lastState.terminated} (e.g. {@code CrashLoopBackOff}) → the
 *       exited instance it waits to restart;
 *   <li>{@code lastState.terminated} behind a running or terminated state → the previous, exited
 *       instance ({@code restartCount − 1}).
 * </ul>
 *
 * Instances without a {@code containerID} are skipped: they never existed.
 */
final class RecordedInstances {
  private RecordedInstances() {}

  /** By container name (init and regular containers alike). */
  static Map<String, List<ContainerInstance>> of(Pod pod) {
    Map<String, List<ContainerInstance>> out = new LinkedHashMap<>();
    if (pod.getStatus() == null) {
      return out;
    }
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus().getInitContainerStatuses() != null) {
      all.addAll(pod.getStatus().getInitContainerStatuses());
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      all.addAll(pod.getStatus().getContainerStatuses());
    }
    for (ContainerStatus s : all) {
      List<ContainerInstance> instances = instances(s);
      if (!instances.isEmpty()) {
        out.put(s.getName(), instances);
      }
    }
    return out;
  }

  private static List<ContainerInstance> instances(ContainerStatus s) {
    List<ContainerInstance> out = new ArrayList<>();
    int restartCount = s.getRestartCount() == null ? 0 : s.getRestartCount();
    ContainerStateTerminated last = s.getLastState() == null ? null : s.getLastState().getTerminated();
    var state = s.getState();
    if (state != null && state.getTerminated() != null) {
      add(out, exited(s, state.getTerminated(), restartCount));
      if (last != null) {
        add(out, exited(s, last, restartCount - 1));
      }
    } else if (state != null && state.getRunning() != null) {
      if (s.getContainerID() != null && !s.getContainerID().isEmpty()) {
        out.add(new ContainerInstance(s.getContainerID(), restartCount, s.getImage(), orEmpty(s.getImageID()),
            new InstanceState.Unknown()));
      }
      if (last != null) {
        add(out, exited(s, last, restartCount - 1));
      }
    } else if (last != null) {
      add(out, exited(s, last, restartCount));
    }
    return out;
  }

  private static void add(List<ContainerInstance> out, ContainerInstance i) {
    if (i != null) {
      out.add(i);
    }
  }

  private static ContainerInstance exited(ContainerStatus s, ContainerStateTerminated t, int restartCount) {
    if (t.getContainerID() == null || t.getContainerID().isEmpty()) {
      return null;
    }
    Instant started = orEpoch(Rfc3339.parse(t.getStartedAt()));
    Instant finished = orEpoch(Rfc3339.parse(t.getFinishedAt()));
    int code = t.getExitCode() == null ? 0 : t.getExitCode();
    return new ContainerInstance(t.getContainerID(), Math.max(0, restartCount), s.getImage(), orEmpty(s.getImageID()),
        new InstanceState.Exited(started, finished, code, t.getReason() == null ? "" : t.getReason(),
            t.getMessage() == null ? "" : t.getMessage()));
  }

  private static Instant orEpoch(Instant t) {
    return t == null ? Instant.EPOCH : t;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
