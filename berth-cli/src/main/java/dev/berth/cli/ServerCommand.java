package dev.berth.cli;

import dev.berth.api.ResourceRegistry;
import dev.berth.api.time.SystemClock;
import dev.berth.apiserver.ApiHandler;
import dev.berth.apiserver.Bootstrap;
import dev.berth.apiserver.InProcessApiClient;
import dev.berth.apiserver.IpRange;
import dev.berth.apiserver.Kubeconfig;
import dev.berth.apiserver.Pki;
import dev.berth.apiserver.ResourceService;
import dev.berth.apiserver.http.NettyHttpServer;
import dev.berth.client.ApiClient;
import dev.berth.store.SqliteStore;
import dev.berth.store.Store;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth server}: the control plane in the foreground. Opens (or creates) the data dir,
 * serves the Kubernetes API over HTTPS, writes the kubeconfig, runs the controllers, and stops
 * cleanly on SIGTERM/SIGINT.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run berth's control plane (API server, store, controllers) in the foreground.")
final class ServerCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where berth keeps its state (default: ~/.berth).")
  Path dataDir = Path.of(System.getProperty("user.home"), ".berth");

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "API server address (default: 127.0.0.1:6443; port 0 picks a free one).")
  String listen = "127.0.0.1:6443";

  @Option(names = "--service-cidr", paramLabel = "CIDR", description = "ClusterIP range (default: 127.2.0.0/16).")
  String serviceCidr = "127.2.0.0/16";

  @Option(names = "--dns-upstream", paramLabel = "HOST:PORT",
      description = "Where the cluster DNS forwards names outside cluster.local (repeatable; default: the nameservers of the host's /etc/resolv.conf).")
  java.util.List<String> dnsUpstreams = new java.util.ArrayList<>();

  @Option(names = "--watch-history", hidden = true, paramLabel = "N",
      description = "How many changes the watch history keeps (default 10000); tests use a small one to provoke 410 Gone.")
  int watchHistory = 10_000;

  @Option(names = "--exit-when-ready", hidden = true,
      description = "Start, bootstrap, then stop at once: the launcher's training run for the JVM's AOT cache.")
  boolean exitWhenReady;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    InetSocketAddress address = parseListen(listen);
    Files.createDirectories(dataDir);
    IpRange services = IpRange.parse(serviceCidr);
    String kubernetesIp = services.address(1);
    java.util.List<InetSocketAddress> upstreams = dnsUpstreams.stream().map(ServerCommand::parseListen).toList();
    Server server = Server.start(dataDir, address, services, kubernetesIp, watchHistory, upstreams);
    out.println("berth: API server listening on " + server.url());
    String dns = server.controllers().dnsStatus();
    out.println("berth: " + (dns.startsWith("cluster DNS is off") ? "warning: " + dns : "cluster DNS " + dns));
    out.println("berth: kubeconfig written to " + server.kubeconfig());
    out.println("berth: try: kubectl --kubeconfig " + server.kubeconfig() + " get nodes");
    out.println("berth: ready");
    out.flush();
    CountDownLatch stop = new CountDownLatch(exitWhenReady ? 0 : 1);
    // SIGTERM/SIGINT end the wait below; the server then stops in order and the process exits 0
    for (String sig : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> stop.countDown());
    }
    stop.await();
    out.println("berth: stopping");
    out.flush();
    server.close();
    out.println("berth: stopped");
    out.flush();
    return 0;
  }

  static InetSocketAddress parseListen(String s) {
    int i = s.lastIndexOf(':');
    if (i < 0) {
      throw new IllegalArgumentException("--listen must be HOST:PORT, got " + s);
    }
    String host = s.substring(0, i);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new InetSocketAddress(host, Integer.parseInt(s.substring(i + 1)));
  }

  /** The running control plane. */
  record Server(Store store, NettyHttpServer http, Path kubeconfig, String url, Controllers controllers) implements AutoCloseable {

    static Server start(Path dataDir, InetSocketAddress address, IpRange services, String kubernetesIp, int watchHistory,
        java.util.List<InetSocketAddress> dnsUpstreams) throws Exception {
      Store store = SqliteStore.open(dataDir.resolve("store.db"), new Store.Options(watchHistory, Store.Options.DEFAULT.watchBufferSize()));
      try {
        Pki pki = Pki.loadOrCreate(dataDir, kubernetesIp, SystemClock.INSTANCE);
        ResourceService service = new ResourceService(ResourceRegistry.standard(), store, SystemClock.INSTANCE, services);
        NettyHttpServer http = new NettyHttpServer();
        String host = address.getHostString();
        // bind first (port 0 picks one); requests get 503 until bootstrap is done and the handler knows the port
        ApiHandlerHolder holder = new ApiHandlerHolder();
        InetSocketAddress bound = http.start(address, pki.serverContext(), holder);
        String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
        ApiClient client = new InProcessApiClient(service, "berth-controller-manager");
        new Bootstrap(client).run(kubernetesIp, host, bound.getPort(), dataDir, SystemClock.INSTANCE.now());
        holder.delegate = new ApiHandler(service, pki.token(), hostPort, new NodePodLogs(dataDir, SystemClock.INSTANCE));
        Controllers controllers = Controllers.start(client, SystemClock.INSTANCE, dataDir, services.address(10), dnsUpstreams);
        String url = "https://" + hostPort;
        Path kubeconfig = Kubeconfig.write(dataDir, url, pki.caPem(), pki.token());
        return new Server(store, http, kubeconfig, url, controllers);
      } catch (Exception | Error e) {
        store.close();
        throw e;
      }
    }

    @Override
    public void close() {
      controllers.close();
      http.close();
      store.close();
    }
  }

  /** Lets the server bind before the handler, which publishes the bound port, exists. */
  static final class ApiHandlerHolder implements dev.berth.apiserver.http.HttpHandler {
    volatile dev.berth.apiserver.http.HttpHandler delegate;

    @Override
    public dev.berth.apiserver.http.HttpReply handle(dev.berth.apiserver.http.HttpCall call) {
      dev.berth.apiserver.http.HttpHandler d = delegate;
      if (d == null) {
        return new dev.berth.apiserver.http.HttpReply.Full(503, "text/plain", "starting".getBytes(), java.util.List.of());
      }
      return d.handle(call);
    }
  }
}
