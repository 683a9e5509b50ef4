package dev.berth.api.schema;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-field facts of the upstream Go types that fabric8's classes do not carry: the struct
 * tags {@code patchStrategy}/{@code patchMergeKey}, the markers {@code +listType},
 * {@code +listMapKey}, {@code +mapType}/{@code +structType}, {@code +default}, whether
 * openapi-gen lists the field as {@code required}, and the {@code format} of strings that are
 * {@code metav1.Time}/{@code MicroTime} ({@code date-time}) or {@code []byte} ({@code byte}).
 *
 * <p>One table, keyed by (definition name, JSON field name). It covers every definition
 * reachable from the kinds berth serves. Entries come from {@code k8s.io/api} and
 * {@code k8s.io/apimachinery} at v0.32 (kubectl 1.32's server), and from the newest release for
 * fields fabric8 8.0.0 models that 1.32 did not have yet. A field that is absent has no markers:
 * optional, no patch strategy (lists are replaced whole, maps merge), no list type.
 */
public final class FieldMarkers {

  /**
   * @param patchStrategy {@code merge}, {@code retainKeys}, {@code merge,retainKeys} or null
   * @param listType {@code atomic}, {@code set}, {@code map} or null
   * @param mapType {@code atomic}, {@code granular} or null
   * @param format {@code date-time} or {@code byte} for string fields, null otherwise
   * @param defaultValue JSON text of the declared default, e.g. {@code "TCP"}, or null
   */
  public record Markers(
      boolean required,
      String patchStrategy,
      String patchMergeKey,
      String listType,
      List<String> listMapKeys,
      String mapType,
      String format,
      String defaultValue) {
    public static final Markers NONE = new Markers(false, null, null, null, List.of(), null, null, null);
  }

  record Parsed(Map<String, Map<String, Markers>> fields, Map<String, String> structMapTypes) {}

  private static final Parsed TABLE = parse(FieldMarkersTable.TEXT);

  private FieldMarkers() {}

  /** The markers of {@code field} of {@code definition}; {@link Markers#NONE} if it has none. */
  public static Markers of(String definition, String field) {
    Map<String, Markers> m = TABLE.fields().get(definition);
    Markers r = m == null ? null : m.get(field);
    return r == null ? Markers.NONE : r;
  }

  /** {@code x-kubernetes-map-type} of a whole struct ({@code +structType}), or null. */
  public static String structMapType(String definition) {
    return TABLE.structMapTypes().get(definition);
  }

  /** Definitions the table has entries for. */
  public static Set<String> definitions() {
    return TABLE.fields().keySet();
  }

  /** The fields of {@code definition} that have entries; empty for an unknown definition. */
  public static Set<String> fields(String definition) {
    return TABLE.fields().getOrDefault(definition, Map.of()).keySet();
  }

  /**
   * Parses the table text: a definition name at the start of a line (optionally followed by
   * {@code map=atomic}), then one indented line per field with markers: {@code required},
   * {@code strategy=merge,retainKeys}, {@code key=name}, {@code list=map}, {@code keys=a,b},
   * {@code map=atomic}, {@code format=date-time}, {@code default="TCP"}.
   */
  static Parsed parse(String text) {
    Map<String, Map<String, Markers>> fields = new HashMap<>();
    Map<String, String> structs = new HashMap<>();
    String def = null;
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      String[] tok = line.strip().split("\\s+");
      if (!Character.isWhitespace(line.charAt(0))) {
        def = tok[0];
        fields.computeIfAbsent(def, k -> new HashMap<>());
        for (int i = 1; i < tok.length; i++) {
          if (tok[i].startsWith("map=")) {
            structs.put(def, tok[i].substring(4));
          } else {
            throw new IllegalStateException("line " + lineNo + ": unknown struct marker " + tok[i]);
          }
        }
        continue;
      }
      if (def == null) {
        throw new IllegalStateException("line " + lineNo + ": field before any definition");
      }
      boolean required = false;
      String strategy = null, key = null, list = null, map = null, format = null, dflt = null;
      List<String> keys = List.of();
      for (int i = 1; i < tok.length; i++) {
        String t = tok[i];
        int eq = t.indexOf('=');
        String k = eq < 0 ? t : t.substring(0, eq);
        String v = eq < 0 ? null : t.substring(eq + 1);
        switch (k) {
          case "required" -> required = true;
          case "strategy" -> strategy = v;
          case "key" -> key = v;
          case "list" -> list = v;
          case "keys" -> keys = Arrays.asList(v.split(","));
          case "map" -> map = v;
          case "format" -> format = v;
          case "default" -> dflt = v;
          default -> throw new IllegalStateException("line " + lineNo + ": unknown marker " + t);
        }
      }
      Markers m = new Markers(required, strategy, key, list, List.copyOf(keys), map, format, dflt);
      if (fields.get(def).put(tok[0], m) != null) {
        throw new IllegalStateException("line " + lineNo + ": duplicate field " + def + "." + tok[0]);
      }
    }
    fields.replaceAll((d, f) -> Map.copyOf(f));
    return new Parsed(Map.copyOf(fields), Map.copyOf(structs));
  }
}
