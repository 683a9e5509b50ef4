package dev.berth.cli.up;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order {@code berth up} applies manifests in: what others refer to first (namespaces, then
 * storage classes and volumes, then configuration and claims, then Services), workloads last;
 * within one rank, the order of the files. Like Helm's install order, so that a StatefulSet's
 * pods never start before the ConfigMap they mount exists.
 */
public final class ApplyOrder {
  private static final Map<String, Integer> RANK = Map.ofEntries(
      Map.entry("Namespace", 0),
      Map.entry("StorageClass", 1),
      Map.entry("PersistentVolume", 1),
      Map.entry("ServiceAccount", 2),
      Map.entry("Secret", 2),
      Map.entry("ConfigMap", 2),
      Map.entry("PersistentVolumeClaim", 3),
      Map.entry("Service", 4),
      Map.entry("Endpoints", 4),
      Map.entry("EndpointSlice", 4));
  private static final int WORKLOADS = 5;

  private ApplyOrder() {}

  public static List<Manifest> sort(List<Manifest> manifests) {
    // List.sort is stable: equal ranks keep the files' order
    return manifests.stream().sorted(Comparator.comparingInt(m -> RANK.getOrDefault(m.kind(), WORKLOADS))).toList();
  }
}
