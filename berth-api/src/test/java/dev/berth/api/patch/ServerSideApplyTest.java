package dev.berth.api.patch;

import static dev.berth.api.patch.TestSchemas.POD;
import static dev.berth.api.patch.TestSchemas.STATEFUL_SET;
import static dev.berth.api.patch.TestSchemas.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.api.ApiException;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServerSideApplyTest {
  private static final Instant T0 = Instant.parse("2026-11-25T15:29:28.731Z");
  private static final Instant T1 = Instant.parse("2026-11-25T15:31:00Z");

  /**
   * The manifest of the {@code ssa2.log} trace, in the shape {@code kubectl apply --server-side}
   * sends it.
   */
  private static final String DB =
      "{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'db','namespace':'default'},'spec':{'replicas':1,"
          + "'selector':{'matchLabels':{'app':'db'}},'serviceName':'db','template':{'metadata':{'labels':{'app':'db'}},"
          + "'spec':{'containers':[{'env':[{'name':'A','value':'1'}],'image':'postgres:16','name':'pg','ports':[{'containerPort':5432}]}]}}}}";

  private static ObjectNode db() {
    return json(DB);
  }

  /**
   * What the API server adds after a write: identity, defaults and status (never owned by anyone).
   */
  private static ObjectNode stored(ObjectNode object) {
    ObjectNode out = object.deepCopy();
    ObjectNode metadata = (ObjectNode) out.get("metadata");
    metadata
        .put("uid", "695d0dc0")
        .put("resourceVersion", "111")
        .put("generation", 1)
        .put("creationTimestamp", "2026-11-25T15:29:28Z");
    ObjectNode spec = (ObjectNode) out.get("spec");
    spec.put("podManagementPolicy", "OrderedReady");
    for (JsonNode c : spec.at("/template/spec/containers").values()) {
      ((ObjectNode) c).put("imagePullPolicy", "IfNotPresent");
      for (JsonNode p : c.path("ports").values()) {
        ((ObjectNode) p).put("protocol", "TCP");
      }
    }
    out.putObject("status").put("replicas", 1);
    return out;
  }

  private static ObjectNode without(ObjectNode object, String pointer, String field) {
    ObjectNode out = object.deepCopy();
    ((ObjectNode) out.at(pointer)).remove(field);
    return out;
  }

  /** The owned paths per {@code manager/operation}, as conflict messages spell them. */
  private static Map<String, List<String>> owners(ObjectNode object) {
    Map<String, List<String>> out = new TreeMap<>();
    for (ManagedFieldsEntry e : ManagedFieldsEntry.read(object)) {
      out.put(
          e.manager() + "/" + e.operation(), e.fields().stream().map(FieldPath::toString).toList());
    }
    return out;
  }

  private static ObjectNode withoutManagedFields(ObjectNode object) {
    return without(object, "/metadata", "managedFields");
  }

  @Test
  void createReturnsTheAppliedObjectWithTheAppliersEntry() {
    ServerSideApply.Result r =
        ServerSideApply.apply(null, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T0);

    assertThat(r.created())
        .withFailMessage("applying to a missing object creates it (201)")
        .isTrue();
    assertThat(withoutManagedFields(r.object()))
        .withFailMessage("the new object is the applied configuration")
        .isEqualTo(db());
    JsonNode entries = r.object().at("/metadata/managedFields");
    assertThat(entries.size())
        .withFailMessage("one managedFields entry expected, got %s", entries)
        .isEqualTo(1);
    ObjectNode expected =
        json(
            "{'manager':'kubectl','operation':'Apply','apiVersion':'apps/v1','time':'2026-11-25T15:29:28Z',"
                + "'fieldsType':'FieldsV1','fieldsV1':{'f:spec':{'f:replicas':{},'f:selector':{'f:matchLabels':{'f:app':{}}},'f:serviceName':{},"
                + "'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:containers':{'k:{\\'name\\':\\'pg\\'}':{'.':{},"
                + "'f:env':{'k:{\\'name\\':\\'A\\'}':{'.':{},'f:name':{},'f:value':{}}},'f:image':{},'f:name':{},"
                + "'f:ports':{'k:{\\'containerPort\\':5432,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{}}}}}}}}}}");
    assertThat(entries.get(0))
        .withFailMessage("expected entry%n %s%n got%n %s", expected, entries.get(0))
        .isEqualTo(expected);
  }

  @Test
  void reapplyingTheSameConfigurationIsANoOp() {
    ObjectNode live =
        stored(
            ServerSideApply.apply(null, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T0)
                .object());

    ServerSideApply.Result r =
        ServerSideApply.apply(live, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T1);

    assertThat(r.created()).isFalse();
    assertThat(r.object())
        .withFailMessage(
            "nothing should change, defaults, status and the entry's time included, so the server"
                + " can skip the write; got%n %s%n expected%n %s",
            r.object(), live)
        .isEqualTo(live);
  }

  @Test
  void aChangingApplyStampsTheAppliersEntry() {
    ObjectNode live =
        stored(
            ServerSideApply.apply(null, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T0)
                .object());
    ObjectNode v2 = db();
    ((ObjectNode) v2.get("spec")).put("replicas", 2);

    ObjectNode result =
        ServerSideApply.apply(live, v2, "kubectl", false, STATEFUL_SET, "apps/v1", T1).object();

    assertThat(result.at("/metadata/managedFields/0/time").stringValue())
        .isEqualTo("2026-11-25T15:31:00Z");
  }

  @Test
  void changedValuesOfTheSameManagerApplyWithoutConflict() {
    ObjectNode live =
        stored(
            ServerSideApply.apply(null, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T0)
                .object());
    ObjectNode v2 = db();
    ((ObjectNode) v2.at("/spec/template/spec/containers/0")).put("image", "postgres:17");
    ((ObjectNode) v2.at("/spec/template/spec/containers/0/env/0")).put("value", "2");

    ObjectNode result =
        ServerSideApply.apply(live, v2, "kubectl", false, STATEFUL_SET, "apps/v1", T1).object();

    assertThat(result.at("/spec/template/spec/containers/0/image").stringValue())
        .isEqualTo("postgres:17");
    assertThat(result.at("/spec/template/spec/containers/0/env"))
        .isEqualTo(json("{'e':[{'name':'A','value':'2'}]}").get("e"));
    assertThat(result.at("/spec/template/spec/containers/0/imagePullPolicy").stringValue())
        .withFailMessage("a server default nobody owns must survive the apply")
        .isEqualTo("IfNotPresent");
  }

  @Test
  void aFieldOmittedFromTheNextApplyIsPruned() {
    ObjectNode v1 = db();
    ((ObjectNode) v1.at("/spec/template/metadata/labels")).put("tier", "backend");
    ObjectNode live =
        stored(
            ServerSideApply.apply(null, v1, "kubectl", false, STATEFUL_SET, "apps/v1", T0)
                .object());

    ObjectNode result =
        ServerSideApply.apply(live, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T1).object();

    assertThat(result.at("/spec/template/metadata/labels"))
        .withFailMessage("the tier label was applied before and omitted now: pruned")
        .isEqualTo(json("{'app':'db'}"));
    assertThat(owners(result).get("kubectl/Apply"))
        .doesNotContain(".spec.template.metadata.labels.tier");
  }

  @Test
  void aListElementOmittedFromTheNextApplyIsPrunedByItsKey() {
    ObjectNode v1 = db();
    ObjectNode c1 = (ObjectNode) v1.at("/spec/template/spec/containers/0");
    c1.withArray("env").addObject().put("name", "B").put("value", "x");
    c1.withArray("ports").addObject().put("containerPort", 8080);
    ObjectNode live =
        stored(
            ServerSideApply.apply(null, v1, "kubectl", false, STATEFUL_SET, "apps/v1", T0)
                .object());
    assertThat(live.at("/spec/template/spec/containers/0/ports/1/protocol").stringValue())
        .withFailMessage("precondition: the server defaulted the port protocol")
        .isEqualTo("TCP");

    ObjectNode result =
        ServerSideApply.apply(live, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T1).object();

    JsonNode c = result.at("/spec/template/spec/containers/0");
    assertThat(c.get("env"))
        .withFailMessage("env B should be pruned, got %s", c.get("env"))
        .isEqualTo(json("{'e':[{'name':'A','value':'1'}]}").get("e"));
    assertThat(c.get("ports"))
        .withFailMessage(
            "port 8080/TCP should be pruned by its list-map key, got %s", c.get("ports"))
        .isEqualTo(json("{'p':[{'containerPort':5432,'protocol':'TCP'}]}").get("p"));
    assertThat(owners(result).get("kubectl/Apply"))
        .doesNotContain(
            ".spec.template.spec.containers[name=\"pg\"].env[name=\"B\"]",
            ".spec.template.spec.containers[name=\"pg\"].ports[containerPort=8080,protocol=\"TCP\"]");
  }

  @Test
  void anOmittedFieldAnotherManagerAlsoOwnsIsKept() {
    ObjectNode v1 = db();
    ((ObjectNode) v1.at("/spec/template/metadata/labels")).put("tier", "backend");
    ObjectNode applied =
        stored(
            ServerSideApply.apply(null, v1, "kubectl", false, STATEFUL_SET, "apps/v1", T0)
                .object());
    ObjectNode edited = applied.deepCopy();
    ((ObjectNode) edited.at("/spec/template/metadata/labels")).put("tier", "frontend");
    ObjectNode live =
        ServerSideApply.recordUpdate(applied, edited, "kubectl-edit", "apps/v1", T0, STATEFUL_SET);

    ObjectNode result =
        ServerSideApply.apply(live, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T1).object();

    assertThat(result.at("/spec/template/metadata/labels/tier").stringValue())
        .withFailMessage(
            "kubectl-edit owns the tier label now; kubectl dropping it must not remove it")
        .isEqualTo("frontend");
  }

  @Test
  void anOmittedFieldSharedWithAnotherApplierIsKept() {
    ObjectNode v1 = db();
    ((ObjectNode) v1.at("/spec/template/metadata/labels")).put("tier", "backend");
    ObjectNode live =
        stored(
            ServerSideApply.apply(null, v1, "kubectl", false, STATEFUL_SET, "apps/v1", T0)
                .object());
    ObjectNode helm =
        json(
            "{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'db'},"
                + "'spec':{'template':{'metadata':{'labels':{'tier':'backend'}}}}}");
    live = ServerSideApply.apply(live, helm, "helm", false, STATEFUL_SET, "apps/v1", T0).object();
    assertThat(owners(live).get("helm/Apply"))
        .withFailMessage("precondition: same value, so helm shares the label")
        .containsExactly(".spec.template.metadata.labels.tier");

    ObjectNode result =
        ServerSideApply.apply(live, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T1).object();

    assertThat(result.at("/spec/template/metadata/labels/tier").stringValue())
        .withFailMessage("helm still owns the tier label; kubectl dropping it must not remove it")
        .isEqualTo("backend");
    assertThat(owners(result).get("kubectl/Apply"))
        .doesNotContain(".spec.template.metadata.labels.tier");
  }

  @Test
  void kubectlCreateThenServerSideApplyOfAChangedFieldConflicts() {
    ObjectNode live =
        stored(ServerSideApply.recordUpdate(null, db(), "kubectl-create", "apps/v1", T0));
    ObjectNode v2 = db();
    ((ObjectNode) v2.get("spec")).put("replicas", 3);

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> ServerSideApply.apply(live, v2, "kubectl", false, STATEFUL_SET, "apps/v1", T1));

    assertThat(e)
        .withFailMessage("changing a field kubectl-create owns without force must be a conflict")
        .isNotNull();
    assertThat(e.code()).isEqualTo(409);
    assertThat(e.reason()).isEqualTo("Conflict");
    assertThat(e.getMessage())
        .isEqualTo(
            "Apply failed with 1 conflict: conflict with \"kubectl-create\" using apps/v1:"
                + " .spec.replicas");
    List<StatusCause> causes = e.status().getDetails().getCauses();
    assertThat(causes).hasSize(1);
    assertThat(causes.get(0).getReason()).isEqualTo("FieldManagerConflict");
    assertThat(causes.get(0).getMessage())
        .isEqualTo("conflict with \"kubectl-create\" using apps/v1");
    assertThat(causes.get(0).getField()).isEqualTo(".spec.replicas");
  }

  @Test
  void clientSideApplyThenServerSideApplyReportsTheClientSideManager() {
    ObjectNode live =
        stored(
            ServerSideApply.recordUpdate(
                null, db(), "kubectl-client-side-apply", "apps/v1", T0, STATEFUL_SET));
    ObjectNode v2 = db();
    ((ObjectNode) v2.get("spec")).put("replicas", 2);
    ((ObjectNode) v2.at("/spec/template/spec/containers/0")).put("image", "postgres:17");

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> ServerSideApply.apply(live, v2, "kubectl", false, STATEFUL_SET, "apps/v1", T1));

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .isEqualTo(
            "Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using"
                + " apps/v1:\n"
                + "- .spec.replicas\n"
                + "- .spec.template.spec.containers[name=\"pg\"].image");
    assertThat(e.status().getDetails().getCauses())
        .extracting(StatusCause::getField)
        .containsExactly(".spec.replicas", ".spec.template.spec.containers[name=\"pg\"].image");
  }

  @Test
  void forceMovesTheConflictingFieldsToTheApplier() {
    ObjectNode live =
        stored(ServerSideApply.recordUpdate(null, db(), "kubectl-create", "apps/v1", T0));
    ObjectNode v2 = db();
    ((ObjectNode) v2.get("spec")).put("replicas", 3);

    ObjectNode result =
        ServerSideApply.apply(live, v2, "kubectl", true, STATEFUL_SET, "apps/v1", T1).object();

    assertThat(result.at("/spec/replicas").intValue()).isEqualTo(3);
    Map<String, List<String>> owners = owners(result);
    assertThat(owners.get("kubectl/Apply")).contains(".spec.replicas");
    assertThat(owners.get("kubectl-create/Update"))
        .withFailMessage("kubectl-create must lose .spec.replicas, owns %s", owners)
        .doesNotContain(".spec.replicas")
        .contains(".spec.serviceName");
    assertThat(result.at("/metadata/managedFields/0/manager").stringValue())
        .withFailMessage("entries are sorted by operation: Apply before Update")
        .isEqualTo("kubectl");
  }

  @Test
  void applyingTheValueAnotherManagerSetSharesTheField() {
    ObjectNode live =
        stored(ServerSideApply.recordUpdate(null, db(), "kubectl-create", "apps/v1", T0));

    ObjectNode result =
        ServerSideApply.apply(live, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T1).object();

    Map<String, List<String>> owners = owners(result);
    assertThat(owners.get("kubectl/Apply")).contains(".spec.replicas");
    assertThat(owners.get("kubectl-create/Update"))
        .withFailMessage("same value: both own it, got %s", owners)
        .contains(".spec.replicas");
  }

  @Test
  void anotherAppliersFieldsConflictWithoutAnApiVersionInTheMessage() {
    ObjectNode live =
        stored(
            ServerSideApply.apply(null, db(), "helm", false, STATEFUL_SET, "apps/v1", T0).object());
    ObjectNode v2 = db();
    ((ObjectNode) v2.get("spec")).put("serviceName", "other");

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> ServerSideApply.apply(live, v2, "kubectl", false, STATEFUL_SET, "apps/v1", T1));

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"helm\": .spec.serviceName");
  }

  @Test
  void anUpdateRecordedWithoutSchemaStillConflictsOnTheExactField() {
    ObjectNode live =
        stored(ServerSideApply.recordUpdate(null, db(), "kubectl-create", "apps/v1", T0));
    assertThat(owners(live).get("kubectl-create/Update"))
        .withFailMessage("without a schema lists are atomic")
        .contains(".spec.template.spec.containers");
    ObjectNode v2 = db();
    ((ObjectNode) v2.at("/spec/template/spec/containers/0")).put("image", "postgres:17");

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> ServerSideApply.apply(live, v2, "kubectl", false, STATEFUL_SET, "apps/v1", T1));

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .isEqualTo(
            "Apply failed with 1 conflict: conflict with \"kubectl-create\" using apps/v1:"
                + " .spec.template.spec.containers[name=\"pg\"].image");
  }

  @Test
  void aNullInTheAppliedConfigurationRemovesTheField() {
    ObjectNode live =
        stored(
            ServerSideApply.apply(null, db(), "kubectl", false, STATEFUL_SET, "apps/v1", T0)
                .object());
    ObjectNode v2 = db();
    ((ObjectNode) v2.get("spec")).putNull("podManagementPolicy");

    ObjectNode result =
        ServerSideApply.apply(live, v2, "kubectl", false, STATEFUL_SET, "apps/v1", T1).object();

    assertThat(result.at("/spec").has("podManagementPolicy")).isFalse();
  }

  @Test
  void finalizersAreASetAndAnOmittedMemberIsPruned() {
    ObjectNode v1 =
        json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a','b']}}");
    ObjectNode live = ServerSideApply.apply(null, v1, "kubectl", false, POD, "v1", T0).object();
    ((ObjectNode) live.get("metadata")).withArray("finalizers").add("controller");
    live =
        ServerSideApply.recordUpdate(
            ServerSideApply.apply(null, v1, "kubectl", false, POD, "v1", T0).object(),
            live,
            "controller",
            "v1",
            T0,
            POD);

    ObjectNode v2 =
        json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a']}}");
    ObjectNode result = ServerSideApply.apply(live, v2, "kubectl", false, POD, "v1", T1).object();

    assertThat(result.at("/metadata/finalizers"))
        .withFailMessage(
            "b pruned, the controller's finalizer kept: %s", result.at("/metadata/finalizers"))
        .isEqualTo(json("{'f':['a','controller']}").get("f"));
    assertThat(owners(result).get("controller/Update"))
        .containsExactly(".metadata.finalizers[=\"controller\"]");
  }

  @Test
  void managedFieldsInTheAppliedConfigurationAreIgnored() {
    ObjectNode v1 = db();
    ((ObjectNode) v1.get("metadata"))
        .putArray("managedFields")
        .addObject()
        .put("manager", "forged")
        .put("operation", "Apply");

    ObjectNode result =
        ServerSideApply.apply(null, v1, "kubectl", false, STATEFUL_SET, "apps/v1", T0).object();

    assertThat(owners(result).keySet()).containsExactly("kubectl/Apply");
  }

  @Test
  void aMapListElementWithoutItsKeyIsABadRequest() {
    ObjectNode v1 = db();
    ((ObjectNode) v1.at("/spec/template/spec/containers/0")).remove("name");

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> ServerSideApply.apply(null, v1, "kubectl", false, STATEFUL_SET, "apps/v1", T0));

    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).contains("omits key field \"name\"");
  }

  record UpdateCase(String name, String before, String after, Map<String, List<String>> owners) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<UpdateCase> updates() {
    String created =
        "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','managedFields':[{'manager':'kubectl-create',"
            + "'operation':'Update','apiVersion':'v1','time':'2026-11-25T15:29:28Z','fieldsType':'FieldsV1',"
            + "'fieldsV1':{'f:data':{'f:a':{},'f:b':{}}}}]},'data':{'a':'1','b':'2'}}";
    return Stream.of(
        new UpdateCase(
            "create records every field but the server's",
            null,
            "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'d','uid':'u','resourceVersion':'1'},'data':{'a':'1'}}",
            Map.of("editor/Update", List.of(".data.a"))),
        new UpdateCase(
            "a changed field moves to the writer",
            created,
            "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'9','b':'2'}}",
            Map.of(
                "editor/Update", List.of(".data.a"), "kubectl-create/Update", List.of(".data.b"))),
        new UpdateCase(
            "a removed field leaves every owner",
            created,
            "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'1'}}",
            Map.of("kubectl-create/Update", List.of(".data.a"))),
        new UpdateCase(
            "server-owned fields are not recorded",
            created,
            "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','resourceVersion':'7','generation':3},'data':{'a':'1','b':'2'},"
                + "'status':{'x':1}}",
            Map.of("kubectl-create/Update", List.of(".data.a", ".data.b"))));
  }

  @ParameterizedTest
  @MethodSource("updates")
  void recordsUpdateManagers(UpdateCase c) {
    ObjectNode before = c.before() == null ? null : json(c.before());
    ObjectNode after = json(c.after());
    if (before != null) {
      ((ObjectNode) after.get("metadata"))
          .set("managedFields", before.at("/metadata/managedFields").deepCopy());
    }
    ObjectNode result =
        ServerSideApply.recordUpdate(before, after, "editor", "v1", T1, TestSchemas.CONFIG_MAP);
    assertThat(owners(result))
        .withFailMessage("%s: expected owners %s but got %s", c.name(), c.owners(), owners(result))
        .isEqualTo(new TreeMap<>(c.owners()));
  }

  @Test
  void anUpdateWithoutManagedFieldsKeepsTheOldEntries() {
    ObjectNode before =
        ServerSideApply.recordUpdate(
            null, json("{'metadata':{'name':'c'},'data':{'a':'1'}}"), "kubectl-create", "v1", T0);
    ObjectNode after = json("{'metadata':{'name':'c'},'data':{'a':'1','b':'2'}}");

    ObjectNode result = ServerSideApply.recordUpdate(before, after, "fabric8", "v1", T1);

    assertThat(owners(result))
        .isEqualTo(
            Map.of(
                "fabric8/Update", List.of(".data.b"), "kubectl-create/Update", List.of(".data.a")));
    assertThat(after.has("metadata") && after.get("metadata").has("managedFields"))
        .withFailMessage("recordUpdate must not mutate its input")
        .isFalse();
  }
}
