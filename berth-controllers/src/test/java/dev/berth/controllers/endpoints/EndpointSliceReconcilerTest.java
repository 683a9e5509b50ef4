package dev.berth.controllers.endpoints;

import static dev.berth.controllers.endpoints.EndpointObjects.NS;
import static dev.berth.controllers.endpoints.EndpointObjects.notReady;
import static dev.berth.controllers.endpoints.EndpointObjects.pod;
import static dev.berth.controllers.endpoints.EndpointObjects.port;
import static dev.berth.controllers.endpoints.EndpointObjects.ready;
import static dev.berth.controllers.endpoints.EndpointObjects.readyPods;
import static dev.berth.controllers.endpoints.EndpointObjects.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Derivation (§2.2–§2.5) and packing (§2.6) of EndpointSlices, as plans. */
class EndpointSliceReconcilerTest {
  private static final Service WEB = service("web", port("http", 80, 8080)).build();
  private final EndpointSliceReconciler reconciler = new EndpointSliceReconciler();

  // ---- conditions (§2.2) ----

  record ConditionCase(String name, boolean podReady, boolean deleting, boolean publishNotReady,
      boolean ready, boolean serving, boolean terminating) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ConditionCase> conditions() {
    return Stream.of(
        new ConditionCase("ready pod", true, false, false, true, true, false),
        new ConditionCase("not-ready pod", false, false, false, false, false, false),
        new ConditionCase("terminating ready pod: serving, not ready", true, true, false, false, true, true),
        new ConditionCase("terminating not-ready pod", false, true, false, false, false, true),
        new ConditionCase("publishNotReadyAddresses: not-ready pod is ready", false, false, true, true, false, false),
        new ConditionCase("publishNotReadyAddresses: terminating pod stays ready", true, true, true, true, true, true));
  }

  @ParameterizedTest
  @MethodSource("conditions")
  void conditionsFollowReadinessDeletionAndPublishNotReadyAddresses(ConditionCase c) {
    Service svc = new ServiceBuilder(WEB).editSpec().withPublishNotReadyAddresses(c.publishNotReady()).endSpec().build();
    PodBuilder p = pod("a", "127.1.0.5", c.podReady());
    if (c.deleting()) {
      p.editMetadata().withDeletionTimestamp("2026-07-01T10:02:00Z").endMetadata();
    }
    Endpoint e = EndpointSliceReconciler.toEndpoint(p.build(), svc, "IPv4");
    assertThat(List.of(e.getConditions().getReady(), e.getConditions().getServing(), e.getConditions().getTerminating()))
        .as("%s: [ready, serving, terminating]", c.name()).containsExactly(c.ready(), c.serving(), c.terminating());
    assertThat(e.getAddresses()).containsExactly("127.1.0.5");
    assertThat(e.getNodeName()).isEqualTo("berth");
    assertThat(e.getTargetRef().getKind()).isEqualTo("Pod");
    assertThat(e.getTargetRef().getName()).isEqualTo("a");
    assertThat(e.getTargetRef().getUid()).isEqualTo("pod-uid-a");
    assertThat(e.getTargetRef().getResourceVersion()).isNull();
  }

  // ---- ports (§2.3, FindPort) ----

