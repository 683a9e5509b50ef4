package dev.berth.node.runtime;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One running (or finished) container instance. */
public interface ContainerProcess {
  String podUid();

  String containerName();

  int attempt();

  /** The pid of the container's init process as the host sees it. */
  long pid();

  Instant startedAt();

  /** Completes with the exit code (128 + signal for a signal death) when the process ends. */
  CompletableFuture<Integer> exit();

  /**
   * When the process ended, as recorded where it ran (for an adopted process whose end berth only
   * notices by polling); empty while it runs or when only the exit code is known.
   */
  default Optional<Instant> finishedAt() {
    return Optional.empty();
  }

  /** Sends {@code SIGTERM} ({@code force=false}) or {@code SIGKILL} to the container's processes. */
  void signal(boolean force);
}
