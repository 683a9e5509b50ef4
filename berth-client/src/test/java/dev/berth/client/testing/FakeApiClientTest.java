package dev.berth.client.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.ApiException;
import dev.berth.api.time.FakeClock;
import dev.berth.client.ClientWatch;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeApiClientTest {
  private final FakeClock clock = new FakeClock();
  private final FakeApiClient client = new FakeApiClient(clock);

  private ConfigMap cm(String name, String... finalizers) {
    return client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName(name)
        .withFinalizers(finalizers).endMetadata().addToData("k", "v").build());
  }

  private static DeleteOptions policy(String p) {
    return new DeleteOptionsBuilder().withPropagationPolicy(p).build();
  }

  @Test
  void createAssignsIdentityAndEveryWriteTakesTheNextResourceVersion() {
    ConfigMap a = cm("a");
    ConfigMap b = cm("b");
    assertThat(a.getMetadata().getUid()).isNotBlank().isNotEqualTo(b.getMetadata().getUid());
    assertThat(a.getMetadata().getCreationTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(Long.parseLong(b.getMetadata().getResourceVersion())).isEqualTo(Long.parseLong(a.getMetadata().getResourceVersion()) + 1);
    assertThatThrownBy(() -> cm("a")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
  }

  @Test
  void updateWithAStaleResourceVersionIsAConflict() {
    ConfigMap a = cm("a");
    ConfigMap fresh = client.get(ConfigMap.class, "ns", "a");
    fresh.getData().put("k", "w");
    client.update(fresh);

    a.getData().put("k", "x");
    assertThatThrownBy(() -> client.update(a)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.code()).isEqualTo(409);
      assertThat(e.reason()).isEqualTo("Conflict");
    });
    assertThat(client.get(ConfigMap.class, "ns", "a").getData()).containsEntry("k", "w");
  }

  @Test
  void anUpdateThatChangesNothingWritesNothing() {
    ConfigMap a = cm("a");
    long rv = client.currentResourceVersion();
    ConfigMap same = client.update(client.get(ConfigMap.class, "ns", "a"));
    assertThat(client.currentResourceVersion()).isEqualTo(rv);
    assertThat(same.getMetadata().getResourceVersion()).isEqualTo(a.getMetadata().getResourceVersion());
  }

  @Test
  void deleteWithoutFinalizersRemovesAtOnce() {
    cm("a");
    assertThat(client.delete(ConfigMap.class, "ns", "a", null)).isNull();
    assertThat(client.get(ConfigMap.class, "ns", "a")).isNull();
    assertThatThrownBy(() -> client.delete(ConfigMap.class, "ns", "a", null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void finalizersKeepTheObjectUntilTheLastOneIsRemoved() {
    cm("a", "example.com/x");
    ConfigMap deleting = client.delete(ConfigMap.class, "ns", "a", null);
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isEqualTo("2026-01-01T00:00:00Z");

    ConfigMap c = client.get(ConfigMap.class, "ns", "a");
    c.getMetadata().getFinalizers().add("example.com/y");
    assertThatThrownBy(() -> client.update(c)).as("no new finalizers while deleting")
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));

    ConfigMap d = client.get(ConfigMap.class, "ns", "a");
    d.getMetadata().setFinalizers(List.of());
    client.update(d);
    assertThat(client.get(ConfigMap.class, "ns", "a")).isNull();
  }

  @Test
  void foregroundAndOrphanAddTheirFinalizers() {
    cm("f");
    cm("o");
    assertThat(client.delete(ConfigMap.class, "ns", "f", policy("Foreground")).getMetadata().getFinalizers())
        .containsExactly(FakeApiClient.FOREGROUND_DELETION);
    assertThat(client.delete(ConfigMap.class, "ns", "o", policy("Orphan")).getMetadata().getFinalizers())
        .containsExactly(FakeApiClient.ORPHAN);
  }

  @Test
  void preconditionsAreChecked() {
    cm("a");
    DeleteOptions wrongUid = new DeleteOptionsBuilder().withNewPreconditions().withUid("nope").endPreconditions().build();
    assertThatThrownBy(() -> client.delete(ConfigMap.class, "ns", "a", wrongUid))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
    assertThat(client.get(ConfigMap.class, "ns", "a")).isNotNull();
  }

  @Test
  void scheduledPodsWaitForTheirGracePeriodUnscheduledOnesGoAtOnce() {
    client.create(new PodBuilder().withNewMetadata().withNamespace("ns").withName("pending").endMetadata().withNewSpec().endSpec().build());
    client.create(new PodBuilder().withNewMetadata().withNamespace("ns").withName("running").endMetadata()
        .withNewSpec().withNodeName("n1").withTerminationGracePeriodSeconds(10L).endSpec().build());

    assertThat(client.delete(Pod.class, "ns", "pending", null)).isNull();
    Pod running = client.delete(Pod.class, "ns", "running", null);
    assertThat(running.getMetadata().getDeletionTimestamp()).isEqualTo("2026-01-01T00:00:10Z");
    assertThat(running.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(10L);

    assertThat(client.delete(Pod.class, "ns", "running", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build())).isNull();
  }

  @Test
  void namespacesWaitForTheirSpecFinalizersAndRefuseNewContent() {
    client.create(new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().build());
    Namespace ns = client.delete(Namespace.class, null, "ns", null);
    assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating");
    assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
    assertThatThrownBy(() -> cm("late")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403));

    Namespace n = client.get(Namespace.class, null, "ns");
    n.getSpec().setFinalizers(List.of());
    client.update(n);
    assertThat(client.get(Namespace.class, null, "ns")).as("a plain update keeps spec.finalizers").isNotNull();
    client.finalizeNamespace(client.get(Namespace.class, null, "ns").edit().editSpec().withFinalizers(List.of()).endSpec().build());
    assertThat(client.get(Namespace.class, null, "ns")).isNull();
  }

  @Test
  void watchFromZeroStartsWithSyntheticAddsThenLiveEvents() throws Exception {
    cm("a");
    ClientWatch<ConfigMap> w = client.watch(ConfigMap.class, null, "0");
    cm("b");
    client.delete(ConfigMap.class, "ns", "a", null);
    assertThat(drain(w)).containsExactly("Added a", "Added b", "Deleted a");
  }

  @Test
  void watchFromAVersionReplaysHistoryOrExpires() throws Exception {
    cm("a");
    String rv = client.list(ConfigMap.class, null, null).resourceVersion();
    cm("b");
    assertThat(drain(client.watch(ConfigMap.class, "ns", rv))).containsExactly("Added b");
    client.compactHistory();
    assertThat(drain(client.watch(ConfigMap.class, "ns", rv))).containsExactly("Expired");
  }

  @Test
  void theNthCallFailsWithoutEffect() {
    client.failNthCall(FakeApiClient.Verb.CREATE, 2, ApiException.internal("boom"));
    cm("a");
    assertThatThrownBy(() -> cm("b")).isInstanceOf(ApiException.class);
    cm("c");
    assertThat(client.names(ConfigMap.class)).containsExactly("ns/a", "ns/c");
  }

  @Test
  void beforeNthCallLetsAConcurrentWriterWin() {
    cm("a");
    ConfigMap mine = client.get(ConfigMap.class, "ns", "a");
    client.beforeNthCall(FakeApiClient.Verb.UPDATE, 1, () -> {
      ConfigMap theirs = client.get(ConfigMap.class, "ns", "a");
      theirs.getData().put("k", "theirs");
      client.update(theirs);
    });
    mine.getData().put("k", "mine");
    assertThatThrownBy(() -> client.update(mine)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(409));
    assertThat(client.calls(FakeApiClient.Verb.UPDATE)).as("the hook's own calls are not recorded").hasSize(1);
  }

  @Test
  void listFiltersByLabelSelector() {
    client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("x").addToLabels("app", "web").endMetadata().build());
    client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("y").addToLabels("app", "db").endMetadata().build());
    client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("z").endMetadata().build());
    assertThat(names(client.list(ConfigMap.class, "ns", "app=web").items())).containsExactly("x");
    assertThat(names(client.list(ConfigMap.class, "ns", "app in (web,db)").items())).containsExactly("x", "y");
    assertThat(names(client.list(ConfigMap.class, "ns", "app!=web").items())).containsExactly("y", "z");
    assertThat(names(client.list(ConfigMap.class, "ns", "!app").items())).containsExactly("z");
  }

  @Test
  void mergeAndJsonPatches() {
    cm("a");
    client.patch(ConfigMap.class, "ns", "a", "application/merge-patch+json", "{\"data\":{\"k\":null,\"n\":\"1\"}}");
    assertThat(client.get(ConfigMap.class, "ns", "a").getData()).containsExactly(java.util.Map.entry("n", "1"));
    client.patch(ConfigMap.class, "ns", "a", "application/json-patch+json", "[{\"op\":\"replace\",\"path\":\"/data/n\",\"value\":\"2\"}]");
    assertThat(client.get(ConfigMap.class, "ns", "a").getData()).containsEntry("n", "2");
  }

  private static List<String> names(List<ConfigMap> items) {
    return items.stream().map(c -> c.getMetadata().getName()).toList();
  }

  private static List<String> drain(ClientWatch<ConfigMap> w) throws InterruptedException {
    List<String> out = new ArrayList<>();
    ClientWatch.Event<ConfigMap> e;
    while ((e = w.poll(Duration.ZERO)) != null) {
      out.add(switch (e) {
        case ClientWatch.Event.Added<ConfigMap> a -> "Added " + a.object().getMetadata().getName();
        case ClientWatch.Event.Modified<ConfigMap> m -> "Modified " + m.object().getMetadata().getName();
        case ClientWatch.Event.Deleted<ConfigMap> d -> "Deleted " + d.object().getMetadata().getName();
        case ClientWatch.Event.Expired<ConfigMap> x -> "Expired";
      });
    }
    return out;
  }
}
