package dev.berth.node.env;

import static dev.berth.node.env.TestSources.port;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Service links ({@code spec/kubelet.md} §6.1 step 1). */
class ServiceLinksTest {

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
