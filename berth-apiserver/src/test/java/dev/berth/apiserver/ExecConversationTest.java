package dev.berth.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import dev.berth.apiserver.http.HttpReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One exec conversation between a scripted client ({@link FakePeer}) and a scripted command
 * ({@link FakeCommand}) over in-memory pipes: what reaches which channel, in which order, and when
 * the command is killed.
 */
@Timeout(10)
class ExecConversationTest {
  private static final PodExec.Options OUT_ERR = new PodExec.Options(List.of("cmd"), false, true, true, false);
  private static final PodExec.Options IN_OUT_ERR = new PodExec.Options(List.of("cmd"), true, true, true, false);

  @Test
  void outputGoesToItsChannelsAndTheStatusComesLast() throws Exception {
    FakeCommand cmd = new FakeCommand((in, out, err) -> {
      out.write("out".getBytes());
      err.write("err".getBytes());
      return 0;
    });
    FakePeer peer = new FakePeer();
    new ExecConversation(ExecChannels.Protocol.V5, OUT_ERR, cmd).run(peer);

    assertThat(peer.text(ExecChannels.STDOUT)).isEqualTo("out");
    assertThat(peer.text(ExecChannels.STDERR)).isEqualTo("err");
    assertThat(peer.last()[0]).as("the error channel is last").isEqualTo((byte) ExecChannels.ERROR);
    assertThat(Json.parse(ExecChannels.payload(peer.last())).path("status").asString()).isEqualTo("Success");
    assertThat(cmd.killed).isFalse();
  }

  @Test
  void aNonZeroExitIsANonZeroExitCodeStatus() throws Exception {
    FakeCommand cmd = new FakeCommand((in, out, err) -> 3);
    FakePeer peer = new FakePeer();
    new ExecConversation(ExecChannels.Protocol.V5, OUT_ERR, cmd).run(peer);

    var status = Json.parse(ExecChannels.payload(peer.last()));
    assertThat(status.path("reason").asString()).isEqualTo("NonZeroExitCode");
    assertThat(status.path("details").path("causes").path(0).path("message").asString()).isEqualTo("3");
  }

  @Test
  void stdinReachesTheCommandUntilTheClientClosesIt() throws Exception {
    FakeCommand cmd = new FakeCommand((in, out, err) -> {
      copy(in, out);
      return 0;
    });
    FakePeer peer = new FakePeer();
    peer.client(ExecChannels.frame(ExecChannels.STDIN, "hello\n".getBytes()));
    peer.client(ExecChannels.frame(ExecChannels.STDIN, "world\n".getBytes()));
    peer.client(new byte[] {(byte) ExecChannels.CLOSE, ExecChannels.STDIN});
    new ExecConversation(ExecChannels.Protocol.V5, IN_OUT_ERR, cmd).run(peer);

    assertThat(peer.text(ExecChannels.STDOUT)).isEqualTo("hello\nworld\n");
    assertThat(Json.parse(ExecChannels.payload(peer.last())).path("status").asString()).isEqualTo("Success");
  }

  @Test
  void withoutStdinTheCommandReadsEndOfInputAtOnce() throws Exception {
    FakeCommand cmd = new FakeCommand((in, out, err) -> in.read() == -1 ? 0 : 1);
    FakePeer peer = new FakePeer();
    new ExecConversation(ExecChannels.Protocol.V5, OUT_ERR, cmd).run(peer);

    assertThat(Json.parse(ExecChannels.payload(peer.last())).path("status").asString()).isEqualTo("Success");
  }

