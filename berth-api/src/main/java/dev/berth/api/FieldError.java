package dev.berth.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One validation error on a field, as {@code k8s.io/apimachinery/pkg/util/validation/field.Error}.
 * {@link #message()} renders exactly like the kube-apiserver, e.g. {@code Invalid value: -1: must be
 * greater than or equal to 0}; the API turns a list of these into a 422 {@code Invalid} Status.
 *
 * @param field dotted path with indices, e.g. {@code spec.template.spec.containers[0].image}
 * @param badValue the offending value (rendered for Invalid/NotSupported/Duplicate), may be null
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

  public enum Type {
    REQUIRED("FieldValueRequired", "Required value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    FORBIDDEN("FieldValueForbidden", "Forbidden"),
    TOO_LONG("FieldValueTooLong", "Too long"),
    TOO_MANY("FieldValueTooMany", "Too many"),
    NOT_FOUND("FieldValueNotFound", "Not found"),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value");

    public final String reason;
    public final String text;

    Type(String reason, String text) {
      this.reason = reason;
      this.text = text;
    }
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, null, detail);
  }

  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, null, detail);
  }

  public static FieldError notSupported(String field, Object value, List<String> valid) {
    String detail = valid.isEmpty() ? "" : "supported values: " + valid.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
    return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
  }

  public static FieldError duplicate(String field, Object value) {
    return new FieldError(Type.DUPLICATE, field, value, "");
  }

  public static FieldError tooLong(String field, Object value, int max) {
    return new FieldError(Type.TOO_LONG, field, value, "may not be more than " + max + " bytes");
  }

  /** The message part of a Status cause, e.g. {@code Invalid value: "A_B": a lowercase RFC 1123 ...}. */
  public String message() {
    StringBuilder s = new StringBuilder(type.text);
    switch (type) {
      case INVALID, NOT_SUPPORTED, DUPLICATE, TYPE_INVALID -> s.append(": ").append(render(badValue));
      default -> {}
    }
    if (detail != null && !detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  /** {@code field: message}, the form used inside a 422 message. */
  @Override
  public String toString() {
    return field + ": " + message();
  }

  static String render(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String str) {
      return "\"" + str.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return String.valueOf(v);
  }
}
