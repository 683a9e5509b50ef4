package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import java.time.Instant;
import java.util.List;

/**
 * {@code NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE
 * [VOLUMEMODE]}.
 *
 * <ul>
 *   <li>STATUS: {@code status.phase}, {@code Terminating} once deletion started.
 *   <li>CAPACITY ({@code status.capacity.storage}, canonical) and ACCESS MODES ({@code
 *       RWO,ROX,RWX,RWOP}) only once bound ({@code spec.volumeName} set), else empty.
 *   <li>STORAGECLASS: the beta annotation {@code volume.beta.kubernetes.io/storage-class}, else
 *       {@code spec.storageClassName}, else empty (upstream prints "" here, not {@code <unset>}).
 *   <li>VOLUMEATTRIBUTESCLASS and VOLUMEMODE: the value or {@code <unset>}.
 * </ul>
 */
final class PersistentVolumeClaimPrinter implements TablePrinter {
  static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Status", "phase represents the current phase of PersistentVolumeClaim."),
      Column.string("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
      Column.string("Capacity", "capacity represents the actual resources of the underlying volume."),
      Column.string("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has."),
      Column.string("StorageClass", "StorageClass of the pvc"),
      Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
      Columns.AGE,
      Column.wide("VolumeMode", "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    PersistentVolumeClaim pvc = Cells.as(PersistentVolumeClaim.class, object);
    PersistentVolumeClaimSpec spec = pvc.getSpec() == null ? new PersistentVolumeClaimSpec() : pvc.getSpec();
    PersistentVolumeClaimStatus status = pvc.getStatus() == null ? new PersistentVolumeClaimStatus() : pvc.getStatus();
    String phase = Cells.isDeleting(pvc) ? "Terminating" : Cells.text(status.getPhase());
    String capacity = "";
    String accessModes = "";
    if (!Cells.text(spec.getVolumeName()).isEmpty()) {
      accessModes = AccessModes.abbreviate(Cells.list(status.getAccessModes()));
      capacity = Quantities.canonical(Cells.map(status.getCapacity()).get("storage"));
    }
    var annotations = Cells.map(Cells.meta(pvc).getAnnotations());
    String storageClass = annotations.containsKey(BETA_STORAGE_CLASS)
        ? Cells.text(annotations.get(BETA_STORAGE_CLASS))
        : Cells.text(spec.getStorageClassName());
    return List.of(
        Cells.name(pvc),
        phase,
        Cells.text(spec.getVolumeName()),
        capacity,
        accessModes,
        storageClass,
        Cells.orElse(spec.getVolumeAttributesClassName(), Cells.UNSET),
        Cells.age(pvc, now),
        Cells.orElse(spec.getVolumeMode(), Cells.UNSET));
  }
}
