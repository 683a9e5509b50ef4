package dev.berth.apiserver;

import dev.berth.apiserver.http.HttpReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * One {@code pods/exec} over a WebSocket ({@code spec/api-server.md} §14.3): starts the command,
 * copies its stdout and stderr to channels 1 and 2 as they come, the client's channel 0 to its
 * stdin, resizes to the terminal, and ends with the exit status on channel 3; the server then closes
 * the WebSocket (1000), which is kubectl's cue to finish.
 *
 * <p>Stdin ends with the client's {@code [255, 0]} (v5), or when the client asked for no stdin at
 * all. When the client goes away before the command ended, the command is killed. Output the
 * command's background children still write after it exited is waited for at most {@link #LINGER}.
 */
final class ExecConversation implements HttpReply.Conversation {
  /** How long output may trail the exit (a background child holding stdout open). */
  static final Duration LINGER = Duration.ofSeconds(2);
  /** How long a terminal's start waits for the client's first size (kubectl sends it at once). */
  static final Duration FIRST_SIZE = Duration.ofSeconds(1);

  private final ExecChannels.Protocol protocol;
  private final PodExec.Options options;
  private final PodExec.Starter starter;

  ExecConversation(ExecChannels.Protocol protocol, PodExec.Options options, PodExec.Starter starter) {
    this.protocol = protocol;
    this.options = options;
    this.starter = starter;
  }

  @Override
  public void run(HttpReply.WebSocketPeer peer) throws IOException, InterruptedException {
    // a terminal starts with the client's size, so that the command never sees another one first
    PodExec.TerminalSize size = null;
    byte[] early = null;
    if (options.tty()) {
      early = peer.receive(FIRST_SIZE);
      if (early == null) {
        return;
      }
      if (ExecChannels.channel(early) == ExecChannels.RESIZE) {
        size = ExecChannels.terminalSize(ExecChannels.payload(early)).orElse(null);
        early = null;
      }
    }
    PodExec.Process p;
    try {
      p = starter.start(size);
    } catch (IOException | RuntimeException e) {
      peer.send(ExecChannels.frame(ExecChannels.ERROR, ExecChannels.failure(String.valueOf(e.getMessage()))));
      return;
    }
    Thread out = pump(p.stdout(), options.stdout() ? ExecChannels.STDOUT : -1, peer);
    Thread err = pump(p.stderr(), options.stderr() && !options.tty() ? ExecChannels.STDERR : -1, peer);
    if (!options.stdin()) {
      closeQuietly(p.stdin());
    }
    Receiver receiver = new Receiver(p, peer, early);
    Thread in = Thread.ofVirtual().name("berth-exec-stdin").start(receiver);
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      p.kill();
      throw e;
    } finally {
      receiver.exited = true;
    }
    out.join(LINGER);
    err.join(LINGER);
    in.interrupt();
    if (peer.isOpen()) {
      peer.send(ExecChannels.frame(ExecChannels.ERROR, code == 0 ? ExecChannels.success() : ExecChannels.exitCode(code)));
    }
  }

  /** Copies {@code in} to {@code channel} of the peer (or nowhere for -1) until its end. */
  private static Thread pump(InputStream in, int channel, HttpReply.WebSocketPeer peer) {
    return Thread.ofVirtual().name("berth-exec-out").start(() -> {
      byte[] buf = new byte[32 * 1024];
      try (in) {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          if (channel >= 0 && n > 0) {
            peer.send(ExecChannels.frame(channel, buf, 0, n));
          }
        }
      } catch (IOException e) {
        // the client went away or the command's end of the pipe closed: nothing more to copy
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** The client's messages: stdin, its end, resizes; the command is killed when the client leaves first. */
  private final class Receiver implements Runnable {
    private final PodExec.Process p;
    private final HttpReply.WebSocketPeer peer;
    private final byte[] early;
    volatile boolean exited;

    /** @param early a message received before the start, handled first; null or empty for none */
    Receiver(PodExec.Process p, HttpReply.WebSocketPeer peer, byte[] early) {
      this.p = p;
      this.peer = peer;
      this.early = early;
    }

    @Override
    public void run() {
      OutputStream stdin = p.stdin();
      boolean stdinOpen = options.stdin();
      try {
        for (byte[] m = early != null && early.length > 0 ? early : peer.receive(); m != null; m = peer.receive()) {
          switch (ExecChannels.channel(m)) {
            case ExecChannels.STDIN -> {
              if (stdinOpen && m.length > 1) {
                try {
                  stdin.write(m, 1, m.length - 1);
                  stdin.flush();
                } catch (IOException e) {
                  stdinOpen = false; // the command closed its stdin; the rest is dropped
                }
              }
            }
            case ExecChannels.RESIZE -> ExecChannels.terminalSize(ExecChannels.payload(m)).ifPresent(s -> p.resize(s.width(), s.height()));
            case ExecChannels.CLOSE -> {
              if (protocol.hasClose() && m.length > 1 && (m[1] & 0xff) == ExecChannels.STDIN && stdinOpen) {
                stdinOpen = false;
                closeQuietly(stdin);
              }
            }
            default -> {
              // nothing else travels from the client
            }
          }
        }
        // the client closed the connection: the kill comes first, so that a command reading stdin
        // (cat) is not mistaken for one that ended on its own
        if (!exited) {
          p.kill();
        }
        closeQuietly(stdin);
      } catch (InterruptedException e) {
        // the command ended and its status went out
        closeQuietly(stdin);
      }
    }
  }

  private static void closeQuietly(OutputStream s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed by the command's end
    }
  }
}
