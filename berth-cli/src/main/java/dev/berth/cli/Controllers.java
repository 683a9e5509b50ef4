package dev.berth.cli;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.record.ClientEventRecorder;
import dev.berth.client.record.QueuedEventRecorder;
import dev.berth.controllers.endpoints.EndpointsController;
import dev.berth.controllers.gc.GarbageCollectorController;
import dev.berth.controllers.namespace.NamespaceController;
import dev.berth.controllers.serviceaccount.RootCaCertPublisher;
import dev.berth.controllers.serviceaccount.ServiceAccountsController;
import dev.berth.controllers.statefulset.StatefulSetController;
import dev.berth.controllers.volume.PersistentVolumeController;
import dev.berth.dns.ClusterDnsServer;
import dev.berth.dns.DnsRecords;
import dev.berth.dns.HostDnsUpstream;
import dev.berth.node.agent.InformerSources;
import dev.berth.node.agent.NodeAgentConfig;
import dev.berth.node.agent.NodeAgentController;
import dev.berth.node.agent.OsPodSandboxControl;
import dev.berth.node.agent.PodScheduler;
import dev.berth.node.logs.ContainerLogs;
import dev.berth.node.probe.OsHookRunner;
import dev.berth.node.probe.OsProbeRunner;
import dev.berth.node.runtime.OsProcessLauncher;
import dev.berth.node.sandbox.HostResolvConf;
import dev.berth.node.sandbox.PodIpAllocator;
import dev.berth.node.sandbox.PodSandboxFiles;
import dev.berth.node.volume.OsTmpfsControl;
import dev.berth.node.volume.PodVolumes;
import dev.berth.node.volume.TmpfsControl;
import dev.berth.proxy.NettyServiceProxy;
import dev.berth.proxy.ServiceProxyController;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The controllers that run inside {@code berth server}, the cluster DNS and the service proxy:
 * started after bootstrap, stopped before the API. Stopping the proxy closes its listeners and
 * the connections it relays. The node agent's stop leaves pod processes running for the
 * next server to adopt.
 */
final class Controllers implements AutoCloseable {
  private final GarbageCollectorController gc;
  private final NamespaceController namespaces;
  private final StatefulSetController statefulSets;
  private final PersistentVolumeController volumes;
  private final EndpointsController endpoints;
  private final NodeAgentController nodeAgent;
  private final List<QueuedEventRecorder> events;
  private final ClusterDnsServer dns;
  private final NettyServiceProxy proxy;
  private final ServiceProxyController proxyController;
  private final ServiceAccountsController serviceAccounts;
  private final RootCaCertPublisher rootCa;

  /** Where NodePort and LoadBalancer ports listen, and the LoadBalancer ingress IP berth publishes. */
  static final String NODE_ADDRESS = "127.0.0.1";

  private Controllers(GarbageCollectorController gc, NamespaceController namespaces, StatefulSetController statefulSets,
      PersistentVolumeController volumes, EndpointsController endpoints, NodeAgentController nodeAgent, List<QueuedEventRecorder> events,
      ClusterDnsServer dns, NettyServiceProxy proxy, ServiceProxyController proxyController, ServiceAccountsController serviceAccounts,
      RootCaCertPublisher rootCa) {
    this.serviceAccounts = serviceAccounts;
    this.rootCa = rootCa;
    this.gc = gc;
    this.endpoints = endpoints;
    this.namespaces = namespaces;
    this.statefulSets = statefulSets;
    this.volumes = volumes;
    this.nodeAgent = nodeAgent;
    this.dns = dns;
    this.proxy = proxy;
    this.proxyController = proxyController;
    this.events = events;
  }

  /**
   * The node agent's settings that {@code berth server} exposes (hidden, for tests).
   *
   * @param podCidr where pod IPs come from, {@link PodIpAllocator#DEFAULT_CIDR} by default
   * @param resyncInterval {@link NodeAgentConfig#resyncInterval()}, 1 min by default
   */
  /**
   * @param proxyThreads the service proxy's event loops; 0: its default (the CPU count)
   */
  record NodeOptions(String podCidr, Duration resyncInterval, int proxyThreads) {}

