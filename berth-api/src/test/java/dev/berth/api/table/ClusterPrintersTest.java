package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Namespace, Node, ConfigMap, Secret, ServiceAccount, StorageClass, Lease and unknown kinds. */
class ClusterPrintersTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  record Case(String why, String apiVersion, String kind, HasMetadata object, List<Object> cells) {
    @Override
    public String toString() {
      return kind + ": " + why;
    }
  }

  static ObjectMeta meta(String name) {
    return new ObjectMetaBuilder().withName(name).withCreationTimestamp("2025-12-30T09:00:00Z").build();
  }

  static NodeBuilder node() {
    return new NodeBuilder().withMetadata(new ObjectMetaBuilder(meta("node1"))
            .withLabels(Map.of("kubernetes.io/hostname", "node1")).build())
        .withNewStatus()
        .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
        .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .addNewAddress().withType("Hostname").withAddress("node1").endAddress()
        .addNewAddress().withType("InternalIP").withAddress("192.168.1.5").endAddress()
        .withNewNodeInfo().withKubeletVersion("v1.32.5-berth").withOsImage("Debian GNU/Linux 12 (bookworm)")
        .withKernelVersion("6.1.0-18-amd64").withContainerRuntimeVersion("berth://0.1.0").endNodeInfo()
        .endStatus();
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("active", "v1", "Namespace",
            new NamespaceBuilder().withMetadata(meta("default")).withNewStatus().withPhase("Active").endStatus().build(),
            List.of("default", "Active", "2d3h")),
        new Case("terminating", "v1", "Namespace",
            new NamespaceBuilder().withMetadata(meta("old")).withNewStatus().withPhase("Terminating").endStatus().build(),
            List.of("old", "Terminating", "2d3h")),
        new Case("ready worker", "v1", "Node", node().build(),
            List.of("node1", "Ready", "<none>", "2d3h", "v1.32.5-berth", "192.168.1.5", "<none>",
                "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "berth://0.1.0")),
        new Case("cordoned control plane with roles from both label forms", "v1", "Node",
            node().editMetadata().addToLabels("node-role.kubernetes.io/control-plane", "")
                .addToLabels("node-role.kubernetes.io/", "ignored").addToLabels("kubernetes.io/role", "etcd")
                .addToLabels("node-role.kubernetes.io/control-plane-dup", "").endMetadata()
                .withNewSpec().withUnschedulable(true).endSpec().build(),
            List.of("node1", "Ready,SchedulingDisabled", "control-plane,control-plane-dup,etcd", "2d3h",
                "v1.32.5-berth", "192.168.1.5", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64",
                "berth://0.1.0")),
        new Case("Ready condition Unknown is NotReady", "v1", "Node",
            node().editStatus().withConditions().addNewCondition().withType("Ready").withStatus("Unknown").endCondition()
                .addNewAddress().withType("ExternalIP").withAddress("203.0.113.5").endAddress().endStatus().build(),
            List.of("node1", "NotReady", "<none>", "2d3h", "v1.32.5-berth", "192.168.1.5", "203.0.113.5",
                "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "berth://0.1.0")),
        new Case("registered but no status", "v1", "Node",
            new NodeBuilder().withMetadata(meta("bare")).build(),
            List.of("bare", "Unknown", "<none>", "2d3h", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>")),
        new Case("data and binaryData both count", "v1", "ConfigMap",
            new ConfigMapBuilder().withMetadata(meta("conf")).withData(Map.of("a", "1", "b", "2"))
                .withBinaryData(Map.of("c", "AAE=")).build(),
            List.of("conf", 3L, "2d3h")),
        new Case("empty", "v1", "ConfigMap", new ConfigMapBuilder().withMetadata(meta("empty")).build(),
            List.of("empty", 0L, "2d3h")),
        new Case("opaque, stringData merged with data", "v1", "Secret",
            new SecretBuilder().withMetadata(meta("creds")).withType("Opaque")
                .withData(Map.of("user", "YWRtaW4=")).withStringData(Map.of("user", "admin", "pass", "x")).build(),
            List.of("creds", "Opaque", 2L, "2d3h")),
        new Case("token secret", "v1", "Secret",
            new SecretBuilder().withMetadata(meta("tok")).withType("kubernetes.io/service-account-token").build(),
            List.of("tok", "kubernetes.io/service-account-token", 0L, "2d3h")),
        new Case("default account", "v1", "ServiceAccount",
            new ServiceAccountBuilder().withMetadata(meta("default")).build(), List.of("default", 0L, "2d3h")),
        new Case("with a secret", "v1", "ServiceAccount",
            new ServiceAccountBuilder().withMetadata(meta("robot")).addNewSecret().withName("robot-token").endSecret().build(),
            List.of("robot", 1L, "2d3h")),
        new Case("the default class", "storage.k8s.io/v1", "StorageClass",
            new StorageClassBuilder().withMetadata(new ObjectMetaBuilder(meta("local-path"))
                    .withAnnotations(Map.of("storageclass.kubernetes.io/is-default-class", "true")).build())
                .withProvisioner("rancher.io/local-path").withReclaimPolicy("Delete")
                .withVolumeBindingMode("WaitForFirstConsumer").withAllowVolumeExpansion(true).build(),
            List.of("local-path (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", true, "2d3h")),
        new Case("beta default annotation; unset fields print their defaults", "storage.k8s.io/v1", "StorageClass",
            new StorageClassBuilder().withMetadata(new ObjectMetaBuilder(meta("fast"))
                    .withAnnotations(Map.of("storageclass.beta.kubernetes.io/is-default-class", "true")).build())
                .withProvisioner("example.com/ssd").build(),
            List.of("fast (default)", "example.com/ssd", "Delete", "Immediate", false, "2d3h")),
        new Case("annotation false is not default", "storage.k8s.io/v1", "StorageClass",
            new StorageClassBuilder().withMetadata(new ObjectMetaBuilder(meta("slow"))
                    .withAnnotations(Map.of("storageclass.kubernetes.io/is-default-class", "false")).build())
                .withProvisioner("example.com/hdd").withReclaimPolicy("Retain").build(),
            List.of("slow", "example.com/hdd", "Retain", "Immediate", false, "2d3h")),
        new Case("held", "coordination.k8s.io/v1", "Lease",
            new LeaseBuilder().withMetadata(meta("node1")).withNewSpec().withHolderIdentity("node1")
                .withLeaseDurationSeconds(40).endSpec().build(),
            List.of("node1", "node1", "2d3h")),
        new Case("free", "coordination.k8s.io/v1", "Lease",
            new LeaseBuilder().withMetadata(meta("election")).withNewSpec().endSpec().build(),
            List.of("election", "", "2d3h")),
        new Case("unknown kinds get Name and Created At", "example.com/v1", "Widget",
            new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                .withMetadata(new ObjectMetaBuilder(meta("w")).withCreationTimestamp("2025-12-30T09:00:00.123456Z").build())
                .build(),
            List.of("w", "2025-12-30T09:00:00Z")),
        new Case("Go's zero time when unset", "example.com/v1", "Widget",
            new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                .withNewMetadata().withName("w").endMetadata().build(),
            List.of("w", "0001-01-01T00:00:00Z")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void cells(Case c) {
    TablePrinter printer = TablePrinters.forKind(c.apiVersion(), c.kind());
    assertThat(printer.cells(c.object(), NOW)).as(c.toString()).containsExactlyElementsOf(c.cells());
  }
}
