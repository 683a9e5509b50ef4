package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.apiError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.client.ClientWatch;
import dev.berth.client.Informer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Controllers' {@link dev.berth.client.ApiClient} over {@link ResourceService}: typed objects, the same 409s and 422s. */
class InProcessApiClientTest {
  private final ServiceFixture f = new ServiceFixture();
  private final InProcessApiClient client = new InProcessApiClient(f.service, "berth-controller-manager");

  private static ConfigMap configMap(String name, String app) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").withLabels(Map.of("app", app))
        .endMetadata().withData(Map.of("k", "v")).build();
  }

  @Test
  void createGetListUpdate() {
    ConfigMap created = client.create(configMap("a", "web"));
    client.create(configMap("b", "db"));
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getManagedFields()).extracting(m -> m.getManager())
        .containsExactly("berth-controller-manager");
    assertThat(client.get(ConfigMap.class, "default", "a").getData()).containsEntry("k", "v");
    assertThat(client.get(ConfigMap.class, "default", "missing")).as("404 is null").isNull();
    assertThat(client.list(ConfigMap.class, "default", "app=web").items()).extracting(c -> c.getMetadata().getName())
        .containsExactly("a");
    assertThat(client.list(ConfigMap.class, null, null).items()).hasSize(2);

    ApiException exists = apiError(() -> client.create(configMap("a", "web")));
    assertThat(exists.code()).isEqualTo(409);

    created.getData().put("k", "v2");
    ConfigMap updated = client.update(created);
    assertThat(updated.getData()).containsEntry("k", "v2");
    created.getData().put("k", "v3");
    assertThat(apiError(() -> client.update(created)).code()).as("stale resourceVersion").isEqualTo(409);
  }

  @Test
  void updateStatusAndPatch() {
    f.create(f.statefulSets, ServiceFixture.statefulSet("web", 2));
    StatefulSet sts = client.get(StatefulSet.class, "default", "web");
    sts.setStatus(new StatefulSetStatusBuilder().withReplicas(2).withReadyReplicas(1).withObservedGeneration(1L).build());
    sts.getSpec().setReplicas(9);
    StatefulSet afterStatus = client.updateStatus(sts);
    assertThat(afterStatus.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(afterStatus.getSpec().getReplicas()).as("/status ignores spec").isEqualTo(2);

    StatefulSet patched = client.patch(StatefulSet.class, "default", "web", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":3}}");
    assertThat(patched.getSpec().getReplicas()).isEqualTo(3);
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2);
    assertThat(apiError(() -> client.patch(StatefulSet.class, "default", "web", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":-1}}")).code()).isEqualTo(422);
  }

  @Test
  void deleteReturnsNullOnceGoneAndTheObjectWhileDeferred() {
    client.create(configMap("a", "web"));
    assertThat(client.delete(ConfigMap.class, "default", "a", null)).isNull();

    client.create(new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
        .withNewSpec().withNodeName("berth").addNewContainer().withName("c").withImage("i").endContainer().endSpec().build());
    Pod terminating = client.delete(Pod.class, "default", "p", null);
    assertThat(terminating.getMetadata().getDeletionTimestamp()).as("graceful: still there").isNotNull();
    assertThat(client.delete(Pod.class, "default", "p", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build())).isNull();
  }

  @Test
  void typedWatch() throws InterruptedException {
    client.create(configMap("a", "web"));
    try (ClientWatch<ConfigMap> w = client.watch(ConfigMap.class, "default", "0")) {
      client.patch(ConfigMap.class, "default", "a", "application/merge-patch+json", "{\"data\":{\"k\":\"v2\"}}");
      client.delete(ConfigMap.class, "default", "a", null);
      assertThat(w.poll(Duration.ZERO)).isInstanceOfSatisfying(ClientWatch.Event.Added.class,
          e -> assertThat(((ConfigMap) e.object()).getMetadata().getName()).isEqualTo("a"));
      assertThat(w.poll(Duration.ZERO)).isInstanceOfSatisfying(ClientWatch.Event.Modified.class,
          e -> assertThat(((ConfigMap) e.object()).getData()).containsEntry("k", "v2"));
      assertThat(w.poll(Duration.ZERO)).isInstanceOf(ClientWatch.Event.Deleted.class);
      assertThat(w.poll(Duration.ZERO)).isNull();
    }
  }

  @Test
  void informerDrivenSynchronouslySeesLaterChanges() {
    Informer<ConfigMap> informer = new Informer<>(client, ConfigMap.class, f.clock);
    client.create(configMap("a", "web"));
    informer.processPending();
    assertThat(informer.lister().list()).extracting(c -> c.getMetadata().getName()).containsExactly("a");

    client.create(configMap("b", "web"));
    client.delete(ConfigMap.class, "default", "a", null);
    assertThat(informer.processPending()).as("the watch delivers what happened since the list").isTrue();
    assertThat(informer.lister().list()).extracting(c -> c.getMetadata().getName()).containsExactly("b");
    informer.stop();
  }
}
