package dev.berth.api.patch;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Random JSON documents for properties: nested objects and arrays of scalars, up to depth 4. */
final class JsonArbitraries {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> KEYS =
      List.of(
          "spec",
          "metadata",
          "name",
          "labels",
          "containers",
          "image",
          "env",
          "value",
          "replicas",
          "finalizers",
          "template",
          "x",
          "y");

  private JsonArbitraries() {}

  static Arbitrary<JsonNode> objects() {
    return object(4).map(o -> (JsonNode) o);
  }

  private static Arbitrary<JsonNode> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.strings().alpha().ofMaxLength(6).map(F::stringNode),
        Arbitraries.integers().between(-5, 5000).map(F::numberNode),
        Arbitraries.of(true, false).map(F::booleanNode),
        Arbitraries.just(F.nullNode()));
  }

  private static Arbitrary<JsonNode> value(int depth) {
    if (depth <= 0) {
      return scalar();
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, scalar()),
        net.jqwik.api.Tuple.of(2, object(depth - 1).map(o -> (JsonNode) o)),
        net.jqwik.api.Tuple.of(1, array(depth - 1)));
  }

  private static Arbitrary<JsonNode> array(int depth) {
    return value(depth)
        .list()
        .ofMaxSize(3)
        .map(
            values -> {
              ArrayNode a = F.arrayNode();
              values.forEach(a::add);
              return a;
            });
  }

  private static Arbitrary<ObjectNode> object(int depth) {
    return Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.lazy(() -> value(depth)))
        .ofMaxSize(4)
        .map(JsonArbitraries::toObject);
  }

  private static ObjectNode toObject(Map<String, JsonNode> members) {
    ObjectNode o = F.objectNode();
    members.forEach(o::set);
    return o;
  }
}
