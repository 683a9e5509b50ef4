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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** PATCH of every type and server-side apply ({@code spec/api-server.md} §11.3–§11.8). */
class ResourceServicePatchTest {
  private final ServiceFixture f = new ServiceFixture();
  private ObjectNode web;

  @BeforeEach
  void createWeb() {
    web = f.create(f.statefulSets, statefulSet("web", 2));
  }

  private ObjectNode patch(PatchType type, String body) {
    return f.service.patch(f.statefulSets, "default", "web", null, type, jsonNode(body), opts()).object();
  }

  private static WriteOptions manager(String name, boolean force) {
    return new WriteOptions(false, name, WriteOptions.FieldValidation.STRICT, force);
  }

  @Test
  void mergePatchOfLabelsKeepsGeneration() {
    ObjectNode out = patch(PatchType.MERGE, "{'metadata':{'labels':{'tier':'web','app':null}}}");
    assertThat(out.path("metadata").path("labels")).as("null deletes a key, others merge").isEqualTo(json("{'tier':'web'}"));
    assertThat(out.path("metadata").path("generation").asLong()).isEqualTo(1);
  }

  @Test
  void mergePatchOfSpecBumpsGeneration() {
    ObjectNode out = patch(PatchType.MERGE, "{'spec':{'replicas':4}}");
    assertThat(out.path("spec").path("replicas").asInt()).isEqualTo(4);
    assertThat(out.path("metadata").path("generation").asLong()).isEqualTo(2);
  }

  @Test
  void jsonPatchWithFabric8ResourceVersionLock() {
    String lock = "[{'op':'add','path':'/metadata/resourceVersion','value':'" + rv(web) + "'},"
        + "{'op':'replace','path':'/spec/replicas','value':3}]";
    ObjectNode out = patch(PatchType.JSON, lock);
    assertThat(out.path("spec").path("replicas").asInt()).as("the lock holds: rv is current").isEqualTo(3);

    ApiException e = apiError(() -> patch(PatchType.JSON, lock.replace("'value':3", "'value':5")));
    assertThat(e.code()).as("the same lock after another write is stale: fabric8 edit() gets 409").isEqualTo(409);
    assertThat(e.reason()).isEqualTo("Conflict");
    assertThat(f.get(f.statefulSets, "web").path("spec").path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void failedJsonPatchTestIs422() {
    ApiException e = apiError(() -> patch(PatchType.JSON, "[{'op':'test','path':'/spec/replicas','value':9}]"));
    assertThat(e.code()).isEqualTo(422);
  }

  @Test
  void strategicPatchMergesContainerEnvByName() {
    ObjectNode out = patch(PatchType.STRATEGIC, "{'spec':{'template':{'spec':{'containers':"
        + "[{'name':'app','env':[{'name':'B','value':'2'}]}]}}}}");
    JsonNode containers = out.path("spec").path("template").path("spec").path("containers");
    assertThat(containers.size()).as("containers merge by name: still one").isEqualTo(1);
    assertThat(containers.path(0).path("image").asString()).isEqualTo("busybox:1.36");
    assertThat(containers.path(0).path("env")).as("env merges by name; unordered, the new element goes first, as upstream")
        .isEqualTo(jsonNode("[{'name':'B','value':'2'},{'name':'A','value':'1'}]"));
    assertThat(out.path("metadata").path("generation").asLong()).isEqualTo(2);
  }

  @Test
  void strategicPatchOrdersByTheSetElementOrderKubectlSends() {
    ObjectNode out = patch(PatchType.STRATEGIC, "{'spec':{'template':{'spec':{'containers':[{'name':'app',"
        + "'$setElementOrder/env':[{'name':'A'},{'name':'B'}],'env':[{'name':'B','value':'2'}]}]}}}}");
    assertThat(out.path("spec").path("template").path("spec").path("containers").path(0).path("env"))
        .isEqualTo(jsonNode("[{'name':'A','value':'1'},{'name':'B','value':'2'}]"));
  }

  @Test
  void patchOfAMissingObjectIs404() {
    ApiException e = apiError(() -> f.service.patch(f.configMaps, "default", "nope", null, PatchType.MERGE,
        jsonNode("{'data':{'a':'b'}}"), opts()));
    assertThat(e.code()).isEqualTo(404);
  }

  @Test
  void patchWithAnUnknownFieldUnderStrictIs400() {
    ApiException e = apiError(() -> f.service.patch(f.statefulSets, "default", "web", null, PatchType.MERGE,
        jsonNode("{'spec':{'foo':1}}"), manager("kubectl", false)));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("strict decoding error: unknown field \"spec.foo\"");
  }

  @Test
  void statusPatchChangesOnlyStatus() {
    ObjectNode out = f.service.patch(f.statefulSets, "default", "web", "status", PatchType.MERGE,
        jsonNode("{'spec':{'replicas':9},'status':{'replicas':2,'readyReplicas':2}}"), opts()).object();
    assertThat(out.path("status")).isEqualTo(json("{'replicas':2,'readyReplicas':2}"));
    assertThat(out.path("spec").path("replicas").asInt()).isEqualTo(2);
  }

  @Test
  void serverSideApplyCreatesThenPrunesWhatTheManagerDropped() {
    ObjectNode v1 = json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cfg','labels':{'a':'1','b':'2'}},"
        + "'data':{'x':'1','y':'2'}}");
    WriteResult created = f.service.patch(f.configMaps, "default", "cfg", null, PatchType.APPLY, v1, manager("kubectl", false));
    assertThat(created.created()).as("apply of an absent object creates it (201)").isTrue();
    assertThat(created.object().path("data")).isEqualTo(json("{'x':'1','y':'2'}"));
    JsonNode entry = created.object().path("metadata").path("managedFields").path(0);
    assertThat(entry.path("manager").asString()).isEqualTo("kubectl");
    assertThat(entry.path("operation").asString()).isEqualTo("Apply");

    ObjectNode v2 = json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cfg','labels':{'a':'1'}},'data':{'x':'1'}}");
    WriteResult applied = f.service.patch(f.configMaps, "default", "cfg", null, PatchType.APPLY, v2, manager("kubectl", false));
    assertThat(applied.created()).isFalse();
    assertThat(applied.object().path("data")).as("y, applied before and omitted now, is removed").isEqualTo(json("{'x':'1'}"));
    assertThat(applied.object().path("metadata").path("labels").path("b").isMissingNode()).isTrue();
  }

  @Test
  void serverSideApplyConflictsWithAnotherManagerUnlessForced() {
    f.service.patch(f.statefulSets, "default", "sts", null, PatchType.APPLY, statefulSet("sts", 2), manager("kubectl", false));
    ObjectNode scaled = statefulSet("sts", 5);
    f.service.update(f.statefulSets, "default", "sts", null, scaled, manager("hpa", false));

    ObjectNode again = statefulSet("sts", 3);
    ApiException e = apiError(() -> f.service.patch(f.statefulSets, "default", "sts", null, PatchType.APPLY, again,
        manager("kubectl", false)));
    assertThat(e.code()).isEqualTo(409);
    assertThat(e.reason()).isEqualTo("Conflict");
    assertThat(e.status().getDetails().getCauses()).extracting(StatusCause::getReason, StatusCause::getField)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("FieldManagerConflict", ".spec.replicas"));
    assertThat(e.status().getDetails().getCauses().get(0).getMessage()).isEqualTo("conflict with \"hpa\" using apps/v1");

    ObjectNode forced = f.service.patch(f.statefulSets, "default", "sts", null, PatchType.APPLY, again,
        manager("kubectl", true)).object();
    assertThat(forced.path("spec").path("replicas").asInt()).as("force takes the field").isEqualTo(3);
  }

