package dev.berth.node.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The side-effect seam of the node agent: starting container processes in their sandbox and
 * finding the ones an earlier berth server left running. The production implementation uses
 * Linux namespaces ({@code OsProcessLauncher}); tests use {@code FakeProcessLauncher}, whose
 * processes exit when the test says so.
 */
public interface ProcessLauncher {

  /**
   * Starts one container instance; returns once the process exists (not once it is ready).
   *
   * @throws LaunchException when the container cannot run here (no such program, namespaces
   *     unavailable, a bad working directory): the message becomes the waiting reason's message
   */
  ContainerProcess start(ContainerLaunch launch) throws LaunchException;

  /** Container processes still running from an earlier server, for adoption or cleanup. */
  List<ContainerProcess> survivors();

  /**
   * How instance {@code attempt} of a container ended, as recorded where it ran, whether or not a
   * berth was watching: a container that ended while berth was down is reported with its real exit
   * code and time instead of upstream's {@code ContainerStatusUnknown}/137 for a lost container.
   *
   * @return empty while the instance runs, when it never started, or when its end went unrecorded
   *     (its supervisor was killed too, or the machine rebooted)
   */
  Optional<ExitRecord> exitRecord(String podUid, String containerName, int attempt);
}
