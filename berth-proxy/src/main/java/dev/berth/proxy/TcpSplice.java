package dev.berth.proxy;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import java.nio.channels.ClosedChannelException;

/**
 * Relays an established connection pair with {@code splice(2)}: Netty's epoll {@code spliceTo}
 * moves what one socket receives into a pipe and from there into the other socket, without
 * copying it into the JVM. Each direction has its own pipe; when the target cannot take more, the
 * source stops reading until the pipe has drained (Netty toggles {@code autoRead}), so
 * back-pressure is TCP flow control as without splicing. A FIN still reaches the pipeline as
 * {@code ChannelInputShutdownEvent}, so {@link TcpRelayHandler}'s half-close and close handling
 * apply unchanged.
 *
 * <p>Limits: epoll only (with NIO or another channel type the pair is relayed through the pipeline
 * as usual); {@code spliceTo} is deprecated in Netty 4.2 (kept for the io_uring-less epoll
 * transport). A splice that fails while both channels are open resets both, as an I/O error
 * on the copying relay does.
 */
final class TcpSplice {
  private static final System.Logger LOG = System.getLogger(TcpSplice.class.getName());

  private TcpSplice() {}

  /** Starts splicing both directions of {@code a}–{@code b}; they must share one event loop and be registered. */
  @SuppressWarnings("deprecation")
  static boolean start(Channel a, Channel b) {
    if (!(a instanceof AbstractEpollStreamChannel ea) || !(b instanceof AbstractEpollStreamChannel eb)) {
      return false;
    }
    ea.spliceTo(eb, Integer.MAX_VALUE).addListener(f -> failed(f, a, b));
    eb.spliceTo(ea, Integer.MAX_VALUE).addListener(f -> failed(f, b, a));
    return true;
  }

  private static void failed(io.netty.util.concurrent.Future<?> f, Channel from, Channel to) {
    if (f.isSuccess() || f.cause() instanceof ClosedChannelException || !from.isActive() && !to.isActive()) {
      return;
    }
    LOG.log(System.Logger.Level.DEBUG, () -> "service proxy: splice " + from + " -> " + to + ": " + f.cause());
    TcpRelayHandler.reset(from);
    TcpRelayHandler.reset(to);
  }
}
