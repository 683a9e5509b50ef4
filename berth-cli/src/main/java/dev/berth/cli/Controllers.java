package dev.berth.cli;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.controllers.gc.GarbageCollectorController;
import dev.berth.controllers.namespace.NamespaceController;
import dev.berth.controllers.statefulset.StatefulSetController;
import dev.berth.controllers.volume.PersistentVolumeController;
import dev.berth.node.agent.InformerSources;
import dev.berth.node.agent.NodeAgentConfig;
import dev.berth.node.agent.NodeAgentController;
import dev.berth.node.agent.OsPodSandboxControl;
import dev.berth.node.logs.ContainerLogs;
import dev.berth.node.probe.OsHookRunner;
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
  private final StatefulSetController statefulSets;
  private final PersistentVolumeController volumes;
  private final NodeAgentController nodeAgent;

  private Controllers(GarbageCollectorController gc, NamespaceController namespaces, StatefulSetController statefulSets,
      PersistentVolumeController volumes, NodeAgentController nodeAgent) {
    this.gc = gc;
    this.namespaces = namespaces;
    this.statefulSets = statefulSets;
    this.volumes = volumes;
    this.nodeAgent = nodeAgent;
  }

  /** @param clusterDnsIp the kube-dns ClusterIP pods' resolv.conf names */
  static Controllers start(ApiClient client, Clock clock, Path dataDir, String clusterDnsIp) throws IOException {
    GarbageCollectorController gc = new GarbageCollectorController(client, clock);
    NamespaceController namespaces = new NamespaceController(client, clock);
    StatefulSetController statefulSets = new StatefulSetController(client, clock);
    PersistentVolumeController volumes = new PersistentVolumeController(client, clock, dev.berth.apiserver.Bootstrap.NODE_NAME, dataDir);
    gc.start();
    namespaces.start();
    volumes.start();
    statefulSets.start();
    Node node = client.get(Node.class, "", dev.berth.apiserver.Bootstrap.NODE_NAME);
    Map<String, Quantity> allocatable = node == null || node.getStatus() == null ? Map.of() : node.getStatus().getAllocatable();
    InformerSources sources = new InformerSources(client, clock);
    OsPodSandboxControl sandboxes = new OsPodSandboxControl(new PodIpAllocator(),
        new PodSandboxFiles(dataDir, "cluster.local", List.of(clusterDnsIp),
            HostResolvConf.read(Path.of("/etc/resolv.conf")), Files.readString(Path.of("/etc/hosts"))),
        new PodVolumes(dataDir, clock, sources, allocatable), new ContainerLogs(dataDir, clock));
    NodeAgentController nodeAgent = new NodeAgentController(client, clock,
        NodeAgentConfig.defaults(allocatable, new com.sun.security.auth.module.UnixSystem().getUid()),
        new OsProcessLauncher(dataDir, clock), new OsProbeRunner(), new OsHookRunner(), sandboxes, sources);
    nodeAgent.start();
    return new Controllers(gc, namespaces, statefulSets, volumes, nodeAgent);
  }

  @Override
  public void close() {
    nodeAgent.stop();
    statefulSets.stop();
    volumes.stop();
    namespaces.stop();
    gc.stop();
  }
}
