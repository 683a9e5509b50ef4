package dev.berth.node.runtime;

import java.util.List;

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
}
