package dev.berth.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.time.FakeClock;
import dev.berth.client.testing.FakeApiClient;
import dev.berth.controllers.gc.GarbageCollectorController;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NamespaceControllerTest {
  private final FakeClock clock = new FakeClock();
  private final FakeApiClient client = new FakeApiClient(clock);
  private final NamespaceController controller = new NamespaceController(client, clock);

  private void namespace(String name) {
    client.create(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
  }

  private void deleteNamespace(String name) {
    client.delete(Namespace.class, null, name, null);
  }

  private void settle() {
    for (int i = 0; i < 100; i++) {
      boolean events = controller.processPendingEvents();
      int processed = controller.processAll();
      if (!events && processed == 0) {
        return;
      }
    }
    throw new AssertionError("the namespace controller did not settle");
  }

  private Map<String, String> conditions(String ns) {
    return client.get(Namespace.class, null, ns).getStatus().getConditions().stream()
        .collect(Collectors.toMap(NamespaceCondition::getType, c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage()));
  }

  @Test
  void deletesObjectsOfEveryKindThenReleasesTheNamespace() {
    namespace("doomed");
    namespace("kept");
    client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("doomed").withName("cm").endMetadata().build());
    client.create(new SecretBuilder().withNewMetadata().withNamespace("doomed").withName("s").endMetadata().build());
    client.create(new PodBuilder().withNewMetadata().withNamespace("doomed").withName("p").endMetadata().withNewSpec().endSpec().build());
    client.create(new DeploymentBuilder().withNewMetadata().withNamespace("doomed").withName("d").endMetadata().withNewSpec().endSpec().build());
    client.create(new LeaseBuilder().withNewMetadata().withNamespace("doomed").withName("l").endMetadata().build());
    client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("kept").withName("cm").endMetadata().build());
    settle();
    assertThat(client.calls(FakeApiClient.Verb.DELETE)).as("nothing happens to namespaces not being deleted").isEmpty();

    deleteNamespace("doomed");
    assertThat(client.get(Namespace.class, null, "doomed").getStatus().getPhase()).isEqualTo("Terminating");
    settle();

    assertThat(client.get(Namespace.class, null, "doomed")).as("the last finalizer went, the server removed it").isNull();
    assertThat(client.names(ConfigMap.class)).containsExactly("kept/cm");
    assertThat(client.names(Secret.class)).isEmpty();
    assertThat(client.names(Pod.class)).isEmpty();
    assertThat(client.names(Deployment.class)).isEmpty();
    assertThat(client.names(Lease.class)).isEmpty();
    assertThat(client.get(Namespace.class, null, "kept")).isNotNull();
  }

  @Test
  void waitsForRemainingContentWithConditionsThenReleases() {
    namespace("ns");
    client.create(new PodBuilder().withNewMetadata().withNamespace("ns").withName("running").endMetadata()
        .withNewSpec().withNodeName("n1").endSpec().build());
    client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("held")
        .withFinalizers("example.com/hold").endMetadata().build());
    settle();

    deleteNamespace("ns");
    settle();
    Namespace ns = client.get(Namespace.class, null, "ns");
    assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
    assertThat(client.get(Pod.class, "ns", "running").getMetadata().getDeletionTimestamp())
        .as("the pod is deleted with its grace period").isNotNull();
    assertThat(conditions("ns")).containsEntry(NamespaceConditions.CONTENT_REMAINING,
            "True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances, pods. has 1 resource instances")
        .containsEntry(NamespaceConditions.FINALIZERS_REMAINING,
            "True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances")
        .containsEntry(NamespaceConditions.CONTENT_FAILURE,
            "False ContentDeleted: All content successfully deleted, may be waiting on finalization");
    assertThat(controller.queue().waitingCount()).as("polls again after the interval").isEqualTo(1);

    int statusWrites = client.calls(FakeApiClient.Verb.UPDATE_STATUS).size();
    clock.advance(Duration.ofSeconds(1));
    settle();
    assertThat(client.calls(FakeApiClient.Verb.UPDATE_STATUS)).as("unchanged status is not written again").hasSize(statusWrites);

    // The node agent stops the pod and removes it.
    client.delete(Pod.class, "ns", "running", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
    clock.advance(Duration.ofSeconds(1));
    settle();
    assertThat(conditions("ns")).containsEntry(NamespaceConditions.CONTENT_REMAINING,
        "True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances");

    ConfigMap held = client.get(ConfigMap.class, "ns", "held");
    held.getMetadata().setFinalizers(List.of());
    client.update(held);
    clock.advance(Duration.ofSeconds(1));
    settle();

    assertThat(client.get(Namespace.class, null, "ns")).isNull();
    assertThat(controller.queue().waitingCount()).isZero();
  }

  @Test
  void failuresSurfaceAsAConditionAndBackOff() {
    namespace("ns");
    client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("cm").endMetadata().build());
    settle();

    // The first failing pass writes the condition; that write is an event, so a second pass follows
    // at once, fails the same way, writes nothing, and waits for its back-off.
    client.failNthCall(FakeApiClient.Verb.DELETE, 2, ApiException.internal("etcd timeout"));
    client.failNthCall(FakeApiClient.Verb.DELETE, 3, ApiException.internal("etcd timeout"));
    deleteNamespace("ns");
    settle();
    assertThat(conditions("ns").get(NamespaceConditions.CONTENT_FAILURE)).startsWith("True ContentDeletionFailed: Failed to delete all resource types, 1 remaining: configmaps cm: etcd timeout");
    assertThat(controller.queue().waitingCount()).isEqualTo(1);

    clock.advance(Duration.ofMillis(10));
    settle();
    assertThat(client.get(Namespace.class, null, "ns")).isNull();
    assertThat(client.names(ConfigMap.class)).isEmpty();
  }

  @Test
  void releasingTheFinalizerRetriesOnConflict() {
    namespace("ns");
    settle();
    client.beforeNthCall(FakeApiClient.Verb.UPDATE, 1, () -> {
      Namespace n = client.get(Namespace.class, null, "ns");
      n.getMetadata().setLabels(Map.of("touched", "yes"));
      client.update(n);
    });
    deleteNamespace("ns");
    settle();
    assertThat(client.get(Namespace.class, null, "ns")).isNull();
    assertThat(client.calls(FakeApiClient.Verb.UPDATE)).hasSize(2);
  }

  @Test
  void withTheGarbageCollectorForegroundDeletionsInsideFinishBeforeTheNamespaceGoes() {
    GarbageCollectorController gc = new GarbageCollectorController(client, clock);
    namespace("ns");
    Deployment d = client.create(new DeploymentBuilder().withNewMetadata().withNamespace("ns").withName("web").endMetadata()
        .withNewSpec().endSpec().build());
    client.create(new PodBuilder().withNewMetadata().withNamespace("ns").withName("web-a")
        .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName("web").withUid(d.getMetadata().getUid())
        .withBlockOwnerDeletion(true).endOwnerReference().endMetadata().withNewSpec().endSpec().build());
    client.delete(Deployment.class, "ns", "web", new DeleteOptionsBuilder().withPropagationPolicy("Foreground").build());
    deleteNamespace("ns");

    for (int i = 0; i < 100 && client.get(Namespace.class, null, "ns") != null; i++) {
      boolean moved = controller.processPendingEvents() | gc.processPendingEvents();
      moved |= controller.processAll() > 0;
      moved |= gc.processAll() > 0;
      if (!moved) {
        clock.advance(Duration.ofSeconds(1));
      }
    }
    assertThat(client.get(Namespace.class, null, "ns")).isNull();
    assertThat(client.names(Deployment.class)).isEmpty();
    assertThat(client.names(Pod.class)).isEmpty();
  }

  @Test
  void namespacesNotBeingDeletedAreLeftAlone() {
    namespace("ns");
    client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("cm").endMetadata().build());
    settle();
    assertThat(controller.reconcile(new dev.berth.client.ResourceKey(null, "ns"))).isEqualTo(dev.berth.client.ReconcileResult.done());
    assertThat(client.names(ConfigMap.class)).containsExactly("ns/cm");
  }
}
