package dev.berth.node.env;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Docker-link style service variables ({@code spec/services-dns.md} §5, {@code spec/kubelet.md}
 * §6.1 step 1; upstream {@code envvars.FromServices}, {@code getServiceEnvVarMap}). For {@code
 * kubernetes} at {@code 10.43.0.1} with port {@code https 443/TCP}:
 *
 * <pre>
 * KUBERNETES_SERVICE_HOST=10.43.0.1
 * KUBERNETES_SERVICE_PORT=443
 * KUBERNETES_SERVICE_PORT_HTTPS=443
 * KUBERNETES_PORT=tcp://10.43.0.1:443
 * KUBERNETES_PORT_443_TCP=tcp://10.43.0.1:443
 * KUBERNETES_PORT_443_TCP_PROTO=tcp
 * KUBERNETES_PORT_443_TCP_PORT=443
 * KUBERNETES_PORT_443_TCP_ADDR=10.43.0.1
 * </pre>
 */
public final class ServiceLinks {
  private ServiceLinks() {}

  /**
   * The service variables a pod in {@code namespace} sees (§5.1): {@code default/kubernetes}
   * always (Appendix E 13), the namespace's other Services with a cluster IP only with {@code
   * enableServiceLinks}; headless ({@code None}) and ExternalName Services (no cluster IP) never. A
   * Service named {@code kubernetes} in the pod's own namespace replaces {@code default/kubernetes}
   * when links are on, as upstream's map keyed by name does. Services in name order (upstream's
   * order is a Go map's, i.e. random; names never repeat).
   */
  public static Map<String, String> forPod(List<Service> services, String namespace, boolean enableServiceLinks) {
    Map<String, Service> byName = new LinkedHashMap<>();
    for (Service s : services) {
      if (!hasClusterIp(s)) {
        continue;
      }
      String name = s.getMetadata().getName();
      String ns = s.getMetadata().getNamespace();
      if ("default".equals(ns) && "kubernetes".equals(name)) {
        byName.putIfAbsent(name, s);
      } else if (namespace.equals(ns) && enableServiceLinks) {
        byName.put(name, s);
      }
    }
    List<Service> chosen = new ArrayList<>(byName.values());
    chosen.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvVar e : fromServices(chosen)) {
      out.put(e.getName(), e.getValue());
    }
    return out;
  }

  /** The variables of each service with a cluster IP, in the given order. */
  public static List<EnvVar> fromServices(List<Service> services) {
    List<EnvVar> out = new ArrayList<>();
    for (Service s : services) {
      if (!hasClusterIp(s)) {
        continue;
      }
      String prefix = variableName(s.getMetadata().getName());
      String ip = s.getSpec().getClusterIP();
      List<ServicePort> ports = s.getSpec().getPorts() == null ? List.of() : s.getSpec().getPorts();
      out.add(new EnvVar(prefix + "_SERVICE_HOST", ip, null));
      if (ports.isEmpty()) {
        continue;
      }
      out.add(new EnvVar(prefix + "_SERVICE_PORT", Integer.toString(ports.get(0).getPort()), null));
      for (ServicePort p : ports) {
        if (p.getName() != null && !p.getName().isEmpty()) {
          out.add(new EnvVar(prefix + "_SERVICE_PORT_" + variableName(p.getName()), Integer.toString(p.getPort()), null));
        }
      }
      for (int i = 0; i < ports.size(); i++) {
        ServicePort p = ports.get(i);
        String protocol = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
        String lower = protocol.toLowerCase(Locale.ROOT);
        String url = lower + "://" + hostPort(ip, p.getPort());
        if (i == 0) {
          out.add(new EnvVar(prefix + "_PORT", url, null));
        }
        String portPrefix = prefix + "_PORT_" + p.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
        out.add(new EnvVar(portPrefix, url, null));
        out.add(new EnvVar(portPrefix + "_PROTO", lower, null));
        out.add(new EnvVar(portPrefix + "_PORT", Integer.toString(p.getPort()), null));
        out.add(new EnvVar(portPrefix + "_ADDR", ip, null));
      }
    }
    return out;
  }

  /**
   * {@code my-svc} → {@code MY_SVC}: upper case, {@code -} → {@code _}, nothing else (§5.2,
   * upstream's {@code makeEnvVariableName}; a name with a leading digit, allowed under
   * {@code RelaxedServiceNameValidation}, keeps it, as upstream does).
   */
  static String variableName(String name) {
    return name.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  private static boolean hasClusterIp(Service s) {
    String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
    return ip != null && !ip.isEmpty() && !"None".equals(ip);
  }

  /** Go's {@code net.JoinHostPort}: IPv6 addresses in brackets. */
  private static String hostPort(String ip, int port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }
}
