package dev.berth.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** httpGet lifecycle hooks against a real socket ({@code spec/kubelet.md} §5.1). */
class OsHookRunnerIT {
  private final OsHookRunner runner = new OsHookRunner();

  private static LifecycleHandler httpGet(int port, String path) {
    return new LifecycleHandlerBuilder().withNewHttpGet().withPort(new IntOrString(port)).withPath(path).endHttpGet().build();
  }

  private static ProbeTarget target() {
    return new ProbeTarget("127.0.0.1", null, List.of(), Map.of(), null);
  }

  @Test
  void anyAnswerIsASuccessWhateverItsStatusAndTheUserAgentIsKubeLifecycle() throws Exception {
    AtomicReference<String> agent = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      agent.set(ex.getRequestHeaders().getFirst("User-Agent"));
      ex.sendResponseHeaders(500, -1);
      ex.close();
    });
    server.start();
    try {
      HookResult r = runner.run(httpGet(server.getAddress().getPort(), "/stop"), target()).get(10, TimeUnit.SECONDS);
      assertThat(r).isEqualTo(HookResult.SUCCESS);
      assertThat(agent.get()).isEqualTo("kube-lifecycle/1.32");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aTransportErrorFails() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HookResult r = runner.run(httpGet(port, "/stop"), target()).get(10, TimeUnit.SECONDS);
    assertThat(r).isEqualTo(new HookResult.Failure("Get \"http://127.0.0.1:" + port + "/stop\": dial tcp 127.0.0.1:" + port
        + ": connect: connection refused", ""));
  }
}
