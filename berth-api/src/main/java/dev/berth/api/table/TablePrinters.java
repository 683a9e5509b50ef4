package dev.berth.api.table;

import java.util.Map;

/**
 * The printer for each served kind ({@code ResourceRegistry.standard()} plus {@code autoscaling/v1
 * Scale}); every other kind gets the API server's default {@code Name}/{@code Created At} table.
 * Printers are stateless and shared.
 */
public final class TablePrinters {
  private static final TablePrinter DEFAULT = new DefaultPrinter();
  private static final Map<String, TablePrinter> BY_KIND = Map.ofEntries(
      Map.entry("v1/Pod", new PodPrinter()),
      Map.entry("v1/Service", new ServicePrinter()),
      Map.entry("v1/Endpoints", new EndpointsPrinter()),
      Map.entry("v1/Namespace", new NamespacePrinter()),
      Map.entry("v1/Node", new NodePrinter()),
      Map.entry("v1/Event", EventPrinter.core()),
      Map.entry("v1/ConfigMap", new ConfigMapPrinter()),
      Map.entry("v1/Secret", new SecretPrinter()),
      Map.entry("v1/ServiceAccount", new ServiceAccountPrinter()),
      Map.entry("v1/PersistentVolumeClaim", new PersistentVolumeClaimPrinter()),
      Map.entry("v1/PersistentVolume", new PersistentVolumePrinter()),
      Map.entry("apps/v1/StatefulSet", new StatefulSetPrinter()),
      Map.entry("apps/v1/Deployment", new DeploymentPrinter()),
      Map.entry("apps/v1/ReplicaSet", new ReplicaSetPrinter()),
      Map.entry("apps/v1/ControllerRevision", new ControllerRevisionPrinter()),
      Map.entry("discovery.k8s.io/v1/EndpointSlice", new EndpointSlicePrinter()),
      Map.entry("events.k8s.io/v1/Event", EventPrinter.eventsV1()),
      Map.entry("storage.k8s.io/v1/StorageClass", new StorageClassPrinter()),
      Map.entry("coordination.k8s.io/v1/Lease", new LeasePrinter()),
      Map.entry("autoscaling/v1/Scale", new ScalePrinter()));

  private TablePrinters() {}

  /** The printer for {@code apiVersion} ({@code v1}, {@code apps/v1}…) and {@code kind}; never null. */
  public static TablePrinter forKind(String apiVersion, String kind) {
    return BY_KIND.getOrDefault(apiVersion + "/" + kind, DEFAULT);
  }

  /** The API server's fallback printer: {@code Name} and {@code Created At}. */
  public static TablePrinter defaultPrinter() {
    return DEFAULT;
  }
}
