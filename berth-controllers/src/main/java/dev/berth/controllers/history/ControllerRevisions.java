package dev.berth.controllers.history;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Hashing, naming, ordering and equality of ControllerRevisions, as upstream's {@code
 * pkg/controller/history} does them ({@code spec/statefulset.md} §8.2).
 *
 * <p>The hash is upstream's exactly: 32-bit <b>FNV-1</b> (Go's {@code fnv.New32}, not FNV-1a) over
 * the revision's data bytes followed by the decimal text of the collision count, printed as an
 * unsigned decimal and each character mapped through {@code bcdfghjklmnpqrstvwxz2456789} by its
 * code modulo 27 ({@code rand.SafeEncodeString}). The data bytes are {@link #canonicalJson}: Go's
 * {@code json.Marshal} of a decoded map (keys sorted at every level, {@code <>&} escaped), so equal
 * templates always give equal names across restarts. Worked example: the data {@code "a"} with no
 * collision count hashes to FNV-1 {@code 0x050c5d7e = 84696446}, encoded digit by digit ({@code
 * '8'}=56 → 56 mod 27 = 2 → {@code d}, {@code '4'} → {@code 8}, {@code '6'} → {@code b}, {@code
 * '9'} → {@code f}) as {@code d8bfb88b}; {@code ControllerRevisionsTest} holds the table.
 */
public final class ControllerRevisions {
  /** The label on a ControllerRevision carrying its hash. */
  public static final String HASH_LABEL = "controller.kubernetes.io/hash";

  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final int FNV32_OFFSET = 0x811c9dc5;
  private static final int FNV32_PRIME = 0x01000193;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ControllerRevisions() {}

  /** 32-bit FNV-1 (multiply, then xor) of {@code parts} in order, as an unsigned value. */
  public static long fnv1(byte[]... parts) {
    int h = FNV32_OFFSET;
    for (byte[] part : parts) {
      for (byte b : part) {
        h *= FNV32_PRIME;
        h ^= (b & 0xff);
      }
    }
    return Integer.toUnsignedLong(h);
  }

  /** Go's {@code rand.SafeEncodeString}: every character to the vowel-free alphabet, by code mod 27. */
  public static String safeEncode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      out.append(ALPHANUMS.charAt(s.charAt(i) % ALPHANUMS.length()));
    }
    return out.toString();
  }

  /**
   * Upstream's {@code HashControllerRevision(revision, probe)}: FNV-1 over {@code data}, then over
   * the decimal {@code collisionCount} when it is not null, safe-encoded.
   */
  public static String hash(byte[] data, Integer collisionCount) {
    byte[] probe = collisionCount == null ? new byte[0] : Integer.toString(collisionCount).getBytes(StandardCharsets.US_ASCII);
    return safeEncode(Long.toString(fnv1(data, probe)));
  }

  /** {@code <prefix>-<hash>}, the prefix cut to 223 characters so the name stays within 253. */
  public static String name(String prefix, String hash) {
    return (prefix.length() > 223 ? prefix.substring(0, 223) : prefix) + "-" + hash;
  }

  /** The revision's data as canonical bytes ({@link #canonicalJson}); empty when it has none. */
  public static byte[] dataBytes(ControllerRevision revision) {
    if (revision.getData() == null) {
      return new byte[0];
    }
    return canonicalJson(Json.MAPPER.valueToTree(revision.getData()));
  }

  /**
   * JSON as Go's {@code json.Marshal} writes a {@code map[string]interface{}}: no spaces, object
   * keys sorted by their UTF-8 bytes at every level, strings escaped as Go does ({@code <}, {@code
   * >}, {@code &}, U+2028 and U+2029 as {@code \\u00XX}/{@code \\u20XX}; {@code \\b \\f \\n \\r
   * \\t}; other control characters {@code \\u00XX}).
   */
  public static byte[] canonicalJson(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      TreeMap<byte[], Map.Entry<String, JsonNode>> sorted = new TreeMap<>(Arrays::compareUnsigned);
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        sorted.put(e.getKey().getBytes(StandardCharsets.UTF_8), e);
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : sorted.values()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      Iterator<JsonNode> it = node.values().iterator();
      while (it.hasNext()) {
        write(it.next(), out);
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append(']');
    } else if (node.isString()) {
      string(node.asString(), out);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue());
    } else if (node.isNumber()) {
      double d = node.doubleValue();
      out.append(d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString((long) d) : Double.toString(d));
    } else {
      string(node.asString(), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(c, out);
        default -> {
          if (c < 0x20) {
            unicode(c, out);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicode(char c, StringBuilder out) {
    out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
  }

  /** Upstream's order: by {@code .revision}, then creationTimestamp, then name. Returns a new list. */
  public static List<ControllerRevision> sorted(List<ControllerRevision> revisions) {
    List<ControllerRevision> out = new ArrayList<>(revisions);
    out.sort(Comparator.<ControllerRevision>comparingLong(r -> r.getRevision() == null ? 0 : r.getRevision())
        .thenComparing(r -> Objects.requireNonNullElse(r.getMetadata().getCreationTimestamp(), ""))
        .thenComparing(r -> r.getMetadata().getName()));
    return out;
  }

  /** One more than the highest {@code .revision} of {@code revisions}, 1 when there are none. */
  public static long nextRevision(List<ControllerRevision> revisions) {
    long max = 0;
    for (ControllerRevision r : revisions) {
      max = Math.max(max, r.getRevision() == null ? 0 : r.getRevision());
    }
    return max + 1;
  }

  /**
   * Upstream's {@code EqualRevision}: not equal when both carry a hash label and the hashes differ;
   * otherwise equal iff their data is equal.
   */
  public static boolean equal(ControllerRevision a, ControllerRevision b) {
    if (a == null || b == null) {
      return a == b;
    }
    String ha = label(a, HASH_LABEL);
    String hb = label(b, HASH_LABEL);
    if (ha != null && hb != null && !ha.equals(hb)) {
      return false;
    }
    return Arrays.equals(dataBytes(a), dataBytes(b));
  }

  /** The revisions of {@code revisions} equal to {@code needle}, in the given order. */
  public static List<ControllerRevision> findEqual(List<ControllerRevision> revisions, ControllerRevision needle) {
    List<ControllerRevision> out = new ArrayList<>();
    for (ControllerRevision r : revisions) {
      if (equal(r, needle)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Upstream's {@code CreateControllerRevision}: names {@code revision} {@code <parent>-<hash>} with
   * the hash over its data and {@code collisionCount[0]}, sets the hash label, and creates it. When
   * the name is taken by a revision with equal data, that one is returned; when it is taken by
   * different data (a hash collision), {@code collisionCount[0]} is incremented and the next name is
   * tried.
   *
   * @param collisionCount a one-element holder, read and incremented in place
   */
  public static ControllerRevision create(RevisionControl control, String parentName, ControllerRevision revision,
      int[] collisionCount) {
    byte[] data = dataBytes(revision);
    while (true) {
      String hash = hash(data, collisionCount[0]);
      ControllerRevision candidate = new ControllerRevisionBuilder(revision).editMetadata().withName(name(parentName, hash))
          .addToLabels(HASH_LABEL, hash).endMetadata().build();
      try {
        return control.createControllerRevision(candidate);
      } catch (ApiException e) {
        if (e.code() != 409) {
          throw e;
        }
        ControllerRevision existing = control.getControllerRevision(candidate.getMetadata().getNamespace(),
            candidate.getMetadata().getName());
        if (existing == null) {
          throw e;
        }
        if (Arrays.equals(dataBytes(existing), data)) {
          return existing;
        }
        collisionCount[0]++;
      }
    }
  }

  private static String label(ControllerRevision r, String key) {
    Map<String, String> labels = r.getMetadata() == null ? null : r.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
