package dev.berth.node.env;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link EnvSources}: what a test puts in is what the lookups find. */
final class TestSources implements EnvSources {
  final Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
  final Map<String, Secret> secrets = new LinkedHashMap<>();
  final List<Service> services = new ArrayList<>();
  boolean synced = true;

  TestSources configMap(String namespace, String name, Map<String, String> data) {
    configMaps.put(namespace + "/" + name, new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name)
        .endMetadata().withData(data).build());
    return this;
  }

  TestSources secret(String namespace, String name, Map<String, String> plain) {
    Map<String, String> data = new LinkedHashMap<>();
    plain.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    secrets.put(namespace + "/" + name, new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withData(data).build());
    return this;
  }

  TestSources service(String namespace, String name, String clusterIp, ServicePort... ports) {
    services.add(new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().withNewSpec()
        .withClusterIP(clusterIp).withPorts(ports).endSpec().build());
    return this;
  }

  /** An ExternalName Service: no cluster IP (the API server removes it). */
  TestSources externalName(String namespace, String name, String target) {
    services.add(new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().withNewSpec()
        .withType("ExternalName").withExternalName(target).endSpec().build());
    return this;
  }

  /** The API server's own Service, as on k3s. */
  TestSources kubernetes() {
    return service("default", "kubernetes", "10.43.0.1", port("https", 443, "TCP"));
  }

  static ServicePort port(String name, int port, String protocol) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(configMaps.get(namespace + "/" + name));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(secrets.get(namespace + "/" + name));
  }

  @Override
  public List<Service> services() {
    return services;
  }

  @Override
  public boolean servicesSynced() {
    return synced;
  }
}
