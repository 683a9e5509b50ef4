package dev.berth.node.env;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Values of the downward API ({@code spec/kubelet.md} §6.1 step 3, §7.5; upstream {@code
 * podFieldSelectorRuntimeValue}, {@code fieldpath.ExtractFieldPathAsString}, {@code
 * resource.ExtractContainerResourceValue}). Each method returns the value or throws {@link
 * EnvException} with upstream's message.
 */
public final class DownwardApi {
  private DownwardApi() {}

  /**
   * The value of {@code fieldRef} for {@code pod}: {@code metadata.name|namespace|uid}, {@code
   * metadata.labels['k']} and {@code metadata.annotations['k']} (empty when absent), whole {@code
   * metadata.labels}/{@code annotations} as sorted {@code k="v"} lines, {@code spec.nodeName}, {@code
   * spec.serviceAccountName}, {@code status.podIP(s)} and {@code status.hostIP(s)} (lists
   * comma-joined, e.g. {@code 127.1.0.5}).
   */
  public static String fieldRef(ObjectFieldSelector selector, Pod pod, List<String> podIps, List<String> hostIps)
      throws EnvException {
    String version = selector.getApiVersion() == null || selector.getApiVersion().isEmpty() ? "v1" : selector.getApiVersion();
    if (!"v1".equals(version)) {
      throw new EnvException("unsupported pod version: " + version);
    }
    String path = selector.getFieldPath();
    Optional<String[]> subscripted = splitSubscript(path);
    if (subscripted.isPresent()) {
      String field = subscripted.get()[0];
      String key = subscripted.get()[1];
      return switch (field) {
        case "metadata.labels" -> orEmpty(mapOrEmpty(pod.getMetadata().getLabels()).get(key));
        case "metadata.annotations" -> orEmpty(mapOrEmpty(pod.getMetadata().getAnnotations()).get(key));
        default -> throw new EnvException("field label does not support subscript: " + path);
      };
    }
    return switch (path == null ? "" : path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "metadata.labels" -> formatMap(pod.getMetadata().getLabels());
      case "metadata.annotations" -> formatMap(pod.getMetadata().getAnnotations());
      case "spec.nodeName", "spec.host" -> orEmpty(pod.getSpec().getNodeName());
      case "spec.serviceAccountName" -> orEmpty(pod.getSpec().getServiceAccountName());
      case "status.podIP" -> podIps.isEmpty() ? "" : podIps.get(0);
      case "status.podIPs" -> String.join(",", podIps);
      case "status.hostIP" -> hostIps.isEmpty() ? "" : hostIps.get(0);
      case "status.hostIPs" -> String.join(",", hostIps);
      case "spec.restartPolicy", "spec.schedulerName", "status.phase" -> throw new EnvException("unsupported fieldPath: " + path);
      default -> throw new EnvException("field label not supported: " + path);
    };
  }

