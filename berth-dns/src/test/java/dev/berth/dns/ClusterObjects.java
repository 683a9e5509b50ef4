package dev.berth.dns;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;

/** Builders for the objects the DNS reads, built directly as the EndpointSlice controller would write them. */
final class ClusterObjects {
  private ClusterObjects() {}

  static Service clusterIp(String ns, String name, String ip, ServicePort... ports) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip).withPorts(ports).endSpec().build();
  }

  static Service dualStack(String ns, String name, String ip4, String ip6, ServicePort... ports) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(ip4).withClusterIPs(ip4, ip6).withPorts(ports).endSpec().build();
  }

  static Service headless(String ns, String name, boolean publishNotReady, ServicePort... ports) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP("None").withClusterIPs("None")
        .withPublishNotReadyAddresses(publishNotReady ? true : null).withPorts(ports).endSpec().build();
  }

  static Service externalName(String ns, String name, String target) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withType("ExternalName").withExternalName(target).endSpec().build();
  }

  static ServicePort port(String name, int port, String protocol) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
  }

  static EndpointSlice slice(String ns, String service, String name, List<EndpointPort> ports, Endpoint... endpoints) {
    return new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(name)
        .withLabels(Map.of(DnsSnapshot.SERVICE_NAME_LABEL, service)).endMetadata()
        .withAddressType("IPv4").withPorts(ports).withEndpoints(endpoints).build();
  }

  static EndpointPort endpointPort(String name, int port, String protocol) {
    return new EndpointPortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
  }

  /** @param ready null leaves {@code conditions.ready} unset (which counts as ready) */
  static Endpoint endpoint(String ip, String hostname, Boolean ready) {
    return new EndpointBuilder().withAddresses(ip).withHostname(hostname).withNewConditions().withReady(ready).endConditions().build();
  }

  static Pod pod(String ns, String name, String ip) {
    return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewStatus().withPodIP(ip).addNewPodIP(ip).endStatus().build();
  }
}
