package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatus;
import java.time.Instant;
import java.util.List;

/**
 * {@code NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS
 * VOLUMEATTRIBUTESCLASS REASON AGE [VOLUMEMODE]}. CLAIM is {@code namespace/name} of {@code
 * spec.claimRef} or empty; STATUS is {@code Terminating} once deletion started.
 */
final class PersistentVolumePrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Capacity", "capacity is the description of the persistent volume's resources and capacity."),
      Column.string("Access Modes", "accessModes contains all ways the volume can be mounted."),
      Column.string("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
      Column.string("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
      Column.string("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
      Column.string("StorageClass", "StorageClass of the pv"),
      Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
      Column.string("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
      Columns.AGE,
      Column.wide("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    PersistentVolume pv = Cells.as(PersistentVolume.class, object);
    PersistentVolumeSpec spec = pv.getSpec() == null ? new PersistentVolumeSpec() : pv.getSpec();
    PersistentVolumeStatus status = pv.getStatus() == null ? new PersistentVolumeStatus() : pv.getStatus();
    String claim = spec.getClaimRef() == null
        ? ""
        : Cells.text(spec.getClaimRef().getNamespace()) + "/" + Cells.text(spec.getClaimRef().getName());
    var annotations = Cells.map(Cells.meta(pv).getAnnotations());
    String storageClass = annotations.containsKey(PersistentVolumeClaimPrinter.BETA_STORAGE_CLASS)
        ? Cells.text(annotations.get(PersistentVolumeClaimPrinter.BETA_STORAGE_CLASS))
        : Cells.text(spec.getStorageClassName());
    return List.of(
        Cells.name(pv),
        Quantities.canonical(Cells.map(spec.getCapacity()).get("storage")),
        AccessModes.abbreviate(Cells.list(spec.getAccessModes())),
        Cells.text(spec.getPersistentVolumeReclaimPolicy()),
        Cells.isDeleting(pv) ? "Terminating" : Cells.text(status.getPhase()),
        claim,
        storageClass,
        Cells.orElse(spec.getVolumeAttributesClassName(), Cells.UNSET),
        Cells.text(status.getReason()),
        Cells.age(pv, now),
        Cells.orElse(spec.getVolumeMode(), Cells.UNSET));
  }
}
