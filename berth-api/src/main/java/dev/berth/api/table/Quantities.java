package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canonical text of a resource quantity, as {@code resource.Quantity.String()} prints it (the
 * form the API server stores). The suffix family is kept: binary ({@code Ki…Ei}) when the value is
 * a whole number of at least 1024 in magnitude, else decimal SI ({@code n u m "" k M G T P E}) with
 * an exponent that is a multiple of 3, or {@code eN} for exponent input. Examples: {@code 1024Mi}
 * → {@code 1Gi}, {@code 1.5Gi} → {@code 1536Mi}, {@code 0.5Gi} → {@code 512Mi}, {@code 1000M} →
 * {@code 1G}, {@code 0.5} → {@code 500m}, {@code 1500} → {@code 1500}, {@code 512} from {@code
 * 0.5Ki} → {@code 512}.
 */
final class Quantities {
  private static final Pattern QUANTITY =
      Pattern.compile("([+-]?(?:\\d+\\.?\\d*|\\.\\d+))([eE][+-]?\\d+|[a-zA-Z]*)");
  private static final Map<String, Integer> BINARY =
      Map.of("Ki", 1, "Mi", 2, "Gi", 3, "Ti", 4, "Pi", 5, "Ei", 6);
  private static final Map<String, Integer> DECIMAL = Map.of(
      "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
  private static final String[] BINARY_SUFFIX = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final BigInteger B1024 = BigInteger.valueOf(1024);

  private enum Format { BINARY_SI, DECIMAL_SI, DECIMAL_EXPONENT }

  private Quantities() {}

  /** {@code "0"} for a missing quantity, like a zero Go Quantity; unparseable text is kept as is. */
  static String canonical(Quantity quantity) {
    if (quantity == null) {
      return "0";
    }
    String raw = Cells.text(quantity.getAmount()) + Cells.text(quantity.getFormat());
    Matcher m = QUANTITY.matcher(raw.strip());
    if (!m.matches()) {
      return raw;
    }
    BigDecimal number = new BigDecimal(m.group(1).startsWith("+") ? m.group(1).substring(1) : m.group(1));
    String suffix = m.group(2);
    BigDecimal value;
    Format format;
    if (BINARY.containsKey(suffix)) {
      value = number.multiply(new BigDecimal(B1024.pow(BINARY.get(suffix))));
      format = Format.BINARY_SI;
    } else if (DECIMAL.containsKey(suffix)) {
      value = number.scaleByPowerOfTen(DECIMAL.get(suffix));
      format = Format.DECIMAL_SI;
    } else if (suffix.startsWith("e") || suffix.startsWith("E")) {
      value = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
      format = Format.DECIMAL_EXPONENT;
    } else {
      return raw;
    }
    // Go keeps at most nano precision, rounding away from zero.
    if (value.scale() > 9) {
      value = value.setScale(9, RoundingMode.UP);
    }
    if (value.signum() == 0) {
      return "0";
    }
    if (format == Format.BINARY_SI) {
      boolean small = value.abs().compareTo(BigDecimal.valueOf(1024)) < 0;
      boolean whole = value.stripTrailingZeros().scale() <= 0;
      if (small || !whole) {
        format = Format.DECIMAL_SI;
      } else {
        BigInteger mantissa = value.toBigIntegerExact();
        int times = 0;
        while (times < BINARY_SUFFIX.length - 1 && mantissa.mod(B1024).signum() == 0) {
          mantissa = mantissa.divide(B1024);
          times++;
        }
        return mantissa + BINARY_SUFFIX[times];
      }
    }
    BigDecimal stripped = value.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    int extra = Math.floorMod(exponent, 3);
    mantissa = mantissa.multiply(BigInteger.TEN.pow(extra));
    exponent -= extra;
    if (format == Format.DECIMAL_EXPONENT) {
      return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
    for (Map.Entry<String, Integer> e : DECIMAL.entrySet()) {
      if (e.getValue() == exponent) {
        return mantissa + e.getKey();
      }
    }
    return mantissa + "e" + exponent;
  }
}
