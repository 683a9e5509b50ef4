package dev.berth.node.exec.testing;

import dev.berth.node.exec.ContainerExec;
import dev.berth.node.probe.ProbeTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The scripted {@link ContainerExec} for tests: a command runs the {@link Program} registered for its
 * first word on a thread of its own, over in-memory pipes; an unknown one writes {@code <name>: not
 * found} to stderr and exits 127. Records every start and every resize. Thread-safe.
 */
public final class FakeContainerExec implements ContainerExec {

  /** What a scripted command does; its return value is its exit code. */
  @FunctionalInterface
  public interface Program {
    int run(List<String> args, InputStream stdin, OutputStream stdout, OutputStream stderr) throws IOException;
  }

  /** One start: in which container instance, which command, with which terminal (null: none). */
  public record Start(String podUid, String container, List<String> command, Terminal terminal) {}

  private final Map<String, Program> programs = new HashMap<>();
  private final List<Start> starts = new ArrayList<>();
  private final List<int[]> resizes = new ArrayList<>();
  private final List<Start> killed = new ArrayList<>();

  /** Registers {@code name}; {@code echo}, {@code cat} and {@code exit} are there from the start. */
  public synchronized FakeContainerExec program(String name, Program program) {
    programs.put(name, program);
    return this;
  }

  public FakeContainerExec() {
    program("echo", (args, in, out, err) -> {
      out.write((String.join(" ", args.subList(1, args.size())) + "\n").getBytes());
      return 0;
    });
    program("cat", (args, in, out, err) -> {
      byte[] buf = new byte[8192];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        out.flush(); // a pipe's reader otherwise wakes only once a second
      }
      return 0;
    });
    program("exit", (args, in, out, err) -> Integer.parseInt(args.get(1)));
  }

  public synchronized List<Start> starts() {
    return List.copyOf(starts);
  }

  /** Every {@code [width, height]} asked for, in order. */
  public synchronized List<int[]> resizes() {
    return List.copyOf(resizes);
  }

  /** The starts whose command was killed. */
  public synchronized List<Start> killed() {
    return List.copyOf(killed);
  }

  @Override
  public ExecProcess start(ProbeTarget target, List<String> command, Terminal terminal) throws IOException {
    boolean tty = terminal != null;
    if (target.process() == null || target.process().exit().isDone()) {
      throw new IOException("container is not running");
    }
    Start start = new Start(target.process().podUid(), target.process().containerName(), List.copyOf(command), terminal);
    Program program;
    synchronized (this) {
      starts.add(start);
      program = programs.get(command.get(0));
    }
    PipedOutputStream stdin = new PipedOutputStream();
    PipedInputStream programIn = new PipedInputStream(stdin, 64 * 1024);
    PipedInputStream stdout = new PipedInputStream(64 * 1024);
    PipedOutputStream programOut = new PipedOutputStream(stdout);
    PipedInputStream stderr = new PipedInputStream(64 * 1024);
    PipedOutputStream programErr = new PipedOutputStream(stderr);
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread t = Thread.ofVirtual().name("fake-exec").start(() -> {
      int code;
      try (programIn; programOut; programErr) {
        if (program == null) {
          programErr.write((command.get(0) + ": not found\n").getBytes());
          code = 127;
        } else {
          code = program.run(command, programIn, programOut, tty ? programOut : programErr);
        }
      } catch (IOException e) {
        code = 1;
      } catch (RuntimeException e) {
        code = 2;
      }
      exit.complete(code);
    });
    return new ExecProcess() {
      @Override
      public OutputStream stdin() {
        return stdin;
      }

      @Override
      public InputStream stdout() {
        return stdout;
      }

      @Override
      public InputStream stderr() {
        return stderr;
      }

      @Override
      public int waitFor() throws InterruptedException {
        try {
          return exit.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void resize(int width, int height) {
        synchronized (FakeContainerExec.this) {
          resizes.add(new int[] {width, height});
        }
      }

      @Override
      public void kill() {
        synchronized (FakeContainerExec.this) {
          killed.add(start);
        }
        t.interrupt();
        exit.complete(137);
      }
    };
  }
}
