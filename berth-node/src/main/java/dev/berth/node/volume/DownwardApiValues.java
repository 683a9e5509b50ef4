package dev.berth.node.volume;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values of the downward API as volumes show them ({@code spec/kubelet.md} §7.5): single
 * values as plain text without a newline, whole maps as sorted {@code key="value"} lines (values
 * quoted as Go's {@code %q} does) without a trailing newline.
 */
public final class DownwardApiValues {
  private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

  private DownwardApiValues() {}

  /** A {@code fieldRef} allowed in volumes; empty for a field volumes do not offer. */
  public static Optional<String> field(Pod pod, String fieldPath) {
    Matcher m = SUBSCRIPT.matcher(fieldPath);
    if (m.matches()) {
      Map<String, String> map = m.group(1).equals("labels") ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
      return Optional.of(map == null ? "" : map.getOrDefault(m.group(2), ""));
    }
    return switch (fieldPath) {
      case "metadata.name" -> Optional.of(pod.getMetadata().getName());
      case "metadata.namespace" -> Optional.of(pod.getMetadata().getNamespace());
      case "metadata.uid" -> Optional.of(pod.getMetadata().getUid());
      case "metadata.labels" -> Optional.of(formatMap(pod.getMetadata().getLabels()));
      case "metadata.annotations" -> Optional.of(formatMap(pod.getMetadata().getAnnotations()));
      default -> Optional.empty();
    };
  }

  /**
   * A {@code resourceFieldRef}: ceil(quantity / divisor) as an integer; an unset limit is the
   * node's allocatable amount, an unset request 0.
   */
  public static Optional<String> resource(Pod pod, ResourceFieldSelector ref, Map<String, Quantity> nodeAllocatable) {
    Container c = pod.getSpec().getContainers().stream().filter(x -> x.getName().equals(ref.getContainerName())).findFirst()
        .orElse(null);
    if (c == null) {
      return Optional.empty();
    }
    String resource = ref.getResource();
    int dot = resource.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String kind = resource.substring(0, dot);
    String name = resource.substring(dot + 1);
    Map<String, Quantity> values = c.getResources() == null ? null
        : kind.equals("limits") ? c.getResources().getLimits() : c.getResources().getRequests();
    Quantity q = values == null ? null : values.get(name);
    if (q == null && kind.equals("limits")) {
      q = nodeAllocatable.get(name);
    }
    BigDecimal amount = q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : ref.getDivisor().getNumericalAmount();
    if (divisor.signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString());
  }

  /** Go's {@code fieldpath.FormatMap}: {@code key="value"} lines, keys sorted, no trailing newline. */
  static String formatMap(Map<String, String> m) {
    if (m == null || m.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(m).forEach((k, v) -> sb.append(k).append('=').append(goQuote(v)).append('\n'));
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }

  /** Go's {@code strconv.Quote} for printable text and the common escapes. */
  static String goQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case 0x07 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case 0x0b -> sb.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            sb.append(String.format("\\x%02x", cp));
          } else if (!Character.isDefined(cp) || Character.getType(cp) == Character.CONTROL
              || Character.getType(cp) == Character.FORMAT) {
            sb.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
          } else {
            sb.appendCodePoint(cp);
          }
        }
      }
    });
    return sb.append('"').toString();
  }
}
