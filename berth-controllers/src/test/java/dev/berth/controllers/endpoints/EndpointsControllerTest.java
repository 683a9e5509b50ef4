package dev.berth.controllers.endpoints;

import static dev.berth.controllers.endpoints.EndpointObjects.NS;
import static dev.berth.controllers.endpoints.EndpointObjects.pod;
import static dev.berth.controllers.endpoints.EndpointObjects.port;
import static dev.berth.controllers.endpoints.EndpointObjects.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.time.FakeClock;
import dev.berth.client.ResourceKey;
import dev.berth.client.testing.FakeApiClient;
import dev.berth.client.testing.FakeApiClient.Verb;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The endpoints controller over a {@link FakeApiClient}: what a user sees in the Endpoints and
 * EndpointSlices of a service as its pods come, turn ready, terminate and go.
 */
class EndpointsControllerTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-07-01T10:00:00Z"));
  private final FakeApiClient client = new FakeApiClient(clock);
  private final EndpointsController controller = new EndpointsController(client, clock);

  private Service createService(Service s) {
    return client.create(new ServiceBuilder(s).editMetadata().withUid(null).withCreationTimestamp(null).endMetadata().build());
  }

  private Pod createPod(PodBuilder p) {
    return client.create(p.editMetadata().withUid(null).endMetadata().build());
  }

  private List<EndpointSlice> slices() {
    return client.list(EndpointSlice.class, NS, null).items();
  }

  private EndpointSlice onlySlice() {
    List<EndpointSlice> all = slices();
    assertThat(all).as("exactly one slice").hasSize(1);
    return all.getFirst();
  }

  private Endpoints endpoints(String name) {
    return client.get(Endpoints.class, NS, name);
  }

  private static List<String> ips(List<EndpointAddress> addresses) {
    return addresses.stream().map(EndpointAddress::getIp).toList();
  }

  private static List<String> conditions(EndpointSlice s) {
    return s.getEndpoints().stream().map(EndpointsControllerTest::conditions).toList();
  }

  private static String conditions(Endpoint e) {
    return e.getAddresses().getFirst() + " ready=" + e.getConditions().getReady() + " serving=" + e.getConditions().getServing()
        + " terminating=" + e.getConditions().getTerminating();
  }

  private void setReady(String pod, boolean ready) {
    Pod p = client.get(Pod.class, NS, pod);
    p.getStatus().getConditions().getFirst().setStatus(ready ? "True" : "False");
    p.getStatus().getConditions().getFirst().setLastTransitionTime(clock.now().toString());
    client.updateStatus(p);
  }

  @Test
  void aPodBecomingReadyMovesFromNotReadyToReady() {
    Service svc = createService(service("web", port("http", 80, 8080)).build());
    createPod(pod("a", "127.1.0.5", false).editStatus().editFirstCondition().withLastTransitionTime(null).endCondition().endStatus());
    controller.settle();

    EndpointSlice slice = onlySlice();
    assertThat(slice.getMetadata().getName()).startsWith("web-");
    assertThat(slice.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(svc.getMetadata().getUid());
    assertThat(conditions(slice)).containsExactly("127.1.0.5 ready=false serving=false terminating=false");
    assertThat(slice.getMetadata().getAnnotations()).as("first sync: the service's creation")
        .containsEntry("endpoints.kubernetes.io/last-change-trigger-time", "2026-07-01T10:00:00Z");
    Endpoints ep = endpoints("web");
    assertThat(ep.getSubsets().getFirst().getAddresses()).isEmpty();
    assertThat(ips(ep.getSubsets().getFirst().getNotReadyAddresses())).containsExactly("127.1.0.5");

    clock.advance(Duration.ofSeconds(7));
    setReady("a", true);
    controller.settle();

    EndpointSlice after = onlySlice();
    assertThat(after.getMetadata().getName()).as("the same slice, updated").isEqualTo(slice.getMetadata().getName());
    assertThat(conditions(after)).containsExactly("127.1.0.5 ready=true serving=true terminating=false");
    assertThat(after.getMetadata().getAnnotations()).as("the pod's readiness transition")
        .containsEntry("endpoints.kubernetes.io/last-change-trigger-time", "2026-07-01T10:00:07Z");
    ep = endpoints("web");
    assertThat(ips(ep.getSubsets().getFirst().getAddresses())).containsExactly("127.1.0.5");
    assertThat(ep.getSubsets().getFirst().getNotReadyAddresses()).isEmpty();
    assertThat(ep.getSubsets().getFirst().getPorts().getFirst().getPort()).isEqualTo(8080);
  }

  @Test
  void aDeletedPodIsGoneAndTheSliceBecomesThePlaceholder() {
    createService(service("web", port("http", 80, 8080)).build());
    createPod(pod("a", "127.1.0.5", true));
    createPod(pod("b", "127.1.0.6", true));
    controller.settle();
    String name = onlySlice().getMetadata().getName();
    assertThat(conditions(onlySlice())).hasSize(2);

    client.delete(Pod.class, NS, "a", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
    controller.settle();
    assertThat(onlySlice().getEndpoints()).extracting(e -> e.getAddresses().getFirst()).containsExactly("127.1.0.6");
    assertThat(ips(endpoints("web").getSubsets().getFirst().getAddresses())).containsExactly("127.1.0.6");

    client.delete(Pod.class, NS, "b", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
    controller.settle();
    EndpointSlice placeholder = onlySlice();
    assertThat(placeholder.getMetadata().getName()).as("the name survives").isEqualTo(name);
    assertThat(placeholder.getEndpoints()).isEmpty();
    assertThat(placeholder.getPorts()).isEmpty();
    assertThat(endpoints("web").getSubsets()).isEmpty();
  }

  @Test
  void aTerminatingPodIsServingAndTerminatingButNotReady() {
    createService(service("web", port("http", 80, 8080)).build());
    createPod(pod("a", "127.1.0.5", true));
    createPod(pod("b", "127.1.0.6", true));
    controller.settle();

    client.delete(Pod.class, NS, "a", new DeleteOptionsBuilder().withGracePeriodSeconds(30L).build());
    controller.settle();
    assertThat(client.get(Pod.class, NS, "a").getMetadata().getDeletionTimestamp()).as("still terminating").isNotNull();
    assertThat(conditions(onlySlice())).containsExactly(
        "127.1.0.5 ready=false serving=true terminating=true",
        "127.1.0.6 ready=true serving=true terminating=false");
    assertThat(ips(endpoints("web").getSubsets().getFirst().getAddresses())).as("legacy Endpoints drop terminating pods")
        .containsExactly("127.1.0.6");
  }

  @Test
  void aNamedTargetPortResolvesPerPod() {
    createService(service("web", port("http", 80, "http")).build());
    createPod(pod("a", "127.1.0.5", true));
    createPod(pod("b", "127.1.0.6", true).editSpec().editFirstContainer().editFirstPort().withContainerPort(9090)
        .endPort().endContainer().endSpec());
    createPod(pod("c", "127.1.0.7", true).editSpec().editFirstContainer().withPorts().endContainer().endSpec());
    controller.settle();
    assertThat(slices()).extracting(s -> s.getPorts().isEmpty() ? "none" : s.getPorts().getFirst().getName() + ":"
        + s.getPorts().getFirst().getPort() + " " + s.getEndpoints().stream().map(e -> e.getAddresses().getFirst()).toList())
        .as("one slice per resolved port list; a pod without the port gets an endpoint without ports")
        .containsExactlyInAnyOrder("http:8080 [127.1.0.5]", "http:9090 [127.1.0.6]", "none");
    assertThat(endpoints("web").getSubsets()).extracting(s -> s.getPorts().getFirst().getPort() + " " + ips(s.getAddresses()))
        .containsExactlyInAnyOrder("8080 [127.1.0.5]", "9090 [127.1.0.6]");
  }

  @Test
  void publishNotReadyAddressesMakesEveryPodReady() {
    createService(service("web", port("http", 80, 8080)).editSpec().withPublishNotReadyAddresses(true).endSpec().build());
    createPod(pod("a", "127.1.0.5", false));
    controller.settle();
    assertThat(conditions(onlySlice())).containsExactly("127.1.0.5 ready=true serving=false terminating=false");
    assertThat(ips(endpoints("web").getSubsets().getFirst().getAddresses())).containsExactly("127.1.0.5");
  }

  @Test
  void aHeadlessServiceGivesStatefulSetPodsTheirHostname() {
    createService(service("nginx", port("web", 80, 8080)).editSpec().withClusterIP("None").endSpec().build());
    createPod(pod("web-0", "127.1.0.5", true).editSpec().withHostname("web-0").withSubdomain("nginx").endSpec());
    createPod(pod("web-1", "127.1.0.6", false).editSpec().withHostname("web-1").withSubdomain("nginx").endSpec());
    controller.settle();
    EndpointSlice s = onlySlice();
    assertThat(s.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "")
        .containsEntry("kubernetes.io/service-name", "nginx");
    assertThat(s.getEndpoints()).extracting(Endpoint::getHostname).containsExactly("web-0", "web-1");
    Endpoints ep = endpoints("nginx");
    assertThat(ep.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
    assertThat(ep.getSubsets().getFirst().getAddresses().getFirst().getHostname()).isEqualTo("web-0");
    assertThat(ep.getSubsets().getFirst().getNotReadyAddresses().getFirst().getHostname()).isEqualTo("web-1");
  }

  @Test
  void nothingIsWrittenWhenNothingChanged() {
    createService(service("web", port("http", 80, 8080)).build());
    createPod(pod("a", "127.1.0.5", true));
    controller.settle();
    client.clearCalls();

    Pod p = client.get(Pod.class, NS, "a");
    p.getMetadata().setAnnotations(java.util.Map.of("note", "irrelevant"));
    client.update(p);
    client.clearCalls();
    controller.queue().add(new ResourceKey(NS, "web"));
    controller.settle();
    assertThat(client.calls(Verb.CREATE)).isEmpty();
    assertThat(client.calls(Verb.UPDATE)).isEmpty();
    assertThat(client.calls(Verb.DELETE)).isEmpty();
  }

  @Test
  void podLabelChangesMoveEndpointsBetweenServices() {
    createService(service("web", port("http", 80, 8080)).build());
    createService(service("api", port("http", 80, 8080)).editSpec().withSelector(java.util.Map.of("app", "api")).endSpec().build());
    createPod(pod("a", "127.1.0.5", true));
    controller.settle();
    Pod p = client.get(Pod.class, NS, "a");
    p.getMetadata().setLabels(java.util.Map.of("app", "api"));
    client.update(p);
    controller.settle();
    assertThat(ips(endpoints("api").getSubsets().getFirst().getAddresses())).containsExactly("127.1.0.5");
    assertThat(endpoints("web").getSubsets()).isEmpty();
  }

  @Test
  void aDeletedServiceTakesItsEndpointsAndSelectorlessServicesKeepTheUsers() {
    createService(service("web", port("http", 80, 8080)).build());
    createPod(pod("a", "127.1.0.5", true));
    controller.settle();
    assertThat(endpoints("web")).isNotNull();

    client.delete(Service.class, NS, "web", null);
    controller.settle();
    assertThat(endpoints("web")).as("deleted with its service").isNull();
    assertThat(slices()).as("left to the garbage collector (ownerReferences)").hasSize(1);

    Service manual = createService(service("ext", port("http", 80, 8080)).editSpec().withSelector(null).endSpec().build());
    client.create(new io.fabric8.kubernetes.api.model.EndpointsBuilder().withNewMetadata().withName("ext").withNamespace(NS)
        .endMetadata().addNewSubset().addNewAddress().withIp("127.0.0.1").endAddress().addNewPort().withPort(9999).endPort()
        .endSubset().build());
    controller.settle();
    assertThat(ips(endpoints("ext").getSubsets().getFirst().getAddresses())).as("the user's, untouched").containsExactly("127.0.0.1");
    assertThat(client.list(EndpointSlice.class, NS, "kubernetes.io/service-name=ext").items()).isEmpty();
    assertThat(manual.getSpec().getSelector()).isEmpty();
  }

  @Test
  void leftoverEndpointsOfAServiceDeletedWhileDownAreRemovedAtStart() {
    client.create(new io.fabric8.kubernetes.api.model.EndpointsBuilder().withNewMetadata().withName("gone").withNamespace(NS)
        .endMetadata().build());
    controller.processPendingEvents();
    controller.checkLeftoverEndpoints();
    controller.settle();
    assertThat(endpoints("gone")).isNull();
  }

  @Test
  void aPassOverAStaleCacheNeverCreatesASecondSlice() {
    createService(service("web", port("http", 80, 8080)).build());
    createPod(pod("a", "127.1.0.5", true));
    controller.processPendingEvents();
    controller.processAll();
    assertThat(slices()).hasSize(1);

    controller.queue().add(new ResourceKey(NS, "web"));
    controller.processAll();
    assertThat(slices()).as("the cache has not seen the slice yet: the pass fails instead of creating another").hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    controller.settle();
    assertThat(slices()).hasSize(1);
  }

  @Test
  void aFailedWriteIsRetriedAndReportedOnTheService() {
    createService(service("web", port("http", 80, 8080)).build());
    createPod(pod("a", "127.1.0.5", true));
    controller.processPendingEvents();
    client.failNthCall(Verb.CREATE, 1, ApiException.internal("etcd is on holiday"));
    controller.processAll();
    clock.advance(Duration.ofSeconds(1));
    controller.settle();
    assertThat(slices()).hasSize(1);
    assertThat(client.list(Event.class, NS, null).items()).extracting(e -> e.getReason() + ": " + e.getInvolvedObject().getKind())
        .contains("FailedToUpdateEndpointSlices: Service");
  }

  @Test
  void triggerTimeTracksTheEarliestChange() {
    TriggerTimeTracker t = new TriggerTimeTracker();
    Service svc = service("web").build();
    Pod a = pod("a", "127.1.0.5", true).build();
    assertThat(t.compute(svc, List.of(a))).as("first pass: the service's creation").isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
    assertThat(t.compute(svc, List.of(a))).as("nothing changed").isNull();
    Pod b = pod("b", "127.1.0.6", true).editStatus().editFirstCondition().withLastTransitionTime("2026-07-01T10:05:00Z")
        .endCondition().endStatus().build();
    assertThat(t.compute(svc, List.of(a, b))).isEqualTo(Instant.parse("2026-07-01T10:05:00Z"));
    assertThat(t.compute(svc, List.of(b))).as("a deletion is no trigger").isNull();
  }
}
