package dev.berth.api.patch;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A path to one field, list element or set member of an object, as server-side apply tracks
 * ownership (structured-merge-diff's {@code fieldpath.Path}).
 *
 * <p>Elements and their two spellings ({@code fieldsV1} token / conflict message):
 *
 * <ul>
 *   <li>{@link Name}: {@code f:replicas} / {@code .replicas}
 *   <li>{@link Key} (element of a map list): {@code k:{"containerPort":80,"protocol":"TCP"}} /
 *       {@code [containerPort=80,protocol="TCP"]}
 *   <li>{@link Value} (member of a set): {@code v:"foregroundDeletion"} / {@code
 *       [="foregroundDeletion"]}
 *   <li>{@link Index} (atomic list position, only read from others' data): {@code i:0} / {@code
 *       [0]}
 * </ul>
 *
 * <p>Example: {@code .spec.template.spec.containers[name="pg"].image} is {@code [Name(spec),
 * Name(template), Name(spec), Name(containers), Key({"name":"pg"}), Name(image)]}.
 */
public record FieldPath(List<Element> elements) implements Comparable<FieldPath> {
  public static final FieldPath ROOT = new FieldPath(List.of());

  public FieldPath {
    elements = List.copyOf(elements);
  }

  /**
   * A path of field names only: {@code FieldPath.of("spec", "replicas")} is {@code .spec.replicas}.
   */
  public static FieldPath of(String... names) {
    return new FieldPath(Arrays.stream(names).<Element>map(Name::new).toList());
  }

  /** One step of a path. */
  public sealed interface Element permits Name, Key, Value, Index {
    /** The {@code fieldsV1} spelling, e.g. {@code f:spec}. */
    String token();
  }

  public record Name(String name) implements Element {
    @Override
    public String token() {
      return "f:" + name;
    }

    @Override
    public String toString() {
      return "." + name;
    }
  }

  /**
   * @param json the key fields as canonical JSON: members sorted, compact
   */
  public record Key(String json) implements Element {
    public static Key of(JsonNode keyFields) {
      return new Key(JsonValues.canonical(keyFields));
    }

    /** The key fields, e.g. {@code {"name":"pg"}}. */
    public ObjectNode fields() {
      return (ObjectNode) Json.MAPPER.readTree(json);
    }

    @Override
    public String token() {
      return "k:" + json;
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : fields().properties()) {
        parts.add(e.getKey() + "=" + Json.string(e.getValue()));
      }
      return "[" + String.join(",", parts) + "]";
    }
  }

  /**
   * @param json the member as canonical JSON
   */
  public record Value(String json) implements Element {
    public static Value of(JsonNode value) {
      return new Value(JsonValues.canonical(value));
    }

    public JsonNode value() {
      return Json.MAPPER.readTree(json);
    }

    @Override
    public String token() {
      return "v:" + json;
    }

    @Override
    public String toString() {
      return "[=" + json + "]";
    }
  }

  public record Index(int index) implements Element {
    @Override
    public String token() {
      return "i:" + index;
    }

    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }

  /** Parses a {@code fieldsV1} token such as {@code f:spec} or {@code k:{"name":"pg"}}. */
  public static Element parseToken(String token) {
    if (token.length() < 2 || token.charAt(1) != ':') {
      throw ApiException.badRequest("invalid fieldsV1 path element: " + token);
    }
    String rest = token.substring(2);
    try {
      return switch (token.charAt(0)) {
        case 'f' -> new Name(rest);
        case 'k' -> {
          JsonNode key = Json.MAPPER.readTree(rest);
          if (key == null || !key.isObject()) {
            throw ApiException.badRequest("invalid fieldsV1 key: " + token);
          }
          yield Key.of(key);
        }
        case 'v' -> Value.of(Json.MAPPER.readTree(rest));
        case 'i' -> new Index(Integer.parseInt(rest));
        default -> throw ApiException.badRequest("invalid fieldsV1 path element: " + token);
      };
    } catch (tools.jackson.core.JacksonException | NumberFormatException e) {
      throw ApiException.badRequest("invalid fieldsV1 path element: " + token);
    }
  }

  public FieldPath child(Element element) {
    List<Element> out = new ArrayList<>(elements);
    out.add(element);
    return new FieldPath(out);
  }

  public FieldPath child(String name) {
    return child(new Name(name));
  }

  /** Whether this path equals {@code other} or is an ancestor of it. */
  public boolean isPrefixOf(FieldPath other) {
    return other.elements.size() >= elements.size()
        && other.elements.subList(0, elements.size()).equals(elements);
  }

  public boolean isRoot() {
    return elements.isEmpty();
  }

  public Element last() {
    return elements.get(elements.size() - 1);
  }

  /** As in conflict messages: {@code .spec.template.spec.containers[name="pg"].image}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    elements.forEach(b::append);
    return b.toString();
  }

  @Override
  public int compareTo(FieldPath o) {
    int n = Math.min(elements.size(), o.elements.size());
    for (int i = 0; i < n; i++) {
      int c = elements.get(i).token().compareTo(o.elements.get(i).token());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(elements.size(), o.elements.size());
  }
}
