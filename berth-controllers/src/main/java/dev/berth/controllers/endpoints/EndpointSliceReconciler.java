package dev.berth.controllers.endpoints;

import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The EndpointSlice controller's algorithm ({@code spec/services-dns.md} §2.2–§2.6, upstream
 * {@code endpointslice/reconciler.go}): from a service, the pods in its namespace and the slices
 * this controller already manages for it, the slices to create, update and delete. Pure: it reads
 * its arguments, never changes them, and returns new objects.
 *
 * <p>Per address type (berth: {@code IPv4}), pods are grouped by their resolved port list (the
 * "port map"); each group gets its own slices of at most {@code maxEndpointsPerSlice} endpoints.
 * The aim, as upstream, is to touch as few slices as possible, not an optimal layout:
 *
 * <ol>
 *   <li>existing slices keep the endpoints still wanted (replaced when a field changed) and lose
 *       the rest; a slice left empty is deleted, a changed one updated;
 *   <li>remaining endpoints go into the slices already being updated, fullest first;
 *   <li>if some remain and fewer than the maximum, they go into the one unchanged slice that ends
 *       up closest to full; otherwise into new slices;
 *   <li>slices of port maps no longer wanted are deleted; a service without any endpoint keeps one
 *       placeholder slice ({@code ports: [], endpoints: []});
 *   <li>finally a slice to create and one to delete of the same address type become one update of
 *       the old slice, so names stay stable (the placeholder turns into the first real slice).
 * </ol>
 *
 * <p>Worked example, maximum 100: a slice holds 98 endpoints, one of them changed its readiness,
 * and 5 pods are new. Step 1 marks it for update (98 kept, one replaced); step 2 fills it to 100;
 * the 3 left over go into a new slice, because no unchanged slice exists.
 */
public final class EndpointSliceReconciler {
  public static final int DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

  private final int maxEndpointsPerSlice;

  public EndpointSliceReconciler() {
    this(DEFAULT_MAX_ENDPOINTS_PER_SLICE);
  }

