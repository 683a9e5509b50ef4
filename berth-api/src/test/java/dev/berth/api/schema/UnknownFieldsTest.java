package dev.berth.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UnknownFieldsTest {

  /** A body (single quotes for double), the kind it is decoded as, and the paths upstream reports. */
  record Case(String name, Class<?> kind, String json, List<String> unknown) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a valid statefulset", StatefulSet.class,
            "{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'db','labels':{'any':'x'}},"
                + "'spec':{'replicas':1,'serviceName':'db','selector':{'matchLabels':{'app':'db'}},"
                + "'template':{'metadata':{'labels':{'app':'db'}},'spec':{'containers':[{'name':'pg','image':'pg',"
                + "'ports':[{'containerPort':5432}],'resources':{'limits':{'cpu':'1'}}}]}},"
                + "'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':'25%'}}}}",
            List.of()),
        new Case("top-level unknown", Pod.class, "{'apiVersion':'v1','kind':'Pod','foo':1}", List.of("foo")),
        new Case("spec field", StatefulSet.class, "{'spec':{'foo':1,'replicas':1}}", List.of("spec.foo")),
        new Case("list index", StatefulSet.class,
            "{'spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'b','foo':{'x':1}}]}}}}",
            List.of("spec.template.spec.containers[1].foo")),
        new Case("nested list of lists", Pod.class,
            "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':1,'bar':2}],'env':[{'name':'E','valueFrom':{'x':1}}]}]}}",
            List.of("spec.containers[0].ports[0].bar", "spec.containers[0].env[0].valueFrom.x")),
        new Case("document order, several", Pod.class,
            "{'zzz':1,'metadata':{'nam':'x'},'spec':{'containerz':[]},'aaa':2}",
            List.of("zzz", "metadata.nam", "spec.containerz", "aaa")),
        new Case("labels and annotations accept any key", Pod.class,
            "{'metadata':{'labels':{'foo':'1','spec':'2'},'annotations':{'kubectl.kubernetes.io/x':'y'}}}",
            List.of()),
        new Case("untyped values accept anything", ControllerRevision.class,
            "{'data':{'spec':{'anything':{'goes':[1,2]}}},'revision':1}", List.of()),
        new Case("managedFields.fieldsV1 is untyped", Pod.class,
            "{'metadata':{'managedFields':[{'manager':'m','fieldsV1':{'f:spec':{'f:x':{}}}}]}}", List.of()),
        new Case("a type mismatch is not an unknown field", ConfigMap.class,
            "{'data':{'a':{'nested':1}},'metadata':'oops'}", List.of()),
        new Case("apiVersion and kind are known at the top", ConfigMap.class,
            "{'apiVersion':'v1','kind':'ConfigMap','data':{}}", List.of()),
        new Case("case matters", ConfigMap.class, "{'Data':{},'metaData':{}}", List.of("Data", "metaData")),
        new Case("nulls are fine, unknown nulls are not", Pod.class,
            "{'spec':null,'status':{'phase':null,'foo':null}}", List.of("status.foo")),
        new Case("an unknown field's contents are not inspected", Pod.class,
            "{'specs':{'containers':[{'foo':1}]}}", List.of("specs")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsUnknownFieldsLikeKubeApiserver(Case c) {
    Schema.Struct schema = Schemas.of(c.kind());
    String json = c.json().replace('\'', '"');

    assertThat(UnknownFields.find(Json.parse(json.getBytes()), schema))
        .as("unknown fields of %s decoded as %s", c.json(), schema.name())
        .containsExactlyElementsOf(c.unknown());
    assertThat(StrictDecoding.check(json.getBytes(), schema))
        .as("the streaming check agrees with the tree walk")
        .extracting(StrictDecoding.Problem::path)
        .containsExactlyElementsOf(c.unknown());
  }
}
