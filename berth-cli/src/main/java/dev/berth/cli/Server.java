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
import dev.berth.apiserver.ServiceAccountTokens;
import dev.berth.apiserver.http.HttpCall;
import dev.berth.apiserver.http.HttpHandler;
import dev.berth.apiserver.http.HttpReply;
import dev.berth.apiserver.http.NettyHttpServer;
import dev.berth.client.ApiClient;
import dev.berth.node.exec.OsContainerExec;
import dev.berth.store.SqliteStore;
import dev.berth.store.Store;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The running control plane of one data dir: store, API server, kubeconfig, controllers and node
 * agent. {@code berth server} runs one in the foreground; {@code berth up} starts one when no
 * server holds the data dir.
 *
 * <p>{@link #close()} stops the controllers, then the API, then the store; pod processes keep
 * running (the next server adopts them), as a kubelet restart leaves containers running.
 */
record Server(Store store, NettyHttpServer http, Path kubeconfig, String url, Controllers controllers) implements AutoCloseable {

  /**
   * Opens (or creates) the data dir and starts everything.
   *
   * @throws dev.berth.store.StoreException.Unavailable when another server holds the data dir
   */
  static Server start(ServerOptions options) throws Exception {
    InetSocketAddress address = options.listenAddress();
    Path dataDir = options.dataDir();
    Files.createDirectories(dataDir);
    IpRange services = IpRange.parse(options.serviceCidr);
    String kubernetesIp = services.address(1);
    Store store = SqliteStore.open(dataDir.resolve("store.db"),
        new Store.Options(options.watchHistory, Store.Options.DEFAULT.watchBufferSize()));
    NettyHttpServer http = new NettyHttpServer();
    try {
      Pki pki = Pki.loadOrCreate(dataDir, kubernetesIp, SystemClock.INSTANCE);
      ResourceService service = new ResourceService(ResourceRegistry.standard(), store, SystemClock.INSTANCE, services,
          new ServiceAccountTokens(pki.serviceAccountKey()));
      String host = address.getHostString();
      // bind first (port 0 picks one); requests get 503 until bootstrap is done and the handler knows the port
      ApiHandlerHolder holder = new ApiHandlerHolder();
      InetSocketAddress bound = http.start(address, pki.serverContext(), holder);
      String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
      ApiClient client = new InProcessApiClient(service, "berth-controller-manager");
      new Bootstrap(client).run(kubernetesIp, services.address(10), host, bound.getPort(), dataDir, SystemClock.INSTANCE.now());
      NodePodExec exec = new NodePodExec(new OsContainerExec());
      holder.delegate = new ApiHandler(service, pki.token(), hostPort, new NodePodLogs(dataDir, SystemClock.INSTANCE), exec);
      Controllers controllers = Controllers.start(client, SystemClock.INSTANCE, dataDir, services.address(10), options.nodeOptions(),
          options.dnsUpstreams(), pki.caPem());
      exec.attach(controllers.nodeAgent()::execTarget);
      String url = "https://" + hostPort;
      Path kubeconfig = Kubeconfig.write(dataDir, url, pki.caPem(), pki.token());
      return new Server(store, http, kubeconfig, url, controllers);
    } catch (Exception | Error e) {
      // the API's event loops are not daemon threads: a failed start must not leave the JVM running
      try {
        http.close();
      } finally {
        store.close();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    // each step runs even if an earlier one throws, or the API's threads would keep the JVM up
    try {
      controllers.close();
    } finally {
      try {
        http.close();
      } finally {
        store.close();
      }
    }
  }

  /** Lets the server bind before the handler, which publishes the bound port, exists. */
  static final class ApiHandlerHolder implements HttpHandler {
    volatile HttpHandler delegate;

    @Override
    public HttpReply handle(HttpCall call) {
      HttpHandler d = delegate;
      if (d == null) {
        return new HttpReply.Full(503, "text/plain", "starting".getBytes(), List.of());
      }
      return d.handle(call);
    }
  }
}
