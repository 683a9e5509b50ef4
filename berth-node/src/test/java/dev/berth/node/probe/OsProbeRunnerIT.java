package dev.berth.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.SystemClock;
import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.runtime.ContainerProcess;
import dev.berth.node.runtime.OsProcessLauncher;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes against real containers: an HTTP server the container binds to its pod IP, TCP
 * connects, and exec inside the container's namespaces.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OsProbeRunnerIT {
  private static final String POD_IP = "127.1.0.50";
  private static final String SERVER = """
      use IO::Socket::INET;
      $| = 1;
      my $s = IO::Socket::INET->new(LocalAddr => $ARGV[0], LocalPort => $ARGV[1], Listen => 16, ReuseAddr => 1)
        or die "listen: $!";
      print "listening\\n";
      while (my $c = $s->accept) {
        my $req = <$c>; my %h;
        while (my $l = <$c>) { last if $l =~ /^\\r?\\n$/; $h{lc $1} = $2 if $l =~ /^([^:]+):\\s*(.*?)\\r?$/ }
        my ($path) = $req =~ /^GET (\\S+)/;
        my ($code, $extra, $body) = (200, "", "ok");
        if ($path eq '/fail') { ($code, $body) = (500, 'boom') }
        elsif ($path eq '/redirect') { ($code, $extra) = (302, "Location: /healthz\\r\\n") }
        elsif ($path eq '/loop') { ($code, $extra) = (302, "Location: /loop\\r\\n") }
        elsif ($path eq '/elsewhere') { ($code, $extra, $body) = (302, "Location: http://127.0.0.2:9/x\\r\\n", 'moved') }
        elsif ($path eq '/headers') {
          $code = ($h{'user-agent'} eq 'kube-probe/1.32' && $h{accept} eq '*/*' && $h{host} eq 'vhost.example'
                   && $h{'x-probe'} eq 'yes' && $h{connection} eq 'close') ? 200 : 418;
        }
        elsif ($path eq '/slow') { sleep 2 }
        print $c "HTTP/1.1 $code X\\r\\nContent-Length: " . length($body) . "\\r\\n${extra}Connection: close\\r\\n\\r\\n$body";
        close $c;
      }
      """;

  private Path data;
  private OsProcessLauncher launcher;
  private ContainerLaunch serverLaunch;
  private ContainerProcess server;
  private ProbeTarget target;
  private final OsProbeRunner runner = new OsProbeRunner();
  private final List<ContainerPort> ports = List.of(new ContainerPortBuilder().withName("http").withContainerPort(8080).build());

  @BeforeAll
  void startServer(@TempDir Path dir) throws Exception {
    data = dir;
    launcher = new OsProcessLauncher(data, SystemClock.INSTANCE);
    Path vol = Files.createDirectories(data.resolve("vol"));
    Files.writeString(vol.resolve("ready"), "yes\n");
    serverLaunch = new ContainerLaunch("uid-p", "default", "web-0", "server", 0, List.of("perl", "-e", SERVER, POD_IP, "8080"),
        Map.of("PATH", "/usr/bin:/bin", "GREETING", "hi"), null, "web-0", POD_IP,
        List.of(new ContainerLaunch.Mount(vol, "/probe-data", true)), data.resolve("server.log"), null);
    server = launcher.start(serverLaunch);
    target = ProbeTarget.of(serverLaunch, server, ports);
    Probe tcp = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(8080)).endTcpSocket().build();
    for (int i = 0; i < 100 && !(runner.run(tcp, target) instanceof ProbeResult.Success); i++) {
      Thread.sleep(50);
    }
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server == null) {
      return;
    }
    server.signal(true);
    server.exit().get(10, TimeUnit.SECONDS);
  }

  private ProbeResult http(String path, String port) {
    return runner.run(new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet().build(),
        target);
  }

  @Test
  void httpGetAgainstAServerBoundToThePodIp() {
    assertThat(http("/healthz", "http")).as("a named port").isEqualTo(ProbeResult.SUCCESS);
    assertThat(http("/fail", "8080")).isEqualTo(new ProbeResult.Failure("HTTP probe failed with statuscode: 500"));
    assertThat(http("/redirect", "8080")).as("a redirect to the same host is followed").isEqualTo(ProbeResult.SUCCESS);
    assertThat(http("/elsewhere", "8080")).as("one to another host is not, and warns")
        .isEqualTo(new ProbeResult.Success("Probe terminated redirects, Response body: moved"));
    assertThat(http("/loop", "8080")).isEqualTo(new ProbeResult.Failure("Get \"http://127.1.0.50:8080/loop\": stopped after 10 redirects"));
    assertThat(runner.run(new ProbeBuilder().withNewHttpGet().withPath("/headers").withPort(new IntOrString(8080))
        .withHttpHeaders(new HTTPHeader("Host", "vhost.example"), new HTTPHeader("X-Probe", "yes")).endHttpGet().build(), target))
        .as("User-Agent, Accept, Host and custom headers as the kubelet sends them").isEqualTo(ProbeResult.SUCCESS);
    assertThat(http("/healthz", "8081")).isEqualTo(new ProbeResult.Failure(
        "Get \"http://127.1.0.50:8081/healthz\": dial tcp 127.1.0.50:8081: connect: connection refused"));
    assertThat(runner.run(new ProbeBuilder().withTimeoutSeconds(1).withNewHttpGet().withPath("/slow")
        .withPort(new IntOrString(8080)).endHttpGet().build(), target)).isEqualTo(new ProbeResult.Failure(
        "Get \"http://127.1.0.50:8080/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"));
  }

  @Test
  void tcpSocket() {
    assertThat(runner.run(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString("http")).endTcpSocket().build(), target))
        .isEqualTo(ProbeResult.SUCCESS);
    assertThat(runner.run(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(5432)).endTcpSocket().build(), target))
        .isEqualTo(new ProbeResult.Failure("dial tcp 127.1.0.50:5432: connect: connection refused"));
  }

  @Test
  void execRunsInsideTheContainer() {
    assertThat(exec(1, "sh", "-c", "test \"$(cat /probe-data/ready)\" = yes && test \"$(hostname)\" = web-0"
        + " && test \"$GREETING\" = hi && test \"$(cat /proc/1/comm)\" = perl"))
        .as("the container's mounts, hostname, environment and PID namespace").isEqualTo(ProbeResult.SUCCESS);
    assertThat(exec(1, "sh", "-c", "echo not ready; exit 3")).isEqualTo(new ProbeResult.Failure("not ready\n"));
    assertThat(exec(1, "sleep", "5")).isEqualTo(new ProbeResult.Failure("command \"sleep 5\" timed out"));
  }

  @Test
  void execRunsAsTheContainersUser() throws Exception {
    ContainerLaunch l = new ContainerLaunch("uid-q", "default", "web-1", "nobody", 0, List.of("sleep", "3600"),
        Map.of("PATH", "/usr/bin:/bin"), null, "web-1", "127.1.0.51", List.of(), data.resolve("nobody.log"),
        new ContainerLaunch.RunAs(65534L, null, List.of(), false));
    ContainerProcess p = launcher.start(l);
    try {
      ProbeTarget t = ProbeTarget.of(l, p, List.of());
      assertThat(runner.run(new ProbeBuilder().withNewExec().withCommand("sh", "-c", "test $(id -u) = 65534").endExec().build(), t))
          .isEqualTo(ProbeResult.SUCCESS);
    } finally {
      p.signal(true);
      p.exit().get(10, TimeUnit.SECONDS);
    }
  }

  private ProbeResult exec(int timeoutSeconds, String... command) {
    return runner.run(new ProbeBuilder().withTimeoutSeconds(timeoutSeconds).withNewExec().withCommand(command).endExec().build(),
        target);
  }
}
