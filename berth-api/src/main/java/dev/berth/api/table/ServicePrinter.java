package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE [SELECTOR]}, e.g. {@code web ClusterIP
 * 10.96.0.10 <none> 80/TCP 5m app=web}.
 *
 * <ul>
 *   <li>CLUSTER-IP: the first cluster IP ({@code None} for headless), else {@code <none>}.
 *   <li>EXTERNAL-IP: ClusterIP and NodePort show {@code externalIPs} or {@code <none>};
 *       LoadBalancer shows the sorted, distinct ingress IPs (hostname when no IP) then {@code
 *       externalIPs}, or {@code <pending>} when both are empty; ExternalName shows {@code
 *       externalName}; an unknown type shows {@code <unknown>}.
 *   <li>PORT(S): {@code port/protocol}, {@code port:nodePort/protocol} when a node port is set,
 *       comma-joined, {@code <none>} when empty.
 * </ul>
 */
final class ServicePrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Type", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer."),
      Column.string("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
      Column.string("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
      Column.string("Port(s)", "The list of ports that are exposed by this service."),
      Columns.AGE,
      Column.wide("Selector", "Route service traffic to pods with label keys and values matching this selector."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    Service svc = Cells.as(Service.class, object);
    ServiceSpec spec = svc.getSpec() == null ? new ServiceSpec() : svc.getSpec();
    String ports = ports(Cells.list(spec.getPorts()));
    return List.of(
        Cells.name(svc),
        Cells.text(spec.getType()),
        clusterIp(spec),
        externalIp(spec, svc.getStatus()),
        ports.isEmpty() ? Cells.NONE : ports,
        Cells.age(svc, now),
        Cells.labels(spec.getSelector()));
  }

  /** {@code clusterIPs[0]}; a lone {@code clusterIP} counts, as the v1 conversion copies it over. */
  private static String clusterIp(ServiceSpec spec) {
    List<String> ips = Cells.list(spec.getClusterIPs());
    if (!ips.isEmpty()) {
      return Cells.text(ips.getFirst());
    }
    return Cells.orElse(spec.getClusterIP(), Cells.NONE);
  }

  private static String externalIp(ServiceSpec spec, ServiceStatus status) {
    List<String> externalIps = Cells.list(spec.getExternalIPs());
    String type = Cells.text(spec.getType());
    switch (type) {
      case "ClusterIP", "NodePort" -> {
        return externalIps.isEmpty() ? Cells.NONE : String.join(",", externalIps);
      }
      case "LoadBalancer" -> {
        TreeSet<String> ingress = new TreeSet<>();
        if (status != null && status.getLoadBalancer() != null) {
          for (LoadBalancerIngress i : Cells.list(status.getLoadBalancer().getIngress())) {
            if (i.getIp() != null && !i.getIp().isEmpty()) {
              ingress.add(i.getIp());
            } else if (i.getHostname() != null && !i.getHostname().isEmpty()) {
              ingress.add(i.getHostname());
            }
          }
        }
        List<String> all = new ArrayList<>(ingress);
        all.addAll(externalIps);
        return all.isEmpty() ? "<pending>" : String.join(",", all);
      }
      case "ExternalName" -> {
        return Cells.text(spec.getExternalName());
      }
      default -> {
        return "<unknown>";
      }
    }
  }

  private static String ports(List<ServicePort> ports) {
    return ports.stream()
        .map(p -> {
          long nodePort = Cells.number(p.getNodePort());
          String protocol = Cells.text(p.getProtocol());
          return nodePort > 0
              ? Cells.number(p.getPort()) + ":" + nodePort + "/" + protocol
              : Cells.number(p.getPort()) + "/" + protocol;
        })
        .collect(Collectors.joining(","));
  }
}
