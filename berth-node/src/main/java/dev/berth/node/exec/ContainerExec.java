package dev.berth.node.exec;

import dev.berth.node.probe.ProbeTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Runs a command inside a running container for {@code kubectl exec}: in its namespaces, working
 * directory, environment and user, as exec probes do, but with the command's streams handed to the
 * caller. The target comes from the node agent ({@code NodeAgentController#execTarget}).
 */
public interface ContainerExec {

  /**
   * Starts {@code command} in {@code target}'s container.
   *
   * @param terminal null for none; else the command gets a terminal of that size (0×0: unknown),
   *     its stdout then carries stderr too and {@link ExecProcess#stderr()} is empty
   * @throws IOException when it cannot be started (the container ended meanwhile, no nsenter)
   */
  ExecProcess start(ProbeTarget target, List<String> command, Terminal terminal) throws IOException;

  /** A terminal of {@code width} columns and {@code height} rows; 0×0 leaves the size unset. */
  record Terminal(int width, int height) {}

  /** A started command: its streams, its end, and a kill for when its client went away. */
  interface ExecProcess {
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Blocks until the command ends; its exit code (128 + signal for a signal death). */
    int waitFor() throws InterruptedException;

    /** Sets the size of its terminal; nothing without one. */
    void resize(int width, int height);

    /** Kills the command and all it started. */
    void kill();
  }
}
