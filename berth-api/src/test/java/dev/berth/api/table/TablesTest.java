package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TablesTest {
  static final Instant NOW = Instant.parse("2026-01-01T10:12:00Z");
  static final TablePrinter STATEFULSETS = TablePrinters.forKind("apps/v1", "StatefulSet");

  /** The StatefulSet of Appendix A.1. */
  static StatefulSet web() {
    return new StatefulSetBuilder()
        .withNewMetadata().withName("web").withNamespace("default").withUid("349f19da-ea3c-4ae5-9217-cc7ea599725e")
        .withResourceVersion("4702").withGeneration(3L).withCreationTimestamp("2026-01-01T10:00:00Z")
        .withLabels(Map.of("app", "web")).endMetadata()
        .withNewSpec().withReplicas(3).withServiceName("web")
        .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
        .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.27").endContainer().endSpec()
        .endTemplate().endSpec()
        .withNewStatus().withReplicas(3).withReadyReplicas(3).endStatus()
        .build();
  }

  static JsonNode json(String text) {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  static ObjectNode table(List<? extends HasMetadata> objects, IncludeObject include, boolean headers) {
    return Tables.table(STATEFULSETS, objects, "4711", null, include, headers, NOW);
  }

  @Test
  void listMatchesAppendixA1() {
    ObjectNode table = table(List.of(web()), IncludeObject.METADATA, true);

    // descriptions are checked apart: upstream's are long swagger docs that A.1 abbreviates
    var descriptions = table.get("columnDefinitions").valueStream().map(c -> c.get("description").asString()).toList();
    assertThat(descriptions.get(0)).startsWith("Name must be unique within a namespace.");
    assertThat(descriptions.get(1)).isEqualTo("Number of the pod with ready state");
    assertThat(descriptions.get(2)).startsWith("CreationTimestamp is a timestamp");
    assertThat(descriptions.get(3)).isEqualTo("Names of each container in the template.");
    assertThat(descriptions.get(4)).isEqualTo("Images referenced by each container in the template.");
    table.get("columnDefinitions").valueStream().forEach(c -> ((ObjectNode) c).put("description", "…"));

    // compared as wire JSON: a tree built from longs and one parsed from text differ in node types
    assertThat(json(Json.string(table))).isEqualTo(json("""
        {"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"4711"},
         "columnDefinitions":[
          {"name":"Name","type":"string","format":"name","description":"…","priority":0},
          {"name":"Ready","type":"string","format":"","description":"…","priority":0},
          {"name":"Age","type":"string","format":"","description":"…","priority":0},
          {"name":"Containers","type":"string","format":"","description":"…","priority":1},
          {"name":"Images","type":"string","format":"","description":"…","priority":1}],
         "rows":[{"cells":["web","3/3","12m","nginx","nginx:1.27"],
                  "object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1",
                            "metadata":{"name":"web","namespace":"default","uid":"349f19da-ea3c-4ae5-9217-cc7ea599725e",
                                        "resourceVersion":"4702","generation":3,
                                        "creationTimestamp":"2026-01-01T10:00:00Z","labels":{"app":"web"}}}}]}
        """));
  }

  @Test
  void fieldOrderIsUpstreams() {
    ObjectNode table = table(List.of(web()), IncludeObject.METADATA, true);
    assertThat(table.propertyNames()).containsExactly("kind", "apiVersion", "metadata", "columnDefinitions", "rows");
    assertThat(table.get("columnDefinitions").get(0).propertyNames())
        .containsExactly("name", "type", "format", "description", "priority");
    assertThat(table.get("rows").get(0).propertyNames()).containsExactly("cells", "object");
  }

  @Test
  void laterWatchEventsHaveNullColumnDefinitions() {
    ObjectNode event = table(List.of(web()), IncludeObject.METADATA, false);
    assertThat(event.has("columnDefinitions")).isTrue();
    assertThat(event.get("columnDefinitions").isNull()).as("upstream serialises the nil slice as null").isTrue();
    assertThat(event.get("rows")).hasSize(1);
    assertThat(event.get("rows").get(0).get("cells").get(0).asString()).isEqualTo("web");
  }

  @Test
  void continueTokenOnlyWhenSet() {
    ObjectNode page = Tables.table(STATEFULSETS, List.of(web()), "4711", "eyJydiI6NDcxMX0", IncludeObject.METADATA, true, NOW);
    assertThat(page.get("metadata")).isEqualTo(json("{\"resourceVersion\":\"4711\",\"continue\":\"eyJydiI6NDcxMX0\"}"));
    ObjectNode noRv = Tables.table(STATEFULSETS, List.of(web()), null, "", IncludeObject.METADATA, true, NOW);
    assertThat(noRv.get("metadata")).isEqualTo(json("{}"));
  }

  @Test
  void emptyListHasNoRows() {
    ObjectNode table = table(List.of(), IncludeObject.METADATA, true);
    assertThat(table.get("rows").isArray()).isTrue();
    assertThat(table.get("rows")).isEmpty();
    assertThat(table.get("columnDefinitions")).hasSize(5);
  }

  @Test
  void includeObjectNone() {
    JsonNode row = table(List.of(web()), IncludeObject.NONE, true).get("rows").get(0);
    assertThat(row.get("object").isNull()).isTrue();
  }

  @Test
  void includeObjectObjectCarriesTheFullObject() {
    JsonNode object = table(List.of(web()), IncludeObject.OBJECT, true).get("rows").get(0).get("object");
    assertThat(object.get("kind").asString()).isEqualTo("StatefulSet");
    assertThat(object.get("apiVersion").asString()).isEqualTo("apps/v1");
    assertThat(object.get("spec").get("replicas").asInt()).isEqualTo(3);
    assertThat(object.get("metadata").get("resourceVersion").asString()).isEqualTo("4702");
  }

  @Test
  void includeObjectFillsAMissingKind() {
    StatefulSet set = web();
    set.setKind(null);
    set.setApiVersion(null);
    JsonNode object = table(List.of(set), IncludeObject.OBJECT, true).get("rows").get(0).get("object");
    assertThat(object.get("kind").asString()).isEqualTo("StatefulSet");
    assertThat(object.get("apiVersion").asString()).isEqualTo("apps/v1");
  }

  @Test
  void cellsKeepTheirJsonTypes() {
    var rs = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
        .withNewMetadata().withName("api-1").endMetadata().withNewSpec().withReplicas(2).endSpec().build();
    var sc = new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder()
        .withNewMetadata().withName("local-path").endMetadata().withProvisioner("rancher.io/local-path").build();
    JsonNode rsCells = Tables.table(TablePrinters.forKind("apps/v1", "ReplicaSet"), List.of(rs), "1", null,
        IncludeObject.NONE, true, NOW).get("rows").get(0).get("cells");
    assertThat(rsCells.get(1).isIntegralNumber()).isTrue();
    assertThat(rsCells.get(1).asLong()).isEqualTo(2);
    JsonNode scCells = Tables.table(TablePrinters.forKind("storage.k8s.io/v1", "StorageClass"), List.of(sc), "1", null,
        IncludeObject.NONE, true, NOW).get("rows").get(0).get("cells");
    assertThat(scCells.get(4).isBoolean()).isTrue();
  }

  @Test
  void finishedPodRowsCarryConditions() {
    Pod pod = new PodBuilder().withNewMetadata().withName("job-x").withCreationTimestamp("2026-01-01T10:00:00Z").endMetadata()
        .withNewSpec().addNewContainer().withName("main").endContainer().endSpec()
        .withNewStatus().withPhase("Succeeded").endStatus().build();
    JsonNode row = Tables.table(TablePrinters.forKind("v1", "Pod"), List.of(pod), "9", null, IncludeObject.METADATA, true, NOW)
        .get("rows").get(0);
    assertThat(row.propertyNames()).containsExactly("cells", "conditions", "object");
    assertThat(row.get("conditions")).isEqualTo(json(
        "[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Succeeded\",\"message\":\"The pod has completed successfully.\"}]"));
    assertThat(row.get("cells")).isEqualTo(json(
        "[\"job-x\",\"0/1\",\"Succeeded\",\"0\",\"12m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"]"));
  }

  @Test
  void includeObjectQueryValues() {
    assertThat(IncludeObject.fromQuery(null)).isEqualTo(IncludeObject.METADATA);
    assertThat(IncludeObject.fromQuery("")).isEqualTo(IncludeObject.METADATA);
    assertThat(IncludeObject.fromQuery("None")).isEqualTo(IncludeObject.NONE);
    assertThat(IncludeObject.fromQuery("Metadata")).isEqualTo(IncludeObject.METADATA);
    assertThat(IncludeObject.fromQuery("Object")).isEqualTo(IncludeObject.OBJECT);
    assertThatThrownBy(() -> IncludeObject.fromQuery("object")).isInstanceOf(ApiException.class);
  }
}
