package dev.berth.node.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code status.qosClass} ({@code spec/kubelet.md} §9.3, upstream {@code ComputePodQOS}): over all
 * containers and init containers, counting only positive {@code cpu} and {@code memory} values.
 *
 * <p>Example: one container with {@code limits: {cpu: 500m, memory: 128Mi}} and no requests (the API
 * defaults them to the limits) is {@code Guaranteed}; drop its memory limit and it is {@code
 * Burstable}; drop everything and it is {@code BestEffort}.
 */
public final class QosClasses {
  public static final String GUARANTEED = "Guaranteed";
  public static final String BURSTABLE = "Burstable";
  public static final String BEST_EFFORT = "BestEffort";

  private static final Set<String> COMPUTE = Set.of("cpu", "memory");

  private QosClasses() {}

  /** The pod's QoS class: {@code status.qosClass} when already set (it never changes), else computed. */
  public static String of(Pod pod) {
    if (pod.getStatus() != null && pod.getStatus().getQosClass() != null && !pod.getStatus().getQosClass().isEmpty()) {
      return pod.getStatus().getQosClass();
    }
    return compute(pod);
  }

  /** The QoS class computed from the containers' resources alone. */
  public static String compute(Pod pod) {
    Map<String, BigDecimal> requests = new HashMap<>();
    Map<String, BigDecimal> limits = new HashMap<>();
    boolean guaranteed = true;
    List<Container> all = new ArrayList<>(PodContainers.regular(pod));
    all.addAll(PodContainers.init(pod));
    for (Container c : all) {
      Map<String, Quantity> req = c.getResources() == null ? null : c.getResources().getRequests();
      Map<String, Quantity> lim = c.getResources() == null ? null : c.getResources().getLimits();
      add(req, requests, null);
      Set<String> limitsFound = new HashSet<>();
      add(lim, limits, limitsFound);
      if (!limitsFound.containsAll(COMPUTE)) {
        guaranteed = false;
      }
    }
    if (requests.isEmpty() && limits.isEmpty()) {
      return BEST_EFFORT;
    }
    if (guaranteed) {
      for (var e : requests.entrySet()) {
        BigDecimal l = limits.get(e.getKey());
        if (l == null || l.compareTo(e.getValue()) != 0) {
          guaranteed = false;
          break;
        }
      }
    }
    return guaranteed && requests.size() == limits.size() ? GUARANTEED : BURSTABLE;
  }

  private static void add(Map<String, Quantity> from, Map<String, BigDecimal> into, Set<String> found) {
    if (from == null) {
      return;
    }
    for (var e : from.entrySet()) {
      if (!COMPUTE.contains(e.getKey()) || e.getValue() == null) {
        continue;
      }
      BigDecimal v = e.getValue().getNumericalAmount();
      if (v.signum() > 0) {
        into.merge(e.getKey(), v, BigDecimal::add);
        if (found != null) {
          found.add(e.getKey());
        }
      }
    }
  }
}
