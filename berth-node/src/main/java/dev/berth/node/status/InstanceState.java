package dev.berth.node.status;

import java.time.Instant;

/**
 * What the runtime knows about one container instance ({@code spec/kubelet.md} §1.3 step 4,
 * Appendix B). Closed: every consumer switches over it exhaustively.
 */
public sealed interface InstanceState {

  /**
   * The process runs but its {@code postStart} hook has not returned yet. Status ignores such an
   * instance entirely: the kubelet writes status only between syncs, and the hook runs inside the
   * start step, so the pod keeps showing what it showed before the start (Appendix E 7). Planning
   * treats it as running.
   */
  record Starting(Instant startedAt) implements InstanceState {}

  /** The process runs and its {@code postStart} hook (if any) returned. */
  record Running(Instant startedAt) implements InstanceState {}

  /**
   * The process ended. {@code reason} is the runtime's: {@code Completed} (exit 0), {@code Error},
   * {@code OOMKilled}, {@code StartError} (exit 128); {@code message} includes the termination
   * message (§5.6).
   */
  record Exited(Instant startedAt, Instant finishedAt, int exitCode, String reason, String message)
      implements InstanceState {

    /**
     * The runtime's reason for an exit (§1.3 runtime table): {@code OOMKilled} when the kernel
     * OOM-killed the container, else {@code Completed} for 0 and {@code Error} for anything else,
     * e.g. 143 after SIGTERM.
     */
    public static String reasonFor(int exitCode, boolean oomKilled) {
      if (oomKilled) {
        return "OOMKilled";
      }
      return exitCode == 0 ? "Completed" : "Error";
    }
  }

  /**
   * The runtime lost track of the instance (berth restarted and could not adopt it): status shows
   * {@code ContainerStatusUnknown} if it was running, planning kills it before a restart.
   */
  record Unknown() implements InstanceState {}
}
