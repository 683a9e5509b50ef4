package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class KindRulesRegistryTest {

  @Test
  void everyServedKindHasItsOwnRules() {
    for (ResourceType t : ResourceRegistry.standard().types()) {
      assertThat(KindRulesRegistry.hasRulesFor(t.javaType())).as("rules for %s", t.qualifiedName()).isTrue();
    }
    assertThat(KindRulesRegistry.typed(io.fabric8.kubernetes.api.model.Event.class)).isInstanceOf(CoreEventRules.class);
    assertThat(KindRulesRegistry.typed(io.fabric8.kubernetes.api.model.events.v1.Event.class)).isInstanceOf(EventsV1EventRules.class);
  }

  @Test
  void untypedRulesDefaultAndValidateThroughTheResourceType() {
    ResourceType sts = ResourceRegistry.standard().byKind("apps/v1", "StatefulSet").orElseThrow();
    KindRules<HasMetadata> rules = KindRulesRegistry.forType(sts.javaType());
    HasMetadata web = parse(StatefulSetRulesTest.WEB, sts.javaType());
    rules.applyDefaults(web);
    assertThat(((StatefulSet) web).getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    ((StatefulSet) web).getSpec().setReplicas(-1);
    var errors = rules.validateCreate(web);
    assertThat(ApiException.invalid(sts, "web", errors).getMessage())
        .isEqualTo("StatefulSet.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    assertThat(rules.warnings(web)).hasSize(2);
  }

  @Test
  void untypedRulesRefuseAnotherKind() {
    KindRules<HasMetadata> rules = KindRulesRegistry.forType(Pod.class);
    assertThatThrownBy(() -> rules.validateCreate(new ConfigMap())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownKindsGetOnlyTheGenericMetadataRules() {
    KindRules<GenericKubernetesResource> rules = KindRulesRegistry.typed(GenericKubernetesResource.class);
    assertThat(rules).isInstanceOf(PermissiveRules.class);
    GenericKubernetesResource r = parse("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"a/b\"}}",
        GenericKubernetesResource.class);
    rules.applyDefaults(r);
    assertThat(lines(rules.validateCreate(r))).isEqualTo(List.of("metadata.name: Invalid value: \"a/b\": may not contain '/'"));
    assertThat(rules.warnings(r)).isEmpty();
  }
}
