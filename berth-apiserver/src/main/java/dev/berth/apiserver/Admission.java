package dev.berth.apiserver;

import dev.berth.api.ApiException;
import dev.berth.api.FieldError;
import dev.berth.api.ResourceType;
import dev.berth.api.validation.GoSyntax;
import dev.berth.store.Store;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the kube-apiserver decides from cluster state rather than from the object alone: ClusterIP
 * and NodePort allocation, the default StorageClass of a claim, the protection finalizers of claims
 * and volumes, and the namespace lifecycle check
 * ({@code spec/api-server.md} §7.2, §7.4; {@code spec/services-dns.md}). Runs on the JSON form
 * after defaulting, before validation.
 *
 * <p>Allocation is serialised by one lock, but an address is only taken once the Service is in the
 * store, and the store write comes after validation, outside the lock. So each choice is held as a
 * {@link Reservation} until the caller has written (or given up): other writes treat reserved
 * addresses and ports as taken, as upstream's allocator holds them in its bitmap. Without it, two
 * Services created at the same time both got the first free ClusterIP.
 */
final class Admission {
  static final int NODE_PORT_MIN = 30000;
  static final int NODE_PORT_MAX = 32767;
  static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";
  static final String PV_PROTECTION = "kubernetes.io/pv-protection";

  private final Store store;
  private final IpRange serviceRange;
  /** ClusterIPs and nodePorts chosen by writes that have not reached the store yet. Guarded by {@code this}. */
  private final Map<String, Reservation> pendingIps = new HashMap<>();
  private final Map<Integer, Reservation> pendingPorts = new HashMap<>();

  /**
   * What one write chose; close it once the object is stored or the write failed (the store then
   * answers for the addresses). {@link #NONE} for writes that allocate nothing.
   */
  static final class Reservation implements AutoCloseable {
    static final Reservation NONE = new Reservation(null, "");

    private final Admission admission;
    private final String ownerUid;
    private final Set<String> ips = new HashSet<>();
    private final Set<Integer> ports = new HashSet<>();

    private Reservation(Admission admission, String ownerUid) {
      this.admission = admission;
      this.ownerUid = ownerUid;
    }

    @Override
    public void close() {
      if (admission == null) {
        return;
      }
      synchronized (admission) {
        ips.forEach(ip -> admission.pendingIps.remove(ip, this));
        ports.forEach(p -> admission.pendingPorts.remove(p, this));
      }
    }
  }

  Admission(Store store, IpRange serviceRange) {
    this.store = store;
    this.serviceRange = serviceRange;
  }

  IpRange serviceRange() {
    return serviceRange;
  }

  /**
   * Rejects creates in a namespace that does not exist (404) or is terminating (403), as the
   * NamespaceLifecycle admission plugin does.
   */
  void checkNamespace(ResourceType t, String namespace, String name) {
    if (!t.namespaced()) {
      return;
    }
    ObjectNode ns = store.get("namespaces", "", namespace).orElse(null);
    if (ns == null) {
      throw ApiException.notFound("", "namespaces", namespace);
    }
    if (ObjectMetas.hasDeletionTimestamp(ns)) {
      throw ApiException.forbidden(t, name, "unable to create new content in namespace " + namespace + " because it is being terminated");
    }
  }

  /**
   * Cluster defaults on create. {@code obj} is the defaulted JSON object with its uid, changed in
   * place. Close the result after the store write.
   */
  synchronized Reservation admitCreate(ResourceType t, ObjectNode obj) {
    switch (t.storageKey()) {
      case "services" -> {
        return allocateService(obj, null);
      }
      case "persistentvolumeclaims" -> {
        defaultStorageClass(obj);
        addFinalizer(obj, PVC_PROTECTION);
      }
      case "persistentvolumes" -> addFinalizer(obj, PV_PROTECTION);
      default -> {}
    }
    return Reservation.NONE;
  }

  /**
   * Cluster defaults on update: a Service keeps its allocations when the update omits them. Close
   * the result after the store write.
   */
  synchronized Reservation admitUpdate(ResourceType t, ObjectNode obj, ObjectNode old) {
    if (t.storageKey().equals("services")) {
      return allocateService(obj, old);
    }
    return Reservation.NONE;
  }

  /**
   * The StorageObjectInUseProtection admission plugin: every new claim and volume carries its
   * protection finalizer, which the volume protection controllers remove once nothing uses it.
   */
  private static void addFinalizer(ObjectNode obj, String finalizer) {
    List<String> finalizers = new java.util.ArrayList<>(ObjectMetas.finalizers(obj));
    if (!finalizers.contains(finalizer)) {
      finalizers.add(finalizer);
      ObjectMetas.setFinalizers(obj, finalizers);
    }
  }

  private void defaultStorageClass(ObjectNode pvc) {
    ObjectNode spec = (ObjectNode) pvc.path("spec");
    if (spec.isMissingNode() || spec.has("storageClassName")) {
      return;
    }
    for (ObjectNode sc : store.list("storage.k8s.io/storageclasses", null).items()) {
      if ("true".equals(sc.path("metadata").path("annotations").path("storageclass.kubernetes.io/is-default-class").asString(""))) {
        spec.put("storageClassName", ObjectMetas.name(sc));
        return;
      }
    }
  }

