package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metav1/validation.ValidateLabelSelector} and the selector semantics the workload
 * validators rely on ({@code LabelSelectorAsSelector}, {@code Empty}, {@code Matches}).
 */
public final class LabelSelectorValidation {
  private LabelSelectorValidation() {}

  /** Errors for {@code selector} (none for null), values checked strictly. */
  public static List<FieldError> validate(LabelSelector selector, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (selector == null) {
      return errs;
    }
    errs.addAll(ObjectMetaValidation.labels(selector.getMatchLabels(), path.child("matchLabels")));
    List<LabelSelectorRequirement> exprs = selector.getMatchExpressions();
    if (exprs != null) {
      for (int i = 0; i < exprs.size(); i++) {
        errs.addAll(requirement(exprs.get(i), path.child("matchExpressions").index(i)));
      }
    }
    return errs;
  }

  static List<FieldError> requirement(LabelSelectorRequirement r, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String op = r.getOperator() == null ? "" : r.getOperator();
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    switch (op) {
      case "In", "NotIn" -> {
        if (values.isEmpty()) {
          errs.add(FieldError.required(path.child("values").toString(), "must be specified when `operator` is 'In' or 'NotIn'"));
        }
      }
      case "Exists", "DoesNotExist" -> {
        if (!values.isEmpty()) {
          errs.add(FieldError.forbidden(path.child("values").toString(),
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
      }
      default -> errs.add(FieldError.invalid(path.child("operator").toString(), op, "not a valid selector operator"));
    }
    errs.addAll(ObjectMetaValidation.labelName(r.getKey() == null ? "" : r.getKey(), path.child("key")));
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i) == null ? "" : values.get(i);
      for (String msg : NameValidation.labelValue(v)) {
        errs.add(FieldError.invalid(path.child("values").index(i).toString(), v, msg));
      }
    }
    return errs;
  }

  /**
   * Whether {@code LabelSelectorAsSelector} would accept the selector: every requirement has a
   * known operator with the right number of values, a valid key and valid values.
   */
  public static boolean isParsable(LabelSelector selector) {
    return selector == null || validate(selector, FieldPath.of("selector")).isEmpty();
  }

  /** No matchLabels and no matchExpressions: selects everything (a null selector selects nothing). */
  public static boolean isEmpty(LabelSelector selector) {
    return selector != null && size(selector.getMatchLabels()) + size(selector.getMatchExpressions()) == 0;
  }

  /** {@code labels.Selector.Matches}: a null selector matches nothing, an empty one everything. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!l.containsKey(e.getKey()) || !l.get(e.getKey()).equals(e.getValue())) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean has = l.containsKey(r.getKey());
        boolean ok = switch (r.getOperator() == null ? "" : r.getOperator()) {
          case "In" -> has && values.contains(l.get(r.getKey()));
          case "NotIn" -> !has || !values.contains(l.get(r.getKey()));
          case "Exists" -> has;
          case "DoesNotExist" -> !has;
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  private static int size(Object o) {
    if (o instanceof Map<?, ?> m) {
      return m.size();
    }
    if (o instanceof List<?> l) {
      return l.size();
    }
    return 0;
  }
}
