package dev.berth.api.table;

import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Cell values common to several printers; every method is null-safe over the fabric8 model. */
final class Cells {
  static final String NONE = "<none>";
  static final String UNSET = "<unset>";

  private Cells() {}

  /**
   * {@code object} as {@code type}: the instance itself, or (for a generic or differently typed
   * object of the same kind) a JSON round trip into {@code type}.
   */
  static <T extends HasMetadata> T as(Class<T> type, HasMetadata object) {
    return type.isInstance(object) ? type.cast(object) : Json.MAPPER.convertValue(object, type);
  }

  static ObjectMeta meta(HasMetadata object) {
    return object.getMetadata() == null ? new ObjectMeta() : object.getMetadata();
  }

  static String name(HasMetadata object) {
    return text(meta(object).getName());
  }

  static String age(HasMetadata object, Instant now) {
    return Ages.since(meta(object).getCreationTimestamp(), now);
  }

  static boolean isDeleting(HasMetadata object) {
    String t = meta(object).getDeletionTimestamp();
    return t != null && !t.isEmpty();
  }

  static String text(String s) {
    return s == null ? "" : s;
  }

  static String orElse(String s, String fallback) {
    return s == null || s.isEmpty() ? fallback : s;
  }

  static long number(Integer i) {
    return i == null ? 0 : i;
  }

  static long number(Long l) {
    return l == null ? 0 : l;
  }

  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  static <K, V> Map<K, V> map(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }

  static List<Container> templateContainers(PodTemplateSpec template) {
    return template == null || template.getSpec() == null ? List.of() : list(template.getSpec().getContainers());
  }

  /** Container names joined by commas, upstream {@code layoutContainerCells}. */
  static String containerNames(List<Container> containers) {
    return containers.stream().map(c -> text(c.getName())).collect(Collectors.joining(","));
  }

  static String containerImages(List<Container> containers) {
    return containers.stream().map(c -> text(c.getImage())).collect(Collectors.joining(","));
  }

  /** {@code a=1,b=2} sorted by key, or {@code <none>} (apimachinery {@code labels.FormatLabels}). */
  static String labels(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return NONE;
    }
    return labels.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
