package dev.berth.apiserver;

import dev.berth.api.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where {@code pods/exec} runs its command: in a running container of the node agent. A seam, so the
 * API server needs nothing of the node module ({@code spec/api-server.md} §14.3); berth-cli wires
 * the node's {@code ContainerExec} in.
 */
public interface PodExec {

  /**
   * What the client asked for ({@code PodExecOptions}).
   *
   * @param command argv, never empty
   * @param tty whether the command gets a terminal (stdout and stderr are then one stream)
   */
  record Options(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {}

  /**
   * Checks, before the connection is upgraded, that {@code container} (a container of {@code pod})
   * runs, and returns how to start the command in it.
   *
   * @throws ContainerNotRunning when it does not run (upstream's kubelet answers {@code container
   *     not found ("c")})
   * @throws ApiException for any other refusal, e.g. 400 when a terminal is asked for and cannot be had
   */
  Starter prepare(ObjectNode pod, String container, Options options);

  /** A terminal's size in characters. */
  record TerminalSize(int width, int height) {}

  /** Starts the command; called once the client has its WebSocket. */
  @FunctionalInterface
  interface Starter {
    /**
     * @param terminal the size the command's terminal starts with (the client's first resize);
     *     null without a terminal, or when the client sent none
     */
    Process start(TerminalSize terminal) throws IOException;
  }

  /**
   * A started command. Its streams are the command's; {@link #stderr()} is empty with a terminal.
   */
  interface Process {
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Blocks until the command ends; its exit code (128 + signal for a signal death). */
    int waitFor() throws InterruptedException;

    /** A terminal's new size; ignored without one. */
    void resize(int width, int height);

    /** Kills the command and everything it started (the client went away). */
    void kill();
  }

  /** The container is not running (waiting, terminated or unknown to the node). */
  final class ContainerNotRunning extends RuntimeException {
    public ContainerNotRunning(String container) {
      super("container not found (\"" + container + "\")");
    }
  }

  /** Before a node agent runs: no container runs. */
  PodExec NONE = (pod, container, options) -> {
    throw new ContainerNotRunning(container);
  };
}
