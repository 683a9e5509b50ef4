package dev.berth.controllers.namespace;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one deletion pass found in a terminating namespace.
 *
 * @param remaining objects still present after the pass, by resource ({@code pods.},
 *     {@code replicasets.apps}: upstream's {@code resource.group} spelling)
 * @param finalizers finalizers on the remaining objects, by finalizer, counting objects
 * @param failures errors of the pass, one line each
 */
public record NamespaceContent(Map<String, Integer> remaining, Map<String, Integer> finalizers, List<String> failures) {
  public NamespaceContent {
    remaining = Map.copyOf(new TreeMap<>(remaining));
    finalizers = Map.copyOf(new TreeMap<>(finalizers));
    failures = List.copyOf(failures);
  }

  public static final NamespaceContent EMPTY = new NamespaceContent(Map.of(), Map.of(), List.of());

  public boolean isEmpty() {
    return remaining.isEmpty();
  }

  public int remainingCount() {
    return remaining.values().stream().mapToInt(Integer::intValue).sum();
  }
}
