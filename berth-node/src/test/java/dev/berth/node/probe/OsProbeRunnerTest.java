package dev.berth.node.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of probing that need no socket: ports, headers, error texts. */
class OsProbeRunnerTest {
  private static final List<ContainerPort> PORTS = List.of(new ContainerPortBuilder().withName("http").withContainerPort(8080).build());

  @Test
  void portsResolveLikeTheKubelet() throws Exception {
    assertThat(OsProbeRunner.resolvePort(new IntOrString(9090), PORTS)).isEqualTo(9090);
    assertThat(OsProbeRunner.resolvePort(new IntOrString("http"), PORTS)).isEqualTo(8080);
    assertThat(OsProbeRunner.resolvePort(new IntOrString("8081"), PORTS)).as("a number in a string").isEqualTo(8081);
    assertThatThrownBy(() -> OsProbeRunner.resolvePort(new IntOrString("metrics"), PORTS))
        .hasMessage("strconv.Atoi: parsing \"metrics\": invalid syntax");
    assertThatThrownBy(() -> OsProbeRunner.resolvePort(new IntOrString(70000), PORTS)).hasMessage("invalid port number: 70000");
  }

  @Test
  void requestHeadersGetTheKubeletsDefaults() {
    assertThat(OsProbeRunner.requestHeaders(List.of()))
        .containsExactly(Map.entry("User-Agent", List.of("kube-probe/1.32")), Map.entry("Accept", List.of("*/*")));
    assertThat(OsProbeRunner.requestHeaders(List.of(new HTTPHeader("user-agent", "mine"), new HTTPHeader("x-a", "1"),
        new HTTPHeader("X-A", "2"), new HTTPHeader("accept", ""))))
        .as("names canonicalised, repeated headers kept, an empty Accept removes it")
        .containsExactly(Map.entry("User-Agent", List.of("mine")), Map.entry("X-A", List.of("1", "2")));
  }

  @Test
  void dialErrorsReadLikeGos() {
    assertThat(OsProbeRunner.dialError("127.1.0.5:8080", new ConnectException("Connection refused")))
        .isEqualTo("dial tcp 127.1.0.5:8080: connect: connection refused");
    assertThat(OsProbeRunner.dialError("127.1.0.5:8080", new SocketTimeoutException("Connect timed out")))
        .isEqualTo("dial tcp 127.1.0.5:8080: i/o timeout");
    assertThat(OsProbeRunner.joinHostPort("::1", 80)).isEqualTo("[::1]:80");
  }

  @Test
  void aProbeWithoutAHandlerOrWithGrpcSaysSo() {
    OsProbeRunner runner = new OsProbeRunner();
    ProbeTarget t = new ProbeTarget("127.1.0.5", null, PORTS, Map.of(), null);
    assertThat(runner.run(new ProbeBuilder().build(), t)).isEqualTo(new ProbeResult.Unknown("missing probe handler"));
    assertThat(runner.run(new ProbeBuilder().withNewGrpc().withPort(9000).endGrpc().build(), t))
        .isEqualTo(new ProbeResult.Failure("gRPC probes are not supported by berth"));
    assertThat(runner.run(new ProbeBuilder().withNewHttpGet().withPort(new IntOrString("nope")).endHttpGet().build(), t))
        .isInstanceOf(ProbeResult.Unknown.class);
    assertThat(runner.run(new ProbeBuilder().withNewExec().withCommand("true").endExec().build(), t))
        .isEqualTo(new ProbeResult.Unknown("container is not running"));
  }
}