  @Test
  void v4HasNoCloseChannelSoOnlyTheClientLeavingEndsStdinAndKillsTheCommand() throws Exception {
    FakeCommand cmd = new FakeCommand((in, out, err) -> {
      copy(in, out);
      return 0;
    });
    FakePeer peer = new FakePeer();
    peer.client(ExecChannels.frame(ExecChannels.STDIN, "x".getBytes()));
    peer.client(new byte[] {(byte) ExecChannels.CLOSE, ExecChannels.STDIN});
    CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
      try {
        new ExecConversation(ExecChannels.Protocol.V4, IN_OUT_ERR, cmd).run(peer);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    cmd.awaitOutput(ExecChannels.STDOUT, peer, "x");
    assertThat(done).as("[255, 0] means nothing in v4: the command still reads").isNotDone();
    peer.clientLeaves();
    done.get();
    assertThat(cmd.killed).as("a client that leaves takes its command with it").isTrue();
    assertThat(peer.channels()).doesNotContain(ExecChannels.ERROR);
  }

  @Test
  void resizesReachTheTerminalAndATerminalHasNoStderrChannel() throws Exception {
    FakeCommand cmd = new FakeCommand((in, out, err) -> {
      in.transferTo(OutputStream.nullOutputStream());
      err.write("merged".getBytes());
      return 0;
    });
    FakePeer peer = new FakePeer();
    peer.client(ExecChannels.frame(ExecChannels.RESIZE, "{\"Width\":100,\"Height\":30}\n".getBytes()));
    peer.client(ExecChannels.frame(ExecChannels.RESIZE, "{\"Width\":120,\"Height\":40}\n".getBytes()));
    peer.client(new byte[] {(byte) ExecChannels.CLOSE, ExecChannels.STDIN});
    new ExecConversation(ExecChannels.Protocol.V5, new PodExec.Options(List.of("sh"), true, true, false, true), cmd).run(peer);

    assertThat(cmd.terminal).as("the first size is the terminal's from the start").isEqualTo(new PodExec.TerminalSize(100, 30));
    assertThat(cmd.resizes).as("later ones are resizes").containsExactly(List.of(120, 40));
    assertThat(peer.channels()).doesNotContain(ExecChannels.STDERR);
  }

  @Test
  void aCommandThatCannotStartIsAnInternalErrorStatus() throws Exception {
    FakePeer peer = new FakePeer();
    new ExecConversation(ExecChannels.Protocol.V5, OUT_ERR, size -> {
      throw new IOException("nsenter: cannot open /proc/42/ns/mnt");
    }).run(peer);

    var status = Json.parse(ExecChannels.payload(peer.last()));
    assertThat(peer.last()[0]).isEqualTo((byte) ExecChannels.ERROR);
    assertThat(status.path("reason").asString()).isEqualTo("InternalError");
    assertThat(status.path("message").asString()).contains("nsenter: cannot open /proc/42/ns/mnt");
  }

  /** {@code in} to {@code out}, flushing every piece (a pipe's reader otherwise wakes only once a second). */
  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[8192];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      out.write(buf, 0, n);
      out.flush();
    }
  }

  /** The client: messages it will send, what it received; {@link #clientLeaves} closes the connection. */
  private static final class FakePeer implements HttpReply.WebSocketPeer {
    private static final byte[] END = new byte[0];
    private final LinkedBlockingQueue<byte[]> fromClient = new LinkedBlockingQueue<>();
    private final List<byte[]> sent = new ArrayList<>();
    private volatile boolean open = true;

    void client(byte[] message) {
      fromClient.add(message);
    }

    void clientLeaves() {
      open = false;
      fromClient.add(END);
    }

    @Override
    public byte[] receive(java.time.Duration timeout) throws InterruptedException {
      byte[] m = fromClient.poll(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      return m == null ? new byte[0] : m == END ? receive() : m;
    }

    @Override
    public byte[] receive() throws InterruptedException {
      byte[] m = fromClient.take();
      if (m == END) {
        fromClient.add(END);
        return null;
      }
      return m;
    }

    @Override
    public synchronized void send(byte[] message) throws IOException {
      if (!open) {
        throw new IOException("client went away");
      }
      sent.add(message);
      notifyAll();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    synchronized byte[] last() {
      return sent.get(sent.size() - 1);
    }

    synchronized List<Integer> channels() {
      return sent.stream().map(ExecChannels::channel).toList();
    }

    synchronized String text(int channel) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      sent.stream().filter(m -> ExecChannels.channel(m) == channel).forEach(m -> b.writeBytes(ExecChannels.payload(m)));
      return b.toString(StandardCharsets.UTF_8);
    }
  }

  @FunctionalInterface
  private interface Program {
    int run(InputStream in, OutputStream out, OutputStream err) throws IOException;
  }

  /** A command over pipes, run on a thread of its own by {@link #start}; {@link #kill} ends it with 137. */
  private static final class FakeCommand implements PodExec.Starter, PodExec.Process {
    private final Program program;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final List<List<Integer>> resizes = new ArrayList<>();
    private volatile boolean killed;
    private volatile PodExec.TerminalSize terminal;
    private PipedOutputStream stdin;
    private PipedInputStream stdout;
    private PipedInputStream stderr;
    private Thread thread;

    FakeCommand(Program program) {
      this.program = program;
    }

    @Override
    public PodExec.Process start(PodExec.TerminalSize terminal) throws IOException {
      this.terminal = terminal;
      stdin = new PipedOutputStream();
      PipedInputStream in = new PipedInputStream(stdin);
      stdout = new PipedInputStream();
      PipedOutputStream out = new PipedOutputStream(stdout);
      stderr = new PipedInputStream();
      PipedOutputStream err = new PipedOutputStream(stderr);
      thread = Thread.ofVirtual().start(() -> {
        int code;
        try (in; out; err) {
          code = program.run(in, out, err);
        } catch (IOException e) {
          code = 1;
        }
        exit.complete(code);
      });
      return this;
    }

    void awaitOutput(int channel, FakePeer peer, String text) throws InterruptedException {
      synchronized (peer) {
        while (!peer.text(channel).equals(text)) {
          peer.wait();
        }
      }
    }

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
    public int waitFor() {
      return exit.join();
    }

    @Override
    public synchronized void resize(int width, int height) {
      resizes.add(List.of(width, height));
    }

    @Override
    public void kill() {
      killed = true;
      thread.interrupt();
      exit.complete(137);
    }
  }
}
