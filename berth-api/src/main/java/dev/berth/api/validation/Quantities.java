package dev.berth.api.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parsing and comparing {@code resource.Quantity} values as the validators need them. */
final class Quantities {
  private Quantities() {}

  /** The text upstream's decoder demands of a quantity. */
  static final String FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

  private static final Pattern SYNTAX = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)(|[numkMGTPE]|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)");

  /** The quantity's value, or empty when its text is not a Kubernetes quantity. */
  static Optional<BigDecimal> value(Quantity q) {
    if (q == null) {
      return Optional.of(BigDecimal.ZERO);
    }
    String text = text(q);
    if (!SYNTAX.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(q.getNumericalAmount());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The text the user wrote, e.g. {@code 500m}. */
  static String text(Quantity q) {
    if (q == null) {
      return "0";
    }
    String amount = q.getAmount() == null ? "" : q.getAmount();
    String format = q.getFormat() == null ? "" : q.getFormat();
    return amount + format;
  }

  static int compare(Quantity a, Quantity b) {
    return value(a).orElse(BigDecimal.ZERO).compareTo(value(b).orElse(BigDecimal.ZERO));
  }
}
