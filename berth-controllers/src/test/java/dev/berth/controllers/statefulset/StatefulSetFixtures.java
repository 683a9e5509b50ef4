package dev.berth.controllers.statefulset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Instant;

/** Sets and pod state changes for the reconciler tests, as the API server and the kubelet make them. */
final class StatefulSetFixtures {
  static final String BROKEN = "test.berth.dev/broken";

  private StatefulSetFixtures() {}

  /** {@code web}: OrderedReady, RollingUpdate with partition 0 and maxUnavailable 1, as defaulted. */
  static StatefulSetBuilder web(int replicas) {
    return new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("set-uid").withGeneration(1L)
        .endMetadata().withNewSpec().withReplicas(replicas).withServiceName("nginx").withPodManagementPolicy("OrderedReady")
        .withRevisionHistoryLimit(10).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0)
        .withMaxUnavailable(new IntOrString(1)).endRollingUpdate().endUpdateStrategy()
        .withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Retain").withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("c")
        .withImage("v1").withCommand("sleep", "3600").endContainer().withRestartPolicy("Always").endSpec().endTemplate().endSpec();
  }

  static StatefulSet withClaims(StatefulSet set) {
    return new StatefulSetBuilder(set).editSpec().addToVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata()
        .withName("data").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
        .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).endSpec().build();
  }

  static StatefulSet withImage(StatefulSet set, String image, boolean broken) {
    return new StatefulSetBuilder(set).editSpec().editTemplate().editMetadata().removeFromAnnotations(BROKEN)
        .addToAnnotations(broken ? java.util.Map.of(BROKEN, "true") : java.util.Map.of()).endMetadata()
        .editSpec().editFirstContainer().withImage(image).endContainer().endSpec().endTemplate().endSpec().build();
  }

  static boolean isBroken(Pod pod) {
    return pod.getMetadata().getAnnotations() != null && pod.getMetadata().getAnnotations().containsKey(BROKEN);
  }

  static Pod running(Pod pod) {
    return new PodBuilder(pod).editStatus().withPhase("Running").endStatus().build();
  }

  static Pod ready(Pod pod, boolean ready, Instant now) {
    return new PodBuilder(pod).editStatus().withPhase("Running").withConditions().addNewCondition().withType("Ready")
        .withStatus(ready ? "True" : "False").withLastTransitionTime(now.toString()).endCondition().endStatus().build();
  }

  static Pod failed(Pod pod) {
    return new PodBuilder(pod).editStatus().withPhase("Failed").withConditions().endStatus().build();
  }
}