  record PortCase(String name, Object targetPort, String protocol, Integer expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<PortCase> ports() {
    return Stream.of(
        new PortCase("number", 9000, "TCP", 9000),
        new PortCase("name of a container port", "http", "TCP", 8080),
        new PortCase("name of a sidecar's port", "metrics", "TCP", 9090),
        new PortCase("name of a plain init container's port: not searched", "setup", "TCP", null),
        new PortCase("name with another protocol", "http", "UDP", null),
        new PortCase("unknown name", "nope", "TCP", null));
  }

  @ParameterizedTest
  @MethodSource("ports")
  void targetPortsResolvePerPod(PortCase c) {
    Service svc = service("web", new io.fabric8.kubernetes.api.model.ServicePortBuilder(port("p", 80, c.targetPort()))
        .withProtocol(c.protocol()).build()).build();
    Pod p = pod("a", "127.1.0.5", true).editSpec()
        .addNewInitContainer().withName("side").withRestartPolicy("Always")
        .withPorts(new ContainerPortBuilder().withName("metrics").withContainerPort(9090).build()).endInitContainer()
        .addNewInitContainer().withName("init")
        .withPorts(new ContainerPortBuilder().withName("setup").withContainerPort(7070).build()).endInitContainer()
        .endSpec().build();
    var ports = EndpointSliceReconciler.endpointPorts(svc, p);
    if (c.expected() == null) {
      assertThat(ports).as("%s: the service port is dropped for this pod", c.name()).isEmpty();
    } else {
      assertThat(ports).as(c.name()).hasSize(1);
      assertThat(ports.getFirst().getPort()).as(c.name()).isEqualTo(c.expected());
      assertThat(ports.getFirst().getName()).isEqualTo("p");
      assertThat(ports.getFirst().getProtocol()).isEqualTo(c.protocol());
    }
  }

  @Test
  void podsWithDifferentResolvedPortsGetSlicesOfTheirOwn() {
    Service svc = service("web", port("http", 80, "http")).build();
    Pod other = pod("b", "127.1.0.6", true).editSpec().editFirstContainer().editFirstPort().withContainerPort(9999)
        .endPort().endContainer().endSpec().build();
    List<EndpointAction> plan = reconciler.reconcile(svc, List.of(ready("a", "127.1.0.5"), other), List.of(), null);
    assertThat(creates(plan)).extracting(s -> s.getPorts().getFirst().getPort() + "=" + addresses(s))
        .containsExactlyInAnyOrder("8080=[127.1.0.5]", "9999=[127.1.0.6]");
  }

  // ---- one slice's format (§2.4, §2.5) ----

  @Test
  void aNewSliceHasUpstreamsMetadataPortsAndEndpoints() {
    Service svc = new ServiceBuilder(WEB).editMetadata().withLabels(Map.of("tier", "front",
        ServiceEndpoints.MANAGED_BY_LABEL, "someone")).endMetadata().build();
    Instant trigger = Instant.parse("2026-07-01T10:01:00.120Z");
    List<EndpointAction> plan = reconciler.reconcile(svc, List.of(ready("a", "127.1.0.5"), notReady("b", "127.1.0.6"),
        pod("c", null, true).editStatus().withPodIPs(List.of()).endStatus().build(),
        pod("d", "127.1.0.8", true).editStatus().withPhase("Succeeded").endStatus().build(),
        pod("e", "127.1.0.9", true).editMetadata().withLabels(Map.of("app", "other")).endMetadata().build()), List.of(), trigger);
    assertThat(plan).hasSize(1);
    EndpointSlice s = creates(plan).getFirst();
    assertThat(s.getMetadata().getGenerateName()).isEqualTo("web-");
    assertThat(s.getMetadata().getName()).isNull();
    assertThat(s.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(s.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("tier", "front",
        "kubernetes.io/service-name", "web", "endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"));
    assertThat(s.getMetadata().getAnnotations()).containsExactly(
        Map.entry("endpoints.kubernetes.io/last-change-trigger-time", "2026-07-01T10:01:00.12Z"));
    var owner = s.getMetadata().getOwnerReferences().getFirst();
    assertThat(List.of(owner.getApiVersion(), owner.getKind(), owner.getName(), owner.getUid()))
        .containsExactly("v1", "Service", "web", "svc-uid-web");
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getBlockOwnerDeletion()).isTrue();
    assertThat(s.getAddressType()).isEqualTo("IPv4");
    assertThat(s.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getPort()).isEqualTo(8080);
      assertThat(p.getProtocol()).isEqualTo("TCP");
    });
    assertThat(s.getEndpoints()).extracting(e -> e.getAddresses().getFirst() + " ready=" + e.getConditions().getReady())
        .as("no IP, terminal phase and non-matching labels are left out")
        .containsExactly("127.1.0.5 ready=true", "127.1.0.6 ready=false");
  }

  @Test
  void aHeadlessServiceLabelsItsSlicesAndItsStatefulSetPodsCarryTheirHostname() {
    Service nginx = service("nginx").editSpec().withClusterIP("None").withPorts().endSpec().build();
    Pod web0 = pod("web-0", "127.1.0.5", true).editSpec().withHostname("web-0").withSubdomain("nginx").endSpec().build();
    Pod other = pod("x", "127.1.0.6", true).editSpec().withHostname("x").withSubdomain("elsewhere").endSpec().build();
    EndpointSlice s = creates(reconciler.reconcile(nginx, List.of(web0, other), List.of(), null)).getFirst();
    assertThat(s.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
    assertThat(s.getPorts()).as("a headless service without ports").isEmpty();
    assertThat(s.getEndpoints()).extracting(Endpoint::getHostname).containsExactly("web-0", null);
    assertThat(s.getMetadata().getAnnotations()).as("no trigger time: none").doesNotContainKey(ServiceEndpoints.TRIGGER_TIME_ANNOTATION);
  }

  @Test
  void aServiceWithoutSelectorKeepsNoControllerSlices() {
    Service manual = service("web", port("http", 80, 8080)).editSpec().withSelector(null).endSpec().build();
    EndpointSlice old = stored(slice(WEB, "web-abcde", ready("a", "127.1.0.5")));
    assertThat(reconciler.reconcile(manual, List.of(ready("a", "127.1.0.5")), List.of(old), null))
        .containsExactly(new EndpointAction.DeleteSlice(old));
  }

  // ---- packing (§2.6) ----

  /**
   * @param existing endpoint counts of the existing slices, filled in order with pods p000, p001, …
   * @param desired how many of those pods (from p000) are wanted now
   * @param notReady pods (by index) that turned not Ready
   * @param creates endpoint counts of the slices to create
   * @param updates name → endpoint count of the slices to update
   * @param deletes names of the slices to delete
   */
  record PackCase(String name, List<Integer> existing, int desired, List<Integer> notReady, List<Integer> creates,
      Map<String, Integer> updates, List<String> deletes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<PackCase> packing() {
    return Stream.of(
        new PackCase("first sync, 3 pods: one slice", List.of(), 3, List.of(), List.of(3), Map.of(), List.of()),
        new PackCase("250 pods: slices of at most 100", List.of(), 250, List.of(), List.of(100, 100, 50), Map.of(), List.of()),
        new PackCase("no pods: a placeholder", List.of(), 0, List.of(), List.of(0), Map.of(), List.of()),
        new PackCase("nothing changed: nothing written", List.of(3), 3, List.of(), List.of(), Map.of(), List.of()),
        new PackCase("a pod gone: its slice updated", List.of(3), 2, List.of(), List.of(), Map.of("s0", 2), List.of()),
        new PackCase("a readiness change: the slice updated", List.of(3), 3, List.of(1), List.of(), Map.of("s0", 3), List.of()),
        new PackCase("every pod gone: the slice becomes the placeholder, same name", List.of(3), 0, List.of(), List.of(),
            Map.of("s0", 0), List.of()),
        new PackCase("a slice emptied among others is deleted", List.of(100, 3), 100, List.of(), List.of(), Map.of(), List.of("s1")),
        new PackCase("a new pod goes to the slice being updated anyway", List.of(50, 50), 101, List.of(0), List.of(),
            Map.of("s0", 51), List.of()),
        new PackCase("new pods go into the unchanged slice closest to full", List.of(90, 95), 189, List.of(), List.of(),
            Map.of("s1", 99), List.of()),
        new PackCase("too many new pods for any slice: a new slice", List.of(98), 108, List.of(), List.of(10), Map.of(), List.of()),
        new PackCase("worked example: update fills to 100, the rest in a new slice", List.of(98), 103, List.of(5), List.of(3),
            Map.of("s0", 100), List.of()));
  }

  @ParameterizedTest
  @MethodSource("packing")
  void slicesArePackedAsUpstreamDoes(PackCase c) {
    List<Pod> all = readyPods(300);
    List<EndpointSlice> existing = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < c.existing().size(); i++) {
      existing.add(stored(slice(WEB, "s" + i, all.subList(next, next + c.existing().get(i)).toArray(Pod[]::new))));
      next += c.existing().get(i);
    }
    List<Pod> desired = new ArrayList<>(all.subList(0, c.desired()));
    for (int i : c.notReady()) {
      desired.set(i, new PodBuilder(desired.get(i)).editStatus().editFirstCondition().withStatus("False").endCondition().endStatus().build());
    }
    List<EndpointAction> plan = reconciler.reconcile(WEB, desired, existing, null);

    assertThat(creates(plan)).as("%s: sizes of the slices created", c.name()).extracting(s -> s.getEndpoints().size())
        .containsExactlyElementsOf(c.creates());
    assertThat(plan.stream().filter(a -> a instanceof EndpointAction.UpdateSlice).map(a -> ((EndpointAction.UpdateSlice) a).slice())
        .collect(java.util.stream.Collectors.toMap(s -> s.getMetadata().getName(), s -> s.getEndpoints().size())))
        .as("%s: the slices updated, with their sizes", c.name()).isEqualTo(c.updates());
    assertThat(plan.stream().filter(a -> a instanceof EndpointAction.DeleteSlice).map(a -> ((EndpointAction.DeleteSlice) a).slice().getMetadata().getName()))
        .as("%s: the slices deleted", c.name()).containsExactlyElementsOf(c.deletes());
    // every wanted pod exactly once, over the slices that remain
    List<String> published = new ArrayList<>();
    java.util.Set<String> written = new java.util.HashSet<>();
    for (EndpointAction a : plan) {
      switch (a) {
        case EndpointAction.CreateSlice x -> published.addAll(addresses(x.slice()));
        case EndpointAction.UpdateSlice x -> {
          published.addAll(addresses(x.slice()));
          written.add(x.slice().getMetadata().getName());
        }
        case EndpointAction.DeleteSlice x -> written.add(x.slice().getMetadata().getName());
        default -> { }
      }
    }
    existing.stream().filter(s -> !written.contains(s.getMetadata().getName())).forEach(s -> published.addAll(addresses(s)));
    assertThat(published).as("%s: every wanted pod published once", c.name()).containsExactlyInAnyOrderElementsOf(
        desired.stream().map(p -> p.getStatus().getPodIP()).toList());
    plan.stream().filter(a -> a instanceof EndpointAction.UpdateSlice || a instanceof EndpointAction.CreateSlice)
        .forEach(a -> assertThat(a instanceof EndpointAction.UpdateSlice u ? u.slice().getEndpoints().size()
            : ((EndpointAction.CreateSlice) a).slice().getEndpoints().size()).isLessThanOrEqualTo(100));
  }

  @Test
  void theFirstRealSliceReplacesThePlaceholderUnderItsName() {
    EndpointSlice placeholder = stored(EndpointSliceReconciler.newSlice(WEB, List.of(), "IPv4"), "web-xyz12");
    assertThat(reconciler.reconcile(WEB, List.of(), List.of(placeholder), null)).as("a placeholder is kept as is").isEmpty();
    List<EndpointAction> plan = reconciler.reconcile(WEB, List.of(ready("a", "127.1.0.5")), List.of(placeholder), null);
    assertThat(plan).singleElement().isInstanceOf(EndpointAction.UpdateSlice.class);
    EndpointSlice s = ((EndpointAction.UpdateSlice) plan.getFirst()).slice();
    assertThat(s.getMetadata().getName()).isEqualTo("web-xyz12");
    assertThat(s.getMetadata().getResourceVersion()).as("guarded by the old slice's version").isEqualTo("7");
    assertThat(s.getPorts()).extracting(p -> p.getPort()).containsExactly(8080);
    assertThat(addresses(s)).containsExactly("127.1.0.5");
  }

  @Test
  void serviceLabelChangesAreCopiedWithoutEndpointChurn() {
    EndpointSlice old = stored(slice(WEB, "web-abcde", ready("a", "127.1.0.5")));
    Service relabelled = new ServiceBuilder(WEB).editMetadata().withLabels(Map.of("tier", "back")).endMetadata().build();
    List<EndpointAction> plan = reconciler.reconcile(relabelled, List.of(ready("a", "127.1.0.5")), List.of(old), null);
    EndpointSlice s = ((EndpointAction.UpdateSlice) plan.getFirst()).slice();
    assertThat(s.getMetadata().getLabels()).containsEntry("tier", "back").containsEntry("kubernetes.io/service-name", "web");
    assertThat(s.getEndpoints()).isEqualTo(old.getEndpoints());
  }

  @Test
  void slicesOfAnotherServiceInstanceAreReplaced() {
    Service recreated = new ServiceBuilder(WEB).editMetadata().withUid("svc-uid-new").endMetadata().build();
    EndpointSlice old = stored(slice(WEB, "web-abcde", ready("a", "127.1.0.5")));
    List<EndpointAction> plan = reconciler.reconcile(recreated, List.of(ready("a", "127.1.0.5")), List.of(old), null);
    assertThat(creates(plan)).singleElement().satisfies(s ->
        assertThat(s.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo("svc-uid-new"));
    assertThat(plan).contains(new EndpointAction.DeleteSlice(old));
  }

  // ---- helpers ----

  static EndpointSlice slice(Service svc, String name, Pod... pods) {
    EndpointSlice s = EndpointSliceReconciler.newSlice(svc, EndpointSliceReconciler.endpointPorts(svc, pods.length == 0
        ? ready("x", "127.1.0.1") : pods[0]), "IPv4");
    s.getMetadata().setName(name);
    for (Pod p : pods) {
      s.getEndpoints().add(EndpointSliceReconciler.toEndpoint(p, svc, "IPv4"));
    }
    return s;
  }

  static EndpointSlice stored(EndpointSlice s) {
    return stored(s, s.getMetadata().getName());
  }

  static EndpointSlice stored(EndpointSlice s, String name) {
    s.getMetadata().setName(name);
    s.getMetadata().setUid("uid-" + name);
    s.getMetadata().setResourceVersion("7");
    return s;
  }

  static List<EndpointSlice> creates(List<EndpointAction> plan) {
    return plan.stream().filter(a -> a instanceof EndpointAction.CreateSlice).map(a -> ((EndpointAction.CreateSlice) a).slice()).toList();
  }

  static List<String> addresses(EndpointSlice s) {
    return s.getEndpoints().stream().map(e -> e.getAddresses().getFirst()).toList();
  }
}
