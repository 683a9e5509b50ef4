package dev.berth.cli.up;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code berth up} prints once everything is ready: where each pod listens, the Services,
 * and how to point kubectl at the server. Pure.
 */
public final class ReadySummary {
  private ReadySummary() {}

  /**
   * @param readyWorkloads e.g. {@code statefulset.apps/web (3/3 ready)}
   * @param startedServer whether {@code up} runs the server itself (Ctrl-C then stops it)
   */
  public static List<String> render(List<String> readyWorkloads, List<Pod> pods, List<Service> services, Path kubeconfig, boolean startedServer) {
    List<String> out = new ArrayList<>();
    out.add("berth: ready" + (readyWorkloads.isEmpty() ? "" : ": " + String.join(", ", readyWorkloads)));
    String firstUrl = null;
    for (Pod p : pods) {
      String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
      if (ip == null) {
        continue;
      }
      List<String> ports = new ArrayList<>();
      for (Container c : p.getSpec().getContainers()) {
        if (c.getPorts() == null) {
          continue;
        }
        for (ContainerPort port : c.getPorts()) {
          ports.add(ip + ":" + port.getContainerPort() + (port.getName() == null ? "" : " (" + port.getName() + ")"));
          if (firstUrl == null && port.getName() != null && port.getName().startsWith("http")) {
            firstUrl = "http://" + ip + ":" + port.getContainerPort() + "/";
          }
        }
      }
      out.add(String.format("  %-18s %s", UpProgress.podName(p), ports.isEmpty() ? ip : String.join(", ", ports)));
    }
    for (Service s : services) {
      String name = (s.getMetadata().getNamespace() == null || s.getMetadata().getNamespace().equals("default") ? "" : s.getMetadata().getNamespace() + "/")
          + "service/" + s.getMetadata().getName();
      String ip = s.getSpec().getClusterIP();
      String where = ip == null ? "ClusterIP pending" : ip.equals("None") ? "headless (ClusterIP None)" : "ClusterIP " + ip;
      List<String> ports = new ArrayList<>();
      if (s.getSpec().getPorts() != null) {
        for (ServicePort sp : s.getSpec().getPorts()) {
          String target = sp.getTargetPort() == null ? "" : "->" + (sp.getTargetPort().getIntVal() != null ? sp.getTargetPort().getIntVal() : sp.getTargetPort().getStrVal());
          ports.add(sp.getPort() + "/" + (sp.getProtocol() == null ? "TCP" : sp.getProtocol()) + target);
        }
      }
      out.add(String.format("  %-18s %s%s", name, where, ports.isEmpty() ? "" : ", ports " + String.join(", ", ports)));
    }
    if (firstUrl != null) {
      out.add("berth: try: curl " + firstUrl);
    }
    out.add("berth: kubectl: export KUBECONFIG=" + kubeconfig + "   (or kubectl --kubeconfig " + kubeconfig + " ...)");
    out.add("berth:          kubectl get pods -o wide; kubectl logs " + (pods.isEmpty() ? "POD" : pods.getFirst().getMetadata().getName()));
    out.add(startedServer
        ? "berth: Ctrl-C stops these pods (highest ordinal first; volumes and the data dir are kept) and the server"
        : "berth: Ctrl-C leaves; the pods keep running on the server that was already running");
    return out;
  }
}