  @Test
  void serverSideApplyNameMustMatchTheUrl() {
    ApiException e = apiError(() -> f.service.patch(f.configMaps, "default", "cfg", null, PatchType.APPLY,
        json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'other'}}"), manager("kubectl", false)));
    assertThat(e.code()).isEqualTo(400);
  }

  record Renaming(PatchType type, String patch, String message) {
    @Override
    public String toString() {
      return type + " " + patch;
    }
  }

  static java.util.stream.Stream<Renaming> renamingPatches() {
    String lost = "the name of the object () does not match the name on the URL (web)";
    return java.util.stream.Stream.of(
        new Renaming(PatchType.MERGE, "{'metadata':{'name':'other'}}",
            "the name of the object (other) does not match the name on the URL (web)"),
        new Renaming(PatchType.MERGE, "{'metadata':5}", lost),
        new Renaming(PatchType.MERGE, "{'metadata':null}", lost),
        new Renaming(PatchType.JSON, "[{'op':'remove','path':'/metadata'}]", lost),
        new Renaming(PatchType.STRATEGIC, "{'metadata':{'$patch':'replace','labels':{'x':'y'}}}", lost),
        new Renaming(PatchType.MERGE, "{'metadata':{'namespace':'other'}}",
            "the namespace of the object (other) does not match the namespace on the request (default)"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("renamingPatches")
  void aPatchMustKeepTheNameAndNamespace(Renaming c) {
    ObjectNode before = f.get(f.statefulSets, "web");
    ApiException e = apiError(() -> patch(c.type(), c.patch()));
    assertThat(e.code()).as("%s", c).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo(c.message());
    assertThat(f.get(f.statefulSets, "web")).as("labels, finalizers and owners are not wiped").isEqualTo(before);
  }

  @Test
  void serverSideApplyToAnExistingObjectMustNameIt() {
    ObjectNode other = statefulSet("other", 2);
    ApiException e = apiError(() -> f.service.patch(f.statefulSets, "default", "web", null, PatchType.APPLY, other,
        manager("kubectl", true)));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("the name of the object (other) does not match the name on the URL (web)");
  }

  @Test
  void patchTypesByMediaType() {
    assertThat(PatchType.of("application/strategic-merge-patch+json; charset=utf-8")).isEqualTo(PatchType.STRATEGIC);
    assertThat(PatchType.of("application/apply-patch+yaml")).isEqualTo(PatchType.APPLY);
    assertThat(apiError(() -> PatchType.of("application/json")).code()).isEqualTo(415);
    assertThat(apiError(() -> PatchType.of(null)).code()).isEqualTo(415);
  }
}
