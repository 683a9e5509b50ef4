package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServicePrinterTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  final ServicePrinter printer = new ServicePrinter();

  record Case(String why, Service service, List<Object> cells) {
    @Override
    public String toString() {
      return why;
    }
  }

  static ServiceBuilder service(String type) {
    return new ServiceBuilder()
        .withNewMetadata().withName("web").withNamespace("default").withCreationTimestamp("2026-01-01T11:55:00Z").endMetadata()
        .withNewSpec().withType(type).withClusterIP("10.96.0.10").withClusterIPs("10.96.0.10")
        .withPorts(new ServicePortBuilder().withPort(80).withProtocol("TCP").build())
        .withSelector(Map.of("app", "web")).endSpec();
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("Appendix A.2: a plain ClusterIP service",
            service("ClusterIP").build(),
            List.of("web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP", "5m", "app=web")),
        new Case("headless",
            service("ClusterIP").editSpec().withClusterIP("None").withClusterIPs("None").endSpec().build(),
            List.of("web", "ClusterIP", "None", "<none>", "80/TCP", "5m", "app=web")),
        new Case("clusterIP without clusterIPs (before defaulting)",
            service("ClusterIP").editSpec().withClusterIPs().endSpec().build(),
            List.of("web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP", "5m", "app=web")),
        new Case("no cluster IP at all",
            service("ClusterIP").editSpec().withClusterIP(null).withClusterIPs().endSpec().build(),
            List.of("web", "ClusterIP", "<none>", "<none>", "80/TCP", "5m", "app=web")),
        new Case("ClusterIP with external IPs",
            service("ClusterIP").editSpec().withExternalIPs("192.168.1.10", "192.168.1.11").endSpec().build(),
            List.of("web", "ClusterIP", "10.96.0.10", "192.168.1.10,192.168.1.11", "80/TCP", "5m", "app=web")),
        new Case("NodePort: node ports in PORT(S), several ports, no selector",
            service("NodePort").editSpec()
                .withPorts(new ServicePortBuilder().withPort(80).withNodePort(30080).withProtocol("TCP").build(),
                    new ServicePortBuilder().withPort(53).withNodePort(30053).withProtocol("UDP").build())
                .withSelector(Map.of()).endSpec().build(),
            List.of("web", "NodePort", "10.96.0.10", "<none>", "80:30080/TCP,53:30053/UDP", "5m", "<none>")),
        new Case("LoadBalancer waiting for an ingress",
            service("LoadBalancer").editSpec()
                .withPorts(new ServicePortBuilder().withPort(443).withNodePort(31443).withProtocol("TCP").build())
                .endSpec().build(),
            List.of("web", "LoadBalancer", "10.96.0.10", "<pending>", "443:31443/TCP", "5m", "app=web")),
        new Case("LoadBalancer: ingress IPs sorted and distinct, hostname when no IP, then external IPs",
            service("LoadBalancer").editSpec().withExternalIPs("192.168.1.10").endSpec()
                .withNewStatus().withNewLoadBalancer()
                .addNewIngress().withIp("203.0.113.9").endIngress()
                .addNewIngress().withHostname("lb.example.com").endIngress()
                .addNewIngress().withIp("203.0.113.2").endIngress()
                .addNewIngress().withIp("203.0.113.9").endIngress()
                .endLoadBalancer().endStatus().build(),
            List.of("web", "LoadBalancer", "10.96.0.10", "203.0.113.2,203.0.113.9,lb.example.com,192.168.1.10",
                "80/TCP", "5m", "app=web")),
        new Case("ExternalName",
            service("ExternalName").editSpec().withClusterIP(null).withClusterIPs().withPorts()
                .withExternalName("db.example.com").withSelector(Map.of()).endSpec().build(),
            List.of("web", "ExternalName", "<none>", "db.example.com", "<none>", "5m", "<none>")),
        new Case("type not set",
            service(null).build(),
            List.of("web", "", "10.96.0.10", "<unknown>", "80/TCP", "5m", "app=web")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void cells(Case c) {
    assertThat(printer.cells(c.service(), NOW)).as(c.why()).containsExactlyElementsOf(c.cells());
  }
}
