package dev.berth.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Forwards to the host's resolvers, like CoreDNS's {@code forward . /etc/resolv.conf}: each
 * server in order, over UDP with a per-server timeout, retried over TCP when the answer is
 * truncated. A fresh random query ID and source port per exchange; answers whose ID or question
 * differ are ignored (RFC 5452).
 */
public final class HostDnsUpstream implements DnsUpstream {
  private static final System.Logger LOG = System.getLogger(HostDnsUpstream.class.getName());
  /** Per server; three servers at most (the resolv.conf limit), so 6 s in the worst case. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
  private static final Path SYSTEMD_RESOLVED_CONF = Path.of("/run/systemd/resolve/resolv.conf");

  private final List<InetSocketAddress> servers;
  private final Duration timeout;
  private final Random ids = new SecureRandom();

  public HostDnsUpstream(List<InetSocketAddress> servers, Duration timeout) {
    this.servers = List.copyOf(servers);
    this.timeout = timeout;
  }

  public List<InetSocketAddress> servers() {
    return servers;
  }

  /**
   * The host's resolvers on port 53, never {@code self} (the cluster DNS address: forwarding
   * there would loop). Reads {@code /etc/resolv.conf}; when that names only systemd-resolved's
   * stub {@code 127.0.0.53}, the real list in {@code /run/systemd/resolve/resolv.conf} instead.
   */
  public static List<InetSocketAddress> hostResolvers(InetAddress self) throws IOException {
    return hostResolvers(self, RESOLV_CONF, SYSTEMD_RESOLVED_CONF);
  }

  static List<InetSocketAddress> hostResolvers(InetAddress self, Path resolvConf, Path systemdResolvedConf) throws IOException {
    List<InetAddress> servers = nameservers(read(resolvConf));
    if (!servers.isEmpty() && servers.stream().allMatch(a -> a.getHostAddress().equals("127.0.0.53")) && Files.exists(systemdResolvedConf)) {
      List<InetAddress> real = nameservers(read(systemdResolvedConf));
      if (!real.isEmpty()) {
        servers = real;
      }
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (InetAddress a : servers) {
      if (!a.equals(self) && !a.isAnyLocalAddress()) {
        out.add(new InetSocketAddress(a, 53));
      }
    }
    return out;
  }

  /** {@code nameserver} lines, in order, IP literals only (a zone suffix {@code %eth0} is kept). */
  static List<InetAddress> nameservers(String resolvConf) {
    List<InetAddress> out = new ArrayList<>();
    for (String raw : resolvConf.split("\n")) {
      String[] f = raw.trim().split("\\s+");
      if (f.length >= 2 && f[0].equals("nameserver")) {
        String ip = DnsSnapshot.canonicalIp(f[1]);
        if (ip != null) {
          try {
            out.add(InetAddress.getByName(ip));
          } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "skipping nameserver " + f[1]);
          }
        }
      }
    }
    return out;
  }

  private static String read(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  @Override
  public Message exchange(Message query) throws IOException {
    if (servers.isEmpty()) {
      throw new IOException("no upstream DNS server: the host's resolv.conf names none besides the cluster DNS");
    }
    IOException last = null;
    for (InetSocketAddress server : servers) {
      try {
        Message response = udp(query, server);
        if (response.getHeader().getFlag(Flags.TC)) {
          response = tcp(query, server);
        }
        return response;
      } catch (IOException e) {
        last = e;
        LOG.log(System.Logger.Level.DEBUG, "upstream " + server + ": " + e);
      }
    }
    throw last;
  }

  private Message udp(Message query, InetSocketAddress server) throws IOException {
    Message q = query.clone();
    int id = ids.nextInt(0x10000);
    q.getHeader().setID(id);
    byte[] out = q.toWire();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(server);
      socket.send(new DatagramPacket(out, out.length));
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] buf = new byte[65535];
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException("no answer from " + server + " within " + timeout.toMillis() + " ms");
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        Message response;
        try {
          response = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        } catch (IOException e) {
          continue;
        }
        if (matches(response, q)) {
          response.getHeader().setID(query.getHeader().getID());
          return response;
        }
      }
    }
  }

  private Message tcp(Message query, InetSocketAddress server) throws IOException {
    Message q = query.clone();
    q.getHeader().setID(ids.nextInt(0x10000));
    byte[] out = q.toWire();
    try (Socket socket = new Socket()) {
      int ms = (int) timeout.toMillis();
      socket.connect(server, ms);
      socket.setSoTimeout(ms);
      DataOutputStream w = new DataOutputStream(socket.getOutputStream());
      w.writeShort(out.length);
      w.write(out);
      w.flush();
      DataInputStream r = new DataInputStream(socket.getInputStream());
      byte[] in = new byte[r.readUnsignedShort()];
      r.readFully(in);
      Message response = new Message(in);
      if (!matches(response, q)) {
        throw new IOException("mismatched answer from " + server);
      }
      response.getHeader().setID(query.getHeader().getID());
      return response;
    }
  }

  private static boolean matches(Message response, Message query) {
    return response.getHeader().getID() == query.getHeader().getID() && response.getHeader().getFlag(Flags.QR)
        && response.getQuestion() != null && response.getQuestion().equals(query.getQuestion());
  }
}
