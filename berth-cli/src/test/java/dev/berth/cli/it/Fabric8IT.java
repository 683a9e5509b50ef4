package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fabric8 kubernetes-client 8 calls of spec/api-server.md §15 against a real berth server. */
class Fabric8IT extends ServerFixture {

  @Test
  void versionListGetCreateUpdateEditAndDelete() {
    assertThat(fabric8.getKubernetesVersion().getGitVersion()).isEqualTo("v1.32.0");
    assertThat(fabric8.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName()).contains("default", "kube-system");
    ConfigMap created = fabric8.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("f8").addToLabels("via", "fabric8").endMetadata().addToData("a", "1").build()).create();
    assertThat(created.getMetadata().getUid()).isNotEmpty();
    assertThat(fabric8.configMaps().inNamespace("default").withName("f8").get().getData()).containsEntry("a", "1");
    assertThat(fabric8.configMaps().inNamespace("default").withName("missing").get()).isNull();
    ConfigMap edited = fabric8.configMaps().inNamespace("default").withName("f8").edit(cm -> new ConfigMapBuilder(cm).addToData("b", "2").build());
    assertThat(edited.getData()).containsEntry("b", "2");
    created.getData().put("c", "3");
    assertThatThrownBy(() -> fabric8.configMaps().inNamespace("default").resource(created).update())
        .isInstanceOf(KubernetesClientException.class).satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
    assertThat(fabric8.configMaps().inNamespace("default").withName("f8").delete()).hasSize(1);
    assertThat(fabric8.configMaps().inNamespace("default").withName("f8").get()).isNull();
  }

  @Test
  void serverSideApplyScaleAndWaitUntilCondition() {
    StatefulSet sts = Serialization.unmarshal(Manifests.STATEFULSET.replace("name: web", "name: f8sts")
        .replace("serviceName: web", "serviceName: f8sts"), StatefulSet.class);
    sts.getMetadata().setNamespace("default");
    StatefulSet applied = fabric8.apps().statefulSets().inNamespace("default").resource(sts).serverSideApply();
    assertThat(applied.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    fabric8.apps().statefulSets().inNamespace("default").withName("f8sts").scale(4);
    assertThat(fabric8.apps().statefulSets().inNamespace("default").withName("f8sts").get().getSpec().getReplicas()).isEqualTo(4);
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      // a merge patch, not edit(): the StatefulSet controller writes status meanwhile, and a locked edit could meet a 409
      fabric8.apps().statefulSets().inNamespace("default").withName("f8sts")
          .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              "{\"metadata\":{\"labels\":{\"waited\":\"yes\"}}}");
    });
    StatefulSet waited = fabric8.apps().statefulSets().inNamespace("default").withName("f8sts")
        .waitUntilCondition(s -> s != null && "yes".equals(s.getMetadata().getLabels().get("waited")), 20, TimeUnit.SECONDS);
    assertThat(waited.getMetadata().getLabels()).containsEntry("waited", "yes");
  }

  @Test
  void watchDeliversEventsAndLabelDeleteUsesDeleteCollection() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch w = fabric8.configMaps().inNamespace("default").withLabel("batch", "x").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      for (int i = 0; i < 3; i++) {
        fabric8.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("batch-" + i)
            .addToLabels("batch", "x").endMetadata().build()).create();
      }
      assertThat(eventually(java.time.Duration.ofSeconds(10), () -> seen.size() >= 3)).as("events: %s", seen).isTrue();
      fabric8.configMaps().inNamespace("default").withLabel("batch", "x").delete();
      assertThat(eventually(java.time.Duration.ofSeconds(10), () -> seen.stream().filter(s -> s.startsWith("DELETED")).count() == 3))
          .as("events: %s", seen).isTrue();
    }
    assertThat(fabric8.configMaps().inNamespace("default").withLabel("batch", "x").list().getItems()).isEmpty();
  }

  @Test
  void invalidObjectsAre422WithCauses() {
    StatefulSet sts = Serialization.unmarshal(Manifests.STATEFULSET.replace("name: web", "name: f8bad").replace("replicas: 0", "replicas: -1"), StatefulSet.class);
    assertThatThrownBy(() -> fabric8.apps().statefulSets().inNamespace("default").resource(sts).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> {
          KubernetesClientException k = (KubernetesClientException) e;
          assertThat(k.getCode()).isEqualTo(422);
          assertThat(k.getStatus().getReason()).isEqualTo("Invalid");
          assertThat(k.getStatus().getDetails().getCauses()).anySatisfy(c -> assertThat(c.getField()).isEqualTo("spec.replicas"));
        });
  }
}
