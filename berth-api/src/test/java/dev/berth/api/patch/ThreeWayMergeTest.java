package dev.berth.api.patch;

import static dev.berth.api.patch.TestSchemas.DEPLOYMENT;
import static dev.berth.api.patch.TestSchemas.POD;
import static dev.berth.api.patch.TestSchemas.STATEFUL_SET;
import static dev.berth.api.patch.TestSchemas.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import dev.berth.api.schema.Schema;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class ThreeWayMergeTest {
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /**
   * @param result what the patch gives when applied to {@code current} with {@link
   *     StrategicMergePatch}
   */
  record Case(
      String name,
      Schema.Struct schema,
      String original,
      String modified,
      String current,
      String patch,
      String result) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "Deployment strategy RollingUpdate to Recreate sends $retainKeys",
            DEPLOYMENT,
            "{'spec':{'replicas':1,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
            "{'spec':{'replicas':1,'strategy':{'type':'Recreate'}}}",
            "{'spec':{'replicas':1,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1,'maxUnavailable':'25%'}}}}",
            "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}",
            "{'spec':{'replicas':1,'strategy':{'type':'Recreate'}}}"),
        new Case(
            "an env element the manifest dropped gets a delete directive",
            STATEFUL_SET,
            "{'spec':{'template':{'spec':{'containers':[{'name':'c','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'c','env':[{'name':'A','value':'1'}]}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'c','imagePullPolicy':'Always','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}}}}",
            "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c'}],'containers':[{'$setElementOrder/env':[{'name':'A'}],"
                + "'env':[{'$patch':'delete','name':'B'}],'name':'c'}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'c','imagePullPolicy':'Always','env':[{'name':'A','value':'1'}]}]}}}}"),
        new Case(
            "a finalizer the manifest dropped goes through $deleteFromPrimitiveList",
            POD,
            "{'metadata':{'finalizers':['a','b']}}",
            "{'metadata':{'finalizers':['a']}}",
            "{'metadata':{'finalizers':['a','b','server']}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b'],'$setElementOrder/finalizers':['a']}}",
            "{'metadata':{'finalizers':['a','server']}}"),
        new Case(
            "a label the manifest dropped becomes null",
            POD,
            "{'metadata':{'labels':{'a':'1','b':'2'}}}",
            "{'metadata':{'labels':{'a':'1'}}}",
            "{'metadata':{'labels':{'a':'1','b':'2','server':'x'}}}",
            "{'metadata':{'labels':{'b':null}}}",
            "{'metadata':{'labels':{'a':'1','server':'x'}}}"),
        new Case(
            "nothing changed: the patch is empty although the server added defaults and status",
            STATEFUL_SET,
            "{'spec':{'replicas':1,'template':{'spec':{'containers':[{'name':'c','image':'i','ports':[{'containerPort':80}]}]}}}}",
            "{'spec':{'replicas':1,'template':{'spec':{'containers':[{'name':'c','image':'i','ports':[{'containerPort':80}]}]}}}}",
            "{'spec':{'replicas':1,'podManagementPolicy':'OrderedReady','template':{'spec':{'restartPolicy':'Always',"
                + "'containers':[{'name':'c','image':'i','imagePullPolicy':'IfNotPresent','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}},"
                + "'status':{'replicas':1}}",
            "{}",
            "{'spec':{'replicas':1,'podManagementPolicy':'OrderedReady','template':{'spec':{'restartPolicy':'Always',"
                + "'containers':[{'name':'c','image':'i','imagePullPolicy':'IfNotPresent','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}},"
                + "'status':{'replicas':1}}"),
        new Case(
            "a field the user never applied is left to the server (kubectl scale in between)",
            STATEFUL_SET,
            "{'spec':{'serviceName':'s'}}",
            "{'spec':{'serviceName':'t'}}",
            "{'spec':{'serviceName':'s','replicas':3}}",
            "{'spec':{'serviceName':'t'}}",
            "{'spec':{'serviceName':'t','replicas':3}}"),
        new Case(
            "a field the user applied again wins over a change made since",
            STATEFUL_SET,
            "{'spec':{'replicas':1}}",
            "{'spec':{'replicas':1}}",
            "{'spec':{'replicas':3}}",
            "{'spec':{'replicas':1}}",
            "{'spec':{'replicas':1}}"),
        new Case(
            "a new container is added with the manifest's order",
            POD,
            "{'spec':{'containers':[{'name':'c','image':'c'}]}}",
            "{'spec':{'containers':[{'name':'c','image':'c'},{'name':'d','image':'d'}]}}",
            "{'spec':{'containers':[{'name':'c','image':'c'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'d'}],'containers':[{'image':'d','name':'d'}]}}",
            "{'spec':{'containers':[{'name':'c','image':'c'},{'name':'d','image':'d'}]}}"),
        new Case(
            "atomic args are replaced",
            POD,
            "{'spec':{'containers':[{'name':'c','args':['a','b']}]}}",
            "{'spec':{'containers':[{'name':'c','args':['a']}]}}",
            "{'spec':{'containers':[{'name':'c','args':['a','b']}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'c'}],'containers':[{'args':['a'],'name':'c'}]}}",
            "{'spec':{'containers':[{'name':'c','args':['a']}]}}"),
        new Case(
            "a scalar list the server lacks is sent whole",
            POD,
            "{}",
            "{'metadata':{'finalizers':['a']}}",
            "{'metadata':{'name':'p'}}",
            "{'metadata':{'finalizers':['a']}}",
            "{'metadata':{'name':'p','finalizers':['a']}}"),
        new Case(
            "a volume source change sends $retainKeys inside the element",
            POD,
            "{'spec':{'volumes':[{'name':'data','emptyDir':{}}]}}",
            "{'spec':{'volumes':[{'name':'data','hostPath':{'path':'/d'}}]}}",
            "{'spec':{'volumes':[{'name':'data','emptyDir':{}}]}}",
            "{'spec':{'$setElementOrder/volumes':[{'name':'data'}],'volumes':[{'$retainKeys':['hostPath','name'],'emptyDir':null,"
                + "'hostPath':{'path':'/d'},'name':'data'}]}}",
            "{'spec':{'volumes':[{'name':'data','hostPath':{'path':'/d'}}]}}"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void computesKubectlsPatch(Case c) {
    ObjectNode original = json(c.original());
    ObjectNode modified = json(c.modified());
    ObjectNode current = json(c.current());
    ObjectNode patch = ThreeWayMerge.createPatch(original, modified, current, c.schema());
    assertThat(patch)
        .withFailMessage(
            "%s:%n expected patch %s%n but got        %s", c.name(), json(c.patch()), patch)
        .isEqualTo(json(c.patch()));
    ObjectNode result = StrategicMergePatch.apply(current, patch, c.schema());
    assertThat(result)
        .withFailMessage(
            "%s: applying the patch should give%n %s%n but gave %s",
            c.name(), json(c.result()), result)
        .isEqualTo(json(c.result()));
    assertThat(original).isEqualTo(json(c.original()));
    assertThat(modified).isEqualTo(json(c.modified()));
    assertThat(current).isEqualTo(json(c.current()));
  }

  /** The exact bytes kubectl 1.32 sent in the §2.2 trace ({@code conflict.log}). */
  @Test
  void reproducesTheTracedClientSideApplyPatchByteForByte() {
    ObjectNode live = Resources.object("sts-db-live.json");
    ObjectNode traced = Resources.object("sts-db-csa-patch.json");
    String newLastApplied = traced.at("/metadata/annotations").get(LAST_APPLIED).stringValue();
    ObjectNode original =
        Json.parseObject(
            live.at("/metadata/annotations").get(LAST_APPLIED).stringValue().getBytes());
    ObjectNode modified = Json.parseObject(newLastApplied.getBytes());
    ((ObjectNode) modified.get("metadata"))
        .putObject("annotations")
        .put(LAST_APPLIED, newLastApplied);

    ObjectNode patch = ThreeWayMerge.createPatch(original, modified, live, STATEFUL_SET);

    assertThat(Json.string(patch))
        .withFailMessage(
            "expected kubectl's patch%n %s%n but computed%n %s",
            Json.string(traced), Json.string(patch))
        .isEqualTo(Json.string(traced));
    assertThat(StrategicMergePatch.apply(live, patch, STATEFUL_SET))
        .withFailMessage("the traced patch applied to live should give the expected StatefulSet")
        .isEqualTo(Resources.object("sts-db-patched.json"));
  }
}