  private Reservation allocateService(ObjectNode svc, ObjectNode old) {
    Reservation reservation = new Reservation(this, ObjectMetas.uid(svc));
    if (!(svc.get("spec") instanceof ObjectNode spec)) {
      return reservation;
    }
    String type = spec.path("type").asString("ClusterIP");
    String name = ObjectMetas.name(svc);
    if (type.equals("ExternalName")) {
      spec.remove("clusterIP");
      spec.remove("clusterIPs");
      spec.remove("ipFamilies");
      spec.remove("ipFamilyPolicy");
      return reservation;
    }
    String ip = spec.path("clusterIP").asString("");
    JsonNode oldSpec = old == null ? null : old.path("spec");
    if (ip.isEmpty() && spec.path("clusterIPs").size() > 0) {
      ip = spec.path("clusterIPs").get(0).asString("");
    }
    if (ip.isEmpty() && oldSpec != null && !oldSpec.path("clusterIP").asString("").isEmpty()
        && !oldSpec.path("type").asString("").equals("ExternalName")) {
      ip = oldSpec.path("clusterIP").asString();
    }
    Set<String> used = new HashSet<>();
    Set<Integer> usedPorts = new HashSet<>();
    for (ObjectNode s : store.list("services", null).items()) {
      if (old != null && ObjectMetas.uid(s).equals(ObjectMetas.uid(old))) {
        continue;
      }
      String other = s.path("spec").path("clusterIP").asString("");
      if (!other.isEmpty()) {
        used.add(other);
      }
      for (JsonNode p : s.path("spec").path("ports")) {
        if (p.has("nodePort")) {
          usedPorts.add(p.path("nodePort").asInt());
        }
      }
    }
    // what other writes chose and have not stored yet; a concurrent write of this same Service may share
    pendingIps.forEach((address, r) -> {
      if (!r.ownerUid.equals(reservation.ownerUid)) {
        used.add(address);
      }
    });
    pendingPorts.forEach((port, r) -> {
      if (!r.ownerUid.equals(reservation.ownerUid)) {
        usedPorts.add(port);
      }
    });
    if (ip.isEmpty()) {
      ip = nextFreeIp(used);
    } else if (!ip.equals("None")) {
      boolean unchanged = oldSpec != null && ip.equals(oldSpec.path("clusterIP").asString(""));
      if (!unchanged) {
        if (!serviceRange.contains(ip)) {
          throw ApiException.invalid("", "Service", name, List.of(FieldError.invalid("spec.clusterIPs",
              GoSyntax.stringSlice(List.of(ip)), "failed to allocate IP " + ip + ": the provided IP (" + ip
                  + ") is not in the valid range. The range of valid IPs is " + serviceRange)));
        }
        if (used.contains(ip)) {
          throw ApiException.invalid("", "Service", name, List.of(FieldError.invalid("spec.clusterIPs",
              GoSyntax.stringSlice(List.of(ip)), "failed to allocate IP " + ip + ": provided IP is already allocated")));
        }
      }
    }
    spec.put("clusterIP", ip);
    ArrayNode ips = spec.putArray("clusterIPs");
    ips.add(ip);
    if (!ip.equals("None")) {
      reservation.ips.add(ip);
    }
    boolean needsNodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
    if (spec.get("ports") instanceof ArrayNode ports) {
      for (int i = 0; i < ports.size(); i++) {
        ObjectNode p = (ObjectNode) ports.get(i);
        if (!needsNodePorts) {
          p.remove("nodePort");
          continue;
        }
        int np = p.path("nodePort").asInt(0);
        if (np == 0 && oldSpec != null) {
          for (JsonNode op : oldSpec.path("ports")) {
            if (op.path("port").asInt() == p.path("port").asInt() && op.has("nodePort")) {
              np = op.path("nodePort").asInt();
            }
          }
        }
        if (np == 0) {
          np = nextFreePort(usedPorts);
        } else if (usedPorts.contains(np)) {
          throw ApiException.invalid("", "Service", name, List.of(FieldError.invalid("spec.ports[" + i + "].nodePort",
              np, "provided port is already allocated")));
        }
        usedPorts.add(np);
        reservation.ports.add(np);
        p.put("nodePort", np);
      }
    }
    reservation.ips.forEach(a -> pendingIps.put(a, reservation));
    reservation.ports.forEach(p -> pendingPorts.put(p, reservation));
    return reservation;
  }

  private String nextFreeIp(Set<String> used) {
    // .1 belongs to the `kubernetes` Service and .10 to kube-dns; they are requested explicitly.
    for (int i = 11; i < serviceRange.size() - 1; i++) {
      String c = serviceRange.address(i);
      if (!used.contains(c)) {
        return c;
      }
    }
    for (int i = 2; i < 10; i++) {
      String c = serviceRange.address(i);
      if (!used.contains(c)) {
        return c;
      }
    }
    throw ApiException.internal("failed to allocate a serviceIP: range is full");
  }

  private static int nextFreePort(Set<Integer> used) {
    for (int p = NODE_PORT_MIN; p <= NODE_PORT_MAX; p++) {
      if (!used.contains(p)) {
        return p;
      }
    }
    throw ApiException.internal("failed to allocate a nodePort: range is full");
  }
}
