package dev.berth.api.validation;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders bad values the way the kube-apiserver prints them inside {@code Invalid value: ...}:
 * Go's {@code %#v} of the internal type. {@link dev.berth.api.FieldError} prints any non-string
 * value with {@code toString()}, so these methods return a {@link Rendered} whose {@code toString}
 * is the Go text, e.g. {@code map[string]string{"app":"x"}}.
 */
public final class GoSyntax {
  private GoSyntax() {}

  /** A value that prints as the given Go syntax. */
  public record Rendered(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  public static Rendered raw(String text) {
    return new Rendered(text);
  }

  /** {@code strconv.Quote}: double quotes, backslash escapes for quotes and control characters. */
  public static String quote(String s) {
    if (s == null) {
      return "\"\"";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** {@code map[string]string{"a":"b"}} with sorted keys; empty or null as {@code map[string]string(nil)}. */
  public static Rendered stringMap(Map<String, String> m) {
    return new Rendered(stringMapText(m));
  }

  static String stringMapText(Map<String, String> m) {
    if (m == null || m.isEmpty()) {
      return "map[string]string(nil)";
    }
    return new TreeMap<>(m).entrySet().stream()
        .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
        .collect(Collectors.joining(", ", "map[string]string{", "}"));
  }

  /** {@code []string{"a", "b"}}; empty or null as {@code []string(nil)}. */
  public static Rendered stringSlice(List<String> l) {
    return new Rendered(stringSliceText(l));
  }

  static String stringSliceText(List<String> l) {
    if (l == null || l.isEmpty()) {
      return "[]string(nil)";
    }
    return l.stream().map(GoSyntax::quote).collect(Collectors.joining(", ", "[]string{", "}"));
  }

  /** {@code intstr.IntOrString{Type:0, IntVal:1, StrVal:""}}, the value type, which has no String(). */
  public static Rendered intOrString(IntOrString v) {
    return new Rendered(intOrStringText(v));
  }

  static String intOrStringText(IntOrString v) {
    if (v != null && v.getStrVal() != null) {
      return "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + quote(v.getStrVal()) + "}";
    }
    int i = v == null || v.getIntVal() == null ? 0 : v.getIntVal();
    return "intstr.IntOrString{Type:0, IntVal:" + i + ", StrVal:\"\"}";
  }

  /** {@code v1.LabelSelector{MatchLabels:..., MatchExpressions:...}} as a dereferenced selector prints. */
  public static Rendered labelSelector(LabelSelector s) {
    if (s == null) {
      return new Rendered("null");
    }
    String exprs;
    List<LabelSelectorRequirement> reqs = s.getMatchExpressions();
    if (reqs == null || reqs.isEmpty()) {
      exprs = "[]v1.LabelSelectorRequirement(nil)";
    } else {
      exprs = reqs.stream()
          .map(r -> "v1.LabelSelectorRequirement{Key:" + quote(r.getKey()) + ", Operator:" + quote(r.getOperator())
              + ", Values:" + stringSliceText(r.getValues()) + "}")
          .collect(Collectors.joining(", ", "[]v1.LabelSelectorRequirement{", "}"));
    }
    return new Rendered("v1.LabelSelector{MatchLabels:" + stringMapText(s.getMatchLabels()) + ", MatchExpressions:" + exprs + "}");
  }

  /** {@code (*T)(nil)} or a stand-in address for a non-nil pointer field inside a struct. */
  static String pointer(String type, Object value) {
    return value == null ? "(*" + type + ")(nil)" : "(*" + type + ")(0xc000000000)";
  }

  /** {@code []byte{0x7b, 0x7d}}, as Go prints a byte slice with {@code %#v}. */
  static String bytes(byte[] b) {
    if (b == null || b.length == 0) {
      return "[]byte(nil)";
    }
    StringBuilder s = new StringBuilder("[]byte{");
    for (int i = 0; i < b.length; i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(String.format("0x%x", b[i] & 0xff));
    }
    return s.append('}').toString();
  }
}