  /**
   * The value of {@code resourceFieldRef} for {@code container} (or the container it names), rounded
   * up to whole {@code divisor}s: cpu {@code 250m} is {@code 1} with divisor {@code 1} and {@code 250}
   * with {@code 1m}; memory {@code 128Mi} with divisor {@code 1Mi} is {@code 128}. A limit that is not
   * set reads as the node's allocatable amount of cpu, memory or ephemeral-storage.
   */
  public static String resourceFieldRef(ResourceFieldSelector selector, Pod pod, Container container,
      Map<String, Quantity> nodeAllocatable) throws EnvException {
    Container target = container;
    if (selector.getContainerName() != null && !selector.getContainerName().isEmpty()) {
      target = Stream.concat(list(pod.getSpec().getContainers()).stream(), list(pod.getSpec().getInitContainers()).stream())
          .filter(c -> selector.getContainerName().equals(c.getName())).findFirst()
          .orElseThrow(() -> new EnvException("container " + selector.getContainerName() + " not found"));
    }
    target = withAllocatableLimits(target, nodeAllocatable);
    BigDecimal divisor = selector.getDivisor() == null || selector.getDivisor().getNumericalAmount().signum() == 0
        ? BigDecimal.ONE : selector.getDivisor().getNumericalAmount();
    String resource = selector.getResource() == null ? "" : selector.getResource();
    Map<String, Quantity> from;
    String name;
    if (resource.startsWith("limits.")) {
      from = mapOrEmpty(target.getResources() == null ? null : target.getResources().getLimits());
      name = resource.substring("limits.".length());
    } else if (resource.startsWith("requests.")) {
      from = mapOrEmpty(target.getResources() == null ? null : target.getResources().getRequests());
      name = resource.substring("requests.".length());
    } else {
      throw new EnvException("unsupported container resource : " + resource);
    }
    if (!name.equals("cpu") && !name.equals("memory") && !name.equals("ephemeral-storage") && !name.startsWith("hugepages-")) {
      throw new EnvException("unsupported container resource : " + resource);
    }
    BigDecimal amount = from.get(name) == null ? BigDecimal.ZERO : from.get(name).getNumericalAmount();
    if (name.equals("cpu")) {
      return ceilDiv(milli(amount), milli(divisor));
    }
    return ceilDiv(ceil(amount), ceil(divisor));
  }

  /** Upstream's {@code MergeContainerResourceLimits}: missing or zero cpu/memory/ephemeral-storage limits become allocatable. */
  private static Container withAllocatableLimits(Container c, Map<String, Quantity> allocatable) {
    Map<String, Quantity> limits = new HashMap<>(mapOrEmpty(c.getResources() == null ? null : c.getResources().getLimits()));
    for (String r : List.of("cpu", "memory", "ephemeral-storage")) {
      Quantity q = limits.get(r);
      if ((q == null || q.getNumericalAmount().signum() == 0) && allocatable.containsKey(r)) {
        limits.put(r, allocatable.get(r));
      }
    }
    return new ContainerBuilder(c).editOrNewResources().withLimits(limits).endResources().build();
  }

  /** Go's {@code Quantity.MilliValue}: thousandths, rounded up. */
  private static BigDecimal milli(BigDecimal v) {
    return v.movePointRight(3).setScale(0, RoundingMode.CEILING);
  }

  /** Go's {@code Quantity.Value}: whole units, rounded up. */
  private static BigDecimal ceil(BigDecimal v) {
    return v.setScale(0, RoundingMode.CEILING);
  }

  private static String ceilDiv(BigDecimal a, BigDecimal b) {
    if (b.signum() == 0) {
      return "0";
    }
    return a.divide(b, 0, RoundingMode.CEILING).toPlainString();
  }

  /** {@code metadata.labels['app.kubernetes.io/name']} → {@code [metadata.labels, app.kubernetes.io/name]}. */
  private static Optional<String[]> splitSubscript(String path) {
    if (path == null || !path.endsWith("']")) {
      return Optional.empty();
    }
    String s = path.substring(0, path.length() - 2);
    int open = s.indexOf("['");
    if (open <= 0) {
      return Optional.empty();
    }
    return Optional.of(new String[] {s.substring(0, open), s.substring(open + 2)});
  }

  /** Upstream's {@code FormatMap}: {@code k="v"} lines in key order, Go-quoted, no final newline. */
  static String formatMap(Map<String, String> m) {
    StringBuilder b = new StringBuilder();
    for (var e : new TreeMap<>(mapOrEmpty(m)).entrySet()) {
      if (!b.isEmpty()) {
        b.append('\n');
      }
      b.append(e.getKey()).append('=').append(goQuote(e.getValue()));
    }
    return b.toString();
  }

  /** Go's {@code %q} for a string: double quotes, backslash escapes, printable characters kept. */
  static String goQuote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        case 0x07 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case 0x0b -> b.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            b.append(String.format("\\x%02x", cp));
          } else if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
            b.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
          } else {
            b.appendCodePoint(cp);
          }
        }
      }
    });
    return b.append('"').toString();
  }

  private static <K, V> Map<K, V> mapOrEmpty(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
