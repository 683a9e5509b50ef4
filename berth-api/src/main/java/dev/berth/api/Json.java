package dev.berth.api;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one Jackson (3) mapper berth uses for API objects, and conversions between JSON trees and
 * fabric8 model classes.
 */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();

  private Json() {}

  public static <T> T toTyped(JsonNode tree, Class<T> type) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JacksonException e) {
      throw ApiException.badRequest("unable to decode " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  public static ObjectNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  public static ObjectNode parseObject(byte[] bytes) {
    JsonNode n;
    try {
      n = MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw ApiException.badRequest("unable to parse the body: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
    return (ObjectNode) n;
  }

  public static JsonNode parse(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw ApiException.badRequest("unable to parse the body: " + e.getOriginalMessage());
    }
  }

  public static byte[] bytes(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  public static String string(Object value) {
    return MAPPER.writeValueAsString(value);
  }
}
