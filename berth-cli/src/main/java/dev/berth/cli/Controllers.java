package dev.berth.cli;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.controllers.gc.GarbageCollectorController;
import dev.berth.controllers.namespace.NamespaceController;
import dev.berth.node.agent.ClientEventRecorder;
import dev.berth.node.agent.InformerSources;
import dev.berth.node.agent.NodeAgentConfig;
import dev.berth.node.agent.NodeAgentController;
import dev.berth.node.agent.OsPodSandboxControl;
import dev.berth.node.agent.PodScheduler;
import dev.berth.node.agent.QueuedEventRecorder;
import dev.berth.node.logs.ContainerLogs;
import dev.berth.node.probe.OsProbeRunner;
import dev.berth.node.runtime.OsProcessLauncher;
import dev.berth.node.sandbox.HostResolvConf;
import dev.berth.node.sandbox.PodIpAllocator;
import dev.berth.node.sandbox.PodSandboxFiles;
import dev.berth.node.volume.PodVolumes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The controllers that run inside {@code berth server}: started after bootstrap, stopped before
 * the API. The node agent's stop leaves pod processes running for the next server to adopt.
 */
final class Controllers implements AutoCloseable {
  private final GarbageCollectorController gc;
  private final NamespaceController namespaces;
  private final NodeAgentController nodeAgent;
  private final List<QueuedEventRecorder> events;

  private Controllers(GarbageCollectorController gc, NamespaceController namespaces, NodeAgentController nodeAgent,
      List<QueuedEventRecorder> events) {
    this.gc = gc;
    this.namespaces = namespaces;
    this.nodeAgent = nodeAgent;
    this.events = events;
  }

  /** @param clusterDnsIp the kube-dns ClusterIP pods' resolv.conf names */
  static Controllers start(ApiClient client, Clock clock, Path dataDir, String clusterDnsIp) throws IOException {
    GarbageCollectorController gc = new GarbageCollectorController(client, clock);
    NamespaceController namespaces = new NamespaceController(client, clock);
    gc.start();
    namespaces.start();
    Node node = client.get(Node.class, "", dev.berth.apiserver.Bootstrap.NODE_NAME);
    Map<String, Quantity> allocatable = node == null || node.getStatus() == null ? Map.of() : node.getStatus().getAllocatable();
    InformerSources sources = new InformerSources(client, clock);
    OsPodSandboxControl sandboxes = new OsPodSandboxControl(new PodIpAllocator(),
        new PodSandboxFiles(dataDir, "cluster.local", List.of(clusterDnsIp),
            HostResolvConf.read(Path.of("/etc/resolv.conf")), Files.readString(Path.of("/etc/hosts"))),
        new PodVolumes(dataDir, clock, sources, allocatable), new ContainerLogs(dataDir, clock));
    NodeAgentConfig config = NodeAgentConfig.defaults(allocatable, new com.sun.security.auth.module.UnixSystem().getUid());
    // Events are written on threads of their own, as client-go's broadcaster does: a pod's start
    // does not wait for them.
    QueuedEventRecorder kubeletEvents = new QueuedEventRecorder(
        new ClientEventRecorder(client, clock, NodeAgentController.KUBELET, config.nodeName()), QueuedEventRecorder.DEFAULT_CAPACITY,
        NodeAgentController.KUBELET);
    QueuedEventRecorder schedulerEvents = new QueuedEventRecorder(
        new ClientEventRecorder(client, clock, PodScheduler.DEFAULT_SCHEDULER, config.nodeName()), QueuedEventRecorder.DEFAULT_CAPACITY,
        PodScheduler.DEFAULT_SCHEDULER);
    NodeAgentController nodeAgent = new NodeAgentController(client, clock, config, new OsProcessLauncher(dataDir, clock),
        new OsProbeRunner(), sandboxes, sources, kubeletEvents, schedulerEvents);
    nodeAgent.start();
    return new Controllers(gc, namespaces, nodeAgent, List.of(kubeletEvents, schedulerEvents));
  }

  @Override
  public void close() {
    nodeAgent.stop();
    events.forEach(QueuedEventRecorder::close);
    namespaces.stop();
    gc.stop();
  }
}
