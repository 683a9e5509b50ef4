package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.apiError;
import static dev.berth.apiserver.ServiceFixture.json;
import static dev.berth.apiserver.ServiceFixture.jsonNode;
import static dev.berth.apiserver.ServiceFixture.opts;
import static dev.berth.apiserver.ServiceFixture.rv;
import static dev.berth.apiserver.ServiceFixture.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.apiserver.ResourceService.PatchType;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** The {@code autoscaling/v1} Scale subresource of workloads ({@code spec/api-server.md} §11.9). */
class ScaleTest {
  private final ServiceFixture f = new ServiceFixture();
  private ObjectNode web;

  @BeforeEach
  void createWeb() {
    ObjectNode sts = statefulSet("web", 2);
    sts.withObjectProperty("spec").withObjectProperty("selector").putArray("matchExpressions").addObject()
        .put("key", "tier").put("operator", "In").putArray("values").add("db");
    sts.withObjectProperty("spec").withObjectProperty("template").withObjectProperty("metadata")
        .withObjectProperty("labels").put("tier", "db");
    web = f.create(f.statefulSets, sts);
    f.service.update(f.statefulSets, "default", "web", "status", json("{'status':{'replicas':1}}"), opts());
  }

  @Test
  void getScale() {
    ObjectNode s = f.service.scale(f.statefulSets, "default", "web");
    ObjectNode parent = f.get(f.statefulSets, "web");
    assertThat(s.path("kind").asString()).isEqualTo("Scale");
    assertThat(s.path("apiVersion").asString()).isEqualTo("autoscaling/v1");
    assertThat(s.path("metadata")).as("metadata copied from the parent").isEqualTo(json("{'name':'web','namespace':'default',"
        + "'uid':'" + parent.path("metadata").path("uid").asString() + "','resourceVersion':'" + rv(parent) + "',"
        + "'creationTimestamp':'2026-01-01T00:00:00Z'}"));
    assertThat(s.path("spec")).isEqualTo(json("{'replicas':2}"));
    assertThat(s.path("status")).as("status.selector in string form, sorted by key as upstream's")
        .isEqualTo(json("{'replicas':1,'selector':'app=web,tier in (db)'}"));
  }

  @Test
  void putScaleChangesOnlyReplicasAndBumpsGeneration() {
    ObjectNode s = f.service.updateScale(f.statefulSets, "default", "web", null, json("{'spec':{'replicas':5}}"), opts());
    assertThat(s.path("spec").path("replicas").asInt()).isEqualTo(5);
    ObjectNode parent = f.get(f.statefulSets, "web");
    assertThat(parent.path("spec").path("replicas").asInt()).isEqualTo(5);
    assertThat(parent.path("metadata").path("generation").asLong()).isEqualTo(2);
    assertThat(parent.path("status").path("replicas").asInt()).as("status untouched").isEqualTo(1);
    assertThat(s.path("metadata").path("resourceVersion").asString()).isEqualTo(rv(parent));
  }

  record ScalePatch(PatchType type, String body) {}

  static Stream<ScalePatch> patches() {
    return Stream.of(
        new ScalePatch(PatchType.MERGE, "{'spec':{'replicas':4}}"),
        new ScalePatch(PatchType.STRATEGIC, "{'spec':{'replicas':4}}"),
        new ScalePatch(PatchType.JSON, "[{'op':'replace','path':'/spec/replicas','value':4}]"));
  }

  @ParameterizedTest
  @MethodSource("patches")
  void patchScale(ScalePatch c) {
    ObjectNode s = f.service.updateScale(f.statefulSets, "default", "web", c.type(), jsonNode(c.body()), opts());
    assertThat(s.path("spec").path("replicas").asInt()).isEqualTo(4);
    assertThat(f.get(f.statefulSets, "web").path("spec").path("replicas").asInt()).isEqualTo(4);
  }

