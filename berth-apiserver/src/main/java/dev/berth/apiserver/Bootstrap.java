package dev.berth.apiserver;

import dev.berth.api.ApiException;
import dev.berth.client.ApiClient;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The objects every berth cluster has, created at start-up when missing
 * ({@code spec/api-server.md} §7.4): the four namespaces and their {@code default}
 * ServiceAccounts, the Node {@code berth} (Ready), the default StorageClass {@code local-path},
 * and the {@code kubernetes} Service with its Endpoints and EndpointSlice pointing at the API
 * server's real port (the service proxy serves it on {@code 127.2.0.1:443}).
 * Idempotent: running it on every start keeps what users changed.
 */
public final class Bootstrap {
  public static final String NODE_NAME = "berth";
  /** The provisioner of the default StorageClass {@code local-path}: berth-controllers' local-path provisioner. */
  public static final String LOCAL_PATH_PROVISIONER = "berth.dev/local-path";
  public static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private final ApiClient client;

  public Bootstrap(ApiClient client) {
    this.client = client;
  }

  /**
   * @param kubernetesServiceIp the first address of the service range
   * @param apiPort the port the API server listens on, behind the {@code kubernetes} Service
   */
  public void run(String kubernetesServiceIp, String apiHost, int apiPort, Path dataDir, Instant now) {
    run(kubernetesServiceIp, null, apiHost, apiPort, dataDir, now);
  }

  /**
   * As {@link #run(String, String, int, Path, Instant)}, plus the {@code kube-system/kube-dns}
   * Service on {@code clusterDnsIp} (the tenth address of the service range), as kubeadm's CoreDNS
   * add-on creates it ({@code spec/services-dns.md} §4). berth's cluster DNS listens on that address
   * itself, so the Service carries {@code service.kubernetes.io/service-proxy-name: berth-dns} and
   * the service proxy leaves it alone, as kube-proxy leaves services of another proxy.
   *
   * @param clusterDnsIp null for no kube-dns Service
   */
  public void run(String kubernetesServiceIp, String clusterDnsIp, String apiHost, int apiPort, Path dataDir, Instant now) {
    for (String ns : NAMESPACES) {
      createIfMissing(() -> client.create(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()));
      createIfMissing(() -> client.create(new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace(ns).endMetadata().build()));
    }
    createIfMissing(() -> client.create(new StorageClassBuilder()
        .withNewMetadata().withName("local-path")
        .withAnnotations(Map.of("storageclass.kubernetes.io/is-default-class", "true")).endMetadata()
        .withProvisioner(LOCAL_PATH_PROVISIONER)
        .withReclaimPolicy("Delete")
        .withVolumeBindingMode("WaitForFirstConsumer")
        .build()));
    node(dataDir, now);
    kubernetesService(kubernetesServiceIp, apiHost, apiPort);
    if (clusterDnsIp != null) {
      kubeDnsService(clusterDnsIp);
    }
  }

