package dev.berth.node.restart;

import dev.berth.node.status.ContainerInstance;
import dev.berth.node.status.InstanceState;
import dev.berth.node.status.PodContainers;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * Whether a stopped container is started again ({@code spec/kubelet.md} §2.1, upstream {@code
 * ShouldContainerBeRestarted}).
 */
public final class ContainerRestarts {
  private ContainerRestarts() {}

  /**
   * The restart policy's verdict on an exit: {@code Never} never restarts, {@code OnFailure} restarts
   * non-zero exits, {@code Always} restarts everything — exit 0 included, which is why a finished
   * program under {@code Always} ends in {@code CrashLoopBackOff} (Appendix E 3).
   */
  public static boolean shouldRestart(String restartPolicy, int exitCode) {
    return switch (restartPolicy == null || restartPolicy.isEmpty() ? "Always" : restartPolicy) {
      case "Never" -> false;
      case "OnFailure" -> exitCode != 0;
      default -> true;
    };
  }

  /**
   * The policy that governs {@code container}: {@code Always} for a sidecar (it ignores the pod's
   * policy, §2.1), the pod's {@code restartPolicy} otherwise.
   */
  public static String restartPolicyOf(Pod pod, Container container) {
    boolean sidecar = PodContainers.init(pod).stream()
        .anyMatch(c -> c.getName().equals(container.getName()) && PodContainers.isSidecar(c));
    return sidecar ? "Always" : PodContainers.restartPolicy(pod);
  }

  /**
   * Whether {@code container}, whose newest instance is {@code newest}, should be started on the next
   * sync: never once the pod is being deleted; yes when it never ran (or all instances were
   * collected) or its state is unknown; no while it runs; else the restart policy on its exit code.
   */
  public static boolean shouldContainerBeRestarted(Pod pod, Container container, Optional<ContainerInstance> newest) {
    if (PodContainers.isDeleting(pod)) {
      return false;
    }
    if (newest.isEmpty()) {
      return true;
    }
    return switch (newest.get().state()) {
      case InstanceState.Starting s -> false;
      case InstanceState.Running r -> false;
      case InstanceState.Unknown u -> true;
      case InstanceState.Exited e -> shouldRestart(restartPolicyOf(pod, container), e.exitCode());
    };
  }
}
