package dev.berth.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport the proxy runs on: native epoll where it loads (Linux x86_64, the
 * {@code netty-transport-native-epoll} jar), else NIO. Both relay the same way; epoll costs
 * fewer system calls and allocations per read and write than the JDK selector.
 *
 * @param name {@code epoll} or {@code nio}, for the status line
 */
record NettyTransport(String name, Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> socketChannel,
    Class<? extends DatagramChannel> datagramChannel) {

  static NettyTransport best() {
    if (Epoll.isAvailable()) {
      return new NettyTransport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class, EpollDatagramChannel.class);
    }
    return nio();
  }

  static NettyTransport nio() {
    return new NettyTransport("nio", NioServerSocketChannel.class, NioSocketChannel.class, NioDatagramChannel.class);
  }

  /** Why epoll is not used, or null when it is. */
  static String epollUnavailability() {
    return Epoll.isAvailable() ? null : String.valueOf(Epoll.unavailabilityCause());
  }

  EventLoopGroup newGroup(int threads) {
    DefaultThreadFactory threadFactory = new DefaultThreadFactory("service-proxy", true);
    return new MultiThreadIoEventLoopGroup(threads, threadFactory,
        name.equals("epoll") ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }
}
