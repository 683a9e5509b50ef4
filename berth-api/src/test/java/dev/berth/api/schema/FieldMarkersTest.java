package dev.berth.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FieldMarkersTest {
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String APPS = "io.k8s.api.apps.v1.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  /** One row of spec/api-server.md §11.6: the SMP metadata of k8s.io/api v0.32. */
  record Row(String definition, String field, String strategy, String mergeKey) {
    @Override
    public String toString() {
      return DefinitionNames.simpleName(definition) + "." + field;
    }
  }

  static Stream<Row> smpTable() {
    return Stream.of(
        new Row(META + "ObjectMeta", "ownerReferences", "merge", "uid"),
        new Row(META + "ObjectMeta", "finalizers", "merge", null),
        new Row(CORE + "PodSpec", "containers", "merge", "name"),
        new Row(CORE + "PodSpec", "initContainers", "merge", "name"),
        new Row(CORE + "PodSpec", "ephemeralContainers", "merge", "name"),
        new Row(CORE + "PodSpec", "volumes", "merge,retainKeys", "name"),
        new Row(CORE + "PodSpec", "imagePullSecrets", "merge", "name"),
        new Row(CORE + "PodSpec", "hostAliases", "merge", "ip"),
        new Row(CORE + "PodSpec", "topologySpreadConstraints", "merge", "topologyKey"),
        new Row(CORE + "PodSpec", "schedulingGates", "merge", "name"),
        new Row(CORE + "PodSpec", "resourceClaims", "merge,retainKeys", "name"),
        new Row(CORE + "Container", "ports", "merge", "containerPort"),
        new Row(CORE + "EphemeralContainer", "ports", "merge", "containerPort"),
        new Row(CORE + "Container", "env", "merge", "name"),
        new Row(CORE + "Container", "volumeMounts", "merge", "mountPath"),
        new Row(CORE + "Container", "volumeDevices", "merge", "devicePath"),
        new Row(CORE + "PodStatus", "conditions", "merge", "type"),
        new Row(CORE + "PodStatus", "podIPs", "merge", "ip"),
        new Row(CORE + "PodStatus", "hostIPs", "merge", "ip"),
        new Row(CORE + "PodStatus", "resourceClaimStatuses", "merge,retainKeys", "name"),
        new Row(CORE + "ContainerStatus", "volumeMounts", "merge", "mountPath"),
        new Row(CORE + "ContainerStatus", "allocatedResourcesStatus", "merge", "name"),
        new Row(CORE + "ServiceSpec", "ports", "merge", "port"),
        new Row(CORE + "ServiceStatus", "conditions", "merge", "type"),
        new Row(CORE + "NodeSpec", "podCIDRs", "merge", null),
        new Row(CORE + "NodeStatus", "conditions", "merge", "type"),
        new Row(CORE + "NodeStatus", "addresses", "merge", "type"),
        new Row(CORE + "NamespaceStatus", "conditions", "merge", "type"),
        new Row(CORE + "PersistentVolumeClaimStatus", "conditions", "merge", "type"),
        new Row(CORE + "ServiceAccount", "secrets", "merge", "name"),
        new Row(APPS + "DeploymentSpec", "strategy", "retainKeys", null),
        new Row(APPS + "DeploymentStatus", "conditions", "merge", "type"),
        new Row(APPS + "StatefulSetStatus", "conditions", "merge", "type"),
        new Row(APPS + "ReplicaSetStatus", "conditions", "merge", "type"),
        // atomic lists people trip over: no strategy, replaced whole
        new Row(CORE + "Container", "args", null, null),
        new Row(CORE + "Container", "command", null, null),
        new Row(CORE + "PodSpec", "tolerations", null, null),
        new Row(CORE + "Container", "envFrom", null, null),
        new Row(CORE + "PodSpec", "readinessGates", null, null),
        new Row(APPS + "StatefulSetSpec", "volumeClaimTemplates", null, null),
        new Row(CORE + "Endpoints", "subsets", null, null),
        new Row("io.k8s.api.discovery.v1.EndpointSlice", "endpoints", null, null),
        new Row("io.k8s.api.discovery.v1.EndpointSlice", "ports", null, null),
        new Row(CORE + "ServiceSpec", "externalIPs", null, null),
        new Row(CORE + "PodStatus", "containerStatuses", null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smpTable")
  void matchesTheStrategicMergePatchTableOfTheSpec(Row r) {
    FieldMarkers.Markers m = FieldMarkers.of(r.definition(), r.field());
    assertThat(m.patchStrategy()).as("patchStrategy of %s", r).isEqualTo(r.strategy());
    assertThat(m.patchMergeKey()).as("patchMergeKey of %s", r).isEqualTo(r.mergeKey());
  }

  @Test
  void applyListMapKeysOfPorts() {
    assertThat(FieldMarkers.of(CORE + "Container", "ports").listMapKeys()).containsExactly("containerPort", "protocol");
    assertThat(FieldMarkers.of(CORE + "ServiceSpec", "ports").listMapKeys()).containsExactly("port", "protocol");
    assertThat(FieldMarkers.of(CORE + "ContainerPort", "protocol").defaultValue()).isEqualTo("\"TCP\"");
  }

  @Test
  void everyEntryNamesAFieldOfAReachableDefinition() {
    List<Schema.Struct> roots = new ArrayList<>();
    for (ResourceType t : ResourceRegistry.standard().types()) {
      roots.add(Schemas.of(t.javaType()));
    }
    for (Class<?> c : List.of(Scale.class, Status.class, DeleteOptions.class, WatchEvent.class, APIResourceList.class)) {
      roots.add(Schemas.of(c));
    }
    Map<String, Schema.Struct> reachable = Schemas.reachable(roots);
    List<String> stale = new ArrayList<>();
    for (String def : FieldMarkers.definitions()) {
      Schema.Struct s = reachable.get(def);
      if (s == null) {
        if (!def.endsWith("List")) {
          stale.add(def + " (not reachable)");
        }
        continue;
      }
      for (String field : FieldMarkers.fields(def)) {
        if (s.field(field) == null) {
          stale.add(def + "." + field);
        }
      }
    }
    assertThat(stale).as("table entries that name nothing berth serves (typos or removed fields)").isEmpty();
  }

  @Test
  void rejectsMalformedTables() {
    assertThatThrownBy(() -> FieldMarkers.parse("  name required\n"))
        .hasMessageContaining("field before any definition");
    assertThatThrownBy(() -> FieldMarkers.parse("a.B\n  name requird\n"))
        .hasMessageContaining("unknown marker requird");
    assertThatThrownBy(() -> FieldMarkers.parse("a.B\n  name required\n  name key=x\n"))
        .hasMessageContaining("duplicate field a.B.name");
    assertThat(FieldMarkers.of("no.such.Type", "x")).isEqualTo(FieldMarkers.Markers.NONE);
  }
}