  public EndpointSliceReconciler(int maxEndpointsPerSlice) {
    if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
      throw new IllegalArgumentException("maxEndpointsPerSlice must be in 1..1000: " + maxEndpointsPerSlice);
    }
    this.maxEndpointsPerSlice = maxEndpointsPerSlice;
  }

  /**
   * @param pods the pods the service selects, in any order (others are ignored)
   * @param existing the slices labelled with the service's name and managed by this controller
   * @param triggerTime the earliest change this pass reflects, written into the
   *     {@code last-change-trigger-time} annotation of every slice created or updated; null removes
   *     the annotation from them
   * @return creates, then updates, then deletes; empty when nothing changed. A service without a
   *     selector (or of type ExternalName) gets all of this controller's slices deleted.
   */
  public List<EndpointAction> reconcile(Service service, List<Pod> pods, List<EndpointSlice> existing, Instant triggerTime) {
    List<EndpointSlice> create = new ArrayList<>();
    List<EndpointSlice> update = new ArrayList<>();
    List<EndpointSlice> delete = new ArrayList<>();
    List<EndpointSlice> sorted = existing.stream().sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
    if (!ServiceEndpoints.hasSelector(service)) {
      return actions(List.of(), List.of(), sorted);
    }
    List<String> types = ServiceEndpoints.addressTypes(service);
    Map<String, List<EndpointSlice>> byType = new LinkedHashMap<>();
    for (EndpointSlice s : sorted) {
      if (types.contains(s.getAddressType())) {
        byType.computeIfAbsent(s.getAddressType(), t -> new ArrayList<>()).add(s);
      } else {
        delete.add(s);
      }
    }
    List<Pod> byName = pods.stream().filter(p -> ServiceEndpoints.selects(service, p))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    for (String type : types) {
      reconcileByAddressType(service, byName, byType.getOrDefault(type, List.of()), type, create, update, delete);
    }
    return finish(service, create, update, delete, triggerTime);
  }

  private void reconcileByAddressType(Service service, List<Pod> pods, List<EndpointSlice> existing, String addressType,
      List<EndpointSlice> create, List<EndpointSlice> update, List<EndpointSlice> delete) {
    List<EndpointSlice> toCreate = new ArrayList<>();
    List<EndpointSlice> toUpdate = new ArrayList<>();
    List<EndpointSlice> toDelete = new ArrayList<>();
    Map<String, List<EndpointSlice>> existingByPortMap = new LinkedHashMap<>();
    for (EndpointSlice s : existing) {
      if (ownedBy(s, service)) {
        existingByPortMap.computeIfAbsent(portMapKey(s.getPorts()), k -> new ArrayList<>()).add(s);
      } else {
        toDelete.add(s);
      }
    }
    Map<String, List<EndpointPort>> desiredPorts = new LinkedHashMap<>();
    Map<String, LinkedHashMap<EndpointKey, Endpoint>> desired = new LinkedHashMap<>();
    for (Pod pod : pods) {
      if (!ServiceEndpoints.shouldPodBeInEndpoints(pod, true)) {
        continue;
      }
      List<EndpointPort> ports = endpointPorts(service, pod);
      String key = portMapKey(ports);
      desiredPorts.putIfAbsent(key, ports);
      LinkedHashMap<EndpointKey, Endpoint> set = desired.computeIfAbsent(key, k -> new LinkedHashMap<>());
      Endpoint e = toEndpoint(pod, service, addressType);
      if (e != null) {
        set.putIfAbsent(EndpointKey.of(e), e);
      }
    }
    for (Map.Entry<String, LinkedHashMap<EndpointKey, Endpoint>> d : desired.entrySet()) {
      reconcileByPortMap(service, existingByPortMap.getOrDefault(d.getKey(), List.of()), d.getValue(),
          desiredPorts.get(d.getKey()), addressType, toCreate, toUpdate, toDelete);
    }
    for (Map.Entry<String, List<EndpointSlice>> e : existingByPortMap.entrySet()) {
      if (!desired.containsKey(e.getKey())) {
        toDelete.addAll(e.getValue());
      }
    }
    if (existing.size() == toDelete.size() && toCreate.isEmpty()) {
      EndpointSlice placeholder = newSlice(service, List.of(), addressType);
      if (toDelete.size() == 1 && isPlaceholder(toDelete.get(0), placeholder, service)) {
        toDelete.clear();
      } else {
        toCreate.add(placeholder);
      }
    }
    create.addAll(toCreate);
    update.addAll(toUpdate);
    delete.addAll(toDelete);
  }

  private void reconcileByPortMap(Service service, List<EndpointSlice> existing, LinkedHashMap<EndpointKey, Endpoint> desired,
      List<EndpointPort> ports, String addressType, List<EndpointSlice> create, List<EndpointSlice> update,
      List<EndpointSlice> delete) {
    Map<String, String> labels = sliceLabels(service);
    Map<String, EndpointSlice> byName = new LinkedHashMap<>();
    Set<String> unchanged = new LinkedHashSet<>();
    Set<String> toUpdate = new LinkedHashSet<>();
    Set<String> toDelete = new LinkedHashSet<>();

    // 1. keep what is still wanted, replace what changed, drop the rest
    for (EndpointSlice s : existing) {
      String name = s.getMetadata().getName();
      byName.put(name, s);
      List<Endpoint> current = list(s.getEndpoints());
      List<Endpoint> kept = new ArrayList<>();
      boolean changed = false;
      for (Endpoint e : current) {
        Endpoint want = desired.remove(EndpointKey.of(e));
        if (want != null) {
          kept.add(want);
          changed |= !equalBeyondIdentity(want, e);
        }
      }
      boolean labelsChanged = !labels.equals(s.getMetadata().getLabels() == null ? Map.of() : s.getMetadata().getLabels());
      if (changed || kept.size() != current.size()) {
        if (kept.isEmpty()) {
          toDelete.add(name);
        } else {
          EndpointSlice copy = copy(s);
          copy.setEndpoints(kept);
          copy.getMetadata().setLabels(new LinkedHashMap<>(labels));
          byName.put(name, copy);
          toUpdate.add(name);
        }
      } else if (labelsChanged) {
        EndpointSlice copy = copy(s);
        copy.getMetadata().setLabels(new LinkedHashMap<>(labels));
        byName.put(name, copy);
        toUpdate.add(name);
      } else {
        unchanged.add(name);
      }
    }

    // 2. fill the slices being updated anyway, fullest first
    if (!desired.isEmpty() && !toUpdate.isEmpty()) {
      List<EndpointSlice> fullestFirst = toUpdate.stream().map(byName::get)
          .sorted(Comparator.comparingInt((EndpointSlice s) -> s.getEndpoints().size()).reversed()
              .thenComparing(s -> s.getMetadata().getName()))
          .toList();
      for (EndpointSlice s : fullestFirst) {
        fill(s, desired);
      }
    }

    // 3. the rest into the unchanged slice closest to full, or into new slices
    while (!desired.isEmpty()) {
      EndpointSlice target = null;
      if (desired.size() < maxEndpointsPerSlice && !unchanged.isEmpty()) {
        target = sliceToFill(unchanged.stream().map(byName::get).toList(), desired.size());
      }
      if (target == null) {
        target = newSlice(service, ports, addressType);
      } else {
        target = copy(target);
        byName.put(target.getMetadata().getName(), target);
      }
      fill(target, desired);
      String name = target.getMetadata().getName();
      if (name != null && !name.isEmpty()) {
        toUpdate.add(name);
        unchanged.remove(name);
      } else {
        create.add(target);
      }
    }
    toUpdate.forEach(n -> update.add(byName.get(n)));
    toDelete.forEach(n -> delete.add(byName.get(n)));
  }

  private void fill(EndpointSlice slice, LinkedHashMap<EndpointKey, Endpoint> desired) {
    Iterator<Endpoint> it = desired.values().iterator();
    while (it.hasNext() && slice.getEndpoints().size() < maxEndpointsPerSlice) {
      slice.getEndpoints().add(it.next());
      it.remove();
    }
  }

  /**
   * Upstream {@code getSliceToFill}: the slice that ends up closest to full after taking {@code
   * count} endpoints, or null if none has room. Slices of 90 and 95 with 4 to place, maximum 100:
   * 95 (1 left free) wins over 90 (6 free).
   */
  private EndpointSlice sliceToFill(List<EndpointSlice> slices, int count) {
    int closest = maxEndpointsPerSlice;
    EndpointSlice best = null;
    for (EndpointSlice s : slices) {
      int diff = maxEndpointsPerSlice - (count + list(s.getEndpoints()).size());
      if (diff >= 0 && diff < closest) {
        closest = diff;
        best = s;
        if (diff == 0) {
          break;
        }
      }
    }
    return best;
  }

  /**
   * Upstream {@code finalize}: pair each slice to create with one to delete of the same address
   * type owned by the service, turning the pair into an update of the old name; no creates while the
   * service is being deleted; the trigger time on everything written.
   */
  private List<EndpointAction> finish(Service service, List<EndpointSlice> create, List<EndpointSlice> update,
      List<EndpointSlice> delete, Instant triggerTime) {
    for (int i = 0; i < delete.size() && !create.isEmpty(); ) {
      EndpointSlice old = delete.get(i);
      EndpointSlice fresh = create.getLast();
      if (Objects.equals(old.getAddressType(), fresh.getAddressType()) && ownedBy(old, service)) {
        fresh.getMetadata().setName(old.getMetadata().getName());
        fresh.getMetadata().setUid(old.getMetadata().getUid());
        fresh.getMetadata().setResourceVersion(old.getMetadata().getResourceVersion());
        fresh.getMetadata().setGenerateName(old.getMetadata().getGenerateName());
        create.removeLast();
        update.add(fresh);
        delete.remove(i);
      } else {
        i++;
      }
    }
    if (service.getMetadata().getDeletionTimestamp() != null) {
      create.clear();
    }
    for (EndpointSlice s : create) {
      setTriggerTime(s, triggerTime);
    }
    for (EndpointSlice s : update) {
      setTriggerTime(s, triggerTime);
    }
    return actions(create, update, delete);
  }

  private static List<EndpointAction> actions(List<EndpointSlice> create, List<EndpointSlice> update, List<EndpointSlice> delete) {
    List<EndpointAction> actions = new ArrayList<>();
    create.forEach(s -> actions.add(new EndpointAction.CreateSlice(s)));
    update.forEach(s -> actions.add(new EndpointAction.UpdateSlice(s)));
    delete.forEach(s -> actions.add(new EndpointAction.DeleteSlice(s)));
    return actions;
  }

  private static void setTriggerTime(EndpointSlice slice, Instant triggerTime) {
    Map<String, String> a = slice.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
        : new LinkedHashMap<>(slice.getMetadata().getAnnotations());
    if (triggerTime != null) {
      a.put(ServiceEndpoints.TRIGGER_TIME_ANNOTATION, ServiceEndpoints.formatRfc3339Nano(triggerTime));
    } else {
      a.remove(ServiceEndpoints.TRIGGER_TIME_ANNOTATION);
    }
    slice.getMetadata().setAnnotations(a);
  }

  /**
   * The endpoint of one pod for one address type (§2.2, §2.4), or null when the pod has no IP of
   * that type. {@code serving} is the pod's readiness, {@code terminating} its deletion, and {@code
   * ready} is {@code serving && !terminating} unless the service publishes not-ready addresses.
   */
  public static Endpoint toEndpoint(Pod pod, Service service, String addressType) {
    String ip = ServiceEndpoints.podIp(pod, addressType);
    if (ip == null) {
      return null;
    }
    boolean serving = ServiceEndpoints.isPodReady(pod);
    boolean terminating = ServiceEndpoints.isTerminating(pod);
    boolean ready = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses()) || (serving && !terminating);
    EndpointBuilder b = new EndpointBuilder().withAddresses(ip)
        .withNewConditions().withReady(ready).withServing(serving).withTerminating(terminating).endConditions()
        .withTargetRef(new ObjectReferenceBuilder().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
    String node = pod.getSpec().getNodeName();
    if (node != null && !node.isEmpty()) {
      b.withNodeName(node);
    }
    if (ServiceEndpoints.shouldSetHostname(pod, service)) {
      b.withHostname(pod.getSpec().getHostname());
    }
    return b.build();
  }

  /**
   * One EndpointPort per service port that resolves on this pod (§2.3), in the service's order:
   * {@code name} ("" when unnamed), the resolved {@code port}, {@code protocol}, {@code
   * appProtocol}. A headless service without ports gets an empty list.
   */
  public static List<EndpointPort> endpointPorts(Service service, Pod pod) {
    List<EndpointPort> ports = new ArrayList<>();
    for (ServicePort sp : ServiceEndpoints.ports(service)) {
      OptionalInt port = ServiceEndpoints.findPort(pod, sp);
      if (port.isPresent()) {
        ports.add(new EndpointPortBuilder().withName(sp.getName() == null ? "" : sp.getName()).withPort(port.getAsInt())
            .withProtocol(ServiceEndpoints.protocol(sp.getProtocol())).withAppProtocol(sp.getAppProtocol()).build());
      }
    }
    return ports;
  }

  /** The order-insensitive identity of a port list: pods with equal keys share slices. */
  static String portMapKey(List<EndpointPort> ports) {
    return list(ports).stream()
        .map(p -> Objects.toString(p.getName(), "") + "/" + ServiceEndpoints.protocol(p.getProtocol()) + "/" + p.getPort()
            + "/" + Objects.toString(p.getAppProtocol(), ""))
        .sorted().toList().toString();
  }

  /**
   * A slice's labels (§2.5): the service's, except the three reserved keys, then {@code
   * kubernetes.io/service-name}, {@code endpointslice.kubernetes.io/managed-by} and, for a service
   * without a ClusterIP, {@code service.kubernetes.io/headless: ""}.
   */
  public static Map<String, String> sliceLabels(Service service) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (service.getMetadata().getLabels() != null) {
      service.getMetadata().getLabels().forEach((k, v) -> {
        if (!isReservedLabel(k)) {
          labels.put(k, v);
        }
      });
    }
    if (!ServiceEndpoints.isServiceIpSet(service)) {
      labels.put(ServiceEndpoints.HEADLESS_LABEL, "");
    }
    labels.put(ServiceEndpoints.SERVICE_NAME_LABEL, service.getMetadata().getName());
    labels.put(ServiceEndpoints.MANAGED_BY_LABEL, ServiceEndpoints.CONTROLLER_NAME);
    return labels;
  }

  private static boolean isReservedLabel(String key) {
    return key.equals(ServiceEndpoints.SERVICE_NAME_LABEL) || key.equals(ServiceEndpoints.MANAGED_BY_LABEL)
        || key.equals(ServiceEndpoints.HEADLESS_LABEL);
  }

  /** A new, unnamed slice ({@code generateName: <service>-}) owned by the service. */
  static EndpointSlice newSlice(Service service, List<EndpointPort> ports, String addressType) {
    OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("v1").withKind("Service")
        .withName(service.getMetadata().getName()).withUid(service.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
    List<EndpointPort> copies = new ArrayList<>();
    for (EndpointPort p : ports) {
      copies.add(new EndpointPortBuilder(p).build());
    }
    return new EndpointSliceBuilder().withNewMetadata().withGenerateName(service.getMetadata().getName() + "-")
        .withNamespace(service.getMetadata().getNamespace()).withLabels(sliceLabels(service))
        .withOwnerReferences(owner).endMetadata()
        .withAddressType(addressType).withPorts(copies).withEndpoints(new ArrayList<>()).build();
  }

  static boolean ownedBy(EndpointSlice slice, Service service) {
    for (OwnerReference o : list(slice.getMetadata().getOwnerReferences())) {
      if (Objects.equals(o.getUid(), service.getMetadata().getUid()) && "Service".equals(o.getKind())
          && "v1".equals(o.getApiVersion())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPlaceholder(EndpointSlice existing, EndpointSlice placeholder, Service service) {
    return ownedBy(existing, service) && Objects.equals(existing.getAddressType(), placeholder.getAddressType())
        && list(existing.getPorts()).isEmpty() && list(existing.getEndpoints()).isEmpty()
        && placeholder.getMetadata().getLabels().equals(existing.getMetadata().getLabels() == null ? Map.of()
            : existing.getMetadata().getLabels());
  }

  /**
   * Upstream {@code EndpointsEqualBeyondHash}: the fields outside an endpoint's identity
   * (conditions, zone, node, hints, target reference without its resourceVersion) are equal.
   */
  static boolean equalBeyondIdentity(Endpoint a, Endpoint b) {
    return Objects.equals(ready(a), ready(b)) && Objects.equals(serving(a), serving(b))
        && Objects.equals(terminating(a), terminating(b))
        && Objects.equals(a.getZone(), b.getZone()) && Objects.equals(a.getNodeName(), b.getNodeName())
        && Objects.equals(a.getHints(), b.getHints()) && sameTarget(a.getTargetRef(), b.getTargetRef());
  }

  private static Boolean ready(Endpoint e) {
    return e.getConditions() == null ? null : e.getConditions().getReady();
  }

  private static Boolean serving(Endpoint e) {
    return e.getConditions() == null ? null : e.getConditions().getServing();
  }

  private static Boolean terminating(Endpoint e) {
    return e.getConditions() == null ? null : e.getConditions().getTerminating();
  }

  private static boolean sameTarget(ObjectReference a, ObjectReference b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(a.getKind(), b.getKind()) && Objects.equals(a.getNamespace(), b.getNamespace())
        && Objects.equals(a.getName(), b.getName()) && Objects.equals(a.getUid(), b.getUid())
        && Objects.equals(a.getApiVersion(), b.getApiVersion()) && Objects.equals(a.getFieldPath(), b.getFieldPath());
  }

  private static EndpointSlice copy(EndpointSlice s) {
    EndpointSlice c = Json.toTyped(Json.toTree(s), EndpointSlice.class);
    c.setEndpoints(new ArrayList<>(list(c.getEndpoints())));
    return c;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  /**
   * Upstream's endpoint hash: what makes two endpoints "the same endpoint" (sorted addresses,
   * hostname, target namespace and name); everything else is compared by
   * {@link #equalBeyondIdentity}.
   */
  record EndpointKey(List<String> addresses, String hostname, String namespace, String name) {
    static EndpointKey of(Endpoint e) {
      ObjectReference ref = e.getTargetRef();
      return new EndpointKey(list(e.getAddresses()).stream().sorted().toList(), Objects.toString(e.getHostname(), ""),
          ref == null ? "" : Objects.toString(ref.getNamespace(), ""), ref == null ? "" : Objects.toString(ref.getName(), ""));
    }
  }
}
