package dev.berth.controllers.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.time.FakeClock;
import dev.berth.client.ClientWatch;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The collector against a stateful fake API: events in, deletes and updates out, until quiet. */
class GarbageCollectorControllerTest {
  private final FakeClock clock = new FakeClock();
  private final FakeApiClient client = new FakeApiClient(clock);
  private final GarbageCollectorController gc = new GarbageCollectorController(client, clock);
  private final List<ClientWatch<? extends HasMetadata>> deletions = new ArrayList<>();

  // --- builders ---------------------------------------------------------------------------------

  private static OwnerReference ref(HasMetadata owner, boolean block) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(block).build();
  }

  private Deployment deployment(String name) {
    return client.create(new DeploymentBuilder().withNewMetadata().withNamespace("ns").withName(name).endMetadata()
        .withNewSpec().withReplicas(1).endSpec().build());
  }

  private ReplicaSet replicaSet(String name, OwnerReference... owners) {
    return client.create(new ReplicaSetBuilder().withNewMetadata().withNamespace("ns").withName(name)
        .withOwnerReferences(owners).endMetadata().withNewSpec().withReplicas(1).endSpec().build());
  }

  private Pod pod(String name, OwnerReference... owners) {
    return pod("ns", name, List.of(), owners);
  }

  private Pod pod(String namespace, String name, List<String> finalizers, OwnerReference... owners) {
    return client.create(new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
        .withOwnerReferences(owners).withFinalizers(finalizers).endMetadata().withNewSpec().endSpec().build());
  }

  private void delete(Class<? extends HasMetadata> type, String name, String policy) {
    client.delete(type, "ns", name, new DeleteOptionsBuilder().withPropagationPolicy(policy).build());
  }

  private boolean exists(Class<? extends HasMetadata> type, String name) {
    return client.get(type, "ns", name) != null;
  }

  /** Runs informers and workers until nothing moves (timers are not advanced). */
  private void settle() {
    for (int i = 0; i < 200; i++) {
      boolean events = gc.processPendingEvents();
      int processed = gc.processAll();
      if (!events && processed == 0) {
        return;
      }
    }
    throw new AssertionError("the garbage collector did not settle");
  }

  /** Records the order of removals from now on, by the resourceVersion of each DELETED event. */
  private void recordDeletions() {
    deletions.add(client.watch(Deployment.class, null, "0"));
    deletions.add(client.watch(ReplicaSet.class, null, "0"));
    deletions.add(client.watch(Pod.class, null, "0"));
  }

  private List<String> deletionOrder() throws InterruptedException {
    record Removal(long rv, String what) {}
    List<Removal> out = new ArrayList<>();
    for (ClientWatch<? extends HasMetadata> w : deletions) {
      ClientWatch.Event<? extends HasMetadata> e;
      while ((e = w.poll(Duration.ZERO)) != null) {
        if (e instanceof ClientWatch.Event.Deleted<? extends HasMetadata> d) {
          HasMetadata o = d.object();
          out.add(new Removal(Long.parseLong(o.getMetadata().getResourceVersion()), o.getKind() + "/" + o.getMetadata().getName()));
        }
      }
    }
    return out.stream().sorted(Comparator.comparingLong(Removal::rv)).map(Removal::what).toList();
  }

  // --- tests ------------------------------------------------------------------------------------

  @Test
  void monitorsEveryStandardResourceOnceExceptEvents() {
    List<String> kinds = GarbageCollectorController.defaultMonitoredTypes(ResourceRegistry.standard()).stream()
        .map(t -> t.qualifiedName()).toList();
    assertThat(kinds).contains("pods", "replicasets.apps", "deployments.apps", "namespaces", "nodes", "leases.coordination.k8s.io")
        .doesNotContain("events", "events.events.k8s.io").doesNotHaveDuplicates();
  }

  @Test
  void backgroundDeletionRemovesTheChainDeploymentReplicaSetPods() {
    Deployment d = deployment("web");
    ReplicaSet rs = replicaSet("web-1", ref(d, true));
    pod("web-1-a", ref(rs, true));
    pod("web-1-b", ref(rs, true));
    pod("unrelated");
    settle();
    assertThat(client.names(Pod.class)).hasSize(3);

    delete(Deployment.class, "web", "Background");
    assertThat(exists(Deployment.class, "web")).as("Background: the owner goes at once").isFalse();
    settle();

    assertThat(client.names(ReplicaSet.class)).isEmpty();
    assertThat(client.names(Pod.class)).containsExactly("ns/unrelated");
    assertThat(client.calls(FakeApiClient.Verb.DELETE)).allSatisfy(c -> assertThat(c.toString()).doesNotContain("unrelated"));
  }

  @Test
  void foregroundDeletionRemovesDependentsLeafFirstThenTheOwner() throws Exception {
    Deployment d = deployment("web");
    ReplicaSet rs = replicaSet("web-1", ref(d, true));
    pod("web-1-a", ref(rs, true));
    pod("web-1-b", ref(rs, true));
    settle();
    recordDeletions();

    delete(Deployment.class, "web", "Foreground");
    Deployment waiting = client.get(Deployment.class, "ns", "web");
    assertThat(waiting.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
    settle();

    assertThat(client.names(Deployment.class)).isEmpty();
    assertThat(client.names(ReplicaSet.class)).isEmpty();
    assertThat(client.names(Pod.class)).isEmpty();
    assertThat(deletionOrder()).as("pods, then their ReplicaSet, then the Deployment")
        .containsExactly("Pod/web-1-a", "Pod/web-1-b", "ReplicaSet/web-1", "Deployment/web");
  }

  @Test
  void foregroundOwnerWaitsForBlockingDependentsOnly() {
    ReplicaSet rs = replicaSet("web-1");
    // Both dependents hold a finalizer of their own, so they linger while being deleted.
    pod("ns", "blocking", List.of("example.com/hold"), ref(rs, true));
    pod("ns", "non-blocking", List.of("example.com/hold"), ref(rs, false));
    settle();

    delete(ReplicaSet.class, "web-1", "Foreground");
    settle();
    assertThat(client.get(Pod.class, "ns", "blocking").getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(client.get(Pod.class, "ns", "non-blocking").getMetadata().getDeletionTimestamp())
        .as("non-blocking dependents are deleted too").isNotNull();
    assertThat(client.get(ReplicaSet.class, "ns", "web-1").getMetadata().getFinalizers())
        .as("the blocking dependent still exists: the owner waits").containsExactly("foregroundDeletion");

    releaseHold("blocking");
    settle();
    assertThat(exists(ReplicaSet.class, "web-1")).as("only the non-blocking dependent is left: the owner goes").isFalse();
    assertThat(exists(Pod.class, "non-blocking")).isTrue();
    releaseHold("non-blocking");
    settle();
    assertThat(client.names(Pod.class)).isEmpty();
  }

  private void releaseHold(String pod) {
    Pod p = client.get(Pod.class, "ns", pod);
    p.getMetadata().setFinalizers(List.of());
    client.update(p);
  }

  @Test
  void orphanReleasesDependentsThenTheOwnerGoes() {
    ReplicaSet rs = replicaSet("web-1");
    ReplicaSet other = replicaSet("other");
    pod("web-1-a", ref(rs, true));
    pod("shared", ref(rs, true), ref(other, false));
    settle();

    delete(ReplicaSet.class, "web-1", "Orphan");
    settle();

    assertThat(exists(ReplicaSet.class, "web-1")).isFalse();
    assertThat(client.get(Pod.class, "ns", "web-1-a").getMetadata().getOwnerReferences()).isEmpty();
    assertThat(client.get(Pod.class, "ns", "shared").getMetadata().getOwnerReferences())
        .extracting(OwnerReference::getName).containsExactly("other");
    assertThat(client.names(Pod.class)).containsExactly("ns/shared", "ns/web-1-a");
  }

  @Test
  void danglingReferencesFoundOnStartupAreCollected() {
    ReplicaSet rs = replicaSet("web-1");
    pod("kept", ref(rs, true));
    OwnerReference ghost = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("ghost")
        .withUid("00000000-dead-4000-8000-000000000000").build();
    pod("orphaned", ghost);
    // Same name as an existing owner, but the uid of an earlier incarnation: a re-created owner does not adopt.
    OwnerReference stale = new OwnerReferenceBuilder(ref(rs, true)).withUid("00000000-0ld0-4000-8000-000000000000").build();
    pod("stale", stale);

    settle();

    assertThat(client.names(Pod.class)).containsExactly("ns/kept");
    assertThat(exists(ReplicaSet.class, "web-1")).isTrue();
  }

  @Test
  void aDependentWithAnotherLiveOwnerOnlyLosesTheDeadReference() {
    ReplicaSet a = replicaSet("a");
    ReplicaSet b = replicaSet("b");
    pod("shared", ref(a, true), ref(b, true));
    settle();

    delete(ReplicaSet.class, "a", "Background");
    settle();

    assertThat(client.get(Pod.class, "ns", "shared").getMetadata().getOwnerReferences())
        .extracting(OwnerReference::getName).containsExactly("b");
  }

  @Test
  void dependentsMustShareTheOwnersNamespaceUnlessTheOwnerIsClusterScoped() {
    ReplicaSet rs = replicaSet("web-1");
    Node node = client.create(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build());
    pod("other-ns", "elsewhere", List.of(), ref(rs, true));
    client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("other-ns").withName("node-info")
        .withOwnerReferences(ref(node, false)).endMetadata().build());
    settle();

    assertThat(client.names(Pod.class)).as("a namespaced owner is looked for in the dependent's namespace: absent").isEmpty();
    assertThat(client.names(ConfigMap.class)).as("cluster-scoped owners own across namespaces").containsExactly("other-ns/node-info");

    client.delete(Node.class, null, "n1", null);
    settle();
    assertThat(client.names(ConfigMap.class)).isEmpty();
  }

  @Test
  void orphaningRetriesOnConflict() {
    ReplicaSet rs = replicaSet("web-1");
    pod("a", ref(rs, true));
    settle();

    // Someone relabels the pod between the collector's GET and its PUT, twice.
    client.beforeNthCall(FakeApiClient.Verb.UPDATE, 1, () -> relabel("a", "1"));
    client.beforeNthCall(FakeApiClient.Verb.UPDATE, 2, () -> relabel("a", "2"));
    delete(ReplicaSet.class, "web-1", "Orphan");
    settle();

    Pod p = client.get(Pod.class, "ns", "a");
    assertThat(p.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(p.getMetadata().getLabels()).as("the concurrent writer's change survives").containsEntry("touched", "2");
    assertThat(exists(ReplicaSet.class, "web-1")).isFalse();
    assertThat(gc.queue().waitingCount()).as("retried inline, not through back-off").isZero();
    assertThat(client.calls(FakeApiClient.Verb.UPDATE)).filteredOn(c -> c.resource().equals("pods"))
        .as("two conflicts, then success").hasSize(3);
  }

  private void relabel(String pod, String value) {
    Pod p = client.get(Pod.class, "ns", pod);
    p.getMetadata().setLabels(new java.util.HashMap<>(java.util.Map.of("touched", value)));
    client.update(p);
  }

  @Test
  void apiErrorsRequeueWithBackOff() {
    ReplicaSet rs = replicaSet("web-1");
    pod("a", ref(rs, true));
    settle();

    client.failNthCall(FakeApiClient.Verb.DELETE, 2, ApiException.internal("etcd timeout"));
    delete(ReplicaSet.class, "web-1", "Background");
    settle();
    assertThat(exists(Pod.class, "a")).as("the delete failed").isTrue();
    assertThat(gc.queue().waitingCount()).isEqualTo(1);

    clock.advance(Duration.ofMillis(5));
    settle();
    assertThat(exists(Pod.class, "a")).isFalse();
  }

  @Test
  void reListAfterExpiredStillCollects() {
    ReplicaSet rs = replicaSet("web-1");
    pod("a", ref(rs, true));
    settle();

    client.expireWatches();
    delete(ReplicaSet.class, "web-1", "Background");
    client.compactHistory();
    settle();

    assertThat(client.names(Pod.class)).as("the re-list reports the ReplicaSet as deleted").isEmpty();
  }

  @Test
  void runsOnVirtualThreads() throws Exception {
    ReplicaSet rs = replicaSet("web-1");
    pod("a", ref(rs, true));
    dev.berth.api.time.SystemClock system = dev.berth.api.time.SystemClock.INSTANCE;
    GarbageCollectorController live = new GarbageCollectorController(client, system);
    live.start();
    try {
      delete(ReplicaSet.class, "web-1", "Background");
      ClientWatch<Pod> w = client.watch(Pod.class, "ns", String.valueOf(client.currentResourceVersion()));
      if (exists(Pod.class, "a")) {
        ClientWatch.Event<Pod> e = w.poll(Duration.ofSeconds(20));
        assertThat(e).isInstanceOf(ClientWatch.Event.Deleted.class);
      }
      w.close();
      assertThat(exists(Pod.class, "a")).isFalse();
    } finally {
      live.stop();
    }
  }
}
