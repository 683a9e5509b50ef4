package dev.berth.api.patch;

import static dev.berth.api.patch.TestSchemas.DEPLOYMENT;
import static dev.berth.api.patch.TestSchemas.POD;
import static dev.berth.api.patch.TestSchemas.SERVICE;
import static dev.berth.api.patch.TestSchemas.STATEFUL_SET;
import static dev.berth.api.patch.TestSchemas.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.api.ApiException;
import dev.berth.api.schema.Schema;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class StrategicMergePatchTest {
  record Case(
      String name, Schema.Struct schema, ObjectNode live, ObjectNode patch, ObjectNode expected) {
    Case(String name, Schema.Struct schema, String live, String patch, String expected) {
      this(name, schema, json(live), json(patch), json(expected));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final String WEB =
      "{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'web','labels':{'app':'web'}},"
          + "'spec':{'replicas':2,'serviceName':'web','selector':{'matchLabels':{'app':'web'}},"
          + "'template':{'metadata':{'labels':{'app':'web'},'annotations':{'kubectl.kubernetes.io/restartedAt':'2026-11-25T15:00:00Z'}},"
          + "'spec':{'containers':[{'name':'nginx','image':'nginx:1.28','imagePullPolicy':'IfNotPresent','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],'args':['-g','daemon"
          + " off;']}],'restartPolicy':'Always'}}}}";

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "kubectl apply (client side): the §2.2 trace patch on a StatefulSet",
            STATEFUL_SET,
            Resources.object("sts-db-live.json"),
            Resources.object("sts-db-csa-patch.json"),
            Resources.object("sts-db-patched.json")),
        new Case(
            "kubectl rollout restart adds a template annotation",
            STATEFUL_SET,
            "{'spec':{'replicas':1,'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'i'}]}}}}",
            "{'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'2026-11-25T15:22:07Z'}}}}}",
            "{'spec':{'replicas':1,'template':{'metadata':{'labels':{'app':'web'},"
                + "'annotations':{'kubectl.kubernetes.io/restartedAt':'2026-11-25T15:22:07Z'}},'spec':{'containers':[{'name':'c','image':'i'}]}}}}"),
        new Case(
            "kubectl rollout undo sts: ControllerRevision data replaces the whole template",
            STATEFUL_SET,
            WEB,
            "{'spec':{'template':{'$patch':'replace','metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'image':'nginx:1.27','name':'nginx'}]}}}}",
            "{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'web','labels':{'app':'web'}},"
                + "'spec':{'replicas':2,'serviceName':'web','selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'image':'nginx:1.27','name':'nginx'}]}}}}"),
        new Case(
            "kubectl set image merges into the named container only",
            POD,
            "{'spec':{'containers':[{'name':'a','image':'a:1','args':['x']},{'name':'b','image':'b:1'}]}}",
            "{'spec':{'containers':[{'name':'b','image':'b:2'}]}}",
            "{'spec':{'containers':[{'name':'a','image':'a:1','args':['x']},{'name':'b','image':'b:2'}]}}"),
        new Case(
            "kubectl rollout pause",
            DEPLOYMENT,
            "{'spec':{'replicas':1}}",
            "{'spec':{'paused':true}}",
            "{'spec':{'replicas':1,'paused':true}}"),
        new Case(
            "$setElementOrder keeps a server-only element between its live neighbours",
            POD,
            "{'spec':{'containers':[{'name':'a'},{'name':'sidecar'},{'name':'b'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'a'},{'name':'b'},{'name':'c'}],'containers':[{'name':'c','image':'c'}]}}",
            "{'spec':{'containers':[{'name':'a'},{'name':'sidecar'},{'name':'b'},{'name':'c','image':'c'}]}}"),
        new Case(
            "$setElementOrder reorders the patch's elements; server-only ones keep live precedence",
            POD,
            "{'spec':{'containers':[{'name':'a'},{'name':'sidecar'},{'name':'b'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}}",
            "{'spec':{'containers':[{'name':'sidecar'},{'name':'b'},{'name':'a'}]}}"),
        new Case(
            "$setElementOrder of a primitive merge list",
            POD,
            "{'metadata':{'finalizers':['x','y','server']}}",
            "{'metadata':{'$setElementOrder/finalizers':['y','x','z'],'finalizers':['z']}}",
            "{'metadata':{'finalizers':['y','x','z','server']}}"),
        new Case(
            "without $setElementOrder, patch elements follow the patch and new ones precede later"
                + " live ones",
            SERVICE,
            "{'spec':{'ports':[{'port':80,'protocol':'TCP','targetPort':8080},{'port':443,'protocol':'TCP','targetPort':8443}]}}",
            "{'spec':{'ports':[{'port':80,'targetPort':9090},{'port':53,'protocol':'UDP'}]}}",
            "{'spec':{'ports':[{'port':80,'protocol':'TCP','targetPort':9090},{'port':53,'protocol':'UDP'},"
                + "{'port':443,'protocol':'TCP','targetPort':8443}]}}"),
        new Case(
            "$retainKeys: Deployment strategy RollingUpdate to Recreate drops rollingUpdate",
            DEPLOYMENT,
            "{'spec':{'replicas':1,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}}}}",
            "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}",
            "{'spec':{'replicas':1,'strategy':{'type':'Recreate'}}}"),
        new Case(
            "$retainKeys: a volume changes from emptyDir to hostPath",
            POD,
            "{'spec':{'volumes':[{'name':'data','emptyDir':{}},{'name':'cfg','configMap':{'name':'c'}}]}}",
            "{'spec':{'$setElementOrder/volumes':[{'name':'data'},{'name':'cfg'}],"
                + "'volumes':[{'$retainKeys':['hostPath','name'],'emptyDir':null,'hostPath':{'path':'/d'},'name':'data'}]}}",
            "{'spec':{'volumes':[{'name':'data','hostPath':{'path':'/d'}},{'name':'cfg','configMap':{'name':'c'}}]}}"),
        new Case(
            "$retainKeys drops keys only the server had, even without a null for them",
            DEPLOYMENT,
            "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
            "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}",
            "{'spec':{'strategy':{'type':'Recreate'}}}"),
        new Case(
            "$deleteFromPrimitiveList/finalizers",
            POD,
            "{'metadata':{'finalizers':['a','b','c']}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}",
            "{'metadata':{'finalizers':['a','c']}}"),
        new Case(
            "$deleteFromPrimitiveList with $setElementOrder (kubectl removing a finalizer)",
            POD,
            "{'metadata':{'finalizers':['a','b','c']}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b'],'$setElementOrder/finalizers':['c','a']}}",
            "{'metadata':{'finalizers':['c','a']}}"),
        new Case(
            "finalizers merge as a union",
            POD,
            "{'metadata':{'finalizers':['a']}}",
            "{'metadata':{'finalizers':['a','b']}}",
            "{'metadata':{'finalizers':['a','b']}}"),
        new Case(
            "$patch: delete removes an env element by merge key",
            STATEFUL_SET,
            json(WEB),
            json(
                "{'spec':{'template':{'spec':{'containers':[{'name':'nginx','env':[{'$patch':'delete','name':'A'}]}]}}}}"),
            expectedWithout(WEB, "A")),
        new Case(
            "[{$patch: replace}, ...] replaces the whole list",
            POD,
            "{'spec':{'containers':[{'name':'a','image':'a'},{'name':'b','image':'b'}]}}",
            "{'spec':{'containers':[{'$patch':'replace'},{'name':'c','image':'c','$setElementOrder/env':[{'name':'X'}],'env':[{'name':'X','value':'1'}]}]}}",
            "{'spec':{'containers':[{'name':'c','image':'c','env':[{'name':'X','value':'1'}]}]}}"),
        new Case(
            "a new element of a merge list loses its directives and, unordered, goes first (as"
                + " upstream)",
            POD,
            "{'spec':{'containers':[{'name':'a'}]}}",
            "{'spec':{'containers':[{'name':'b','$setElementOrder/env':[{'name':'X'}],'env':[{'name':'X','value':'1'},{'$patch':'delete','name':'Y'}]}]}}",
            "{'spec':{'containers':[{'name':'b','env':[{'name':'X','value':'1'}]},{'name':'a'}]}}"),
        new Case(
            "ownerReferences merge by uid",
            POD,
            "{'metadata':{'ownerReferences':[{'uid':'1','name':'a','kind':'ReplicaSet'}]}}",
            "{'metadata':{'ownerReferences':[{'uid':'1','controller':true},{'uid':'2','name':'b','kind':'StatefulSet'}]}}",
            "{'metadata':{'ownerReferences':[{'uid':'1','name':'a','kind':'ReplicaSet','controller':true},{'uid':'2','name':'b','kind':'StatefulSet'}]}}"),
        new Case(
            "null deletes; maps merge",
            POD,
            "{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'restartPolicy':'Always','nodeSelector':{'x':'1'}}}",
            "{'metadata':{'labels':{'a':null,'c':'3'}},'spec':{'restartPolicy':null}}",
            "{'metadata':{'labels':{'b':'2','c':'3'}},'spec':{'nodeSelector':{'x':'1'}}}"),
        new Case(
            "atomic lists are replaced wholesale (args, tolerations)",
            POD,
            "{'spec':{'tolerations':[{'key':'a'},{'key':'b'}],'containers':[{'name':'c','args':['x','y']}]}}",
            "{'spec':{'tolerations':[{'key':'c'}],'containers':[{'name':'c','args':['z']}]}}",
            "{'spec':{'tolerations':[{'key':'c'}],'containers':[{'name':'c','args':['z']}]}}"),
        new Case(
            "fields unknown to the schema merge as JSON merge patch: maps merge, lists replace",
            POD,
            "{'spec':{'x':{'a':1,'l':[{'name':'p'},{'name':'q'}]}}}",
            "{'spec':{'x':{'b':2,'l':[{'name':'r'}]}}}",
            "{'spec':{'x':{'a':1,'b':2,'l':[{'name':'r'}]}}}"),
        new Case(
            "$patch: delete on a map removes it",
            STATEFUL_SET,
            "{'spec':{'replicas':1,'updateStrategy':{'type':'OnDelete'}}}",
            "{'spec':{'updateStrategy':{'$patch':'delete'}}}",
            "{'spec':{'replicas':1}}"),
        new Case(
            "$patch: replace on a map the live object lacks",
            STATEFUL_SET,
            "{'spec':{'template':{'metadata':{}}}}",
            "{'spec':{'template':{'metadata':{'annotations':{'$patch':'replace','a':'1'}}}}}",
            "{'spec':{'template':{'metadata':{'annotations':{'a':'1'}}}}}"),
        new Case(
            "$patch: merge is an ordinary merge",
            STATEFUL_SET,
            "{'spec':{'replicas':1,'serviceName':'s'}}",
            "{'spec':{'$patch':'merge','replicas':2}}",
            "{'spec':{'replicas':2,'serviceName':'s'}}"),
        new Case(
            "an empty merge list in the patch leaves the live list alone (as upstream)",
            POD,
            "{'spec':{'containers':[{'name':'a'}]}}",
            "{'spec':{'containers':[]}}",
            "{'spec':{'containers':[{'name':'a'}]}}"),
        new Case(
            "merge key values compare as JSON values (containerPort 80 == 80.0)",
            POD,
            "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}",
            "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80.0,'name':'http'}]}]}}",
            "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80.0,'protocol':'TCP','name':'http'}]}]}}"),
        new Case(
            "root $patch: replace", POD, "{'a':1,'b':2}", "{'$patch':'replace','c':3}", "{'c':3}"));
  }

  private static ObjectNode expectedWithout(String live, String envName) {
    ObjectNode out = json(live);
    ArrayNode env = (ArrayNode) out.at("/spec/template/spec/containers/0/env");
    for (int i = env.size() - 1; i >= 0; i--) {
      if (env.get(i).get("name").stringValue().equals(envName)) {
        env.remove(i);
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void appliesStrategicMergePatch(Case c) {
    ObjectNode live = c.live().deepCopy();
    ObjectNode patch = c.patch().deepCopy();
    ObjectNode result = StrategicMergePatch.apply(live, patch, c.schema());
    assertThat(result)
        .withFailMessage("%s:%n expected %s%n but got  %s", c.name(), c.expected(), result)
        .isEqualTo(c.expected());
    assertThat(DirectiveKeys.in(result))
        .withFailMessage("%s: directive keys must never reach the result", c.name())
        .isEmpty();
    assertThat(live)
        .withFailMessage("%s: the live object was mutated", c.name())
        .isEqualTo(c.live());
    assertThat(patch).withFailMessage("%s: the patch was mutated", c.name()).isEqualTo(c.patch());
  }

  record Failure(String name, String live, String patch, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Failure> failures() {
    return Stream.of(
        new Failure(
            "merge-list element without its merge key",
            "{'spec':{'containers':[{'name':'a'}]}}",
            "{'spec':{'containers':[{'image':'x'}]}}",
            "map: {\"image\":\"x\"} does not contain declared merge key: name"),
        new Failure(
            "delete directive without merge key",
            "{'spec':{'containers':[{'name':'a'}]}}",
            "{'spec':{'containers':[{'$patch':'delete'}]}}",
            "map: {\"$patch\":\"delete\"} does not contain declared merge key: name"),
        new Failure(
            "unknown $patch value",
            "{}",
            "{'spec':{'$patch':'zap'}}",
            "unknown patch type: zap in map: {\"$patch\":\"zap\"}"),
        new Failure(
            "$patch: merge inside a list",
            "{}",
            "{'spec':{'containers':[{'$patch':'merge','name':'a'}]}}",
            "merging lists cannot yet be specified in the patch"),
        new Failure(
            "$retainKeys not listing a patched key",
            "{}",
            "{'spec':{'volumes':[{'name':'v','$retainKeys':['name'],'emptyDir':{}}]}}",
            "invalid patch format of retainKeys"),
        new Failure(
            "$retainKeys not a list",
            "{}",
            "{'spec':{'$retainKeys':'x'}}",
            "invalid patch format of retainKeys"),
        new Failure(
            "$setElementOrder not a list",
            "{'spec':{'containers':[{'name':'a'}]}}",
            "{'spec':{'$setElementOrder/containers':{'name':'a'}}}",
            "invalid patch format of setElementOrder list"),
        new Failure(
            "$setElementOrder entry without merge key",
            "{'spec':{'containers':[{'name':'a'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'image':'a'}],'containers':[{'name':'a'}]}}",
            "map: {\"image\":\"a\"} does not contain declared merge key: name"),
        new Failure(
            "$deleteFromPrimitiveList not a list",
            "{'metadata':{'finalizers':['a']}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}",
            "invalid patch format of primitive list"),
        new Failure(
            "$deleteFromPrimitiveList without a field",
            "{}",
            "{'metadata':{'$deleteFromPrimitiveList':['a']}}",
            "invalid patch format of primitive list"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void rejectsMalformedPatchesWith400(Failure f) {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> StrategicMergePatch.apply(json(f.live()), json(f.patch()), POD));
    assertThat(e).withFailMessage("%s: expected a 400, got no error", f.name()).isNotNull();
    assertThat(e.code())
        .withFailMessage("%s: expected 400 but got %d (%s)", f.name(), e.code(), e.getMessage())
        .isEqualTo(400);
    assertThat(e.getMessage())
        .withFailMessage("%s: expected <%s> but got <%s>", f.name(), f.message(), e.getMessage())
        .isEqualTo(f.message());
  }

  @Test
  void rootDeleteGivesAnEmptyObject() {
    assertThat(StrategicMergePatch.apply(json("{'a':1}"), json("{'$patch':'delete'}"), POD))
        .isEqualTo(json("{}"));
  }

  static LongStream seeds() {
    return Seeds.spread(1000);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void emptyPatchIsIdentity(long seed) {
    ObjectNode live = RandomJson.object(new Random(seed), 4);
    Seeds.replayable(
        seed,
        "live = " + live,
        () ->
            assertThat(StrategicMergePatch.apply(live, json("{}"), STATEFUL_SET))
                .withFailMessage("SMP with {} should give back live")
                .isEqualTo(live));
  }
}
