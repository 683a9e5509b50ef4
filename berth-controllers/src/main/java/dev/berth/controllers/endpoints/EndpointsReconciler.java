package dev.berth.controllers.endpoints;

import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy Endpoints controller's algorithm ({@code spec/services-dns.md} §2.2, §2.7; upstream
 * {@code pkg/controller/endpoint}): the one {@code Endpoints} object named after a service with a
 * selector. Pure: returns the write to make, if any.
 *
 * <p>A pod contributes one address per service port it resolves ({@link ServiceEndpoints#findPort}),
 * in {@code addresses} when Ready (or when the service publishes not-ready addresses), else in
 * {@code notReadyAddresses}; terminating pods are left out unless the service publishes not-ready
 * addresses. Subsets are then repacked: addresses offering the same ports with the same readiness
 * share one subset. Two Ready pods on port 80 and a third not Ready:
 * {@code [{addresses: [a, b], notReadyAddresses: [c], ports: [80]}]}.
 *
 * <p>At most {@value #MAX_CAPACITY} addresses are kept; beyond that ready addresses win, each subset
 * is cut in proportion to its size, and {@code endpoints.kubernetes.io/over-capacity: truncated} is
 * set (and removed again once the count fits).
 */
public final class EndpointsReconciler {
  public static final int MAX_CAPACITY = 1000;
  static final String TRUNCATED = "truncated";

  private EndpointsReconciler() {}

  /**
   * @param service the service, never null (a deleted service's Endpoints: {@link #reconcileDeleted})
   * @param pods the pods the service selects, in any order (others are ignored)
   * @param current the Endpoints object named after the service, or null
   * @param triggerTime written into {@code last-change-trigger-time} when the object is written;
   *     null removes it
   * @return a create or an update, or nothing when the subsets, labels and the over-capacity
   *     annotation are already as wanted, or when the service has no selector (then the object is
   *     the user's)
   */
  public static List<EndpointAction> reconcile(Service service, List<Pod> pods, Endpoints current, Instant triggerTime) {
    if (!ServiceEndpoints.hasSelector(service)) {
      return List.of();
    }
    List<EndpointSubset> subsets = subsets(service, pods);
    boolean truncated = truncate(subsets);
    Map<String, String> labels = labels(service);
    if (current != null && sameSubsets(current.getSubsets(), subsets)
        && labels.equals(current.getMetadata().getLabels() == null ? Map.of() : current.getMetadata().getLabels())
        && truncated == annotations(current).containsKey(ServiceEndpoints.OVER_CAPACITY_ANNOTATION)) {
      return List.of();
    }
    Map<String, String> annotations = current == null ? new LinkedHashMap<>() : new LinkedHashMap<>(annotations(current));
    if (triggerTime != null) {
      annotations.put(ServiceEndpoints.TRIGGER_TIME_ANNOTATION, ServiceEndpoints.formatRfc3339Nano(triggerTime));
    } else {
      annotations.remove(ServiceEndpoints.TRIGGER_TIME_ANNOTATION);
    }
    if (truncated) {
      annotations.put(ServiceEndpoints.OVER_CAPACITY_ANNOTATION, TRUNCATED);
    } else {
      annotations.remove(ServiceEndpoints.OVER_CAPACITY_ANNOTATION);
    }
    if (current == null) {
      return List.of(new EndpointAction.CreateEndpoints(new EndpointsBuilder().withNewMetadata()
          .withName(service.getMetadata().getName()).withNamespace(service.getMetadata().getNamespace())
          .withLabels(labels).withAnnotations(annotations).endMetadata().withSubsets(subsets).build()));
    }
    Endpoints next = Json.toTyped(Json.toTree(current), Endpoints.class);
    next.getMetadata().setLabels(labels);
    next.getMetadata().setAnnotations(annotations);
    next.setSubsets(subsets);
    return List.of(new EndpointAction.UpdateEndpoints(next));
  }

  /**
   * The service is gone: its Endpoints object goes too, unless it holds a leader-election record
   * (upstream {@code checkLeftoverEndpoints}).
   */
  public static List<EndpointAction> reconcileDeleted(Endpoints current) {
    if (current == null || annotations(current).containsKey(ServiceEndpoints.LEADER_ANNOTATION)) {
      return List.of();
    }
    return List.of(new EndpointAction.DeleteEndpoints(current));
  }

  /** The service's labels, plus {@code service.kubernetes.io/headless: ""} when it has no ClusterIP. */
  static Map<String, String> labels(Service service) {
    Map<String, String> labels = service.getMetadata().getLabels() == null ? new LinkedHashMap<>()
        : new LinkedHashMap<>(service.getMetadata().getLabels());
    if (!ServiceEndpoints.isServiceIpSet(service)) {
      labels.put(ServiceEndpoints.HEADLESS_LABEL, "");
    } else {
      labels.remove(ServiceEndpoints.HEADLESS_LABEL);
    }
    return labels;
  }

  private static Map<String, String> annotations(Endpoints e) {
    return e.getMetadata().getAnnotations() == null ? Map.of() : e.getMetadata().getAnnotations();
  }

  /** The repacked, sorted subsets for the service's primary address family, before truncation. */
  public static List<EndpointSubset> subsets(Service service, List<Pod> pods) {
    boolean tolerateUnready = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
    String family = ServiceEndpoints.primaryAddressType(service);
    List<ServicePort> servicePorts = ServiceEndpoints.ports(service);
    List<Entry> entries = new ArrayList<>();
    List<Pod> sorted = pods.stream().filter(p -> ServiceEndpoints.selects(service, p))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    for (Pod pod : sorted) {
      if (!ServiceEndpoints.shouldPodBeInEndpoints(pod, tolerateUnready)) {
        continue;
      }
      String ip = ServiceEndpoints.podIp(pod, family);
      if (ip == null) {
        continue;
      }
      EndpointAddressBuilder a = new EndpointAddressBuilder().withIp(ip)
          .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
      String node = pod.getSpec().getNodeName();
      if (node != null && !node.isEmpty()) {
        a.withNodeName(node);
      }
      if (ServiceEndpoints.shouldSetHostname(pod, service)) {
        a.withHostname(pod.getSpec().getHostname());
      }
      EndpointAddress address = a.build();
      boolean ready = tolerateUnready || ServiceEndpoints.isPodReady(pod);
      if (servicePorts.isEmpty()) {
        if ("None".equals(service.getSpec().getClusterIP())) {
          entries.add(new Entry(address, Port.NONE, ready));
        }
        continue;
      }
      for (ServicePort sp : servicePorts) {
        OptionalInt n = ServiceEndpoints.findPort(pod, sp);
        if (n.isPresent()) {
          entries.add(new Entry(address, new Port(Objects.toString(sp.getName(), ""), n.getAsInt(),
              ServiceEndpoints.protocol(sp.getProtocol()), sp.getAppProtocol()), ready));
        }
      }
    }
    return repack(entries);
  }

  /** One address offering one port (or {@link Port#NONE}), ready or not. */
  record Entry(EndpointAddress address, Port port, boolean ready) {}

  /** An EndpointPort as a value; {@link #NONE} stands for a subset without ports. */
  record Port(String name, int port, String protocol, String appProtocol) {
    static final Port NONE = new Port("", -1, "", null);
  }

  private record AddressKey(String ip, String uid) {}

  /**
   * Upstream {@code RepackSubsets}: map each port to the addresses offering it (an address is not
   * ready on a port if any entry says so), then group ports by identical address sets. Addresses
   * are sorted by IP then uid, ports by name, number and protocol, subsets by their first address.
   */
  static List<EndpointSubset> repack(List<Entry> entries) {
    Map<AddressKey, EndpointAddress> addresses = new LinkedHashMap<>();
    Map<Port, TreeMap<String, Boolean>> byPort = new LinkedHashMap<>();
    Map<String, AddressKey> keysByText = new LinkedHashMap<>();
    for (Entry e : entries) {
      String uid = e.address().getTargetRef() == null ? "" : Objects.toString(e.address().getTargetRef().getUid(), "");
      AddressKey key = new AddressKey(e.address().getIp(), uid);
      addresses.putIfAbsent(key, e.address());
      String text = key.ip() + "\u0000" + key.uid();
      keysByText.put(text, key);
      byPort.computeIfAbsent(e.port(), p -> new TreeMap<>()).merge(text, e.ready(), (was, now) -> was && now);
    }
    Map<TreeMap<String, Boolean>, List<Port>> portsBySet = new LinkedHashMap<>();
    for (Map.Entry<Port, TreeMap<String, Boolean>> e : byPort.entrySet()) {
      List<Port> ports = portsBySet.computeIfAbsent(e.getValue(), s -> new ArrayList<>());
      if (!e.getKey().equals(Port.NONE)) {
        ports.add(e.getKey());
      }
    }
    List<EndpointSubset> subsets = new ArrayList<>();
    for (Map.Entry<TreeMap<String, Boolean>, List<Port>> e : portsBySet.entrySet()) {
      List<EndpointAddress> ready = new ArrayList<>();
      List<EndpointAddress> notReady = new ArrayList<>();
      e.getKey().forEach((text, isReady) -> (isReady ? ready : notReady).add(addresses.get(keysByText.get(text))));
      List<EndpointPort> ports = e.getValue().isEmpty() ? List.of() : e.getValue().stream()
          .sorted(Comparator.comparing(Port::name).thenComparingInt(Port::port).thenComparing(Port::protocol))
          .map(p -> new EndpointPortBuilder().withName(p.name()).withPort(p.port()).withProtocol(p.protocol())
              .withAppProtocol(p.appProtocol()).build())
          .toList();
      subsets.add(new EndpointSubsetBuilder().withAddresses(ready).withNotReadyAddresses(notReady)
          .withPorts(new ArrayList<>(ports)).build());
    }
    subsets.sort(Comparator.comparing(EndpointsReconciler::firstAddress).thenComparing(s -> s.getPorts().toString()));
    return subsets;
  }

  private static String firstAddress(EndpointSubset s) {
    String a = s.getAddresses().isEmpty() ? "\uffff" : s.getAddresses().getFirst().getIp();
    String n = s.getNotReadyAddresses().isEmpty() ? "\uffff" : s.getNotReadyAddresses().getFirst().getIp();
    return a.compareTo(n) <= 0 ? a : n;
  }

  /**
   * Upstream {@code truncateEndpoints}, in place: beyond {@value #MAX_CAPACITY} addresses, keep the
   * ready ones and share the remaining room among the subsets' not-ready addresses in proportion
   * (rounded up, the last subset taking what is left); with more than {@value #MAX_CAPACITY} ready
   * addresses, share the room among those and drop every not-ready one. Example: 900 ready and 200
   * not ready in two subsets of 150 and 50 → room 100: the first keeps ceil(150/200·100) = 75, the
   * second ceil(50/200·100) = 25.
   *
   * @return whether anything was cut
   */
  static boolean truncate(List<EndpointSubset> subsets) {
    int ready = 0;
    int notReady = 0;
    for (EndpointSubset s : subsets) {
      ready += s.getAddresses().size();
      notReady += s.getNotReadyAddresses().size();
    }
    if (ready + notReady <= MAX_CAPACITY) {
      return false;
    }
    boolean truncateReady = ready > MAX_CAPACITY;
    int max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - ready;
    int total = truncateReady ? ready : notReady;
    int room = max;
    for (EndpointSubset s : subsets) {
      int inSubset = truncateReady ? s.getAddresses().size() : s.getNotReadyAddresses().size();
      int take = Math.min((int) Math.ceil((double) inSubset / total * max), room);
      if (truncateReady) {
        s.setAddresses(new ArrayList<>(s.getAddresses().subList(0, Math.min(take, s.getAddresses().size()))));
        s.setNotReadyAddresses(new ArrayList<>());
        room -= s.getAddresses().size();
      } else {
        s.setNotReadyAddresses(new ArrayList<>(s.getNotReadyAddresses().subList(0, Math.min(take, s.getNotReadyAddresses().size()))));
        room -= s.getNotReadyAddresses().size();
      }
    }
    return true;
  }

  /** Equal as JSON, ignoring {@code targetRef.resourceVersion} (pod updates must not rewrite the object). */
  static boolean sameSubsets(List<EndpointSubset> current, List<EndpointSubset> desired) {
    return tree(current).equals(tree(desired));
  }

  private static JsonNode tree(List<EndpointSubset> subsets) {
    JsonNode node = Json.toTree(new EndpointsBuilder().withSubsets(subsets == null ? List.of() : subsets).build()).path("subsets");
    for (JsonNode subset : node) {
      for (String field : List.of("addresses", "notReadyAddresses")) {
        for (JsonNode a : subset.path(field)) {
          if (a.path("targetRef") instanceof ObjectNode ref) {
            ref.remove("resourceVersion");
          }
        }
      }
    }
    return node;
  }
}
