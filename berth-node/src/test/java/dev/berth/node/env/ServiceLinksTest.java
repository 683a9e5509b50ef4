package dev.berth.node.env;

import static dev.berth.node.env.TestSources.port;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Service links ({@code spec/services-dns.md} §5, {@code spec/kubelet.md} §6.1 step 1). */
class ServiceLinksTest {

  /**
   * One row of §5.1/§5.2: the Services in the cache, the pod's namespace and {@code
   * enableServiceLinks}, and the variables that must (and must not) be there.
   */
  record Case(String name, UnaryOperator<TestSources> services, String namespace, boolean links, Map<String, String> present,
      List<String> absent) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("default/kubernetes in every namespace, even with links off", TestSources::kubernetes, "shop", false,
            Map.of("KUBERNETES_SERVICE_HOST", "10.43.0.1", "KUBERNETES_SERVICE_PORT_HTTPS", "443"), List.of()),
        new Case("kubernetes in another namespace than default is an ordinary service", s -> s.service("other", "kubernetes",
            "10.43.0.77", port("https", 443, "TCP")), "shop", true, Map.of(), List.of("KUBERNETES_SERVICE_HOST")),
        new Case("a kubernetes Service of the pod's own namespace wins over default/kubernetes", s -> s.kubernetes()
            .service("shop", "kubernetes", "10.43.0.77", port("web", 8443, "TCP")), "shop", true,
            Map.of("KUBERNETES_SERVICE_HOST", "10.43.0.77", "KUBERNETES_SERVICE_PORT", "8443", "KUBERNETES_SERVICE_PORT_WEB", "8443"),
            List.of("KUBERNETES_SERVICE_PORT_HTTPS")),
        new Case("... but not with links off", s -> s.kubernetes().service("shop", "kubernetes", "10.43.0.77",
            port("web", 8443, "TCP")), "shop", false, Map.of("KUBERNETES_SERVICE_HOST", "10.43.0.1"),
            List.of("KUBERNETES_SERVICE_PORT_WEB")),
        new Case("headless, no cluster IP, ExternalName: none", s -> s.service("shop", "db", "None", port("pg", 5432, "TCP"))
            .service("shop", "pending", "", port("x", 1, "TCP")).externalName("shop", "ext", "example.com"), "shop", true,
            Map.of(), List.of("DB_SERVICE_HOST", "PENDING_SERVICE_HOST", "EXT_SERVICE_HOST", "EXT_PORT")),
        new Case("names: upper case, dashes to underscores, port names too", s -> s.service("shop", "redis-read", "127.2.0.12",
            port("redis-port", 6379, "TCP")), "shop", true, Map.of("REDIS_READ_SERVICE_HOST", "127.2.0.12",
            "REDIS_READ_SERVICE_PORT_REDIS_PORT", "6379", "REDIS_READ_PORT", "tcp://127.2.0.12:6379"), List.of()),
        new Case("a leading digit is kept, as upstream does (RelaxedServiceNameValidation)", s -> s.service("shop", "3d", "10.43.0.3",
            port("", 80, "TCP")), "shop", true, Map.of("3D_SERVICE_HOST", "10.43.0.3", "3D_PORT_80_TCP_PORT", "80"),
            List.of("_3D_SERVICE_HOST")),
        new Case("an unnamed first port: SERVICE_PORT only, no SERVICE_PORT_<name>", s -> s.service("shop", "web", "10.43.0.7",
            port(null, 80, null)), "shop", true, Map.of("WEB_SERVICE_PORT", "80", "WEB_PORT", "tcp://10.43.0.7:80",
            "WEB_PORT_80_TCP_PROTO", "tcp"), List.of("WEB_SERVICE_PORT_")),
        new Case("values use port, never targetPort", s -> s.service("shop", "web", "10.43.0.7", new io.fabric8.kubernetes.api.model
            .ServicePortBuilder().withName("http").withPort(80).withNewTargetPort(8080).withProtocol("TCP").build()), "shop", true,
            Map.of("WEB_SERVICE_PORT_HTTP", "80", "WEB_PORT_80_TCP_PORT", "80"), List.of("WEB_PORT_8080_TCP")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void whichServicesAndWhichNames(Case c) {
    Map<String, String> env = ServiceLinks.forPod(c.services().apply(new TestSources()).services(), c.namespace(), c.links());
    assertThat(env).as("%s: expected these variables; found %s", c.name(), env).containsAllEntriesOf(c.present());
    for (String name : c.absent()) {
      assertThat(env).as("%s: %s must not be set", c.name(), name).doesNotContainKey(name);
    }
  }

  @Test
  void theKubernetesServiceAsOnK3s() {
    Map<String, String> env = ServiceLinks.forPod(new TestSources().kubernetes().services(), "default", true);
    assertThat(env).containsExactly(
        Map.entry("KUBERNETES_SERVICE_HOST", "10.43.0.1"),
        Map.entry("KUBERNETES_SERVICE_PORT", "443"),
        Map.entry("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
        Map.entry("KUBERNETES_PORT", "tcp://10.43.0.1:443"),
        Map.entry("KUBERNETES_PORT_443_TCP", "tcp://10.43.0.1:443"),
        Map.entry("KUBERNETES_PORT_443_TCP_PROTO", "tcp"),
        Map.entry("KUBERNETES_PORT_443_TCP_PORT", "443"),
        Map.entry("KUBERNETES_PORT_443_TCP_ADDR", "10.43.0.1"));
  }

  @Test
  void aServiceWithSeveralPortsAndADashedName() {
    TestSources s = new TestSources().service("shop", "redis-primary", "10.43.7.9", port("", 6379, null), port("metrics", 9121, "TCP"),
        port("gossip", 7946, "UDP"));
    Map<String, String> env = ServiceLinks.forPod(s.services(), "shop", true);
    assertThat(env).containsExactly(
        Map.entry("REDIS_PRIMARY_SERVICE_HOST", "10.43.7.9"),
        Map.entry("REDIS_PRIMARY_SERVICE_PORT", "6379"),
        Map.entry("REDIS_PRIMARY_SERVICE_PORT_METRICS", "9121"),
        Map.entry("REDIS_PRIMARY_SERVICE_PORT_GOSSIP", "7946"),
        Map.entry("REDIS_PRIMARY_PORT", "tcp://10.43.7.9:6379"),
        Map.entry("REDIS_PRIMARY_PORT_6379_TCP", "tcp://10.43.7.9:6379"),
        Map.entry("REDIS_PRIMARY_PORT_6379_TCP_PROTO", "tcp"),
        Map.entry("REDIS_PRIMARY_PORT_6379_TCP_PORT", "6379"),
        Map.entry("REDIS_PRIMARY_PORT_6379_TCP_ADDR", "10.43.7.9"),
        Map.entry("REDIS_PRIMARY_PORT_9121_TCP", "tcp://10.43.7.9:9121"),
        Map.entry("REDIS_PRIMARY_PORT_9121_TCP_PROTO", "tcp"),
        Map.entry("REDIS_PRIMARY_PORT_9121_TCP_PORT", "9121"),
        Map.entry("REDIS_PRIMARY_PORT_9121_TCP_ADDR", "10.43.7.9"),
        Map.entry("REDIS_PRIMARY_PORT_7946_UDP", "udp://10.43.7.9:7946"),
        Map.entry("REDIS_PRIMARY_PORT_7946_UDP_PROTO", "udp"),
        Map.entry("REDIS_PRIMARY_PORT_7946_UDP_PORT", "7946"),
        Map.entry("REDIS_PRIMARY_PORT_7946_UDP_ADDR", "10.43.7.9"));
  }

  @Test
  void headlessServicesOtherNamespacesAndDisabledLinksAreLeftOut() {
    TestSources s = new TestSources().kubernetes().service("shop", "db-headless", "None", port("pg", 5432, "TCP"))
        .service("shop", "no-ip", "", port("x", 1, "TCP")).service("other", "elsewhere", "10.43.0.9", port("x", 80, "TCP"))
        .service("shop", "web", "10.43.0.7", port("http", 80, "TCP"));
    assertThat(ServiceLinks.forPod(s.services(), "shop", true).keySet()).filteredOn(k -> k.endsWith("_SERVICE_HOST"))
        .containsExactly("KUBERNETES_SERVICE_HOST", "WEB_SERVICE_HOST");
    assertThat(ServiceLinks.forPod(s.services(), "shop", false).keySet()).filteredOn(k -> k.endsWith("_SERVICE_HOST"))
        .containsExactly("KUBERNETES_SERVICE_HOST");
  }

  @Test
  void servicesComeInNameOrderAndIpv6AddressesInBrackets() {
    TestSources s = new TestSources().service("a", "zeta", "fd00::10", port("", 80, "TCP")).service("a", "alpha", "10.43.0.2",
        port("", 80, "TCP"));
    Map<String, String> env = ServiceLinks.forPod(s.services(), "a", true);
    assertThat(List.copyOf(env.keySet()).getFirst()).isEqualTo("ALPHA_SERVICE_HOST");
    assertThat(env).containsEntry("ZETA_PORT", "tcp://[fd00::10]:80").containsEntry("ZETA_SERVICE_HOST", "fd00::10");
  }
}
