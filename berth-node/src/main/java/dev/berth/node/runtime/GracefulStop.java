package dev.berth.node.runtime;

import dev.berth.api.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Stops a container as the runtime does once the kubelet has decided to ({@code
 * spec/kubelet.md} §5.3 step 5–6): the stop signal ({@code SIGTERM}) at once, {@code SIGKILL}
 * when the grace period is over, and never sooner than 2 s after the stop signal
 * ({@code minimumGracePeriodInSeconds}), even with a grace of 0 or 1 or one used up by preStop.
 * Example: grace 30 s, preStop took 29 s → the caller passes 1 s → SIGKILL 2 s after SIGTERM.
 */
public final class GracefulStop {
  /** The kubelet's {@code minimumGracePeriodInSeconds}. */
  public static final Duration MINIMUM_GRACE = Duration.ofSeconds(2);

  private GracefulStop() {}

  /**
   * @param grace what is left of the grace period when the stop signal is sent
   * @return the container's exit code, once it has ended
   */
  public static CompletableFuture<Integer> stop(ContainerProcess process, Duration grace, Clock clock) {
    if (process.exit().isDone()) {
      return process.exit();
    }
    Duration window = grace.compareTo(MINIMUM_GRACE) < 0 ? MINIMUM_GRACE : grace;
    process.signal(false);
    Clock.Cancellable kill = clock.schedule(window, () -> process.signal(true));
    process.exit().whenComplete((code, error) -> kill.cancel());
    return process.exit();
  }
}
