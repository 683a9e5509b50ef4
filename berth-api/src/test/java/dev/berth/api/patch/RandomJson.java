package dev.berth.api.patch;

import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random JSON documents for properties, drawn from a seeded {@link Random}: an object of up to 4
 * members whose values are, by weight 4 : 2 : 1, a scalar, an object or an array of up to 3
 * values, nested {@code depth} levels below the top before only scalars remain. Scalars are
 * strings of up to 6 ASCII letters, integers in [-5, 5000] (half of them in [-5, 5]), booleans
 * and null, each a quarter of the time. Keys come from a small pool of Kubernetes field names so
 * that documents share keys.
 */
final class RandomJson {
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
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private RandomJson() {}

  /** An object of 0 to 4 distinct members; {@code object(r, 4)} nests at most 5 objects deep. */
  static ObjectNode object(Random r, int depth) {
    ObjectNode o = F.objectNode();
    int size = r.nextInt(5);
    while (o.size() < size) {
      String key = KEYS.get(r.nextInt(KEYS.size()));
      if (!o.has(key)) {
        o.set(key, value(r, depth));
      }
    }
    return o;
  }

  private static JsonNode value(Random r, int depth) {
    if (depth <= 0) {
      return scalar(r);
    }
    int w = r.nextInt(7);
    if (w < 4) {
      return scalar(r);
    }
    return w < 6 ? object(r, depth - 1) : array(r, depth - 1);
  }

  private static ArrayNode array(Random r, int depth) {
    ArrayNode a = F.arrayNode();
    for (int n = r.nextInt(4); n > 0; n--) {
      a.add(value(r, depth));
    }
    return a;
  }

  private static JsonNode scalar(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> F.stringNode(letters(r, r.nextInt(7)));
      case 1 -> F.numberNode(r.nextBoolean() ? between(r, -5, 5) : between(r, -5, 5000));
      case 2 -> F.booleanNode(r.nextBoolean());
      default -> F.nullNode();
    };
  }

  private static String letters(Random r, int length) {
    var s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
    }
    return s.toString();
  }

  private static int between(Random r, int min, int max) {
    return min + r.nextInt(max - min + 1);
  }
}
