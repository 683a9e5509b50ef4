package dev.berth.api.selector;

import dev.berth.api.ApiException;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A parsed label selector in kubectl's string syntax: a comma-separated AND of {@code k=v},
 * {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k},
 * {@code k>1}, {@code k<1} ({@code spec/api-server.md} §10.1). Keys may contain {@code /} and dots.
 * An empty selector matches everything. Requirements are kept sorted by key (stable), as upstream's
 * {@code labels.Parse} and {@code LabelSelectorAsSelector} sort them, so the string form is
 * upstream's: {@code Scale.status.selector} of {@code matchLabels: {tier: a}} with an expression
 * on {@code app} is {@code app in (x),tier=a}.
 */
public record LabelSelector(List<Requirement> requirements, boolean selectsNothing) {

  public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  /** What a null {@code metav1.LabelSelector} means: upstream's {@code labels.Nothing()}; its string form is empty. */
  public static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

  public LabelSelector {
    requirements = requirements.stream().sorted(Comparator.comparing(Requirement::key)).toList();
  }

  public LabelSelector(List<Requirement> requirements) {
    this(requirements, false);
  }

  public enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, NOT_EXISTS, GREATER_THAN, LESS_THAN }

  public record Requirement(String key, Op op, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (op) {
        case EQUALS, IN -> v != null && values.contains(v);
        case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
        case EXISTS -> labels.containsKey(key);
        case NOT_EXISTS -> !labels.containsKey(key);
        case GREATER_THAN -> v != null && isLong(v) && Long.parseLong(v) > Long.parseLong(values.iterator().next());
        case LESS_THAN -> v != null && isLong(v) && Long.parseLong(v) < Long.parseLong(values.iterator().next());
      };
    }

    @Override
    public String toString() {
      return switch (op) {
        case EQUALS -> key + "=" + values.iterator().next();
        case NOT_EQUALS -> key + "!=" + values.iterator().next();
        case IN -> key + " in (" + String.join(",", values) + ")";
        case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
        case EXISTS -> key;
        case NOT_EXISTS -> "!" + key;
        case GREATER_THAN -> key + ">" + values.iterator().next();
        case LESS_THAN -> key + "<" + values.iterator().next();
      };
    }
  }

  public boolean matches(Map<String, String> labels) {
    if (selectsNothing) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (Requirement r : requirements) {
      if (!r.matches(l)) {
        return false;
      }
    }
    return true;
  }

  /** True when the selector selects everything (then callers may skip matching). */
  public boolean isEmpty() {
    return !selectsNothing && requirements.isEmpty();
  }

  /** The string form, e.g. {@code app=web,tier in (a,b)}: what {@code Scale.status.selector} carries. */
  @Override
  public String toString() {
    return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
  }

  /**
   * A {@code metav1.LabelSelector} (matchLabels + matchExpressions) as a selector. A null selector
   * matches nothing ({@link #NOTHING}), as upstream's {@code LabelSelectorAsSelector} with nil; an
   * empty one everything.
   */
  public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector s) {
    if (s == null) {
      return NOTHING;
    }
    List<Requirement> reqs = new ArrayList<>();
    if (s.getMatchLabels() != null) {
      s.getMatchLabels().forEach((k, v) -> reqs.add(new Requirement(k, Op.EQUALS, Set.of(v == null ? "" : v))));
    }
    if (s.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : s.getMatchExpressions()) {
        Set<String> vals = new TreeSet<>(r.getValues() == null ? List.of() : r.getValues());
        String key = r.getKey() == null ? "" : r.getKey();
        if (key.isEmpty()) {
          throw ApiException.badRequest("a label selector requirement needs a key");
        }
        Op op = switch (String.valueOf(r.getOperator())) {
          case "In" -> Op.IN;
          case "NotIn" -> Op.NOT_IN;
          case "Exists" -> Op.EXISTS;
          case "DoesNotExist" -> Op.NOT_EXISTS;
          default -> throw ApiException.badRequest("\"" + r.getOperator() + "\" is not a valid label selector operator");
        };
        boolean needsValues = op == Op.IN || op == Op.NOT_IN;
        if (needsValues == vals.isEmpty()) {
          throw ApiException.badRequest("for '" + r.getOperator() + "' operator, the values set "
              + (needsValues ? "can't be empty" : "must be empty"));
        }
        reqs.add(new Requirement(key, op, vals));
      }
    }
    return new LabelSelector(reqs);
  }

  /**
   * Parses kubectl syntax.
   *
   * @throws ApiException 400 on bad syntax
   */
  public static LabelSelector parse(String s) {
    if (s == null || s.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> out = new ArrayList<>();
    for (String part : splitTopLevel(s)) {
      String p = part.trim();
      if (p.isEmpty()) {
        throw bad(s, "empty requirement");
      }
      out.add(parseRequirement(p, s));
    }
    return new LabelSelector(out);
  }

  private static Requirement parseRequirement(String p, String whole) {
    if (p.startsWith("!")) {
      String key = p.substring(1).trim();
      checkKey(key, whole);
      return new Requirement(key, Op.NOT_EXISTS, Set.of());
    }
    int notin = indexOfWord(p, "notin");
    int in = indexOfWord(p, "in");
    if (notin > 0 || in > 0) {
      boolean negate = notin > 0;
      int at = negate ? notin : in;
      String key = p.substring(0, at).trim();
      String rest = p.substring(at + (negate ? 5 : 2)).trim();
      if (!rest.startsWith("(") || !rest.endsWith(")")) {
        throw bad(whole, "expected '(' and ')' around the values of " + key);
      }
      Set<String> vals = new TreeSet<>();
      for (String v : rest.substring(1, rest.length() - 1).split(",", -1)) {
        String t = v.trim();
        checkValue(t, whole);
        vals.add(t);
      }
      checkKey(key, whole);
      return new Requirement(key, negate ? Op.NOT_IN : Op.IN, vals);
    }
    String[] ops = {"==", "!=", "=", ">", "<"};
    for (String op : ops) {
      int i = p.indexOf(op);
      if (i > 0) {
        String key = p.substring(0, i).trim();
        String value = p.substring(i + op.length()).trim();
        checkKey(key, whole);
        checkValue(value, whole);
        Op o = switch (op) {
          case "==", "=" -> Op.EQUALS;
          case "!=" -> Op.NOT_EQUALS;
          case ">" -> Op.GREATER_THAN;
          default -> Op.LESS_THAN;
        };
        if ((o == Op.GREATER_THAN || o == Op.LESS_THAN) && !isLong(value)) {
          throw bad(whole, "for 'Gt', 'Lt' operators, the value must be an integer");
        }
        return new Requirement(key, o, Set.of(value));
      }
    }
    checkKey(p, whole);
    return new Requirement(p, Op.EXISTS, Set.of());
  }

  private static int indexOfWord(String p, String word) {
    int i = p.indexOf(" " + word + " ");
    if (i < 0) {
      i = p.indexOf(" " + word + "(");
    }
    return i < 0 ? -1 : i + 1;
  }

  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder cur = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  private static void checkKey(String key, String whole) {
    if (!key.matches("([a-z0-9A-Z.\\-]+/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?") || key.length() > 316) {
      throw bad(whole, "invalid label key \"" + key + "\"");
    }
  }

  private static void checkValue(String v, String whole) {
    if (!v.isEmpty() && !v.matches("[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?") || v.length() > 63) {
      throw bad(whole, "invalid label value: \"" + v + "\"");
    }
  }

  private static boolean isLong(String v) {
    try {
      Long.parseLong(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static ApiException bad(String whole, String why) {
    return ApiException.badRequest("unable to parse requirement: " + why + " (selector \"" + whole + "\")");
  }
}