  @Test
  void negativeReplicasIs422OnScale() {
    ApiException e = apiError(() -> f.service.updateScale(f.statefulSets, "default", "web", PatchType.MERGE,
        jsonNode("{'spec':{'replicas':-1}}"), opts()));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.getMessage()).isEqualTo("Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: "
        + "must be greater than or equal to 0");
    assertThat(e.status().getDetails().getKind()).isEqualTo("Scale");
    assertThat(e.status().getDetails().getCauses()).extracting(StatusCause::getField).containsExactly("spec.replicas");
  }

  @Test
  void putWithAStaleResourceVersionIs409() {
    ObjectNode stale = f.service.scale(f.statefulSets, "default", "web");
    f.service.updateScale(f.statefulSets, "default", "web", null, json("{'spec':{'replicas':3}}"), opts());
    stale.withObjectProperty("spec").put("replicas", 7);
    ApiException e = apiError(() -> f.service.updateScale(f.statefulSets, "default", "web", null, stale, opts()));
    assertThat(e.code()).isEqualTo(409);
    assertThat(e.getMessage()).startsWith("Operation cannot be fulfilled on statefulsets.apps \"web\"");
    assertThat(f.get(f.statefulSets, "web").path("spec").path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void patchThatSetsAStaleResourceVersionIs409() {
    String staleRv = rv(web);
    f.service.updateScale(f.statefulSets, "default", "web", null, json("{'spec':{'replicas':3}}"), opts());
    ApiException e = apiError(() -> f.service.updateScale(f.statefulSets, "default", "web", PatchType.MERGE,
        jsonNode("{'metadata':{'resourceVersion':'" + staleRv + "'},'spec':{'replicas':7}}"), opts()));
    assertThat(e.code()).as("a patched Scale carrying a stale resourceVersion is a failed precondition, as upstream")
        .isEqualTo(409);
    assertThat(f.get(f.statefulSets, "web").path("spec").path("replicas").asInt()).isEqualTo(3);
  }

  static Stream<String> notAnInteger() {
    return Stream.of("'three'", "2.5", "true", "{}", "3000000000");
  }

  @ParameterizedTest
  @MethodSource("notAnInteger")
  void replicasThatAreNotAnInt32Are400(String replicas) {
    ApiException e = apiError(() -> f.service.updateScale(f.statefulSets, "default", "web", null,
        json("{'spec':{'replicas':" + replicas + "}}"), opts()));
    assertThat(e.code()).as("replicas %s: the client's error, not a 500", replicas).isEqualTo(400);
    assertThat(e.getMessage()).contains("spec.replicas");
    assertThat(f.get(f.statefulSets, "web").path("spec").path("replicas").asInt()).isEqualTo(2);
  }

  record Malformed(PatchType type, String body) {}

  static Stream<Malformed> malformed() {
    return Stream.of(
        new Malformed(null, "{'spec':5}"),
        new Malformed(null, "{'spec':[]}"),
        new Malformed(PatchType.MERGE, "5"),
        new Malformed(PatchType.MERGE, "{'spec':'x'}"),
        new Malformed(PatchType.JSON, "[{'op':'replace','path':'/spec','value':5}]"),
        new Malformed(PatchType.JSON, "[{'op':'replace','path':'','value':[]}]"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void aScaleThatIsNoScaleIs400AndScalesNothing(Malformed c) {
    ApiException e = apiError(() -> f.service.updateScale(f.statefulSets, "default", "web", c.type(), jsonNode(c.body()), opts()));
    assertThat(e.code()).as("%s %s", c.type() == null ? "PUT" : c.type(), c.body()).isEqualTo(400);
    assertThat(f.get(f.statefulSets, "web").path("spec").path("replicas").asInt()).as("not scaled to 0").isEqualTo(2);
  }

  @Test
  void scaleOfAMissingWorkloadIs404() {
    ApiException e = apiError(() -> f.service.scale(f.statefulSets, "default", "nope"));
    assertThat(e.code()).isEqualTo(404);
    assertThat(e.getMessage()).isEqualTo("statefulsets.apps \"nope\" not found");
  }
}
