package dev.berth.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The vocabulary of the endpoints controllers ({@code spec/services-dns.md} §2): which services and
 * pods take part, a pod's readiness, per-pod port resolution ({@code FindPort}), hostnames, and
 * the well-known labels and annotations. Pure functions of API objects, which they never change.
 */
public final class ServiceEndpoints {
  /** On every EndpointSlice of a service: the service's name. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  /** Who manages an EndpointSlice. */
  public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
  /** The built-in EndpointSlice controller's {@link #MANAGED_BY_LABEL} value, reserved for it. */
  public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
  /** On the Endpoints and EndpointSlices of a service without a ClusterIP. */
  public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";
  /** RFC3339Nano, UTC: the earliest change (pod readiness, service creation) this write reflects. */
  public static final String TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";
  /** {@code truncated} on an Endpoints object that would hold more than 1000 addresses. */
  public static final String OVER_CAPACITY_ANNOTATION = "endpoints.kubernetes.io/over-capacity";
  /** client-go's leader-election record; Endpoints carrying it are never cleaned up. */
  public static final String LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

  private ServiceEndpoints() {}

  /**
   * True when the controllers derive this service's endpoints: not {@code ExternalName}, and a
   * selector. An empty selector is no selector: the API drops an empty map, as upstream's
   * {@code omitempty} does, so {@code selector: {}} arrives as none.
   */
  public static boolean hasSelector(Service service) {
    if (service.getSpec() == null || "ExternalName".equals(service.getSpec().getType())) {
      return false;
    }
    Map<String, String> selector = service.getSpec().getSelector();
    return selector != null && !selector.isEmpty();
  }

  /** Upstream {@code IsServiceIPSet}: a ClusterIP that is neither empty nor {@code None}. */
  public static boolean isServiceIpSet(Service service) {
    String ip = service.getSpec() == null ? null : service.getSpec().getClusterIP();
    return ip != null && !ip.isEmpty() && !"None".equals(ip);
  }

  public static boolean isHeadlessWithoutPorts(Service service) {
    return ports(service).isEmpty() && "None".equals(service.getSpec().getClusterIP());
  }

  /** True when the pod is in the service's namespace and its labels contain the whole selector. */
  public static boolean selects(Service service, Pod pod) {
    if (!hasSelector(service) || !Objects.equals(service.getMetadata().getNamespace(), pod.getMetadata().getNamespace())) {
      return false;
    }
    return selectorMatches(service.getSpec().getSelector(), pod.getMetadata().getLabels());
  }

  static boolean selectorMatches(Map<String, String> selector, Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(l.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Upstream {@code ShouldPodBeInEndpoints}: not in a terminal phase, has an IP, and (unless
   * {@code includeTerminating}) not being deleted. The EndpointSlice controller always includes
   * terminating pods; the Endpoints controller only under {@code publishNotReadyAddresses}.
   */
  public static boolean shouldPodBeInEndpoints(Pod pod, boolean includeTerminating) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return false;
    }
    if (podIps(pod).isEmpty()) {
      return false;
    }
    return includeTerminating || !isTerminating(pod);
  }

