package dev.berth.controllers.endpoints;

import static dev.berth.controllers.endpoints.EndpointObjects.notReady;
import static dev.berth.controllers.endpoints.EndpointObjects.pod;
import static dev.berth.controllers.endpoints.EndpointObjects.port;
import static dev.berth.controllers.endpoints.EndpointObjects.ready;
import static dev.berth.controllers.endpoints.EndpointObjects.readyPods;
import static dev.berth.controllers.endpoints.EndpointObjects.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The legacy Endpoints object (§2.7): subsets, repacking, the 1000 cap, and writing only on change. */
class EndpointsReconcilerTest {
  private static final Service WEB = service("web", port("http", 80, "http")).build();

  /** Subsets rendered as {@code ready|notReady|ports} per subset, e.g. {@code [a,b|c|http:8080]}. */
  private static List<String> render(List<EndpointSubset> subsets) {
    return subsets.stream().map(s -> "[" + String.join(",", s.getAddresses().stream().map(EndpointAddress::getIp).toList()) + "|"
        + String.join(",", s.getNotReadyAddresses().stream().map(EndpointAddress::getIp).toList()) + "|"
        + String.join(",", s.getPorts().stream().map(p -> p.getName() + ":" + p.getPort()).toList()) + "]").toList();
  }

  record SubsetCase(String name, Service service, List<Pod> pods, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<SubsetCase> subsets() {
    Service twoPorts = service("web", port("http", 80, "http"), port("admin", 81, 9000)).build();
    Pod noHttp = pod("c", "127.1.0.7", true).editSpec().editFirstContainer().withPorts().endContainer().endSpec().build();
    Pod terminating = pod("d", "127.1.0.8", true).editMetadata().withDeletionTimestamp("2026-07-01T10:02:00Z").endMetadata().build();
    Service publish = new ServiceBuilder(WEB).editSpec().withPublishNotReadyAddresses(true).endSpec().build();
    Service headless = service("web").editSpec().withClusterIP("None").withPorts().endSpec().build();
    return Stream.of(
        new SubsetCase("ready and not-ready pods share a subset", WEB,
            List.of(ready("a", "127.1.0.5"), notReady("b", "127.1.0.6"), ready("aa", "127.1.0.10")),
            List.of("[127.1.0.10,127.1.0.5|127.1.0.6|http:8080]")),
        new SubsetCase("terminating pods are left out", WEB, List.of(ready("a", "127.1.0.5"), terminating),
            List.of("[127.1.0.5||http:8080]")),
        new SubsetCase("publishNotReadyAddresses: all ready, terminating included", publish,
            List.of(notReady("b", "127.1.0.6"), terminating), List.of("[127.1.0.6,127.1.0.8||http:8080]")),
        new SubsetCase("a pod without the named port offers only the other port", twoPorts,
            List.of(ready("a", "127.1.0.5"), noHttp), List.of("[127.1.0.5,127.1.0.7||admin:9000]", "[127.1.0.5||http:8080]")),
        new SubsetCase("a headless service without ports: addresses only", headless,
            List.of(ready("a", "127.1.0.5"), notReady("b", "127.1.0.6")), List.of("[127.1.0.5|127.1.0.6|]")),
        new SubsetCase("no pods: no subsets", WEB, List.of(), List.of()));
  }

  @ParameterizedTest
  @MethodSource("subsets")
  void subsetsAreDerivedAndRepacked(SubsetCase c) {
    assertThat(render(EndpointsReconciler.subsets(c.service(), c.pods()))).as(c.name()).containsExactlyElementsOf(c.expected());
  }

  @Test
  void addressesCarryNodeTargetAndHostnameUnderTheirSubdomainService() {
    Service nginx = service("nginx", port("web", 80, 8080)).editSpec().withClusterIP("None").endSpec().build();
    Pod web0 = pod("web-0", "127.1.0.5", true).editSpec().withHostname("web-0").withSubdomain("nginx").endSpec().build();
    EndpointAddress a = EndpointsReconciler.subsets(nginx, List.of(web0)).getFirst().getAddresses().getFirst();
    assertThat(a.getHostname()).isEqualTo("web-0");
    assertThat(a.getNodeName()).isEqualTo("berth");
    assertThat(a.getTargetRef().getName()).isEqualTo("web-0");
    assertThat(a.getTargetRef().getUid()).isEqualTo("pod-uid-web-0");
  }

  @Test
  void createdWithServiceLabelsHeadlessLabelAndTriggerTime() {
    Service svc = new ServiceBuilder(WEB).editMetadata().withLabels(Map.of("tier", "front")).endMetadata()
        .editSpec().withClusterIP("None").endSpec().build();
    List<EndpointAction> plan = EndpointsReconciler.reconcile(svc, List.of(ready("a", "127.1.0.5")), null,
        Instant.parse("2026-07-01T10:00:00Z"));
    Endpoints e = ((EndpointAction.CreateEndpoints) plan.getFirst()).endpoints();
    assertThat(e.getMetadata().getName()).isEqualTo("web");
    assertThat(e.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("tier", "front", "service.kubernetes.io/headless", ""));
    assertThat(e.getMetadata().getAnnotations()).containsExactly(Map.entry("endpoints.kubernetes.io/last-change-trigger-time", "2026-07-01T10:00:00Z"));
  }

  @Test
  void writtenOnlyWhenSubsetsOrLabelsChangeIgnoringTargetResourceVersion() {
    List<Pod> pods = List.of(ready("a", "127.1.0.5"));
    Endpoints stored = stored(((EndpointAction.CreateEndpoints) EndpointsReconciler.reconcile(WEB, pods, null, null).getFirst()).endpoints());
    stored.getSubsets().getFirst().getAddresses().getFirst().getTargetRef().setResourceVersion("42");
    assertThat(EndpointsReconciler.reconcile(WEB, pods, stored, Instant.parse("2026-07-01T10:05:00Z"))).as("unchanged").isEmpty();

    List<EndpointAction> plan = EndpointsReconciler.reconcile(WEB, List.of(notReady("a", "127.1.0.5")), stored, null);
    Endpoints updated = ((EndpointAction.UpdateEndpoints) plan.getFirst()).endpoints();
    assertThat(render(updated.getSubsets())).containsExactly("[|127.1.0.5|http:8080]");
    assertThat(updated.getMetadata().getResourceVersion()).isEqualTo("3");

    Service relabelled = new ServiceBuilder(WEB).editMetadata().withLabels(Map.of("v", "2")).endMetadata().build();
    assertThat(EndpointsReconciler.reconcile(relabelled, pods, stored, null)).singleElement().isInstanceOf(EndpointAction.UpdateEndpoints.class);
  }

  @Test
  void aServiceWithoutSelectorLeavesTheUsersEndpointsAlone() {
    Service manual = new ServiceBuilder(WEB).editSpec().withSelector(null).endSpec().build();
    Endpoints users = new EndpointsBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata().build();
    assertThat(EndpointsReconciler.reconcile(manual, List.of(ready("a", "127.1.0.5")), users, null)).isEmpty();
    assertThat(EndpointsReconciler.reconcileDeleted(stored(users))).singleElement().isInstanceOf(EndpointAction.DeleteEndpoints.class);
    Endpoints leader = new EndpointsBuilder(users).editMetadata().withAnnotations(Map.of(ServiceEndpoints.LEADER_ANNOTATION, "{}")).endMetadata().build();
    assertThat(EndpointsReconciler.reconcileDeleted(leader)).isEmpty();
  }

  record CapCase(String name, int ready, int notReady, int keptReady, int keptNotReady) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<CapCase> capacity() {
    return Stream.of(
        new CapCase("exactly 1000: untouched", 600, 400, 600, 400),
        new CapCase("too many not-ready: ready kept, not-ready cut", 900, 200, 900, 100),
        new CapCase("more than 1000 ready: not-ready dropped", 1100, 50, 1000, 0));
  }

  @ParameterizedTest
  @MethodSource("capacity")
  void atMostAThousandAddressesReadyFirst(CapCase c) {
    List<Pod> pods = new ArrayList<>();
    int i = 0;
    for (Pod p : readyPods(c.ready() + c.notReady())) {
      pods.add(i++ < c.ready() ? p : new PodBuilder(p).editStatus().editFirstCondition().withStatus("False").endCondition().endStatus().build());
    }
    Endpoints e = ((EndpointAction.CreateEndpoints) EndpointsReconciler.reconcile(WEB, pods, null, null).getFirst()).endpoints();
    int ready = e.getSubsets().stream().mapToInt(s -> s.getAddresses().size()).sum();
    int notReady = e.getSubsets().stream().mapToInt(s -> s.getNotReadyAddresses().size()).sum();
    assertThat(List.of(ready, notReady)).as("%s: [ready, notReady] kept", c.name()).containsExactly(c.keptReady(), c.keptNotReady());
    boolean truncated = c.ready() + c.notReady() > EndpointsReconciler.MAX_CAPACITY;
    assertThat(e.getMetadata().getAnnotations().containsKey("endpoints.kubernetes.io/over-capacity")).as(c.name()).isEqualTo(truncated);
    if (truncated) {
      Endpoints stored = stored(e);
      assertThat(EndpointsReconciler.reconcile(WEB, pods, stored, null)).as("%s: a truncated object is not rewritten", c.name()).isEmpty();
    }
  }

  @Test
  void truncationSharesTheRoomInProportion() {
    List<EndpointSubset> subsets = new ArrayList<>();
    subsets.add(subset(0, 150));
    subsets.add(subset(900, 50));
    assertThat(EndpointsReconciler.truncate(subsets)).isTrue();
    assertThat(subsets.stream().map(s -> s.getAddresses().size() + "/" + s.getNotReadyAddresses().size()).toList())
        .as("room 100 for 200 not-ready: ceil(150/200*100)=75 and ceil(50/200*100)=25").containsExactly("0/75", "900/25");
  }

  private static EndpointSubset subset(int ready, int notReady) {
    List<EndpointAddress> r = new ArrayList<>();
    List<EndpointAddress> n = new ArrayList<>();
    for (int i = 0; i < ready; i++) {
      r.add(new EndpointAddress(null, "10.0." + (i / 250) + "." + i % 250, null, null));
    }
    for (int i = 0; i < notReady; i++) {
      n.add(new EndpointAddress(null, "10.1." + (i / 250) + "." + i % 250, null, null));
    }
    return new io.fabric8.kubernetes.api.model.EndpointSubsetBuilder().withAddresses(r).withNotReadyAddresses(n).build();
  }

  private static Endpoints stored(Endpoints e) {
    Endpoints s = new EndpointsBuilder(e).build();
    s.getMetadata().setNamespace("default");
    s.getMetadata().setUid("ep-uid");
    s.getMetadata().setResourceVersion("3");
    return s;
  }
}
