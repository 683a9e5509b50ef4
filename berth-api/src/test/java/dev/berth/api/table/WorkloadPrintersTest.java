package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** StatefulSet, Deployment, ReplicaSet, ControllerRevision and Scale rows. */
class WorkloadPrintersTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  record Case(String why, String apiVersion, String kind, HasMetadata object, List<Object> cells) {
    @Override
    public String toString() {
      return kind + ": " + why;
    }
  }

  static ObjectMeta meta(String name) {
    return new ObjectMetaBuilder().withName(name).withNamespace("default").withUid("u-" + name)
        .withCreationTimestamp("2026-01-01T11:48:00Z").build();
  }

  static PodTemplateSpec template() {
    return new PodTemplateSpecBuilder()
        .withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
        .withNewSpec()
        .addNewContainer().withName("nginx").withImage("nginx:1.27").endContainer()
        .addNewContainer().withName("sidecar").withImage("busybox:1.36").endContainer()
        .endSpec().build();
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("three of three ready", "apps/v1", "StatefulSet",
            new StatefulSetBuilder().withMetadata(meta("web"))
                .withNewSpec().withReplicas(3).withServiceName("web").withTemplate(template()).endSpec()
                .withNewStatus().withReplicas(3).withReadyReplicas(3).endStatus().build(),
            List.of("web", "3/3", "12m", "nginx,sidecar", "nginx:1.27,busybox:1.36")),
        new Case("no status yet", "apps/v1", "StatefulSet",
            new StatefulSetBuilder().withMetadata(meta("db")).withNewSpec().withReplicas(2).endSpec().build(),
            List.of("db", "0/2", "12m", "", "")),
        new Case("rolling out", "apps/v1", "Deployment",
            new DeploymentBuilder().withMetadata(meta("api"))
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(Map.of("app", "api")).endSelector()
                .withTemplate(template()).endSpec()
                .withNewStatus().withReplicas(4).withReadyReplicas(2).withUpdatedReplicas(1).withAvailableReplicas(2).endStatus()
                .build(),
            List.of("api", "2/3", 1L, 2L, "12m", "nginx,sidecar", "nginx:1.27,busybox:1.36", "app=api")),
        new Case("empty selector prints empty", "apps/v1", "Deployment",
            new DeploymentBuilder().withMetadata(meta("api")).withNewSpec().withReplicas(1).endSpec().build(),
            List.of("api", "0/1", 0L, 0L, "12m", "", "", "")),
        new Case("owned by a deployment", "apps/v1", "ReplicaSet",
            new ReplicaSetBuilder().withMetadata(meta("api-7c5ddbdf54"))
                .withNewSpec().withReplicas(2)
                .withNewSelector().withMatchLabels(Map.of("app", "api", "pod-template-hash", "7c5ddbdf54")).endSelector()
                .withTemplate(template()).endSpec()
                .withNewStatus().withReplicas(2).withReadyReplicas(1).endStatus().build(),
            List.of("api-7c5ddbdf54", 2L, 2L, 1L, "12m", "nginx,sidecar", "nginx:1.27,busybox:1.36",
                "app=api,pod-template-hash=7c5ddbdf54")),
        new Case("no selector prints <none>", "apps/v1", "ReplicaSet",
            new ReplicaSetBuilder().withMetadata(meta("rs")).withNewSpec().withReplicas(0).endSpec().build(),
            List.of("rs", 0L, 0L, 0L, "12m", "", "", "<none>")),
        new Case("controlled by a statefulset", "apps/v1", "ControllerRevision",
            new ControllerRevisionBuilder().withMetadata(new ObjectMetaBuilder(meta("web-6d4f8b5c7"))
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet").withName("web")
                    .withUid("u-web").withController(true).endOwnerReference().build())
                .withRevision(2L).build(),
            List.of("web-6d4f8b5c7", "statefulset.apps/web", 2L, "12m")),
        new Case("a non-controller owner does not count", "apps/v1", "ControllerRevision",
            new ControllerRevisionBuilder().withMetadata(new ObjectMetaBuilder(meta("orphan-1"))
                    .addNewOwnerReference().withApiVersion("v1").withKind("Pod").withName("p")
                    .withUid("u-p").endOwnerReference().build())
                .withRevision(1L).build(),
            List.of("orphan-1", "<none>", 1L, "12m")),
        new Case("core-group controller has no group suffix", "apps/v1", "ControllerRevision",
            new ControllerRevisionBuilder().withMetadata(new ObjectMetaBuilder(meta("rc-1"))
                    .addNewOwnerReference().withApiVersion("v1").withKind("ReplicationController").withName("rc")
                    .withUid("u-rc").withController(true).endOwnerReference().build())
                .withRevision(1L).build(),
            List.of("rc-1", "replicationcontroller/rc", 1L, "12m")),
        new Case("scale subresource", "autoscaling/v1", "Scale",
            new ScaleBuilder().withMetadata(meta("web")).withNewSpec().withReplicas(3).endSpec()
                .withNewStatus().withReplicas(2).withSelector("app=web").endStatus().build(),
            List.of("web", 3L, 2L, "12m")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void cells(Case c) {
    TablePrinter printer = TablePrinters.forKind(c.apiVersion(), c.kind());
    assertThat(printer.cells(c.object(), NOW)).as(c.toString()).containsExactlyElementsOf(c.cells());
  }
}
