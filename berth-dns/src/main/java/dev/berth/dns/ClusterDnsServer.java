package dev.berth.dns;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.Informer;
import dev.berth.client.ResourceEventHandler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cluster DNS server of {@code berth server}: UDP and TCP on {@code <kube-dns ClusterIP>:53},
 * answering from informer caches of Services, EndpointSlices and Pods through {@link DnsRecords}
 * and forwarding other names through a {@link DnsUpstream}.
 *
 * <p>Each datagram and each TCP connection is served on its own virtual thread, so a slow
 * upstream never holds up cluster answers. The {@link DnsSnapshot} is rebuilt at most once per
 * change of the caches, on the first query after it.
 *
 * <p>Binding port 53 needs root, {@code CAP_NET_BIND_SERVICE} or {@code
 * net.ipv4.ip_unprivileged_port_start<=53}; when the bind fails, {@link #start()} does not throw:
 * the server keeps running without DNS and {@link #status()} says why and what to do.
 */
public final class ClusterDnsServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ClusterDnsServer.class.getName());
  /** CoreDNS waits this long for its caches before serving (SERVFAIL for cluster names until synced). */
  private static final Duration SYNC_WAIT = Duration.ofSeconds(5);
  /** A TCP client idle this long is disconnected (CoreDNS's default read timeout). */
  private static final int TCP_IDLE_MILLIS = 10_000;

  /**
   * @param address where to listen: the kube-dns ClusterIP and port 53
   * @param zone the cluster domain, {@code cluster.local}
   * @param ttl seconds for cluster records
   */
  public record Config(InetSocketAddress address, String zone, long ttl) {}

  private final Config config;
  private final Clock clock;
  private final Informer<Service> services;
  private final Informer<EndpointSlice> slices;
  private final Informer<Pod> pods;
  private final DnsResponder responder;
  private final AtomicBoolean dirty = new AtomicBoolean(true);
  private volatile DnsSnapshot snapshot;
  private volatile boolean stopped;
  private volatile String status = "not started";
  private DatagramSocket udp;
  private ServerSocket tcp;

  public ClusterDnsServer(ApiClient client, Clock clock, Config config, DnsUpstream upstream) {
    this.config = config;
    this.clock = clock;
    this.services = new Informer<>(client, Service.class, clock);
    this.slices = new Informer<>(client, EndpointSlice.class, clock);
    this.pods = new Informer<>(client, Pod.class, clock);
    markDirtyOnChange(services, dirty);
    markDirtyOnChange(slices, dirty);
    markDirtyOnChange(pods, dirty);
    DnsRecords records = new DnsRecords(config.zone(), config.ttl(), List.of(config.address().getAddress()));
    this.responder = new DnsResponder(records, this::currentSnapshot, upstream);
  }

  private static <T extends HasMetadata> void markDirtyOnChange(Informer<T> informer, AtomicBoolean dirty) {
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        dirty.set(true);
      }

      @Override
      public void onUpdate(T oldObject, T newObject) {
        dirty.set(true);
      }

      @Override
      public void onDelete(T object) {
        dirty.set(true);
      }
    });
  }

  /**
   * Starts the informers, waits up to 5 s for their first lists, then binds UDP and TCP. Never
   * throws for a bind failure: see {@link #status()}.
   */
  public void start() throws InterruptedException {
    services.start();
    slices.start();
    pods.start();
    long deadline = System.nanoTime() + SYNC_WAIT.toNanos();
    for (Informer<?> i : List.of(services, slices, pods)) {
      i.awaitSynced(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    InetSocketAddress address = config.address();
    try {
      udp = new DatagramSocket(null);
      udp.setReuseAddress(true);
      udp.bind(address);
      tcp = new ServerSocket();
      tcp.setReuseAddress(true);
      tcp.bind(address, 128);
    } catch (IOException e) {
      closeSockets();
      status = bindFailure(address, e);
      // berth server prints the status as a warning on the console; the log keeps the detail
      LOG.log(System.Logger.Level.DEBUG, status, e);
      return;
    }
    Thread.ofVirtual().name("dns-udp").start(this::serveUdp);
    Thread.ofVirtual().name("dns-tcp").start(this::serveTcp);
    status = "listening on " + hostPort(address) + " (UDP and TCP)";
  }

  /** "listening on …", or why the server could not bind and what to do about it. */
  public String status() {
    return status;
  }

  public boolean isListening() {
    return udp != null && !stopped;
  }

  /**
   * A message that names the cause and the remedy. Port 53 is privileged: as root it binds, else
   * it needs {@code CAP_NET_BIND_SERVICE} or a lowered {@code ip_unprivileged_port_start}; "in
   * use" usually means another {@code berth server} already serves cluster DNS.
   */
  static String bindFailure(InetSocketAddress address, IOException e) {
    String where = hostPort(address);
    String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (cause.contains("in use")) {
      return "cluster DNS is off: " + where + " is already in use (" + cause + "); another berth server, or another DNS "
          + "server, holds it; pods resolve no names until it is free. See docs/troubleshooting.md.";
    }
    if (e instanceof BindException && (cause.contains("ermission") || cause.contains("denied"))
        || address.getPort() < 1024 && e instanceof SocketException) {
      return "cluster DNS is off: cannot bind " + where + " (" + cause + "): port " + address.getPort() + " is privileged. "
          + "Run berth server as root, or grant the JVM CAP_NET_BIND_SERVICE "
          + "(sudo setcap cap_net_bind_service=+ep \"$(readlink -f \"$(command -v java)\")\"), or allow unprivileged "
          + "ports from " + address.getPort() + " (sudo sysctl net.ipv4.ip_unprivileged_port_start=" + address.getPort() + "). "
          + "Until then pods resolve no names (their resolv.conf names only the cluster DNS). See docs/troubleshooting.md.";
    }
    return "cluster DNS is off: cannot bind " + where + " (" + cause + "). See docs/troubleshooting.md.";
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /**
   * Drives the informers synchronously instead of {@link #start()}, for tests (no sockets, no
   * threads); then {@link #respond} answers from what they hold.
   */
  void processPending() {
    services.processPending();
    slices.processPending();
    pods.processPending();
  }

  /** One exchange without sockets, for tests: what a UDP client would receive. */
  byte[] respond(byte[] query) {
    return responder.respond(query, DnsResponder.Transport.UDP);
  }

  /** The snapshot to answer from: rebuilt from the caches when they changed; null before they synced. */
  DnsSnapshot currentSnapshot() {
    if (!services.hasSynced() || !slices.hasSynced() || !pods.hasSynced()) {
      return null;
    }
    if (dirty.compareAndSet(true, false)) {
      synchronized (this) {
        snapshot = DnsSnapshot.of(services.lister().list(), slices.lister().list(), pods.lister().list(),
            clock.now().getEpochSecond());
      }
    }
    DnsSnapshot s = snapshot;
    if (s == null) {
      synchronized (this) {
        s = snapshot;
      }
    }
    return s;
  }

  private void serveUdp() {
    byte[] buf = new byte[65535];
    DatagramSocket socket = udp;
    while (!stopped) {
      DatagramPacket packet = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        if (!stopped) {
          LOG.log(System.Logger.Level.WARNING, "cluster DNS: UDP receive failed: " + e);
        }
        if (socket.isClosed()) {
          return;
        }
        continue;
      }
      byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
      InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
      Thread.ofVirtual().name("dns-query").start(() -> {
        byte[] response = responder.respond(query, DnsResponder.Transport.UDP);
        if (response != null) {
          try {
            socket.send(new DatagramPacket(response, response.length, client));
          } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cluster DNS: reply to " + client + " failed: " + e);
          }
        }
      });
    }
  }

  private void serveTcp() {
    ServerSocket server = tcp;
    while (!stopped) {
      Socket connection;
      try {
        connection = server.accept();
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
        LOG.log(System.Logger.Level.WARNING, "cluster DNS: TCP accept failed: " + e);
        continue;
      }
      Thread.ofVirtual().name("dns-tcp-conn").start(() -> serveConnection(connection));
    }
  }

  /** RFC 7766: two-byte length prefix; several queries per connection, answered in order. */
  private void serveConnection(Socket connection) {
    try (connection) {
      connection.setSoTimeout(TCP_IDLE_MILLIS);
      DataInputStream in = new DataInputStream(connection.getInputStream());
      DataOutputStream out = new DataOutputStream(connection.getOutputStream());
      while (!stopped) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException | SocketTimeoutException e) {
          return;
        }
        byte[] query = new byte[length];
        in.readFully(query);
        byte[] response = responder.respond(query, DnsResponder.Transport.TCP);
        if (response == null) {
          return;
        }
        out.writeShort(response.length);
        out.write(response);
        out.flush();
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cluster DNS: TCP connection: " + e);
    }
  }

  private void closeSockets() {
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      try {
        tcp.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing DNS TCP socket: " + e);
      }
    }
  }

  /** Closes the sockets and stops the informers. */
  @Override
  public void close() {
    stopped = true;
    closeSockets();
    services.stop();
    slices.stop();
    pods.stop();
    if (!status.startsWith("cluster DNS is off")) {
      status = "stopped";
    }
  }

  /** The host address the server listens on, for logs: {@code 127.2.0.10}. */
  public InetAddress address() {
    return config.address().getAddress();
  }
}
