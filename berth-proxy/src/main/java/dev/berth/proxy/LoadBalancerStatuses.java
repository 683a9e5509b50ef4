package dev.berth.proxy;

import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Objects;

/**
 * The {@code status.loadBalancer} berth publishes, as k3s's ServiceLB does: a LoadBalancer
 * Service without {@code loadBalancerClass} whose ports the proxy serves on the node address gets
 * {@code ingress: [{ip: 127.0.0.1, ipMode: VIP}]}, so {@code kubectl get svc} shows an
 * EXTERNAL-IP and tools waiting for one move on. Pure; {@link ServiceProxyController} writes it.
 */
public final class LoadBalancerStatuses {
  private LoadBalancerStatuses() {}

  /**
   * The ingress list {@code service} should have, or null when berth leaves its status alone
   * (a {@code loadBalancerClass} names another controller; a non-LoadBalancer service whose
   * ingress berth did not write).
   *
   * <ul>
   *   <li>LoadBalancer, no class, in {@link ProxyPlan#loadBalancers()}: {@code [{ip: nodeIp, ipMode: VIP}]};
   *   <li>LoadBalancer, no class, a port taken by an older service: {@code []} (pending);
   *   <li>another type still showing berth's ingress (it was a LoadBalancer): {@code []}.
   * </ul>
   */
  public static List<LoadBalancerIngress> desiredIngress(Service service, ProxyPlan plan, String nodeIp) {
    String type = service.getSpec() == null || service.getSpec().getType() == null ? "ClusterIP" : service.getSpec().getType();
    if (type.equals("LoadBalancer")) {
      if (service.getSpec().getLoadBalancerClass() != null) {
        return null;
      }
      return plan.loadBalancers().contains(ResourceKey.of(service)) ? List.of(ingress(nodeIp)) : List.of();
    }
    return current(service).equals(List.of(ingress(nodeIp))) ? List.of() : null;
  }

  /** Whether {@code service}'s status already shows {@code desired} (null: nothing to do). */
  public static boolean isUpToDate(Service service, List<LoadBalancerIngress> desired) {
    return desired == null || Objects.equals(current(service), desired);
  }

  static List<LoadBalancerIngress> current(Service service) {
    if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return service.getStatus().getLoadBalancer().getIngress();
  }

  static LoadBalancerIngress ingress(String ip) {
    return new LoadBalancerIngressBuilder().withIp(ip).withIpMode("VIP").build();
  }
}
