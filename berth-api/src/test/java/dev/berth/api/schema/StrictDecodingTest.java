package dev.berth.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.schema.StrictDecoding.Kind;
import dev.berth.api.schema.StrictDecoding.Problem;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class StrictDecodingTest {

  private static byte[] json(String singleQuoted) {
    return singleQuoted.replace('\'', '"').getBytes();
  }

  @Test
  void reportsUnknownAndDuplicateFieldsInDocumentOrder() {
    List<Problem> p = StrictDecoding.check(json(
        "{'metadata':{'name':'a','name':'b'},'spec':{'foo':1,'replicas':1,'replicas':2}}"),
        Schemas.of(StatefulSet.class));

    assertThat(p).containsExactly(
        new Problem(Kind.DUPLICATE, "metadata.name"),
        new Problem(Kind.UNKNOWN, "spec.foo"),
        new Problem(Kind.DUPLICATE, "spec.replicas"));
    assertThat(StrictDecoding.message(p)).isEqualTo(
        "strict decoding error: duplicate field \"metadata.name\", unknown field \"spec.foo\","
            + " duplicate field \"spec.replicas\"");
  }

  @Test
  void findsDuplicatesInMapsAndListsWithoutASchema() {
    assertThat(DuplicateFields.find(json(
        "{'a':1,'m':{'k':1,'k':2},'l':[{},{'x':1,'x':1}],'a':3}")))
        .containsExactly("m.k", "l[1].x", "a");
    assertThat(DuplicateFields.find(json("{'metadata':{'labels':{'app':'a','app':'b'}}}")))
        .containsExactly("metadata.labels.app");
  }

  @Test
  void reportsEachProblemOnce() {
    assertThat(StrictDecoding.check(json("{'spec':{'containers':[{'foo':1}]},'spec':{'containers':[{'foo':1}]}}"),
        Schemas.of(Pod.class)))
        .containsExactly(new Problem(Kind.UNKNOWN, "spec.containers[0].foo"), new Problem(Kind.DUPLICATE, "spec"));
  }

  @Test
  void stopsAtOneHundredProblems() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < 150; i++) {
      b.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
    }
    assertThat(StrictDecoding.check(b.append('}').toString().getBytes(), Schemas.of(Pod.class))).hasSize(100);
  }

  @Test
  void quotesPathsLikeGo() {
    assertThat(new Problem(Kind.UNKNOWN, "metadata.labels.a\"b").message())
        .isEqualTo("unknown field \"metadata.labels.a\\\"b\"");
  }

  @Test
  void rejectsMalformedJson() {
    assertThatThrownBy(() -> StrictDecoding.check(json("{'a':"), Schemas.of(Pod.class)))
        .isInstanceOf(JacksonException.class);
  }
}