  /**
   * @param clusterDnsIp the kube-dns ClusterIP pods' resolv.conf names, where the DNS listens
   * @param dnsUpstreams where names outside cluster.local go; empty: the host's resolv.conf
   * @param caPem the API server's CA, published in every namespace as {@code kube-root-ca.crt}
   */
  static Controllers start(ApiClient client, Clock clock, Path dataDir, String clusterDnsIp, NodeOptions options,
      List<InetSocketAddress> dnsUpstreams, String caPem) throws IOException, InterruptedException {
    InetAddress dnsIp = InetAddress.getByName(clusterDnsIp);
    List<InetSocketAddress> upstreams = dnsUpstreams.isEmpty() ? HostDnsUpstream.hostResolvers(dnsIp) : dnsUpstreams;
    ClusterDnsServer dns = new ClusterDnsServer(client, clock,
        new ClusterDnsServer.Config(new InetSocketAddress(dnsIp, 53), "cluster.local", DnsRecords.DEFAULT_TTL),
        new HostDnsUpstream(upstreams, HostDnsUpstream.DEFAULT_TIMEOUT));
    dns.start();
    GarbageCollectorController gc = new GarbageCollectorController(client, clock);
    NamespaceController namespaces = new NamespaceController(client, clock);
    StatefulSetController statefulSets = new StatefulSetController(client, clock);
    PersistentVolumeController volumes = new PersistentVolumeController(client, clock, dev.berth.apiserver.Bootstrap.NODE_NAME, dataDir);
    EndpointsController endpoints = new EndpointsController(client, clock);
    ServiceAccountsController serviceAccounts = new ServiceAccountsController(client, clock);
    RootCaCertPublisher rootCa = new RootCaCertPublisher(client, clock, caPem);
    serviceAccounts.start();
    rootCa.start();
    gc.start();
    namespaces.start();
    endpoints.start();
    volumes.start();
    statefulSets.start();
    NettyServiceProxy.Config proxyConfig = NettyServiceProxy.Config.defaults();
    NettyServiceProxy proxy = new NettyServiceProxy(clock,
        options.proxyThreads() > 0 ? proxyConfig.withThreads(options.proxyThreads()) : proxyConfig);
    ServiceProxyController proxyController = new ServiceProxyController(client, clock, dev.berth.apiserver.Bootstrap.NODE_NAME,
        NODE_ADDRESS, proxy);
    proxyController.start();
    Node node = client.get(Node.class, "", dev.berth.apiserver.Bootstrap.NODE_NAME);
    Map<String, Quantity> allocatable = node == null || node.getStatus() == null ? Map.of() : node.getStatus().getAllocatable();
    InformerSources sources = new InformerSources(client, clock);
    long uid = new com.sun.security.auth.module.UnixSystem().getUid();
    boolean root = uid == 0; // only root mounts the tmpfs of secret, projected and Memory emptyDir volumes
    OsPodSandboxControl sandboxes = new OsPodSandboxControl(new PodIpAllocator(options.podCidr()),
        new PodSandboxFiles(dataDir, "cluster.local", List.of(clusterDnsIp),
            HostResolvConf.read(Path.of("/etc/resolv.conf")), Files.readString(Path.of("/etc/hosts"))),
        new PodVolumes(dataDir, clock, sources, allocatable, root ? new OsTmpfsControl() : TmpfsControl.NONE), new ContainerLogs(dataDir, clock));
    NodeAgentConfig defaults = NodeAgentConfig.defaults(allocatable, uid);
    NodeAgentConfig config = new NodeAgentConfig(defaults.nodeName(), defaults.hostIps(), defaults.nodeAllocatable(),
        defaults.processUid(), defaults.workers(), options.resyncInterval(), defaults.syncErrorBackOff());
    // The node agent's Events are written on threads of their own, as client-go's broadcaster
    // does: a pod's start does not wait for them.
    QueuedEventRecorder kubeletEvents = new QueuedEventRecorder(
        new ClientEventRecorder(client, clock, NodeAgentController.KUBELET, config.nodeName()), QueuedEventRecorder.DEFAULT_CAPACITY,
        NodeAgentController.KUBELET);
    QueuedEventRecorder schedulerEvents = new QueuedEventRecorder(
        new ClientEventRecorder(client, clock, PodScheduler.DEFAULT_SCHEDULER, config.nodeName()), QueuedEventRecorder.DEFAULT_CAPACITY,
        PodScheduler.DEFAULT_SCHEDULER);
    NodeAgentController nodeAgent = new NodeAgentController(client, clock, config, new OsProcessLauncher(dataDir, clock),
        new OsProbeRunner(), new OsHookRunner(), sandboxes, sources, kubeletEvents, schedulerEvents);
    nodeAgent.start();
    return new Controllers(gc, namespaces, statefulSets, volumes, endpoints, nodeAgent, List.of(kubeletEvents, schedulerEvents), dns,
        proxy, proxyController, serviceAccounts, rootCa);
  }

  /** The node agent, which knows the running containers {@code pods/exec} runs in. */
  NodeAgentController nodeAgent() {
    return nodeAgent;
  }

  /** The cluster DNS's state for the console: "cluster DNS listening on …", or a warning saying why it is off. */
  String dnsStatusLine() {
    String status = dns.status();
    return status.startsWith("cluster DNS is off") ? "warning: " + status : "cluster DNS " + status;
  }

  @Override
  public void close() {
    nodeAgent.stop();
    // after the agent, whose last syncs may still raise events; before the API stops
    events.forEach(QueuedEventRecorder::close);
    proxyController.stop();
    proxy.close();
    dns.close();
    statefulSets.stop();
    endpoints.stop();
    volumes.stop();
    namespaces.stop();
    gc.stop();
    rootCa.stop();
    serviceAccounts.stop();
  }
}