  public static boolean isTerminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null && !pod.getMetadata().getDeletionTimestamp().isEmpty();
  }

  /** The pod's {@code Ready} condition is {@code True}. */
  public static boolean isPodReady(Pod pod) {
    PodCondition c = readyCondition(pod);
    return c != null && "True".equals(c.getStatus());
  }

  static PodCondition readyCondition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  /** {@code status.podIPs}, or {@code [status.podIP]} when only that is set. */
  public static List<String> podIps(Pod pod) {
    if (pod.getStatus() == null) {
      return List.of();
    }
    List<String> ips = new ArrayList<>();
    if (pod.getStatus().getPodIPs() != null) {
      for (PodIP ip : pod.getStatus().getPodIPs()) {
        if (ip.getIp() != null && !ip.getIp().isEmpty()) {
          ips.add(ip.getIp());
        }
      }
    }
    String ip = pod.getStatus().getPodIP();
    if (ips.isEmpty() && ip != null && !ip.isEmpty()) {
      ips.add(ip);
    }
    return ips;
  }

  /** The pod's first IP of {@code addressType} ({@code IPv4} or {@code IPv6}), or null. */
  public static String podIp(Pod pod, String addressType) {
    boolean v6 = "IPv6".equals(addressType);
    for (String ip : podIps(pod)) {
      if (ip.contains(":") == v6) {
        return ip;
      }
    }
    return null;
  }

  /**
   * The address types the service's endpoints are published for: its {@code ipFamilies}, else the
   * family of its ClusterIP, else {@code IPv4} (berth is IPv4 single-stack).
   */
  public static List<String> addressTypes(Service service) {
    List<String> families = service.getSpec().getIpFamilies();
    if (families != null && !families.isEmpty()) {
      return families.stream().filter(f -> f.equals("IPv4") || f.equals("IPv6")).distinct().toList();
    }
    return List.of(isServiceIpSet(service) && service.getSpec().getClusterIP().contains(":") ? "IPv6" : "IPv4");
  }

  /** The primary family: what the legacy Endpoints object carries. */
  public static String primaryAddressType(Service service) {
    List<String> types = addressTypes(service);
    return types.isEmpty() ? "IPv4" : types.get(0);
  }

  public static List<ServicePort> ports(Service service) {
    return service.getSpec() == null || service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
  }

  /** A protocol, with the API's default {@code TCP} for none. */
  public static String protocol(String protocol) {
    return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
  }

  /**
   * Upstream {@code FindPort}: the container port a service port's {@code targetPort} names on this
   * pod. A number is taken as is (unset: the service {@code port}); a name is looked up among the
   * regular containers' ports, then the sidecars' (init containers with {@code restartPolicy:
   * Always}), matching both {@code name} and {@code protocol}. Empty when the pod has no such port:
   * the service port is then left out for this pod only.
   */
  public static OptionalInt findPort(Pod pod, ServicePort servicePort) {
    IntOrString target = servicePort.getTargetPort();
    if (target == null || (target.getIntVal() == null && (target.getStrVal() == null || target.getStrVal().isEmpty()))) {
      return servicePort.getPort() == null ? OptionalInt.empty() : OptionalInt.of(servicePort.getPort());
    }
    if (target.getIntVal() != null) {
      return OptionalInt.of(target.getIntVal());
    }
    String name = target.getStrVal();
    String protocol = protocol(servicePort.getProtocol());
    List<Container> sidecars = pod.getSpec().getInitContainers() == null ? List.of()
        : pod.getSpec().getInitContainers().stream().filter(c -> "Always".equals(c.getRestartPolicy())).toList();
    for (List<Container> containers : List.of(pod.getSpec().getContainers() == null ? List.<Container>of() : pod.getSpec().getContainers(), sidecars)) {
      for (Container c : containers) {
        for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
          if (name.equals(p.getName()) && protocol.equals(protocol(p.getProtocol())) && p.getContainerPort() != null) {
            return OptionalInt.of(p.getContainerPort());
          }
        }
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Upstream {@code ShouldSetHostname}: the endpoint carries {@code spec.hostname} only when it is
   * set, {@code spec.subdomain} names this service, and the pod is in the service's namespace — a
   * StatefulSet's pods under its governing (headless) service: {@code web-0} under {@code nginx}.
   */
  public static boolean shouldSetHostname(Pod pod, Service service) {
    String hostname = pod.getSpec().getHostname();
    return hostname != null && !hostname.isEmpty()
        && service.getMetadata().getName().equals(pod.getSpec().getSubdomain())
        && Objects.equals(service.getMetadata().getNamespace(), pod.getMetadata().getNamespace());
  }

  /**
   * Whether a pod update can change any service's endpoints (upstream {@code podEndpointsChanged},
   * plus the phase): labels, hostname or subdomain (membership or identity), deletion, readiness,
   * IPs, phase.
   */
  public static boolean endpointsChanged(Pod oldPod, Pod newPod) {
    return membershipChanged(oldPod, newPod)
        || isTerminating(oldPod) != isTerminating(newPod)
        || isPodReady(oldPod) != isPodReady(newPod)
        || !podIps(oldPod).equals(podIps(newPod))
        || !Objects.equals(phase(oldPod), phase(newPod));
  }

  /** Labels, hostname or subdomain changed: the services that selected the old pod need a pass too. */
  public static boolean membershipChanged(Pod oldPod, Pod newPod) {
    return !Objects.equals(labels(oldPod), labels(newPod))
        || !Objects.equals(oldPod.getSpec().getHostname(), newPod.getSpec().getHostname())
        || !Objects.equals(oldPod.getSpec().getSubdomain(), newPod.getSpec().getSubdomain());
  }

  private static Map<String, String> labels(Pod pod) {
    return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  /** An RFC 3339 timestamp, or null when absent or unreadable. */
  static Instant parseTime(String time) {
    if (time == null || time.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Go's {@code time.RFC3339Nano} in UTC: fractional seconds without trailing zeros, none at all
   * for a whole second ({@code 2026-07-01T10:00:00Z}, {@code 2026-07-01T10:00:00.12Z}).
   */
  public static String formatRfc3339Nano(Instant t) {
    String s = java.time.format.DateTimeFormatter.ISO_INSTANT.format(t.with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0));
    int nanos = t.getNano();
    if (nanos == 0) {
      return s;
    }
    String frac = String.format("%09d", nanos).replaceAll("0+$", "");
    return s.substring(0, s.length() - 1) + "." + frac + "Z";
  }
}
