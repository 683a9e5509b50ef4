package dev.berth.proxy;

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

/** Services and EndpointSlices as the API server and the EndpointSlice controller write them. */
final class ProxyObjects {
  private ProxyObjects() {}

  static ServiceBuilder service(String name, String type, String clusterIp, ServicePort... ports) {
    return new ServiceBuilder().withNewMetadata().withNamespace("default").withName(name)
        .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
        .withNewSpec().withType(type).withClusterIP(clusterIp).withPorts(ports).withSessionAffinity("None").endSpec();
  }

  static Service clusterIp(String name, String ip, ServicePort... ports) {
    return service(name, "ClusterIP", ip, ports).build();
  }

  static ServicePort port(String name, int port, String protocol) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
  }

  static ServicePort nodePort(String name, int port, int nodePort) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP").withNodePort(nodePort).build();
  }

  static EndpointSlice slice(String service, String name, List<EndpointPort> ports, Endpoint... endpoints) {
    return new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName(name)
        .withLabels(Map.of(ProxyPlan.SERVICE_NAME_LABEL, service)).endMetadata()
        .withAddressType("IPv4").withPorts(ports).withEndpoints(endpoints).build();
  }

  static EndpointPort endpointPort(String name, int port, String protocol) {
    return new EndpointPortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
  }

  static Endpoint ready(String ip) {
    return endpoint(ip, true, true, false);
  }

  static Endpoint endpoint(String ip, Boolean ready, Boolean serving, Boolean terminating) {
    return new EndpointBuilder().withAddresses(ip).withNodeName("berth").withNewConditions().withReady(ready).withServing(serving)
        .withTerminating(terminating).endConditions().build();
  }
}
