package dev.berth.proxy;

import static dev.berth.proxy.ProxyObjects.endpointPort;
import static dev.berth.proxy.ProxyObjects.nodePort;
import static dev.berth.proxy.ProxyObjects.port;
import static dev.berth.proxy.ProxyObjects.ready;
import static dev.berth.proxy.ProxyObjects.service;
import static dev.berth.proxy.ProxyObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import dev.berth.client.ReconcileResult;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The proxy's loop over a fake API: plans follow Services and EndpointSlices; LoadBalancers get their ingress. */
class ServiceProxyControllerTest {
  private final FakeClock clock = new FakeClock();
  private final FakeApiClient api = new FakeApiClient(clock);
  private final FakeProxyRulesControl rules = new FakeProxyRulesControl();
  private final ServiceProxyController controller = new ServiceProxyController(api, clock, "berth", "127.0.0.1", rules);

  private void sync() {
    controller.processPendingEvents();
    controller.processAll();
  }

  @Test
  void listenersFollowEndpointsAndTheServiceGoingAway() {
    api.create(service("web", "ClusterIP", "127.2.0.20", port("http", 80, "TCP")).build());
    sync();
    assertThat(rules.listening()).as("no endpoints yet: refused").isEmpty();

    EndpointSlice slice = api.create(slice("web", "web-abcde", List.of(endpointPort("http", 8080, "TCP")), ready("127.1.0.2")));
    sync();
    Frontend vip = new Frontend("127.2.0.20", 80, Protocol.TCP);
    assertThat(rules.listening()).containsExactly(vip);
    assertThat(rules.applied.getLast().frontends().get(vip).backends()).containsExactly(new Backend("127.1.0.2", 8080));

    api.update(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder(api.get(EndpointSlice.class, "default",
        "web-abcde")).withEndpoints(ProxyObjects.endpoint("127.1.0.2", false, false, false), ready("127.1.0.3")).build());
    sync();
    assertThat(rules.applied.getLast().frontends().get(vip).backends()).as("the unready endpoint left at once")
        .containsExactly(new Backend("127.1.0.3", 8080));

    api.delete(Service.class, "default", "web", null);
    sync();
    assertThat(rules.listening()).isEmpty();
    assertThat(slice).isNotNull();
  }

  @Test
  void aLoadBalancerGetsTheNodeAddressAsIngressAndLosesItWhenItBecomesAClusterIp() {
    api.create(service("lb", "LoadBalancer", "127.2.0.22", nodePort("http", 8081, 30081)).build());
    sync();
    Service lb = api.get(Service.class, "default", "lb");
    assertThat(lb.getStatus().getLoadBalancer().getIngress()).extracting(i -> i.getIp() + " " + i.getIpMode())
        .containsExactly("127.0.0.1 VIP");

    int writes = rules.applied.size();
    sync();
    assertThat(rules.applied.size() - writes).as("the status write itself costs at most one more sync").isLessThanOrEqualTo(1);

    api.update(new ServiceBuilder(api.get(Service.class, "default", "lb")).editSpec().withType("ClusterIP")
        .withPorts(port("http", 8081, "TCP")).endSpec().build());
    sync();
    assertThat(api.get(Service.class, "default", "lb").getStatus().getLoadBalancer().getIngress()).isEmpty();
  }

  @Test
  void aFrontendThatCannotBindIsTriedAgainLater() {
    api.create(service("web", "ClusterIP", "127.2.0.20", port("http", 80, "TCP")).build());
    api.create(slice("web", "web-abcde", List.of(endpointPort("http", 8080, "TCP")), ready("127.1.0.2")));
    Frontend vip = new Frontend("127.2.0.20", 80, Protocol.TCP);
    rules.failBinding(Set.of(vip));
    controller.processPendingEvents();
    assertThat(controller.reconcile()).isEqualTo(ReconcileResult.requeueAfter(ServiceProxyController.BIND_RETRY));
    assertThat(controller.failures()).containsKey(vip);

    rules.failBinding(Set.of());
    assertThat(controller.reconcile()).isEqualTo(ReconcileResult.done());
    assertThat(controller.failures()).isEmpty();
    assertThat(Duration.ofSeconds(5)).isEqualTo(ServiceProxyController.BIND_RETRY);
  }
}
