package dev.berth.apiserver;

import dev.berth.api.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 and events.k8s.io/v1 Events share one store (as upstream: one storage, two
 * representations). Field mapping: {@code involvedObject↔regarding}, {@code message↔note},
 * {@code count↔deprecatedCount}, {@code firstTimestamp↔deprecatedFirstTimestamp},
 * {@code lastTimestamp↔deprecatedLastTimestamp}, {@code source↔deprecatedSource},
 * {@code reportingComponent↔reportingController} ({@code spec/api-server.md} §13.7).
 */
final class EventConversion {
  private EventConversion() {}

  private static final String[][] PAIRS = {
    {"involvedObject", "regarding"},
    {"message", "note"},
    {"count", "deprecatedCount"},
    {"firstTimestamp", "deprecatedFirstTimestamp"},
    {"lastTimestamp", "deprecatedLastTimestamp"},
    {"source", "deprecatedSource"},
    {"reportingComponent", "reportingController"},
  };

  /** events.k8s.io/v1 → core/v1 (the stored form). */
  static ObjectNode toCore(ObjectNode v1) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("apiVersion", "v1");
    out.put("kind", "Event");
    for (var e : v1.properties()) {
      String k = e.getKey();
      if (k.equals("apiVersion") || k.equals("kind")) {
        continue;
      }
      out.set(coreName(k), e.getValue().deepCopy());
    }
    return out;
  }

  /** core/v1 → events.k8s.io/v1. */
  static ObjectNode toEventsV1(ObjectNode core) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("apiVersion", "events.k8s.io/v1");
    out.put("kind", "Event");
    for (var e : core.properties()) {
      String k = e.getKey();
      if (k.equals("apiVersion") || k.equals("kind")) {
        continue;
      }
      JsonNode v = e.getValue();
      out.set(v1Name(k), v.deepCopy());
    }
    if (!out.has("eventTime") || out.get("eventTime").isNull()) {
      JsonNode first = core.get("firstTimestamp");
      if (first != null && !first.isNull()) {
        out.put("eventTime", first.asString().replace("Z", ".000000Z"));
      }
    }
    return out;
  }

  private static String coreName(String v1) {
    for (String[] p : PAIRS) {
      if (p[1].equals(v1)) {
        return p[0];
      }
    }
    return v1;
  }

  private static String v1Name(String core) {
    for (String[] p : PAIRS) {
      if (p[0].equals(core)) {
        return p[1];
      }
    }
    return core;
  }
}
