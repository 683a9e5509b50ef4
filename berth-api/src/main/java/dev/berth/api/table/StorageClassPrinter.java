package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE}. NAME gets
 * {@code  (default)} when {@code storageclass.kubernetes.io/is-default-class} (or its beta form)
 * is {@code "true"}; unset policy and mode print their defaults {@code Delete} and {@code
 * Immediate}; ALLOWVOLUMEEXPANSION is a boolean cell, false when unset.
 */
final class StorageClassPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Provisioner", "provisioner indicates the type of the provisioner."),
      Column.string("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
      Column.string("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound. When unset, VolumeBindingImmediate is used."),
      Column.string("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand."),
      Columns.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    StorageClass sc = Cells.as(StorageClass.class, object);
    Map<String, String> annotations = Cells.map(Cells.meta(sc).getAnnotations());
    boolean isDefault = "true".equals(annotations.get("storageclass.kubernetes.io/is-default-class"))
        || "true".equals(annotations.get("storageclass.beta.kubernetes.io/is-default-class"));
    return List.of(
        isDefault ? Cells.name(sc) + " (default)" : Cells.name(sc),
        Cells.text(sc.getProvisioner()),
        sc.getReclaimPolicy() == null ? "Delete" : sc.getReclaimPolicy(),
        sc.getVolumeBindingMode() == null ? "Immediate" : sc.getVolumeBindingMode(),
        Boolean.TRUE.equals(sc.getAllowVolumeExpansion()),
        Cells.age(sc, now));
  }
}
