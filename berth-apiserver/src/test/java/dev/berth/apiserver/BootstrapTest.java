package dev.berth.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ResourceRegistry;
import dev.berth.api.time.FakeClock;
import dev.berth.store.MemoryStore;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The objects every berth cluster has ({@code spec/api-server.md} §7.4), through the in-process client. */
class BootstrapTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final MemoryStore store = new MemoryStore();
  private final ResourceService service = new ResourceService(ResourceRegistry.standard(), store, new FakeClock(NOW),
      IpRange.parse("127.2.0.0/16"));
  private final InProcessApiClient client = new InProcessApiClient(service, "berth-bootstrap");
  private final Bootstrap bootstrap = new Bootstrap(client);

  @TempDir
  Path dataDir;

  @Test
  void createsNamespacesServiceAccountsStorageClassNodeAndTheKubernetesService() {
    bootstrap.run("127.2.0.1", "127.0.0.1", 6443, dataDir, NOW);

    for (String ns : Bootstrap.NAMESPACES) {
      assertThat(client.get(Namespace.class, null, ns).getStatus().getPhase()).as(ns).isEqualTo("Active");
      assertThat(client.get(ServiceAccount.class, ns, "default")).as("default ServiceAccount in %s", ns).isNotNull();
    }
    StorageClass sc = client.get(StorageClass.class, null, "local-path");
    assertThat(sc.getMetadata().getAnnotations()).containsEntry("storageclass.kubernetes.io/is-default-class", "true");

    Node node = client.get(Node.class, null, Bootstrap.NODE_NAME);
    assertThat(node.getStatus().getConditions()).extracting(NodeCondition::getType, NodeCondition::getStatus)
        .contains(org.assertj.core.groups.Tuple.tuple("Ready", "True"),
            org.assertj.core.groups.Tuple.tuple("MemoryPressure", "False"));
    assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "ephemeral-storage", "pods");
    assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).startsWith("v1.32.");
    assertThat(node.getStatus().getAddresses()).extracting(a -> a.getType()).contains("InternalIP", "Hostname");

    Service kubernetes = client.get(Service.class, "default", "kubernetes");
    assertThat(kubernetes.getSpec().getClusterIP()).isEqualTo("127.2.0.1");
    assertThat(kubernetes.getSpec().getPorts().get(0).getPort()).isEqualTo(443);
    assertThat(kubernetes.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(6443);
    Endpoints ep = client.get(Endpoints.class, "default", "kubernetes");
    assertThat(ep.getSubsets().get(0).getAddresses().get(0).getIp()).isEqualTo("127.0.0.1");
    assertThat(ep.getSubsets().get(0).getPorts().get(0).getPort()).isEqualTo(6443);
    var slice = client.get(io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class, "default", "kubernetes");
    assertThat(slice.getMetadata().getLabels()).as("the proxy finds the slice by service name")
        .containsEntry("kubernetes.io/service-name", "kubernetes");
    assertThat(slice.getEndpoints().get(0).getAddresses()).containsExactly("127.0.0.1");
    assertThat(slice.getEndpoints().get(0).getConditions().getReady()).isTrue();
    assertThat(slice.getPorts().get(0).getPort()).isEqualTo(6443);

    PersistentVolumeClaim claim = client.create(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
        .withNamespace("default").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
        .withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build());
    assertThat(claim.getSpec().getStorageClassName()).as("the default StorageClass").isEqualTo("local-path");
  }

  @Test
  void theKubeDnsServiceTakesTheTenthAddressAndIsLeftToTheClusterDns() {
    bootstrap.run("127.2.0.1", "127.2.0.10", "127.0.0.1", 6443, dataDir, NOW);
    bootstrap.run("127.2.0.1", "127.2.0.10", "127.0.0.1", 6443, dataDir, NOW); // a restart finds it in place

    Service dns = client.get(Service.class, "kube-system", "kube-dns");
    assertThat(dns.getSpec().getClusterIP()).isEqualTo("127.2.0.10");
    assertThat(dns.getSpec().getPorts()).extracting(p -> p.getName() + " " + p.getPort() + "/" + p.getProtocol())
        .containsExactly("dns 53/UDP", "dns-tcp 53/TCP");
    assertThat(dns.getSpec().getSelector()).as("no pods behind it: berth's DNS listens on the ClusterIP itself").isNullOrEmpty();
    assertThat(dns.getMetadata().getLabels()).containsEntry("k8s-app", "kube-dns")
        .as("the service proxy must not bind 127.2.0.10:53 too").containsEntry("service.kubernetes.io/service-proxy-name", "berth-dns");
  }

  @Test
  void runningAgainKeepsObjectsAndFollowsTheApiPort() {
    bootstrap.run("127.2.0.1", "127.0.0.1", 6443, dataDir, NOW);
    Namespace ns = client.get(Namespace.class, null, "default");
    ns.getMetadata().getLabels().put("mine", "yes");
    client.update(ns);

    bootstrap.run("127.2.0.1", "127.0.0.1", 7443, dataDir, NOW);

    assertThat(client.get(Namespace.class, null, "default").getMetadata().getLabels()).as("what users changed stays")
        .containsEntry("mine", "yes");
    Service kubernetes = client.get(Service.class, "default", "kubernetes");
    assertThat(kubernetes.getSpec().getClusterIP()).isEqualTo("127.2.0.1");
    assertThat(kubernetes.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(7443);
    assertThat(client.get(Endpoints.class, "default", "kubernetes").getSubsets().get(0).getPorts().get(0).getPort())
        .isEqualTo(7443);
    assertThat(client.get(io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice.class, "default", "kubernetes").getPorts()
        .get(0).getPort()).as("a restart on another port moves the slice too").isEqualTo(7443);
    assertThat(client.list(Namespace.class, null, null).items()).hasSize(Bootstrap.NAMESPACES.size());
  }
}
