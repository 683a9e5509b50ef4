package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The string of {@code metav1.LabelSelectorAsSelector(s)}: one requirement per label and per
 * expression, sorted by key, joined by commas. {@code {matchLabels: {app: web}, matchExpressions:
 * [{key: tier, operator: In, values: [b, a]}]}} → {@code app=web,tier in (a,b)}.
 */
final class LabelSelectors {
  private LabelSelectors() {}

  /** Empty string for a null or empty selector (nothing and everything both print as ""). */
  static Optional<String> asString(LabelSelector selector) {
    if (selector == null) {
      return Optional.of("");
    }
    record Requirement(String key, String text) {}
    List<Requirement> requirements = new ArrayList<>();
    for (Map.Entry<String, String> e : Cells.map(selector.getMatchLabels()).entrySet()) {
      requirements.add(new Requirement(e.getKey(), e.getKey() + "=" + Cells.text(e.getValue())));
    }
    requirements.sort(Comparator.comparing(Requirement::key));
    for (LabelSelectorRequirement r : Cells.list(selector.getMatchExpressions())) {
      String key = Cells.text(r.getKey());
      List<String> values = Cells.list(r.getValues()).stream().sorted().toList();
      String operator = Cells.text(r.getOperator());
      if (key.isEmpty()) {
        return Optional.empty();
      }
      String text;
      switch (operator) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            return Optional.empty();
          }
          String set = values.size() == 1 ? values.getFirst() : String.join(",", values);
          text = key + (operator.equals("In") ? " in (" : " notin (") + set + ")";
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            return Optional.empty();
          }
          text = operator.equals("Exists") ? key : "!" + key;
        }
        default -> {
          return Optional.empty();
        }
      }
      requirements.add(new Requirement(key, text));
    }
    // Stable, so a label and an expression on the same key keep label-first order.
    return Optional.of(requirements.stream()
        .sorted(Comparator.comparing(Requirement::key))
        .map(Requirement::text)
        .collect(Collectors.joining(",")));
  }

  /** {@code metav1.FormatLabelSelector}: {@code <none>} when empty, {@code <error>} when invalid. */
  static String format(LabelSelector selector) {
    return asString(selector).map(s -> s.isEmpty() ? Cells.NONE : s).orElse("<error>");
  }
}
