package dev.berth.node.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A container instance run by {@code berth-shim}: either started by this berth (its shim is a
 * child of this JVM) or adopted from an earlier berth (then {@link OsProcessLauncher} polls
 * {@code /proc} and the exit record). Either way the exit code comes from the exit record the
 * shim writes, never from the shim's own status.
 */
final class ShimProcess implements ContainerProcess {
  private final ContainerRecord record;
  private final Path exitFile;
  private final Instant startedAt;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private volatile Instant finishedAt;

  ShimProcess(ContainerRecord record, Path exitFile, Instant startedAt) {
    this.record = record;
    this.exitFile = exitFile;
    this.startedAt = startedAt;
  }

  ContainerRecord record() {
    return record;
  }

  Path exitFile() {
    return exitFile;
  }

  @Override
  public String podUid() {
    return record.podUid();
  }

  @Override
  public String containerName() {
    return record.containerName();
  }

  @Override
  public int attempt() {
    return record.attempt();
  }

  @Override
  public long pid() {
    return record.pid();
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public CompletableFuture<Integer> exit() {
    return exit;
  }

  /** When the container ended, as its shim recorded it; empty while it runs or when unknown. */
  @Override
  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  /**
   * Signals the workload, PID 1 of the container's PID namespace. Like any namespace init it
   * receives {@code SIGTERM} only if it installed a handler; {@code SIGKILL} ends it and with it
   * every process of the namespace. Nothing is sent once the pid no longer names the workload.
   */
  @Override
  public void signal(boolean force) {
    if (exit.isDone() || !ProcStat.isAlive(record.pid(), record.pidStartTicks())) {
      return;
    }
    ProcessHandle.of(record.pid()).ifPresent(h -> {
      if (force) {
        h.destroyForcibly();
      } else {
        h.destroy();
      }
    });
  }

  /** Completes {@link #exit()} from the exit record, or as unknown when the shim left none. */
  boolean completeFromRecord(boolean orUnknown) {
    Optional<ExitRecord> r = ExitRecord.read(exitFile);
    if (r.isPresent()) {
      finishedAt = r.get().finishedAt();
      return exit.complete(r.get().exitCode());
    }
    return orUnknown && exit.complete(ExitRecord.UNKNOWN_EXIT_CODE);
  }

  /** True while the shim or the workload still runs. */
  boolean isAlive() {
    return ProcStat.isAlive(record.shimPid(), record.shimStartTicks())
        || ProcStat.isAlive(record.pid(), record.pidStartTicks());
  }

  @Override
  public String toString() {
    return record.namespace() + "/" + record.podName() + "/" + record.containerName() + "#" + record.attempt()
        + " pid " + record.pid();
  }
}
