package dev.berth.api.patch;

import static dev.berth.api.patch.TestSchemas.json;
import static dev.berth.api.patch.TestSchemas.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.api.ApiException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class FieldsV1Test {
  record Case(String name, String fieldsV1, List<String> paths) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "scalars",
            "{'f:spec':{'f:replicas':{},'f:serviceName':{}}}",
            List.of(".spec.replicas", ".spec.serviceName")),
        new Case(
            "map-list elements own themselves ('.') and their fields",
            "{'f:spec':{'f:containers':{'k:{\\'name\\':\\'pg\\'}':{'.':{},'f:image':{},'f:ports':{"
                + "'k:{\\'containerPort\\':5432,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{}}}}}}}",
            List.of(
                ".spec.containers[name=\"pg\"]",
                ".spec.containers[name=\"pg\"].image",
                ".spec.containers[name=\"pg\"].ports[containerPort=5432,protocol=\"TCP\"]",
                ".spec.containers[name=\"pg\"].ports[containerPort=5432,protocol=\"TCP\"].containerPort")),
        new Case(
            "set members and a map that is owned as well as its fields",
            "{'f:metadata':{'f:finalizers':{'v:\\'a\\'':{},'v:\\'b\\'':{}},'f:labels':{'.':{},'f:app':{}}}}",
            List.of(
                ".metadata.finalizers[=\"a\"]",
                ".metadata.finalizers[=\"b\"]",
                ".metadata.labels",
                ".metadata.labels.app")),
        new Case("atomic list positions", "{'f:x':{'i:0':{}}}", List.of(".x[0]")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decodesAndEncodesTheSameSet(Case c) {
    ObjectNode fieldsV1 = json(c.fieldsV1());
    Set<FieldPath> paths = FieldsV1.decode(fieldsV1);
    assertThat(paths.stream().map(FieldPath::toString).toList())
        .withFailMessage("%s: expected paths %s but decoded %s", c.name(), c.paths(), paths)
        .containsExactlyInAnyOrderElementsOf(c.paths());
    assertThat(FieldsV1.encode(paths))
        .withFailMessage(
            "%s: encoding should give back %s but gave %s",
            c.name(), fieldsV1, FieldsV1.encode(paths))
        .isEqualTo(fieldsV1);
  }

  @Test
  void encodingSortsTokensWithTheNodeMarkerFirst() {
    Set<FieldPath> paths = FieldsV1.decode(json("{'f:b':{},'f:a':{'f:z':{},'.':{},'f:y':{}}}"));
    assertThat(dev.berth.api.Json.string(FieldsV1.encode(paths)))
        .isEqualTo("{\"f:a\":{\".\":{},\"f:y\":{},\"f:z\":{}},\"f:b\":{}}");
  }

  @Test
  void keyTokensAreCanonical() {
    Set<FieldPath> paths =
        FieldsV1.decode(json("{'f:p':{'k:{\\'protocol\\':\\'TCP\\',\\'containerPort\\':80}':{}}}"));
    assertThat(FieldsV1.encode(paths))
        .isEqualTo(json("{'f:p':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{}}}"));
  }

  record Malformed(String name, String fieldsV1) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Malformed> malformed() {
    return Stream.of(
        new Malformed("not an object", "[1]"),
        new Malformed("a leaf that is not an object", "{'f:a':1}"),
        new Malformed("an unknown token kind", "{'x:a':{}}"),
        new Malformed("a key that is not an object", "{'f:a':{'k:[1]':{}}}"),
        new Malformed("a key that is not JSON", "{'f:a':{'k:{':{}}}"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsMalformedFieldsV1With400(Malformed m) {
    ApiException e =
        catchThrowableOfType(ApiException.class, () -> FieldsV1.decode(node(m.fieldsV1())));
    assertThat(e).withFailMessage("%s: expected a 400", m.name()).isNotNull();
    assertThat(e.code()).isEqualTo(400);
  }
}
