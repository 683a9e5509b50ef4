package dev.berth.api.table;

import dev.berth.api.ApiException;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Optional;

/**
 * The string of {@code metav1.LabelSelectorAsSelector(s)}: one requirement per label and per
 * expression, sorted by key, joined by commas. {@code {matchLabels: {app: web}, matchExpressions:
 * [{key: tier, operator: In, values: [b, a]}]}} → {@code app=web,tier in (a,b)}.
 */
final class LabelSelectors {
  private LabelSelectors() {}

  /** Empty string for a null or empty selector (nothing and everything both print as ""); empty when invalid. */
  static Optional<String> asString(LabelSelector selector) {
    try {
      dev.berth.api.selector.LabelSelector s = dev.berth.api.selector.LabelSelector.of(selector);
      return Optional.of(s == null ? "" : s.toString());
    } catch (ApiException e) {
      return Optional.empty();
    }
  }

  /** {@code metav1.FormatLabelSelector}: {@code <none>} when empty, {@code <error>} when invalid. */
  static String format(LabelSelector selector) {
    return asString(selector).map(s -> s.isEmpty() ? Cells.NONE : s).orElse("<error>");
  }
}