  private void node(Path dataDir, Instant now) {
    createIfMissing(() -> client.create(new NodeBuilder().withNewMetadata().withName(NODE_NAME)
        .withLabels(Map.of("kubernetes.io/hostname", NODE_NAME, "kubernetes.io/os", "linux",
            "kubernetes.io/arch", arch(), "node-role.kubernetes.io/control-plane", "",
            "node.kubernetes.io/instance-type", "berth"))
        .endMetadata().build()));
    Node node = client.get(Node.class, "", NODE_NAME);
    String ts = ObjectMetas.timestamp(now);
    List<NodeCondition> conditions = List.of(
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", ts),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", ts),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", ts),
        condition("Ready", "True", "KubeletReady", "berth node agent is posting ready status", ts));
    Map<String, Quantity> capacity = Map.of(
        "cpu", new Quantity(String.valueOf(Runtime.getRuntime().availableProcessors())),
        "memory", new Quantity(memoryKi() + "Ki"),
        "ephemeral-storage", new Quantity(diskKi(dataDir) + "Ki"),
        "pods", new Quantity("250"));
    Node updated = new NodeBuilder(node).editOrNewStatus()
        .withConditions(conditions)
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withAddresses(List.of(
            new io.fabric8.kubernetes.api.model.NodeAddress("127.0.0.1", "InternalIP"),
            new io.fabric8.kubernetes.api.model.NodeAddress(hostName(), "Hostname")))
        .withNewNodeInfo()
        .withKubeletVersion("v1.32.0-berth")
        .withKubeProxyVersion("v1.32.0-berth")
        .withOsImage(osImage())
        .withKernelVersion(System.getProperty("os.version"))
        .withContainerRuntimeVersion("berth://0.1.0")
        .withArchitecture(arch())
        .withOperatingSystem("linux")
        .withMachineID(readOr("/etc/machine-id", ""))
        .withBootID(readOr("/proc/sys/kernel/random/boot_id", ""))
        .withSystemUUID("")
        .endNodeInfo()
        .endStatus().build();
    client.updateStatus(updated);
  }

  private static NodeCondition condition(String type, String status, String reason, String message, String ts) {
    return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastHeartbeatTime(ts).withLastTransitionTime(ts).build();
  }

  private void kubeDnsService(String ip) {
    if (client.get(Service.class, "kube-system", "kube-dns") != null) {
      return; // a create would meet its own ClusterIP already allocated (422) before the name (409)
    }
    createIfMissing(() -> client.create(new ServiceBuilder().withNewMetadata().withName("kube-dns").withNamespace("kube-system")
        .withLabels(Map.of("k8s-app", "kube-dns", "kubernetes.io/cluster-service", "true", "kubernetes.io/name", "CoreDNS",
            "service.kubernetes.io/service-proxy-name", "berth-dns"))
        .endMetadata()
        .withNewSpec().withType("ClusterIP").withClusterIP(ip)
        .addNewPort().withName("dns").withPort(53).withProtocol("UDP").withNewTargetPort(53).endPort()
        .addNewPort().withName("dns-tcp").withPort(53).withProtocol("TCP").withNewTargetPort(53).endPort()
        .endSpec().build()));
  }

  private void kubernetesService(String ip, String apiHost, int apiPort) {
    Service existing = client.get(Service.class, "default", "kubernetes");
    if (existing == null) {
      client.create(new ServiceBuilder().withNewMetadata().withName("kubernetes").withNamespace("default")
          .withLabels(Map.of("component", "apiserver", "provider", "kubernetes")).endMetadata()
          .withNewSpec().withType("ClusterIP").withClusterIP(ip)
          .addNewPort().withName("https").withPort(443).withProtocol("TCP")
          .withNewTargetPort(apiPort).endPort()
          .endSpec().build());
    } else if (existing.getSpec().getPorts().get(0).getTargetPort().getIntVal() == null
        || existing.getSpec().getPorts().get(0).getTargetPort().getIntVal() != apiPort) {
      existing.getSpec().getPorts().get(0).setTargetPort(new io.fabric8.kubernetes.api.model.IntOrString(apiPort));
      existing.getMetadata().setResourceVersion(null);
      client.update(existing);
    }
    var endpoints = new EndpointsBuilder().withNewMetadata().withName("kubernetes").withNamespace("default")
        .withLabels(Map.of("endpointslice.kubernetes.io/skip-mirror", "true")).endMetadata()
        .addNewSubset().addNewAddress().withIp(apiHost).endAddress()
        .addNewPort().withName("https").withPort(apiPort).withProtocol("TCP").endPort().endSubset().build();
    var current = client.get(io.fabric8.kubernetes.api.model.Endpoints.class, "default", "kubernetes");
    if (current == null) {
      client.create(endpoints);
    } else {
      endpoints.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      client.update(endpoints);
    }
    // what the kube-apiserver's endpoint reconciler writes beside the Endpoints: the proxy reads slices,
    // so this is what makes 127.2.0.1:443 reach the API server (in-cluster clients)
    EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withName("kubernetes").withNamespace("default")
        .withLabels(Map.of("kubernetes.io/service-name", "kubernetes")).endMetadata()
        .withAddressType(apiHost.contains(":") ? "IPv6" : "IPv4")
        .addNewEndpoint().withAddresses(apiHost).withNewConditions().withReady(true).withServing(true).withTerminating(false)
        .endConditions().endEndpoint()
        .addNewPort().withName("https").withPort(apiPort).withProtocol("TCP").endPort().build();
    EndpointSlice currentSlice = client.get(EndpointSlice.class, "default", "kubernetes");
    if (currentSlice == null) {
      client.create(slice);
    } else {
      slice.getMetadata().setResourceVersion(currentSlice.getMetadata().getResourceVersion());
      client.update(slice);
    }
  }

  private static void createIfMissing(Runnable create) {
    try {
      create.run();
    } catch (ApiException e) {
      if (e.code() != 409) {
        throw e;
      }
    }
  }

  private static String arch() {
    String a = System.getProperty("os.arch");
    return a.equals("x86_64") || a.equals("amd64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static long memoryKi() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize() / 1024;
    }
    return 0;
  }

  private static long diskKi(Path dir) {
    try {
      return Files.getFileStore(dir).getTotalSpace() / 1024;
    } catch (IOException e) {
      return 0;
    }
  }

  private static String osImage() {
    for (String line : readOr("/etc/os-release", "").split("\n")) {
      if (line.startsWith("PRETTY_NAME=")) {
        return line.substring(12).replace("\"", "");
      }
    }
    return "Linux";
  }

  private static String readOr(String path, String fallback) {
    try {
      return Files.readString(Path.of(path)).trim();
    } catch (IOException e) {
      return fallback;
    }
  }
}
