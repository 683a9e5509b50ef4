package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.json;
import static dev.berth.apiserver.ServiceFixture.opts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.schema.Schemas;
import dev.berth.api.schema.UnknownFields;
import dev.berth.apiserver.WriteOptions.FieldValidation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * What is stored holds only fields of the schema, as the kube-apiserver's decoding into Go
 * structs drops the rest ({@code spec/api-server.md} §7.5), whatever the unknown field is called.
 */
class UnknownFieldPrunerTest {
  record Case(String why, String object, String pruned) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<Case> statefulSets() {
    return Stream.of(
        new Case("a top-level field", "{'apiVersion':'apps/v1','kind':'StatefulSet','foo':1,'spec':{'replicas':1}}",
            "{'apiVersion':'apps/v1','kind':'StatefulSet','spec':{'replicas':1}}"),
        new Case("nested, in list elements",
            "{'spec':{'template':{'spec':{'containers':[{'name':'a','x':1},{'name':'b','y':{'z':2}}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}}}"),
        new Case("inside map values of structs is left to the map", "{'metadata':{'labels':{'a.b/c':'d'}}}",
            "{'metadata':{'labels':{'a.b/c':'d'}}}"),
        new Case("a name with dots, e.g. a label mis-indented under metadata",
            "{'metadata':{'name':'web','app.kubernetes.io/name':'web'}}", "{'metadata':{'name':'web'}}"),
        new Case("a name with dots that looks like a known path",
            "{'metadata':{'labels':{'app':'web'},'labels.app':'x'}}", "{'metadata':{'labels':{'app':'web'}}}"),
        new Case("a name with brackets", "{'spec':{'template':{'spec':{'containers':[{'name':'a','env[0]':1}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'a'}]}}}}"),
        new Case("untyped values accept anything", "{'metadata':{'managedFields':[{'fieldsV1':{'f:x':{}}}]}}",
            "{'metadata':{'managedFields':[{'fieldsV1':{'f:x':{}}}]}}"),
        new Case("a type mismatch is not an unknown field", "{'spec':{'replicas':'three'}}", "{'spec':{'replicas':'three'}}"));
  }

  @ParameterizedTest
  @MethodSource("statefulSets")
  void prunesWhatUnknownFieldsReports(Case c) {
    ObjectNode o = json(c.object());
    UnknownFieldPruner.prune(o, Schemas.of(StatefulSet.class));
    assertThat(o).as("%s: pruned", c.why()).isEqualTo(json(c.pruned()));
    assertThat(UnknownFields.find(o, Schemas.of(StatefulSet.class))).as("%s: nothing unknown is left", c.why()).isEmpty();
  }

  @Test
  void aMisIndentedLabelIsWarnedAboutAndNotStored() {
    ServiceFixture f = new ServiceFixture();
    ObjectNode cm = json("{'metadata':{'name':'cfg','app.kubernetes.io/name':'web'},'data':{'a':'1'}}");
    WriteResult w = f.service.create(f.configMaps, "default", cm, opts(FieldValidation.WARN));
    assertThat(w.warnings()).contains("unknown field \"metadata.app.kubernetes.io/name\"");
    assertThat(f.get(f.configMaps, "cfg").path("metadata").has("app.kubernetes.io/name")).as("not stored").isFalse();
    assertThat(UnknownFields.find(f.store.get("configmaps", "default", "cfg").orElseThrow(), Schemas.of(ConfigMap.class)))
        .isEmpty();
  }

  @Test
  void anUnknownFieldNamedLikeAKnownPathLeavesTheKnownFieldAlone() {
    ServiceFixture f = new ServiceFixture();
    ObjectNode cm = json("{'metadata':{'name':'cfg','labels':{'app':'web'},'labels.app':'x'},'data':{'a':'1'}}");
    f.service.create(f.configMaps, "default", cm, opts(FieldValidation.IGNORE));
    assertThat(f.get(f.configMaps, "cfg").path("metadata").path("labels")).as("the real label survives")
        .isEqualTo(json("{'app':'web'}"));
  }
}
