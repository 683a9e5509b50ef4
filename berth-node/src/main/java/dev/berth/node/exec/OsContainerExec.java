package dev.berth.node.exec;

import dev.berth.node.probe.OsProbeRunner;
import dev.berth.node.probe.ProbeTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link ContainerExec} with {@code nsenter -t <pid> --mount --uts --pid --wd}, the container's
 * environment and its {@code securityContext} user — the exec probe's command line ({@link
 * OsProbeRunner#commandLine}).
 *
 * <p>A terminal is util-linux {@code script -qfec '<command>' /dev/null}, run in the container:
 * {@code script} allocates a pseudo-terminal, runs the command on it and copies it to and from its
 * own pipes; {@code -e} hands the command's exit code through. A resize is {@code stty cols W rows
 * H} on the terminal the command holds (the kernel then signals {@code SIGWINCH}). Without {@code
 * script} the command fails to start, and the client gets that as the exec's error.
 */
public final class OsContainerExec implements ContainerExec {

  @Override
  public ExecProcess start(ProbeTarget target, List<String> command, Terminal terminal) throws IOException {
    boolean tty = terminal != null;
    if (target.process() == null || target.process().exit().isDone()) {
      throw new IOException("container is not running");
    }
    List<String> argv = commandLine(target, command, terminal);
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(target.env());
    if (tty) {
      pb.redirectErrorStream(true);
      pb.environment().putIfAbsent("TERM", "xterm");
    }
    Process p = pb.start();
    return new OsExecProcess(p, tty);
  }

  /**
   * The host command line that runs {@code command} in the container, with a terminal unless
   * {@code terminal} is null. {@code script} runs inside the container's namespaces, as its user, so
   * that the terminal's session and process groups belong to the container's PID namespace (a
   * shell's job control needs that); the terminal gets its size ({@code stty}) before the command
   * runs, so the command never sees another one.
   */
  public static List<String> commandLine(ProbeTarget target, List<String> command, Terminal terminal) {
    if (terminal == null) {
      return OsProbeRunner.commandLine(command, target);
    }
    String line = "exec " + shellQuote(command);
    if (terminal.width() > 0 && terminal.height() > 0) {
      line = "stty cols " + terminal.width() + " rows " + terminal.height() + " 2>/dev/null; " + line;
    }
    return OsProbeRunner.commandLine(List.of(OsProbeRunner.program("script"), "-q", "-f", "-e", "-c", line, "/dev/null"), target);
  }

  /** {@code argv} as one POSIX shell command: every word single-quoted. */
  static String shellQuote(List<String> argv) {
    List<String> words = new ArrayList<>();
    for (String a : argv) {
      words.add("'" + a.replace("'", "'\\''") + "'");
    }
    return String.join(" ", words);
  }

  private record OsExecProcess(Process p, boolean tty) implements ExecProcess {
    @Override
    public OutputStream stdin() {
      return p.getOutputStream();
    }

    @Override
    public InputStream stdout() {
      return p.getInputStream();
    }

    @Override
    public InputStream stderr() {
      return p.getErrorStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
      return p.waitFor();
    }

    /**
     * Sets the size on the terminal of the first process under {@code script} whose stdin is one,
     * through {@code /proc/<pid>/fd/0} (valid whatever the container's mount namespace); the first
     * size arrives as the command starts, so its terminal is waited for up to 1 s.
     */
    @Override
    public void resize(int width, int height) {
      if (!tty) {
        return;
      }
      try {
        for (int i = 0; i < 20 && p.isAlive(); i++) {
          Optional<Path> terminal = terminal();
          if (terminal.isPresent()) {
            Process stty = new ProcessBuilder(OsProbeRunner.program("stty"), "-F", terminal.get().toString(), "cols",
                Integer.toString(width), "rows", Integer.toString(height)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            stty.waitFor(2, TimeUnit.SECONDS);
            return;
          }
          Thread.sleep(50);
        }
      } catch (IOException e) {
        // the command is ending; its size no longer matters
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private Optional<Path> terminal() {
      for (ProcessHandle h : p.toHandle().descendants().toList()) {
        Path fd0 = Path.of("/proc", Long.toString(h.pid()), "fd", "0");
        try {
          if (Files.readSymbolicLink(fd0).toString().startsWith("/dev/pts/")) {
            return Optional.of(fd0);
          }
        } catch (IOException e) {
          // gone, or not ours to look at
        }
      }
      return Optional.empty();
    }

    @Override
    public void kill() {
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
