package dev.berth.api.schema;

import java.util.List;

/** Finds repeated property names in a JSON document, which a parsed tree would silently merge. */
public final class DuplicateFields {
  private DuplicateFields() {}

  /**
   * The paths of repeated fields of {@code json}, in document order, e.g. {@code metadata.name}
   * for {@code {"metadata":{"name":"a","name":"b"}}}; reported as {@code duplicate field
   * "metadata.name"}.
   *
   * @throws tools.jackson.core.JacksonException if {@code json} is not well-formed
   */
  public static List<String> find(byte[] json) {
    return StrictDecoding.check(json, null).stream().map(StrictDecoding.Problem::path).toList();
  }
}
