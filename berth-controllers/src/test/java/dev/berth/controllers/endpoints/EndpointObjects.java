package dev.berth.controllers.endpoints;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Map;

/** Services and pods as the API server would hold them, for the endpoints tests. */
final class EndpointObjects {
  static final String NS = "default";
  static final Map<String, String> APP_WEB = Map.of("app", "web");

  private EndpointObjects() {}

  /** A ClusterIP service selecting {@code app=web} with the given ports. */
  static ServiceBuilder service(String name, ServicePort... ports) {
    return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid("svc-uid-" + name)
        .withCreationTimestamp("2026-07-01T10:00:00Z").endMetadata()
        .withNewSpec().withSelector(APP_WEB).withClusterIP("127.2.0.20").withIpFamilies("IPv4").withType("ClusterIP")
        .withPorts(ports).endSpec();
  }

  static ServicePort port(String name, int port, Object targetPort) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP")
        .withTargetPort(targetPort instanceof Integer i ? new IntOrString(i) : new IntOrString((String) targetPort)).build();
  }

  /** A Running pod labelled {@code app=web} on node berth, Ready or not, with container port {@code http: 8080}. */
  static PodBuilder pod(String name, String ip, boolean ready) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid("pod-uid-" + name)
        .withLabels(APP_WEB).endMetadata()
        .withNewSpec().withNodeName("berth").addNewContainer().withName("c").withCommand("sleep")
        .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).withProtocol("TCP").build())
        .endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP().withIp(ip).endPodIP()
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
        .withLastTransitionTime("2026-07-01T10:01:00Z").endCondition().endStatus();
  }

  static Pod ready(String name, String ip) {
    return pod(name, ip, true).build();
  }

  static Pod notReady(String name, String ip) {
    return pod(name, ip, false).build();
  }

  static List<Pod> readyPods(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> ready(String.format("p%03d", i), "127.1." + (i / 250) + "." + (i % 250 + 1))).toList();
  }
}
