package dev.berth.api.schema;

import dev.berth.api.Json;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The strict decoding check of a JSON request body: unknown fields (against a schema) and
 * duplicate fields, in one pass over the bytes, as kube-apiserver reports them for
 * {@code fieldValidation=Strict} (400 with {@link #message}) and {@code Warn} (one warning per
 * problem).
 */
public final class StrictDecoding {

  public enum Kind {
    UNKNOWN("unknown field"),
    DUPLICATE("duplicate field");

    private final String text;

    Kind(String text) {
      this.text = text;
    }
  }

  /**
   * One strict decoding error.
   *
   * @param path e.g. {@code spec.template.spec.containers[0].foo} (see {@link UnknownFields#find})
   */
  public record Problem(Kind kind, String path) {
    /** e.g. {@code unknown field "spec.foo"}: the text of one warning or error entry. */
    public String message() {
      return kind.text + " " + dev.berth.api.validation.GoSyntax.quote(path);
    }
  }

  private StrictDecoding() {}

  /**
   * The problems of {@code json} in document order, without repeats, at most 100. With a null
   * {@code schema} only duplicates are reported. A duplicate's path is the repeated field's, e.g.
   * {@code metadata.name} for {@code {"metadata":{"name":"a","name":"b"}}}.
   *
   * @throws tools.jackson.core.JacksonException if {@code json} is not well-formed
   */
  public static List<Problem> check(byte[] json, Schema.Struct schema) {
    Set<Problem> out = new LinkedHashSet<>();
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      if (p.nextToken() != null) {
        walk(p, schema, "", true, out);
      }
    }
    return List.copyOf(out).subList(0, Math.min(out.size(), UnknownFields.MAX_ERRORS));
  }

  /** {@code strict decoding error: unknown field "spec.foo", duplicate field "metadata.name"}. */
  public static String message(List<Problem> problems) {
    return "strict decoding error: "
        + problems.stream().map(Problem::message).collect(Collectors.joining(", "));
  }

  /**
   * Walks the value at the parser's current token and leaves the parser on its last token. A
   * null schema means "unknown shape": duplicates are still checked, unknown fields are not.
   */
  private static void walk(JsonParser p, Schema schema, String path, boolean top, Set<Problem> out) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      if (schema != null && !(schema instanceof Schema.Struct || schema instanceof Schema.MapOf
          || schema instanceof Schema.Untyped)) {
        p.skipChildren();
        return;
      }
      Set<String> seen = new HashSet<>();
      for (String name = p.nextName(); name != null; name = p.nextName()) {
        p.nextToken();
        String child = UnknownFields.join(path, name);
        Schema childSchema = null;
        boolean known = true;
        if (schema instanceof Schema.Struct st) {
          Schema.Field f = st.field(name);
          if (f != null) {
            childSchema = f.schema();
          } else {
            known = top && (name.equals("apiVersion") || name.equals("kind"));
          }
        } else if (schema instanceof Schema.MapOf m) {
          childSchema = m.values();
        }
        if (!known) {
          out.add(new Problem(Kind.UNKNOWN, child));
          p.skipChildren();
          continue;
        }
        if (!seen.add(name)) {
          out.add(new Problem(Kind.DUPLICATE, child));
        }
        walk(p, childSchema instanceof Schema.Untyped ? null : childSchema, child, false, out);
      }
    } else if (t == JsonToken.START_ARRAY) {
      Schema items;
      if (schema == null || schema instanceof Schema.Untyped) {
        items = null;
      } else if (schema instanceof Schema.ListOf l) {
        items = l.items();
      } else {
        p.skipChildren();
        return;
      }
      int i = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        walk(p, items instanceof Schema.Untyped ? null : items, path + "[" + i++ + "]", false, out);
      }
    }
  }
}
