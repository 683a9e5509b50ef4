package dev.berth.node.env;

import java.util.Map;
import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion ({@code spec/kubelet.md} §6.2; upstream {@code
 * third_party/forked/golang/expansion}), for {@code env[].value}, {@code command}, {@code args} and
 * {@code subPathExpr}. Scanning left to right:
 *
 * <ul>
 *   <li>{@code $(NAME)} becomes NAME's value; an undefined NAME stays {@code $(NAME)} (Appendix E 12);
 *   <li>{@code $$} becomes {@code $}, so {@code $$(NAME)} is the literal {@code $(NAME)};
 *   <li>{@code $(} without a closing {@code )}, a {@code $} before any other character, and a final
 *       {@code $} are copied as they are; shell forms {@code $NAME} and {@code ${NAME}} are not expanded.
 * </ul>
 *
 * <p>Example with {@code A=x}: {@code "$(A)-$$(A)-$(B)-$$$(A)"} → {@code "x-$(A)-$(B)-$x"}.
 */
public final class Expansion {
  private Expansion() {}

  /**
   * Expands {@code input}; {@code lookup} returns a variable's value or null when it is undefined (a
   * defined empty value expands to nothing).
   */
  public static String expand(String input, Function<String, String> lookup) {
    StringBuilder out = new StringBuilder(input.length());
    int checkpoint = 0;
    for (int cursor = 0; cursor < input.length(); cursor++) {
      if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
        continue;
      }
      out.append(input, checkpoint, cursor);
      char next = input.charAt(cursor + 1);
      int advance = 1;
      if (next == '$') {
        out.append('$');
      } else if (next == '(') {
        int close = input.indexOf(')', cursor + 2);
        if (close < 0) {
          out.append("$(");
        } else {
          String name = input.substring(cursor + 2, close);
          String value = lookup.apply(name);
          out.append(value != null ? value : "$(" + name + ")");
          advance = close - cursor;
        }
      } else {
        out.append('$').append(next);
      }
      cursor += advance;
      checkpoint = cursor + 1;
    }
    return out.append(input, checkpoint, input.length()).toString();
  }

  /** A lookup that tries each map in turn, like upstream's {@code MappingFuncFor(first, second...)}. */
  @SafeVarargs
  public static Function<String, String> lookupIn(Map<String, String>... contexts) {
    return name -> {
      for (Map<String, String> m : contexts) {
        if (m.containsKey(name)) {
          return m.get(name);
        }
      }
      return null;
    };
  }
}
