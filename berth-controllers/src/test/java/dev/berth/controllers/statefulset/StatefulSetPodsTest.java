package dev.berth.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The identity vocabulary as tables ({@code spec/statefulset.md} §4.1, §7.8). */
class StatefulSetPodsTest {

  record NameCase(String name, String parent, int ordinal) {}

  @Test
  void podNamesSplitIntoParentAndOrdinal() {
    for (NameCase c : List.of(new NameCase("web-0", "web", 0), new NameCase("web-1-2", "web-1", 2), new NameCase("web-01", "web", 1),
        new NameCase("web", "", -1), new NameCase("web-", "", -1), new NameCase("web-99999999999", "", -1),
        new NameCase("web-2147483647", "web", 2147483647))) {
      assertThat(StatefulSetPods.parentAndOrdinal(c.name())).as(c.name())
          .isEqualTo(new StatefulSetPods.ParentAndOrdinal(c.parent(), c.ordinal()));
    }
  }

  @Test
  void aPodNamedWithLeadingZerosIsAMemberWithoutItsIdentity() {
    StatefulSet set = StatefulSetFixtures.web(3).build();
    var pod = StatefulSetPods.newStatefulSetPod(set, 1, "web-abc");
    assertThat(StatefulSetPods.identityMatches(set, pod)).isTrue();
    pod.getMetadata().setName("web-01");
    assertThat(StatefulSetPods.isMemberOf(set, pod)).isTrue();
    assertThat(StatefulSetPods.identityMatches(set, pod)).isFalse();
  }

  record MaxUnavailableCase(IntOrString value, int replicas, int expected) {}

  @Test
  void maxUnavailablePercentagesRoundDownToAtLeastOne() {
    for (MaxUnavailableCase c : List.of(new MaxUnavailableCase(null, 5, 1), new MaxUnavailableCase(new IntOrString(3), 5, 3),
        new MaxUnavailableCase(new IntOrString("40%"), 5, 2), new MaxUnavailableCase(new IntOrString("50%"), 3, 1),
        new MaxUnavailableCase(new IntOrString("10%"), 3, 1), new MaxUnavailableCase(new IntOrString("100%"), 4, 4))) {
      assertThat(StatefulSetReconciler.maxUnavailable(c.value(), c.replicas())).as("%s of %d", c.value(), c.replicas())
          .isEqualTo(c.expected());
    }
  }

  @Test
  void aClaimTemplateReplacesATemplateVolumeOfTheSameName() {
    StatefulSet set = StatefulSetFixtures.withClaims(StatefulSetFixtures.web(1).editSpec().editTemplate().editSpec().addNewVolume()
        .withName("data").withNewEmptyDir().endEmptyDir().endVolume().addNewVolume().withName("cache").withNewEmptyDir().endEmptyDir()
        .endVolume().endSpec().endTemplate().endSpec().build());
    var pod = StatefulSetPods.newStatefulSetPod(set, 4, "web-abc");
    assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName()).containsExactly("data", "cache");
    assertThat(pod.getSpec().getVolumes().getFirst().getPersistentVolumeClaim().getClaimName()).isEqualTo("data-web-4");
    assertThat(StatefulSetPods.storageMatches(set, pod)).isTrue();
  }
}
