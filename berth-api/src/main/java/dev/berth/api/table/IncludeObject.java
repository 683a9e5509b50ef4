package dev.berth.api.table;

import dev.berth.api.ApiException;

/**
 * What each Table row carries in {@code object}: the {@code includeObject} query parameter of a
 * Table request ({@code spec/api-server.md} §9.1).
 */
public enum IncludeObject {
  /** {@code None}: no object ({@code "object":null}). */
  NONE,
  /** {@code Metadata}, the default: a {@code PartialObjectMetadata} with the full ObjectMeta. */
  METADATA,
  /** {@code Object}: the full object with kind and apiVersion (kubectl {@code --sort-by}). */
  OBJECT;

  /** The parameter's value, absent or empty meaning {@link #METADATA}; anything else is a 400. */
  public static IncludeObject fromQuery(String value) {
    if (value == null || value.isEmpty()) {
      return METADATA;
    }
    return switch (value) {
      case "None" -> NONE;
      case "Metadata" -> METADATA;
      case "Object" -> OBJECT;
      default -> throw ApiException.badRequest(
          "includeObject: Unsupported value: \"" + value + "\": supported values: \"Metadata\", \"None\", \"Object\"");
    };
  }
}
