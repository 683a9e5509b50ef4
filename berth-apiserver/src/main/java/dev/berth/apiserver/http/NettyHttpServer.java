package dev.berth.apiserver.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * HTTP/1.1 over TLS on Netty. Netty's event loops only move bytes; every request runs on a
 * virtual thread of its own, which may block (store reads, watch waits). Streams apply
 * back-pressure: a chunk write waits while the socket is not writable, so a slow watcher stalls
 * only its own virtual thread, and the store's bounded per-watcher buffer then ends that watch.
 */
public final class NettyHttpServer implements AutoCloseable {
  /** Largest request body accepted, as the kube-apiserver's 3 MiB limit plus framing. */
  private static final int MAX_BODY = 3 * 1024 * 1024 + 64 * 1024;

  private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final ExecutorService requests = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("berth-http-", 0).factory());
  /** Every open connection, so that close() ends them (and the watches they carry) before the event loops stop. */
  private final io.netty.channel.group.ChannelGroup connections =
      new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
  private Channel channel;

  /** Binds and starts serving; returns the bound address (port 0 picks a free port). */
  public InetSocketAddress start(InetSocketAddress address, SslContext ssl, HttpHandler handler) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            if (ssl != null) {
              ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
            }
            ch.pipeline().addLast(new HttpServerCodec(8192, 64 * 1024, 8192));
            ch.pipeline().addLast(new HttpObjectAggregator(MAX_BODY));
            ch.pipeline().addLast(new Dispatcher(handler));
          }
        });
    channel = b.bind(address).sync().channel();
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly();
    }
    // connections first, then the request threads (a watch waiting for its next event), and only then
    // the event loops, so no request thread writes to a loop that has already stopped
    connections.close().awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
    requests.shutdownNow();
    try {
      requests.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }

  private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final HttpHandler handler;

    Dispatcher(HttpHandler handler) {
      this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      HttpCall call = toCall(req);
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      // a WebSocket upgrade keeps the request head for the handshake, which happens once the
      // handler has answered with a stream
      FullHttpRequest upgrade = "websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))
          ? new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(), Unpooled.EMPTY_BUFFER, req.headers().copy(), req.trailingHeaders().copy())
          : null;
      ctx.channel().config().setAutoRead(false);
      requests.execute(() -> {
        try {
          reply(ctx, handler.handle(call), keepAlive, upgrade);
        } catch (Throwable t) {
          byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"internal error\",\"reason\":\"InternalError\",\"code\":500}").getBytes();
          writeFull(ctx, new HttpReply.Full(500, "application/json", body, List.of()), false);
        } finally {
          try {
            ctx.channel().config().setAutoRead(true);
            ctx.channel().read();
          } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the server is stopping (its event loops are gone) while this request, e.g. a watch, ended
          }
        }
      });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static HttpCall toCall(FullHttpRequest req) {
    QueryStringDecoder q = new QueryStringDecoder(req.uri());
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : req.headers()) {
      headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
    }
    byte[] body = new byte[req.content().readableBytes()];
    req.content().readBytes(body);
    return new HttpCall(req.method().name(), q.path(), q.parameters(), headers, body);
  }

  private static void reply(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive, FullHttpRequest upgrade)
      throws InterruptedException {
    switch (reply) {
      case HttpReply.Full f -> writeFull(ctx, f, keepAlive);
      case HttpReply.WebSocket w -> {
        if (upgrade == null) {
          byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
              + "\"message\":\"Upgrade request required\",\"reason\":\"BadRequest\",\"code\":400}").getBytes();
          writeFull(ctx, new HttpReply.Full(400, "application/json", body, List.of()), keepAlive);
        } else {
          converse(ctx, w, upgrade);
        }
      }
      case HttpReply.Stream s -> {
        if (upgrade != null) {
          writeWebSocketStream(ctx, s, upgrade);
        } else {
          writeStream(ctx, s);
        }
      }
    }
  }

  /**
   * The same stream over a WebSocket (what fabric8 asks for on watches): each chunk, without its
   * trailing newline, is one text frame; the end of the stream is a normal close (1000).
   */
  private static void writeWebSocketStream(ChannelHandlerContext ctx, HttpReply.Stream s, FullHttpRequest upgrade)
      throws InterruptedException {
    Channel ch = ctx.channel();
    String location = "wss://" + upgrade.headers().get(HttpHeaderNames.HOST, "localhost") + upgrade.uri();
    WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(location, null, false, 1 << 20).newHandshaker(upgrade);
    if (hs == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch);
      return;
    }
    ChannelFuture done = hs.handshake(ch, upgrade);
    done.await();
    if (!done.isSuccess()) {
      ch.close();
      return;
    }
    ch.config().setAutoRead(true);
    // one text frame per chunk, without the newline that separates events on an HTTP stream
    HttpReply.Sink sink = new ChannelSink(ch, chunk -> new TextWebSocketFrame(
        Unpooled.wrappedBuffer(chunk, 0, chunk.length > 0 && chunk[chunk.length - 1] == '\n' ? chunk.length - 1 : chunk.length)));
    try {
      s.producer().run(sink);
    } catch (IOException e) {
      ch.close();
      return;
    }
    if (ch.isActive()) {
      ch.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * Completes the handshake with the reply's subprotocol, then runs its conversation; the client's
   * data messages reach it through a small queue (the socket is not read while 64 wait), pings are
   * answered here, and the end of the conversation is a normal close (1000).
   */
  private static void converse(ChannelHandlerContext ctx, HttpReply.WebSocket w, FullHttpRequest upgrade)
      throws InterruptedException {
    Channel ch = ctx.channel();
    String location = "wss://" + upgrade.headers().get(HttpHeaderNames.HOST, "localhost") + upgrade.uri();
    WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(location, w.subprotocol(), false, 1 << 20)
        .newHandshaker(upgrade);
    if (hs == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch);
      return;
    }
    InboundMessages inbound = new InboundMessages(ch);
    // before the handshake, so that no message the client sends right after the 101 is lost
    ch.pipeline().addLast(new WebSocketFrameAggregator(1 << 24), inbound);
    ChannelFuture done = hs.handshake(ch, upgrade);
    done.await();
    if (!done.isSuccess()) {
      ch.close();
      return;
    }
    ch.config().setAutoRead(true);
    HttpReply.Sink sink = new ChannelSink(ch, m -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(m)));
    HttpReply.WebSocketPeer peer = new HttpReply.WebSocketPeer() {
      @Override
      public byte[] receive() throws InterruptedException {
        return inbound.take();
      }

      @Override
      public byte[] receive(java.time.Duration timeout) throws InterruptedException {
        return inbound.poll(timeout);
      }

      @Override
      public void send(byte[] message) throws IOException, InterruptedException {
        sink.write(message);
      }

      @Override
      public boolean isOpen() {
        return ch.isActive() && !inbound.closed;
      }
    };
    try {
      w.conversation().run(peer);
    } catch (IOException e) {
      ch.close();
      return;
    }
    if (ch.isActive()) {
      ch.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** The client's messages of one WebSocket, queued for its conversation; an empty array marks the end. */
  private static final class InboundMessages extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final byte[] END = new byte[0];
    private static final int PAUSE_AT = 64;
    private final Channel ch;
    private final java.util.concurrent.LinkedBlockingQueue<byte[]> queue = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile boolean paused;

    InboundMessages(Channel ch) {
      this.ch = ch;
    }

    byte[] take() throws InterruptedException {
      return next(queue.take());
    }

    /** The next message, an empty array when none came within {@code timeout}, null at the end. */
    byte[] poll(java.time.Duration timeout) throws InterruptedException {
      byte[] m = queue.poll(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      return m == null ? new byte[0] : next(m);
    }

    private byte[] next(byte[] m) {
      if (m == END) {
        queue.offer(END);
        return null;
      }
      if (paused && queue.size() < PAUSE_AT / 4) {
        paused = false;
        ch.config().setAutoRead(true);
        ch.read();
      }
      return m;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      switch (frame) {
        case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        case CloseWebSocketFrame close -> {
          end();
          ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        }
        case BinaryWebSocketFrame b -> offer(b);
        case TextWebSocketFrame t -> offer(t);
        default -> {
          // pongs and stray continuations carry nothing for the conversation
        }
      }
    }

    private void offer(WebSocketFrame f) {
      byte[] m = new byte[f.content().readableBytes()];
      f.content().readBytes(m);
      if (m.length == 0) {
        return; // kubectl's tunnels send empty messages; they mean nothing
      }
      queue.offer(m);
      if (queue.size() >= PAUSE_AT) {
        paused = true;
        ch.config().setAutoRead(false);
      }
    }

    private void end() {
      closed = true;
      queue.offer(END);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      end();
      super.channelInactive(ctx);
    }
  }

  private static void writeFull(ChannelHandlerContext ctx, HttpReply.Full f, boolean keepAlive) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(f.status()),
        Unpooled.wrappedBuffer(f.body()));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, f.contentType());
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, f.body().length);
    r.headers().set("Cache-Control", "no-cache, private");
    for (String w : f.warnings()) {
      r.headers().add("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\"");
    }
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(r);
    } else {
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static void writeStream(ChannelHandlerContext ctx, HttpReply.Stream s) throws InterruptedException {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, s.contentType());
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    head.headers().set("Cache-Control", "no-cache, private");
    Channel ch = ctx.channel();
    // keep reading while streaming, so that a client hanging up is noticed at once
    ch.config().setAutoRead(true);
    ch.writeAndFlush(head);
    HttpReply.Sink sink = new ChannelSink(ch, chunk -> new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
    try {
      s.producer().run(sink);
    } catch (IOException e) {
      ch.close();
      return;
    }
    if (ch.isActive()) {
      ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }
  }

  /**
   * Writes a stream's chunks to a channel, each framed by {@code frame}; a write waits while the
   * socket is not writable, which is the back-pressure that stalls a slow client's producer.
   */
  private record ChannelSink(Channel ch, java.util.function.Function<byte[], Object> frame) implements HttpReply.Sink {
    @Override
    public void write(byte[] chunk) throws IOException, InterruptedException {
      if (!ch.isActive()) {
        throw new IOException("client went away");
      }
      ChannelFuture f = ch.writeAndFlush(frame.apply(chunk));
      if (!ch.isWritable()) {
        f.await();
      }
      if (f.isDone() && !f.isSuccess()) {
        throw new IOException("write failed", f.cause());
      }
    }

    @Override
    public boolean isOpen() {
      return ch.isActive();
    }
  }
}
