package dev.berth.proxy;

import static dev.berth.proxy.ProxyObjects.clusterIp;
import static dev.berth.proxy.ProxyObjects.endpoint;
import static dev.berth.proxy.ProxyObjects.endpointPort;
import static dev.berth.proxy.ProxyObjects.nodePort;
import static dev.berth.proxy.ProxyObjects.port;
import static dev.berth.proxy.ProxyObjects.ready;
import static dev.berth.proxy.ProxyObjects.service;
import static dev.berth.proxy.ProxyObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Which listeners exist for which Services and EndpointSlices (spec/services-dns.md §1.2, §3.1, §3.9). */
class ProxyPlanTest {
  private static final String NODE = "berth";
  private static final String NODE_IP = "127.0.0.1";
  private static final List<io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort> HTTP =
      List.of(endpointPort("http", 8080, "TCP"));

  /** @param expected frontend text → sorted backend texts */
  record Case(String name, List<Service> services, List<EndpointSlice> slices, Map<String, List<String>> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Map<String, List<String>> m(Object... kv) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> v = (List<String>) kv[i + 1];
      out.put((String) kv[i], v);
    }
    return out;
  }

  static Stream<Case> cases() {
    Service web = clusterIp("web", "127.2.0.20", port("http", 80, "TCP"));
    return Stream.of(
        new Case("ClusterIP over two ready endpoints", List.of(web),
            List.of(slice("web", "web-1", HTTP, ready("127.1.0.3"), ready("127.1.0.2"))),
            m("127.2.0.20:80/TCP", List.of("127.1.0.2:8080", "127.1.0.3:8080"))),
        new Case("not ready and not terminating: never used", List.of(web),
            List.of(slice("web", "web-1", HTTP, ready("127.1.0.2"), endpoint("127.1.0.3", false, false, false))),
            m("127.2.0.20:80/TCP", List.of("127.1.0.2:8080"))),
        new Case("ready unset counts as ready", List.of(web),
            List.of(slice("web", "web-1", HTTP, new EndpointBuilder().withAddresses("127.1.0.9").build())),
            m("127.2.0.20:80/TCP", List.of("127.1.0.9:8080"))),
        new Case("terminating-but-serving ignored while one is ready", List.of(web),
            List.of(slice("web", "web-1", HTTP, ready("127.1.0.2"), endpoint("127.1.0.3", false, true, true))),
            m("127.2.0.20:80/TCP", List.of("127.1.0.2:8080"))),
        new Case("terminating-but-serving used when none is ready", List.of(web),
            List.of(slice("web", "web-1", HTTP, endpoint("127.1.0.3", false, true, true), endpoint("127.1.0.4", false, false, true),
                endpoint("127.1.0.5", false, false, false))),
            m("127.2.0.20:80/TCP", List.of("127.1.0.3:8080"))),
        new Case("no usable endpoint: no listener (refused)", List.of(web),
            List.of(slice("web", "web-1", HTTP, endpoint("127.1.0.3", false, false, false))), m()),
        new Case("no slice: no listener", List.of(web), List.of(), m()),
        new Case("duplicates across slices merged", List.of(web),
            List.of(slice("web", "web-1", HTTP, ready("127.1.0.2")), slice("web", "web-2", HTTP, ready("127.1.0.2"), ready("127.1.0.4"))),
            m("127.2.0.20:80/TCP", List.of("127.1.0.2:8080", "127.1.0.4:8080"))),
        new Case("ports matched by name and protocol", List.of(clusterIp("dns", "127.2.0.30", port("dns", 53, "UDP"),
                port("dns-tcp", 53, "TCP"))),
            List.of(slice("dns", "dns-1", List.of(endpointPort("dns", 5353, "UDP"), endpointPort("dns-tcp", 5354, "TCP")),
                ready("127.1.0.7"))),
            m("127.2.0.30:53/TCP", List.of("127.1.0.7:5354"), "127.2.0.30:53/UDP", List.of("127.1.0.7:5353"))),
        new Case("slice of another service ignored", List.of(web),
            List.of(slice("other", "other-1", HTTP, ready("127.1.0.2"))), m()),
        new Case("headless: no listener", List.of(clusterIp("db", "None", port("sql", 5432, "TCP"))),
            List.of(slice("db", "db-1", List.of(endpointPort("sql", 5432, "TCP")), ready("127.1.0.2"))), m()),
        new Case("ExternalName: no listener", List.of(service("ext", "ExternalName", null).editSpec().withExternalName("example.com")
                .endSpec().build()), List.of(), m()),
        new Case("SCTP: no listener", List.of(clusterIp("s", "127.2.0.40", port("x", 9, "SCTP"))),
            List.of(slice("s", "s-1", List.of(endpointPort("x", 9, "SCTP")), ready("127.1.0.2"))), m()),
        new Case("owned by another proxy: no listener",
            List.of(new ServiceBuilder(web).editMetadata().addToLabels(ProxyPlan.SERVICE_PROXY_NAME_LABEL, "other").endMetadata().build()),
            List.of(slice("web", "web-1", HTTP, ready("127.1.0.2"))), m()),
        new Case("NodePort: ClusterIP and 127.0.0.1:nodePort", List.of(service("np", "NodePort", "127.2.0.21", nodePort("http", 80, 30080))
                .build()),
            List.of(slice("np", "np-1", HTTP, ready("127.1.0.2"))),
            m("127.0.0.1:30080/TCP", List.of("127.1.0.2:8080"), "127.2.0.21:80/TCP", List.of("127.1.0.2:8080"))),
        new Case("LoadBalancer: ClusterIP, nodePort and 127.0.0.1:port",
            List.of(service("lb", "LoadBalancer", "127.2.0.22", nodePort("http", 8081, 30081)).build()),
            List.of(slice("lb", "lb-1", HTTP, ready("127.1.0.2"))),
            m("127.0.0.1:8081/TCP", List.of("127.1.0.2:8080"), "127.0.0.1:30081/TCP", List.of("127.1.0.2:8080"),
                "127.2.0.22:8081/TCP", List.of("127.1.0.2:8080"))),
        new Case("LoadBalancer with a class: no 127.0.0.1:port",
            List.of(service("lb", "LoadBalancer", "127.2.0.22", nodePort("http", 8081, 30081)).editSpec()
                .withLoadBalancerClass("example.com/lb").endSpec().build()),
            List.of(slice("lb", "lb-1", HTTP, ready("127.1.0.2"))),
            m("127.0.0.1:30081/TCP", List.of("127.1.0.2:8080"), "127.2.0.22:8081/TCP", List.of("127.1.0.2:8080"))),
        new Case("internalTrafficPolicy Local: only this node's endpoints on the ClusterIP",
            List.of(service("np", "NodePort", "127.2.0.21", nodePort("http", 80, 30080)).editSpec().withInternalTrafficPolicy("Local")
                .endSpec().build()),
            List.of(slice("np", "np-1", HTTP, ready("127.1.0.2"), new EndpointBuilder().withAddresses("10.0.0.9").withNodeName("elsewhere")
                .build())),
            m("127.0.0.1:30080/TCP", List.of("10.0.0.9:8080", "127.1.0.2:8080"), "127.2.0.21:80/TCP", List.of("127.1.0.2:8080"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plansListenersPerServicePort(Case c) {
    ProxyPlan plan = ProxyPlan.of(c.services(), c.slices(), NODE, NODE_IP);
    Map<String, List<String>> found = new LinkedHashMap<>();
    plan.frontends().forEach((f, r) -> found.put(f.toString(), r.backends().stream().map(Backend::toString).toList()));
    assertThat(found).as("frontends → backends for %s", c.name()).containsExactlyEntriesOf(c.expected());
  }

  @Test
  void aNodePortTakenByAnOlderServiceIsNotPlannedAndTheLoadBalancerStaysPending() {
    Service older = service("a", "LoadBalancer", "127.2.0.23", nodePort("http", 8081, 30081)).build();
    Service newer = service("b", "LoadBalancer", "127.2.0.24", nodePort("http", 8081, 30082)).editMetadata()
        .withCreationTimestamp("2026-01-02T00:00:00Z").endMetadata().build();
    ProxyPlan plan = ProxyPlan.of(List.of(newer, older),
        List.of(slice("a", "a-1", HTTP, ready("127.1.0.2")), slice("b", "b-1", HTTP, ready("127.1.0.3"))), NODE, NODE_IP);

    assertThat(plan.frontends().get(new Frontend(NODE_IP, 8081, Protocol.TCP)).servicePort().service())
        .as("first come, first served").isEqualTo(new ResourceKey("default", "a"));
    assertThat(plan.frontends()).containsKey(new Frontend(NODE_IP, 30082, Protocol.TCP));
    assertThat(plan.loadBalancers()).containsExactly(new ResourceKey("default", "a"));
    assertThat(plan.conflicts()).containsExactly("127.0.0.1:8081/TCP of default/b:http/TCP is already taken by default/a:http/TCP");
  }

  @Test
  void aLoadBalancerWithoutEndpointsStillClaimsItsPortsAndGetsItsIngress() {
    ProxyPlan plan = ProxyPlan.of(List.of(service("a", "LoadBalancer", "127.2.0.23", nodePort("http", 8081, 30081)).build()),
        List.of(), NODE, NODE_IP);
    assertThat(plan.frontends()).isEmpty();
    assertThat(plan.loadBalancers()).containsExactly(new ResourceKey("default", "a"));
  }

  @Test
  void clientIpAffinityDefaultsToThreeHours() {
    Service sticky = service("s", "ClusterIP", "127.2.0.25", port("", 80, "TCP")).editSpec().withSessionAffinity("ClientIP").endSpec()
        .build();
    Service timed = service("t", "ClusterIP", "127.2.0.26", port("", 80, "TCP")).editSpec().withSessionAffinity("ClientIP")
        .withNewSessionAffinityConfig().withNewClientIP(60).endSessionAffinityConfig().endSpec().build();
    List<EndpointSlice> slices = List.of(slice("s", "s-1", List.of(endpointPort(null, 80, null)), ready("127.1.0.2")),
        slice("t", "t-1", List.of(endpointPort("", 80, "TCP")), ready("127.1.0.2")));
    ProxyPlan plan = ProxyPlan.of(List.of(sticky, timed), slices, NODE, NODE_IP);

    assertThat(plan.frontends().get(new Frontend("127.2.0.25", 80, Protocol.TCP)).affinity())
        .isEqualTo(new SessionAffinity.ClientIp(Duration.ofHours(3)));
    assertThat(plan.frontends().get(new Frontend("127.2.0.26", 80, Protocol.TCP)).affinity())
        .isEqualTo(new SessionAffinity.ClientIp(Duration.ofSeconds(60)));
    assertThat(plan.loadBalancers()).isEqualTo(Set.of());
  }
}
