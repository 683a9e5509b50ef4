package dev.berth.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP frontend: accepts on {@code ip:port} with {@code autoRead} off, picks an endpoint through
 * the current {@link Route},
 * connects to it from the same event loop (so a connection pair never crosses threads) and, once
 * connected, relays bytes both ways with {@link TcpRelayHandler} (reading on, back-pressure by
 * writability).
 *
 * <p>Connect failures: with {@code retries} on, up to 4 attempts on different endpoints with
 * connect timeouts of 250 ms, 500 ms, 1 s and 2 s, as the old userspace proxy did (spec §3.5,
 * §3.9.6; kube-proxy's iptables mode does not retry); when every attempt fails, the client's
 * connection is reset.
 *
 * <p>Source address: when the client bound a pod address ({@code 127.x.y.z} other than {@code
 * 127.0.0.1}), the connection to the endpoint is made from that address too, so the endpoint
 * sees the client pod's IP, as behind kube-proxy's DNAT (spec §3.9.10).
 */
final class TcpProxyListener implements ProxyListener {
  static final int[] CONNECT_TIMEOUTS_MILLIS = {250, 500, 1000, 2000};
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  private final NettyTransport transport;
  private final boolean retries;
  private volatile Channel server;
  private volatile Route route;

  private TcpProxyListener(NettyTransport transport, boolean retries, Route route) {
    this.transport = transport;
    this.retries = retries;
    this.route = route;
  }

  /** Binds {@code frontend}; throws when the address cannot be bound. */
  static TcpProxyListener open(EventLoopGroup group, NettyTransport transport, Frontend frontend, Route route, boolean retries)
      throws InterruptedException {
    TcpProxyListener self = new TcpProxyListener(transport, retries, route);
    self.server = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(self.new Frontside());
          }
        })
        .bind(new InetSocketAddress(frontend.ip(), frontend.port()))
        .sync()
        .channel();
    return self;
  }

  @Override
  public void update(Route route) {
    this.route = route;
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
  }

  /** The accepted connection until its endpoint connection is up; then replaced by a relay. */
  private final class Frontside extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel inbound = ctx.channel();
      InetSocketAddress client = (InetSocketAddress) inbound.remoteAddress();
      connect(inbound, client.getAddress().getHostAddress(), route, new ArrayList<>(), 0);
    }

    private void connect(Channel inbound, String client, Route r, List<Backend> failed, int attempt) {
      Backend backend = r.balancer().pick(r.rules().backends(), client, failed);
      if (backend == null || !inbound.isActive()) {
        TcpRelayHandler.reset(inbound);
        return;
      }
      Bootstrap b = new Bootstrap()
          .group(inbound.eventLoop())
          .channel(transport.socketChannel())
          .option(ChannelOption.AUTO_READ, false)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
          .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUTS_MILLIS[attempt])
          .handler(new TcpRelayHandler(inbound));
      ChannelFuture f = isPodAddress(client)
          ? b.connect(new InetSocketAddress(backend.ip(), backend.port()), new InetSocketAddress(client, 0))
          : b.connect(new InetSocketAddress(backend.ip(), backend.port()));
      f.addListener((ChannelFutureListener) done -> {
        if (done.isSuccess()) {
          Channel outbound = done.channel();
          if (!inbound.isActive()) {
            outbound.close();
            return;
          }
          inbound.pipeline().replace(this, "relay", new TcpRelayHandler(outbound));
          inbound.config().setAutoRead(true);
          outbound.config().setAutoRead(true);
        } else if (retries && attempt + 1 < CONNECT_TIMEOUTS_MILLIS.length && inbound.isActive()) {
          failed.add(backend);
          connect(inbound, client, r, failed, attempt + 1);
        } else {
          TcpRelayHandler.reset(inbound);
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** A pod address a client bound explicitly: in 127/8 but not the default source 127.0.0.1. */
  static boolean isPodAddress(String ip) {
    return ip.startsWith("127.") && !ip.equals("127.0.0.1");
  }
}
