package dev.berth.node.runtime;

import java.time.Instant;
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

  /** Sends {@code SIGTERM} ({@code force=false}) or {@code SIGKILL} to the container's processes. */
  void signal(boolean force);
}
