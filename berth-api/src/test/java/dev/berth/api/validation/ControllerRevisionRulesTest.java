package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerRevisionRulesTest {

  static final ControllerRevisionRules RULES = new ControllerRevisionRules();

  static ControllerRevision revision() {
    return parse("""
        {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"web-7b8d9c6f5","namespace":"default","uid":"u"},
         "data":{"spec":{"template":{"$patch":"replace"}}},"revision":1}
        """, ControllerRevision.class);
  }

  @Test
  void dataIsMandatoryAndRevisionNonNegative() {
    assertThat(RULES.validateCreate(revision())).isEmpty();
    ControllerRevision r = revision();
    r.setData(null);
    r.setRevision(-1L);
    assertThat(lines(RULES.validateCreate(r))).containsExactly("data: Required value: data is mandatory",
        "revision: Invalid value: -1: must be greater than or equal to 0");
  }

  @Test
  void dataIsImmutable() {
    ControllerRevision old = revision();
    ControllerRevision r = revision();
    r.setData(Map.of("spec", Map.of()));
    List<String> errors = lines(RULES.validateUpdate(r, old));
    assertThat(errors).containsExactly("data: Invalid value: runtime.RawExtension{Raw:[]byte{0x7b, 0x22, 0x73, 0x70, 0x65, 0x63, "
        + "0x22, 0x3a, 0x7b, 0x7d, 0x7d}, Object:runtime.Object(nil)}: field is immutable");
    ControllerRevision relabelled = revision();
    relabelled.getMetadata().setLabels(Map.of("controller.kubernetes.io/hash", "7b8d9c6f5"));
    assertThat(RULES.validateUpdate(relabelled, old)).isEmpty();
  }
}
