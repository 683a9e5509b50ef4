package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Cluster DNS (issue 5; spec/services-dns.md §4) as a user sees it: {@code dig @127.2.0.10} for
 * a Service, a selector-less headless Service with a hand-written EndpointSlice, SRV, PTR,
 * NXDOMAIN, TCP, forwarding, and a pod resolving a short name through its own resolv.conf.
 *
 * <p>Names outside cluster.local go to a fake upstream on 127.0.0.1 ({@code --dns-upstream}),
 * so the test sends no query off this machine.
 */
class DnsIT {
  private static final String DNS = "127.2.0.10";
  private static BerthProcess server;
  private static Kubectl kubectl;
  private static DatagramSocket fakeUpstream;

  @BeforeAll
  static void start() throws Exception {
    fakeUpstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofVirtual().start(DnsIT::serveFakeUpstream);
    server = BerthProcess.start(Files.createTempDirectory("berth-it"), "--dns-upstream", "127.0.0.1:" + fakeUpstream.getLocalPort());
    kubectl = new Kubectl(server.kubeconfig(), Kubectl.tempCache());
    assertThat(String.join("\n", server.output()))
        .as("berth server must be able to bind %s:53 (run as root; is another berth server holding it?)", DNS)
        .contains("berth: cluster DNS listening on " + DNS + ":53");
    kubectl.apply("""
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: nginx}
        spec:
          clusterIP: None
          ports: [{name: web, port: 80, targetPort: 8080}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: nginx-manual
          labels: {kubernetes.io/service-name: nginx}
        addressType: IPv4
        ports: [{name: web, port: 8080, protocol: TCP}]
        endpoints:
        - {addresses: [127.1.200.1], hostname: web-0, conditions: {ready: true}}
        - {addresses: [127.1.200.2], hostname: web-1, conditions: {ready: true}}
        - {addresses: [127.1.200.3], hostname: web-2, conditions: {ready: false}}
        """);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null && server.isAlive()) {
      kubectl.run("delete", "pods", "--all", "-A", "--grace-period=1", "--timeout=60s");
    }
    if (server != null) {
      server.close();
    }
    if (fakeUpstream != null) {
      fakeUpstream.close();
    }
  }

  /** Answers {@code outside.example. A} with 192.0.2.7 and everything else with NXDOMAIN. */
  private static void serveFakeUpstream() {
    byte[] buf = new byte[4096];
    while (!fakeUpstream.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        fakeUpstream.receive(p);
        Message q = new Message(Arrays.copyOf(p.getData(), p.getLength()));
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(q.getQuestion(), Section.QUESTION);
        if (q.getQuestion().getName().equals(Name.fromString("outside.example.")) && q.getQuestion().getType() == Type.A) {
          r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, InetAddress.getByName("192.0.2.7")), Section.ANSWER);
        } else {
          r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        byte[] out = r.toWire();
        fakeUpstream.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (IOException e) {
        // closed, or a datagram that was no DNS query
      }
    }
  }

  /** {@code dig @127.2.0.10 +time=2 +tries=1 ARGS}: its standard output. */
  private static String dig(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("dig", "@" + DNS, "+time=2", "+tries=1"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return out.trim();
  }

  private static List<String> digShort(String... args) throws Exception {
    String[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = "+short";
    return dig(all).lines().sorted().toList();
  }

  private static boolean eventually(Duration timeout, java.util.concurrent.Callable<Boolean> condition) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (condition.call()) {
        return true;
      }
      Thread.sleep(100);
    }
    return condition.call();
  }

  @Test
  void aServiceResolvesToItsClusterIpWithSrvAndPtr() throws Exception {
    String clusterIp = kubectl.ok("get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}");
    assertThat(clusterIp).startsWith("127.2.");
    assertThat(eventually(Duration.ofSeconds(10), () -> digShort("web.default.svc.cluster.local").equals(List.of(clusterIp))))
        .as("A web.default.svc.cluster.local → %s", clusterIp).isTrue();
    assertThat(digShort("+tcp", "web.default.svc.cluster.local")).as("over TCP too").containsExactly(clusterIp);
    assertThat(digShort("_http._tcp.web.default.svc.cluster.local", "SRV")).containsExactly("0 100 80 web.default.svc.cluster.local.");
    assertThat(digShort("-x", clusterIp)).containsExactly("web.default.svc.cluster.local.");
    assertThat(dig("web.default.svc.cluster.local")).contains("flags: qr aa rd ra")
        .containsPattern("\\s5\\s+IN\\s+A\\s+" + java.util.regex.Pattern.quote(clusterIp));
  }

  @Test
  void aHeadlessServiceResolvesToItsReadyEndpointsByName() throws Exception {
    assertThat(eventually(Duration.ofSeconds(10),
        () -> digShort("nginx.default.svc.cluster.local").equals(List.of("127.1.200.1", "127.1.200.2"))))
        .as("the ready endpoints of the manual EndpointSlice; web-2 is not ready").isTrue();
    assertThat(digShort("web-0.nginx.default.svc.cluster.local")).containsExactly("127.1.200.1");
    assertThat(digShort("_web._tcp.nginx.default.svc.cluster.local", "SRV")).containsExactly(
        "0 50 8080 web-0.nginx.default.svc.cluster.local.", "0 50 8080 web-1.nginx.default.svc.cluster.local.");
    assertThat(digShort("-x", "127.1.200.2")).containsExactly("web-1.nginx.default.svc.cluster.local.");
    assertThat(dig("web-2.nginx.default.svc.cluster.local")).contains("status: NXDOMAIN");
  }

  @Test
  void missingNamesAreNxdomainAndOtherTypesNodata() throws Exception {
    assertThat(dig("missing.default.svc.cluster.local")).contains("status: NXDOMAIN")
        .containsPattern("cluster\\.local\\.\\s+5\\s+IN\\s+SOA\\s+ns\\.dns\\.cluster\\.local\\. hostmaster\\.cluster\\.local\\.");
    assertThat(dig("web.default.svc.cluster.local", "AAAA")).contains("status: NOERROR").contains("ANSWER: 0");
    assertThat(digShort("dns-version.cluster.local", "TXT")).containsExactly("\"1.1.0\"");
  }

  @Test
  void namesOutsideTheClusterAreForwarded() throws Exception {
    assertThat(digShort("outside.example")).containsExactly("192.0.2.7");
    assertThat(dig("nowhere.example")).contains("status: NXDOMAIN");
  }

  @Test
  void aPodResolvesAShortHeadlessNameThroughItsResolvConf() throws Exception {
    kubectl.apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: resolver}
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: busybox
            command: [getent, hosts, web-0.nginx]
        """);
    assertThat(eventually(Duration.ofSeconds(60),
        () -> kubectl.ok("get", "pod", "resolver", "-o", "jsonpath={.status.phase}").matches("Succeeded|Failed"))).isTrue();
    String logs = kubectl.ok("logs", "resolver");
    assertThat(logs).as("getent through the pod's resolv.conf (search default.svc.cluster.local, ndots:5)")
        .contains("127.1.200.1").contains("web-0.nginx.default.svc.cluster.local");
    assertThat(kubectl.ok("get", "pod", "resolver", "-o", "jsonpath={.status.phase}")).isEqualTo("Succeeded");
    kubectl.run("delete", "pod", "resolver", "--timeout=60s");
  }
}
