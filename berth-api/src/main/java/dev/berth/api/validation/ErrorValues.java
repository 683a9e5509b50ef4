package dev.berth.api.validation;

import dev.berth.api.FieldError;

/**
 * {@code field.NotFound} and {@code field.TooMany}, whose upstream messages include the value
 * ({@code Not found: "data"}, {@code Too many: 1001: must have at most 1000 items}).
 * {@link FieldError#message()} prints no value for these two types, so the value leads the detail;
 * the rendered text is then exactly upstream's.
 */
final class ErrorValues {
  private ErrorValues() {}

  static FieldError notFound(FieldPath path, String value) {
    return new FieldError(FieldError.Type.NOT_FOUND, path.toString(), value, GoSyntax.quote(value));
  }

  static FieldError tooMany(FieldPath path, int actual, int max) {
    return new FieldError(FieldError.Type.TOO_MANY, path.toString(), actual, actual + ": must have at most " + max + " items");
  }
}
