package dev.berth.apiserver;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Small accessors on the JSON form of {@code metadata}, so the strategies read like the Go code. */
final class ObjectMetas {
  private ObjectMetas() {}

  static ObjectNode meta(ObjectNode obj) {
    JsonNode m = obj.get("metadata");
    if (m instanceof ObjectNode o) {
      return o;
    }
    return obj.putObject("metadata");
  }

  static String name(ObjectNode obj) {
    return obj.path("metadata").path("name").asString("");
  }

  static String namespace(ObjectNode obj) {
    return obj.path("metadata").path("namespace").asString("");
  }

  static String uid(ObjectNode obj) {
    return obj.path("metadata").path("uid").asString("");
  }

  static long resourceVersion(ObjectNode obj) {
    String rv = obj.path("metadata").path("resourceVersion").asString("");
    return parseResourceVersion(rv);
  }

  static long parseResourceVersion(String rv) {
    if (rv == null || rv.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw dev.berth.api.ApiException.badRequest("invalid resource version \"" + rv + "\"");
    }
  }

  static boolean hasDeletionTimestamp(ObjectNode obj) {
    JsonNode d = obj.path("metadata").get("deletionTimestamp");
    return d != null && !d.isNull();
  }

  static List<String> finalizers(ObjectNode obj) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : obj.path("metadata").path("finalizers")) {
      out.add(f.asString());
    }
    return out;
  }

  static void setFinalizers(ObjectNode obj, List<String> finalizers) {
    if (finalizers.isEmpty()) {
      meta(obj).remove("finalizers");
      return;
    }
    ArrayNode a = meta(obj).putArray("finalizers");
    finalizers.forEach(a::add);
  }

  static String timestamp(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
