package dev.berth.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A UDP frontend: each client address is a <em>flow</em> with its own connected socket to the
 * endpoint chosen for its first datagram; replies come back to the client from the frontend's
 * address. A flow idle for {@code idleTimeout} is closed (Linux conntrack keeps UDP entries
 * 30–120 s; the old userspace proxy's 250 ms was too eager, spec §3.9.9). When an endpoint
 * leaves, its flows are dropped so the next datagram is balanced again (conntrack-flush parity).
 *
 * <p>Everything of one listener (its socket, its flows, their sockets) lives on one event loop,
 * so the flow table needs no locks; {@link #update} hops onto that loop.
 */
final class UdpProxyListener implements ProxyListener {
  /** Datagrams queued per flow while its endpoint socket connects. */
  private static final int MAX_PENDING = 64;

  private final NettyTransport transport;
  private final long idleNanos;
  private final Map<InetSocketAddress, Flow> flows = new HashMap<>();
  private Channel socket;
  private ScheduledFuture<?> sweeper;
  private volatile Route route;

  private UdpProxyListener(NettyTransport transport, Duration idleTimeout, Route route) {
    this.transport = transport;
    this.idleNanos = idleTimeout.toNanos();
    this.route = route;
  }

  static UdpProxyListener open(EventLoopGroup group, NettyTransport transport, Frontend frontend, Route route, Duration idleTimeout)
      throws InterruptedException {
    UdpProxyListener self = new UdpProxyListener(transport, idleTimeout, route);
    self.socket = new Bootstrap()
        .group(group)
        .channel(transport.datagramChannel())
        .option(ChannelOption.SO_REUSEADDR, true)
        .handler(self.new Frontside())
        .bind(new InetSocketAddress(frontend.ip(), frontend.port()))
        .sync()
        .channel();
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), self.idleNanos / 4);
    self.sweeper = self.socket.eventLoop().scheduleAtFixedRate(self::sweep, period, period, TimeUnit.NANOSECONDS);
    return self;
  }

  @Override
  public void update(Route next) {
    socket.eventLoop().execute(() -> {
      route = next;
      Set<Backend> usable = new HashSet<>(next.rules().backends());
      closeFlows(f -> !usable.contains(f.backend));
    });
  }

  @Override
  public void close() {
    socket.close().syncUninterruptibly();
    socket.eventLoop().execute(() -> {
      sweeper.cancel(false);
      closeFlows(f -> true);
    });
  }

  private void sweep() {
    long now = System.nanoTime();
    closeFlows(f -> now - f.lastActive > idleNanos);
  }

  /** Removes the matching flows, then closes their sockets (whose close listeners must not see them in the map). */
  private void closeFlows(java.util.function.Predicate<Flow> which) {
    java.util.List<Flow> closing = flows.values().stream().filter(which).toList();
    closing.forEach(f -> flows.remove(f.client));
    closing.forEach(f -> f.channel.close());
  }

  /** One client address and its socket to the endpoint. Touched on the listener's event loop only. */
  private final class Flow {
    final InetSocketAddress client;
    final Backend backend;
    Channel channel;
    Queue<ByteBuf> pending = new ArrayDeque<>();
    long lastActive = System.nanoTime();

    Flow(InetSocketAddress client, Backend backend) {
      this.client = client;
      this.backend = backend;
    }

    void send(ByteBuf payload) {
      lastActive = System.nanoTime();
      if (pending == null) {
        channel.writeAndFlush(payload, channel.voidPromise());
      } else if (pending.size() < MAX_PENDING) {
        pending.add(payload);
      } else {
        payload.release();
      }
    }

    void connected() {
      Queue<ByteBuf> queued = pending;
      pending = null;
      queued.forEach(p -> channel.write(p, channel.voidPromise()));
      channel.flush();
    }

    void drop() {
      if (pending != null) {
        pending.forEach(ByteBuf::release);
        pending.clear();
      }
      if (flows.get(client) == this) {
        flows.remove(client);
      }
    }
  }

  private final class Frontside extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      InetSocketAddress client = packet.sender();
      Flow flow = flows.get(client);
      if (flow == null) {
        Route r = route;
        Backend backend = r.balancer().pick(r.rules().backends(), client.getAddress().getHostAddress(), Set.of());
        if (backend == null) {
          return;
        }
        Flow created = new Flow(client, backend);
        flow = created;
        flows.put(client, created);
        created.channel = new Bootstrap()
            .group(ctx.channel().eventLoop())
            .channel(transport.datagramChannel())
            .handler(new Backside(created))
            .connect(new InetSocketAddress(backend.ip(), backend.port()))
            .addListener((ChannelFutureListener) f -> {
              if (f.isSuccess()) {
                created.connected();
              } else {
                created.drop();
                f.channel().close();
              }
            })
            .channel();
        created.channel.closeFuture().addListener(f -> created.drop());
      }
      flow.send(packet.content().retain());
    }
  }

  /** Replies from the endpoint, sent to the client from the frontend's address. */
  private final class Backside extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Flow flow;

    Backside(Flow flow) {
      this.flow = flow;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      flow.lastActive = System.nanoTime();
      socket.writeAndFlush(new DatagramPacket(packet.content().retain(), flow.client), socket.voidPromise());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // ICMP port unreachable from the endpoint arrives as an error on the connected socket: drop the flow
      ctx.close();
    }
  }
}
