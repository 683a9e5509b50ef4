package dev.berth.proxy;

import static dev.berth.proxy.ProxyObjects.nodePort;
import static dev.berth.proxy.ProxyObjects.port;
import static dev.berth.proxy.ProxyObjects.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadBalancerStatusesTest {
  private static final ProxyPlan CLAIMED = new ProxyPlan(Map.of(), Set.of(new ResourceKey("default", "lb")), List.of());
  private static final List<LoadBalancerIngress> OURS = List.of(LoadBalancerStatuses.ingress("127.0.0.1"));

  private static Service withIngress(Service s, List<LoadBalancerIngress> ingress) {
    return new ServiceBuilder(s).editOrNewStatus().withNewLoadBalancer().withIngress(ingress).endLoadBalancer().endStatus().build();
  }

  @Test
  void desiredIngressPerCase() {
    Service lb = service("lb", "LoadBalancer", "127.2.0.22", nodePort("http", 8081, 30081)).build();
    Service classed = service("lb", "LoadBalancer", "127.2.0.22", nodePort("http", 8081, 30081)).editSpec()
        .withLoadBalancerClass("example.com/lb").endSpec().build();
    Service plain = service("lb", "ClusterIP", "127.2.0.22", port("http", 8081, "TCP")).build();

    assertThat(LoadBalancerStatuses.desiredIngress(lb, CLAIMED, "127.0.0.1")).as("claimed").isEqualTo(OURS);
    assertThat(LoadBalancerStatuses.desiredIngress(lb, ProxyPlan.EMPTY, "127.0.0.1")).as("port taken: pending").isEmpty();
    assertThat(LoadBalancerStatuses.desiredIngress(classed, CLAIMED, "127.0.0.1")).as("another controller's").isNull();
    assertThat(LoadBalancerStatuses.desiredIngress(plain, CLAIMED, "127.0.0.1")).as("never ours").isNull();
    assertThat(LoadBalancerStatuses.desiredIngress(withIngress(plain, OURS), CLAIMED, "127.0.0.1")).as("was a LoadBalancer").isEmpty();

    assertThat(LoadBalancerStatuses.isUpToDate(withIngress(lb, OURS), OURS)).isTrue();
    assertThat(LoadBalancerStatuses.isUpToDate(lb, OURS)).isFalse();
    assertThat(LoadBalancerStatuses.isUpToDate(lb, List.of())).isTrue();
    assertThat(LoadBalancerStatuses.isUpToDate(lb, null)).isTrue();
  }
}
