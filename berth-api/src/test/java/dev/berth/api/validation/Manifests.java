package dev.berth.api.validation;

import dev.berth.api.FieldError;
import dev.berth.api.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Test vocabulary: manifests from JSON text, errors as the {@code field: message} lines a 422 shows. */
final class Manifests {
  private Manifests() {}

  static <T> T parse(String json, Class<T> type) {
    return Json.MAPPER.readValue(json, type);
  }

  /** A deep copy through JSON, so a case can change its own object. */
  static <T> T copy(T value, Class<T> type) {
    return Json.MAPPER.readValue(Json.string(value), type);
  }

  static List<String> lines(List<FieldError> errors) {
    return errors.stream().map(FieldError::toString).toList();
  }

  static JsonNode tree(Object value) {
    return SpecDiff.normalize(Json.toTree(value));
  }

  static JsonNode tree(String json) {
    return SpecDiff.normalize(Json.MAPPER.readTree(json));
  }
}
