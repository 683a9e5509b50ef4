package dev.berth.node.restart;

import dev.berth.node.restart.SyncAction.KillReason;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;

/**
 * How long a stopped container gets ({@code spec/kubelet.md} §4.7, §5.3; upstream {@code
 * setTerminationGracePeriod} and {@code killContainer}).
 *
 * <p>Worked example: {@code terminationGracePeriodSeconds: 30}, a preStop hook that takes 29.6 s:
 * 29 whole seconds are used up, leaving 1 s, raised to the 2 s floor — SIGTERM, then SIGKILL 2 s
 * later, never sooner (Appendix E 8).
 */
public final class GracePeriods {
  /** Upstream's {@code minimumGracePeriodInSeconds}: the least time between the stop signal and SIGKILL. */
  public static final Duration MINIMUM_STOP_WINDOW = Duration.ofSeconds(2);

  private GracePeriods() {}

  /**
   * The grace period of a kill, in seconds, counted from the start of the preStop hook: the pod's
   * {@code deletionGracePeriodSeconds} while it is deleted; else for a liveness/startup kill the probe's
   * own {@code terminationGracePeriodSeconds} if set (even if larger); else the pod's {@code
   * terminationGracePeriodSeconds} (30 by default).
   *
   * @param reason null for a kill that no probe caused (teardown, definition change)
   */
  public static long forKill(Pod pod, Container container, KillReason reason) {
    if (pod.getMetadata() != null && pod.getMetadata().getDeletionGracePeriodSeconds() != null) {
      return pod.getMetadata().getDeletionGracePeriodSeconds();
    }
    Long podGrace = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
    Probe probe = reason == KillReason.LIVENESS_PROBE ? container.getLivenessProbe()
        : reason == KillReason.STARTUP_PROBE ? container.getStartupProbe() : null;
    if (probe != null && probe.getTerminationGracePeriodSeconds() != null) {
      return probe.getTerminationGracePeriodSeconds();
    }
    return podGrace == null ? 30 : podGrace;
  }

  /**
   * The time between the stop signal and SIGKILL: what is left of {@code graceSeconds} after the
   * whole seconds the preStop hook (and a sidecar's wait for its turn, §3.3) used, at least 2 s.
   */
  public static Duration stopWindow(long graceSeconds, Duration usedBeforeSignal) {
    long left = graceSeconds - usedBeforeSignal.getSeconds();
    return left < MINIMUM_STOP_WINDOW.getSeconds() ? MINIMUM_STOP_WINDOW : Duration.ofSeconds(left);
  }
}
