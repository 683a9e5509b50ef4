package dev.berth.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;

/**
 * One direction of a relayed TCP connection: what this channel reads is written to {@code peer}.
 * Both channels of a pair run on the same event loop, and each holds one of these pointing at
 * the other:
 *
 * <ul>
 *   <li><b>Back-pressure</b>, writability-driven: after a read burst the peer is flushed; when
 *       the peer's outbound buffer passes its high water mark this channel's {@code autoRead} is
 *       switched off, and when the peer drains below the low mark it is switched on again. A slow
 *       receiver therefore stops the sender through TCP flow control instead of filling the heap.
 *       (Toggling {@code autoRead} only at the marks, instead of asking for each read, saves the
 *       two {@code epoll_ctl} calls per message that a read-per-request relay costs.)
 *   <li><b>Half-close</b>: a FIN from this side (input shutdown) becomes {@code shutdownOutput} on
 *       the peer once what was read has been flushed; the other direction keeps flowing. When
 *       both directions are shut, both channels close.
 *   <li><b>Close and reset</b>: when this channel closes, the peer is closed after its pending
 *       writes; an I/O error (a reset) closes the peer with {@code SO_LINGER 0}, which sends a
 *       reset on to it.
 * </ul>
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter {
  private static final System.Logger LOG = System.getLogger(TcpRelayHandler.class.getName());

  private final Channel peer;

  TcpRelayHandler(Channel peer) {
    this.peer = peer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    peer.write(msg, peer.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
    if (!peer.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  /** This channel drained below its low water mark (or filled past the high one): the peer may read again (or must wait). */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && peer.isActive()) {
      peer.config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      Channel self = ctx.channel();
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
        if (!f.isSuccess() || !(peer instanceof DuplexChannel duplex)) {
          closeBoth(self);
          return;
        }
        duplex.shutdownOutput().addListener((ChannelFutureListener) s -> {
          if (!s.isSuccess() || duplex.isInputShutdown()) {
            closeBoth(self);
          }
        });
      });
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void closeBoth(Channel self) {
    self.close();
    peer.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeAfterFlush(peer);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(System.Logger.Level.DEBUG, () -> "service proxy: " + ctx.channel() + ": " + cause);
    if (cause instanceof IOException && peer.isActive()) {
      peer.config().setOption(ChannelOption.SO_LINGER, 0);
      peer.close();
    } else {
      closeAfterFlush(peer);
    }
    ctx.close();
  }

  static void closeAfterFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }

  /** Closes with a reset ({@code SO_LINGER 0}): what a client sees when no endpoint could be reached. */
  static void reset(Channel channel) {
    if (channel.isActive()) {
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
    }
    channel.close();
  }
}
