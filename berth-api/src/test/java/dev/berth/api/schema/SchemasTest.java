package dev.berth.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemasTest {

  @Test
  void namesAndOrdersPropertiesLikeTheJsonOfTheKind() {
    Schema.Struct sts = Schemas.of(StatefulSet.class);

    assertThat(sts.name()).isEqualTo("io.k8s.api.apps.v1.StatefulSet");
    assertThat(sts.fields().keySet()).containsExactly("apiVersion", "kind", "metadata", "spec", "status");
    assertThat(sts.field("metadata").schema())
        .isSameAs(Schemas.of(ObjectMeta.class))
        .extracting(s -> ((Schema.Struct) s).name())
        .isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
  }

  @Test
  void skipsAdditionalProperties() {
    for (Schema.Struct s : Schemas.reachable(List.of(Schemas.of(Pod.class))).values()) {
      assertThat(s.fields()).as(s.name()).doesNotContainKey("additionalProperties");
    }
  }

  @Test
  void mapsGenericListsAndMaps() {
    Schema.Struct spec = Schemas.of(PodSpec.class);

    assertThat(spec.field("containers").schema()).isInstanceOfSatisfying(Schema.ListOf.class,
        l -> assertThat(((Schema.Struct) l.items()).name()).isEqualTo("io.k8s.api.core.v1.Container"));
    assertThat(spec.field("nodeSelector").schema()).isInstanceOfSatisfying(Schema.MapOf.class,
        m -> assertThat(m.values()).isEqualTo(new Schema.Scalar("string", null, "")));
    assertThat(Schemas.of(ObjectMeta.class).field("finalizers").schema())
        .isEqualTo(new Schema.ListOf(new Schema.Scalar("string", null, ""), ""));
  }

  @Test
  void mapsScalarsWithUpstreamFormats() {
    Schema.Struct spec = Schemas.of(PodSpec.class);
    assertThat(spec.field("priority").schema()).isEqualTo(new Schema.Scalar("integer", "int32", ""));
    assertThat(spec.field("activeDeadlineSeconds").schema()).isEqualTo(new Schema.Scalar("integer", "int64", ""));
    assertThat(spec.field("hostNetwork").schema()).isEqualTo(new Schema.Scalar("boolean", null, ""));
    assertThat(Schemas.of(ObjectMeta.class).field("creationTimestamp").schema())
        .isEqualTo(new Schema.Scalar("string", "date-time", ""));
    assertThat(Schemas.of(ContainerStateRunning.class).field("startedAt").schema())
        .isEqualTo(new Schema.Scalar("string", "date-time", ""));
    assertThat(Schemas.of(Event.class).field("eventTime").schema())
        .as("MicroTime").isEqualTo(new Schema.Scalar("string", "date-time", ""));
    assertThat(Schemas.of(LeaseSpec.class).field("renewTime").schema())
        .as("MicroTime as ZonedDateTime").isEqualTo(new Schema.Scalar("string", "date-time", ""));
    assertThat(Schemas.of(Secret.class).field("data").schema())
        .isEqualTo(new Schema.MapOf(new Schema.Scalar("string", "byte", ""), ""));
    assertThat(Schemas.of(Secret.class).field("stringData").schema())
        .isEqualTo(new Schema.MapOf(new Schema.Scalar("string", null, ""), ""));
    assertThat(Schemas.of(ConfigMap.class).field("binaryData").schema())
        .isEqualTo(new Schema.MapOf(new Schema.Scalar("string", "byte", ""), ""));
  }

  @Test
  void mapsSpecialTypes() {
    assertThat(Schemas.of(ServicePort.class).field("targetPort").schema()).isInstanceOf(Schema.IntOrString.class);
    assertThat(Schemas.of(ResourceRequirements.class).field("limits").schema())
        .isEqualTo(new Schema.MapOf(new Schema.Quantity(""), ""));
    assertThat(Schemas.of(ControllerRevision.class).field("data").schema()).isInstanceOf(Schema.Untyped.class);
    Schema.Struct managed = (Schema.Struct) ((Schema.ListOf) Schemas.of(ObjectMeta.class)
        .field("managedFields").schema()).items();
    assertThat(managed.field("fieldsV1").schema()).as("FieldsV1").isInstanceOf(Schema.Untyped.class);
  }

  @Test
  void carriesPatchMetadataFromTheMarkerTable() {
    Schema.Field containers = Schemas.of(PodSpec.class).field("containers");
    assertThat(containers.required()).isTrue();
    assertThat(containers.patchStrategy()).isEqualTo("merge");
    assertThat(containers.patchMergeKey()).isEqualTo("name");
    assertThat(containers.mergeList()).isTrue();
    assertThat(Schemas.of(PodSpec.class).field("volumes").retainKeys()).isTrue();
    assertThat(Schemas.of(PodSpec.class).field("tolerations").listType()).isEqualTo("atomic");
    assertThat(Schemas.of(PodSpec.class).field("nodeSelector").mapType()).isEqualTo("atomic");
    assertThat(Schemas.of(ServicePort.class).field("protocol").defaultValue()).isEqualTo("\"TCP\"");
    assertThat(((Schema.Struct) Schemas.of(StatefulSet.class).field("spec").schema())
        .field("selector").schema()).extracting(s -> ((Schema.Struct) s).mapType()).isEqualTo("atomic");
  }

  @Test
  void memoisesAndHandsOutOneInstancePerClassAcrossThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Schema.Struct>> calls = IntStream.range(0, 16)
          .<Callable<Schema.Struct>>mapToObj(i -> () -> Schemas.of(i % 2 == 0 ? Pod.class : PodSpec.class))
          .toList();
      List<Schema.Struct> results = pool.invokeAll(calls).stream().map(f -> {
        try {
          return f.get();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }).toList();
      assertThat(results.stream().filter(s -> s.name().endsWith(".Pod")).distinct()).hasSize(1);
      assertThat(results.stream().filter(s -> s.name().endsWith(".PodSpec")).distinct()).hasSize(1);
      assertThat(Schemas.of(Pod.class).field("spec").schema()).isSameAs(Schemas.of(PodSpec.class));
    } finally {
      pool.shutdownNow();
    }
  }

  static List<ResourceType> servedKinds() {
    return ResourceRegistry.standard().types();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servedKinds")
  void everyServedKindHasAnUpstreamNameAndItsEnvelope(ResourceType t) {
    Schema.Struct s = Schemas.of(t.javaType());
    String expectedPackage = switch (t.group()) {
      case "" -> "io.k8s.api.core.v1";
      case "apps" -> "io.k8s.api.apps.v1";
      default -> "io.k8s.api." + t.group().replace(".k8s.io", "") + "." + t.version();
    };
    assertThat(s.name()).isEqualTo(expectedPackage + "." + t.kind());
    assertThat(s.fields()).containsKeys("apiVersion", "kind", "metadata");
  }

  @Test
  void namesDefinitionsAfterTheirGoPackage() {
    record Case(String fabric8, String upstream) {}
    List<Case> cases = List.of(
        new Case("io.fabric8.kubernetes.api.model.PodSpec", "io.k8s.api.core.v1.PodSpec"),
        new Case("io.fabric8.kubernetes.api.model.apps.StatefulSet", "io.k8s.api.apps.v1.StatefulSet"),
        new Case("io.fabric8.kubernetes.api.model.OwnerReference", "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"),
        new Case("io.fabric8.kubernetes.api.model.LabelSelector", "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"),
        new Case("io.fabric8.kubernetes.api.model.ManagedFieldsEntry", "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry"),
        new Case("io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice", "io.k8s.api.discovery.v1.EndpointSlice"),
        new Case("io.fabric8.kubernetes.api.model.events.v1.Event", "io.k8s.api.events.v1.Event"),
        new Case("io.fabric8.kubernetes.api.model.storage.StorageClass", "io.k8s.api.storage.v1.StorageClass"),
        new Case("io.fabric8.kubernetes.api.model.autoscaling.v1.Scale", "io.k8s.api.autoscaling.v1.Scale"),
        new Case("io.fabric8.kubernetes.api.model.coordination.v1.Lease", "io.k8s.api.coordination.v1.Lease"));
    for (Case c : cases) {
      try {
        assertThat(DefinitionNames.of(Class.forName(c.fabric8()))).as(c.fabric8()).isEqualTo(c.upstream());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
    }
    assertThatThrownBy(() -> DefinitionNames.of(String.class)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schemas.of(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class))
        .as("a group berth has no upstream mapping for").isInstanceOf(IllegalArgumentException.class);
  }
}
