package dev.berth.api.selector;

import dev.berth.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A parsed field selector: a comma-separated AND of {@code f=v}, {@code f==v}, {@code f!=v};
 * values may be empty and may escape {@code \,} {@code \=} {@code \\}. Which fields a kind
 * supports is decided by {@link SelectableFields}; anything else is a 400
 * {@code field label not supported: f} ({@code spec/api-server.md} §10.1).
 */
public record FieldSelector(List<Term> terms) {
  public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  public record Term(String field, boolean equals, String value) {}

  public boolean isEmpty() {
    return terms.isEmpty();
  }

  /** True when every term holds for {@code fields} (a missing field reads as {@code ""}). */
  public boolean matches(Map<String, String> fields) {
    for (Term t : terms) {
      String v = fields.getOrDefault(t.field, "");
      if (t.equals != v.equals(t.value)) {
        return false;
      }
    }
    return true;
  }

  /** The single value required for {@code field} with {@code =}, or null. */
  public String requiredValue(String field) {
    for (Term t : terms) {
      if (t.equals && t.field.equals(field)) {
        return t.value;
      }
    }
    return null;
  }

  public static FieldSelector parse(String s) {
    if (s == null || s.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String part : splitUnescaped(s, ',')) {
      if (part.isEmpty()) {
        continue;
      }
      int i = indexUnescaped(part, "!=");
      boolean eq = i < 0;
      int opLen = 2;
      if (eq) {
        i = indexUnescaped(part, "==");
        if (i < 0) {
          i = indexUnescaped(part, "=");
          opLen = 1;
        }
      }
      if (i <= 0) {
        throw ApiException.badRequest("invalid selector: '" + s + "'; can't understand '" + part + "'");
      }
      terms.add(new Term(part.substring(0, i).trim(), eq, unescape(part.substring(i + opLen))));
    }
    return new FieldSelector(List.copyOf(terms));
  }

  private static List<String> splitUnescaped(String s, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == sep) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static int indexUnescaped(String s, String op) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
        continue;
      }
      if (s.startsWith(op, i)) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        c = v.charAt(++i);
      }
      b.append(c);
    }
    return b.toString();
  }
}
