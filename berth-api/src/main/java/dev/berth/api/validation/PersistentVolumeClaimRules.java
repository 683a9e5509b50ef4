package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.TypedObjectReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * PersistentVolumeClaims: {@code volumeMode: Filesystem} and {@code status.phase: Pending} by
 * default (the default StorageClass is admission's business); {@code ValidatePersistentVolumeClaim}
 * and {@code ValidatePersistentVolumeClaimUpdate}: after creation the spec is immutable except
 * {@code resources.requests} of a bound claim, {@code volumeName} while it is unset, and
 * {@code storageClassName} while it is unset.
 */
public final class PersistentVolumeClaimRules implements KindRules<PersistentVolumeClaim> {

  static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
  static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");
  static final String IMMUTABLE = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";
  static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

  @Override
  public void applyDefaults(PersistentVolumeClaim pvc) {
    if (pvc.getSpec() == null) {
      pvc.setSpec(new PersistentVolumeClaimSpec());
    }
    PodTemplateDefaults.applyClaimSpec(pvc.getSpec());
    if (pvc.getStatus() == null) {
      pvc.setStatus(new PersistentVolumeClaimStatus());
    }
    if (pvc.getStatus().getPhase() == null || pvc.getStatus().getPhase().isEmpty()) {
      pvc.getStatus().setPhase("Pending");
    }
  }

  @Override
  public List<FieldError> validateCreate(PersistentVolumeClaim pvc) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(pvc.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    errs.addAll(spec(spec(pvc), FieldPath.of("spec")));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(PersistentVolumeClaim pvc, PersistentVolumeClaim old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(pvc.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(validateCreate(pvc));
    PersistentVolumeClaimSpec n = spec(pvc);
    PersistentVolumeClaimSpec o = spec(old);
    ObjectNode now = SpecDiff.tree(n);
    ObjectNode before = SpecDiff.tree(o);
    if (o.getVolumeName() == null || o.getVolumeName().isEmpty()) {
      copy(now, before, "volumeName");
    }
    Map<String, String> oldAnnotations = annotations(old);
    Map<String, String> newAnnotations = annotations(pvc);
    String oldBeta = oldAnnotations.get(BETA_STORAGE_CLASS);
    if (!Objects.equals(newAnnotations.get(BETA_STORAGE_CLASS), oldBeta)) {
      errs.add(FieldError.invalid("metadata.annotations." + BETA_STORAGE_CLASS, newAnnotations.getOrDefault(BETA_STORAGE_CLASS, ""),
          ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    // Setting a class on a claim that had none (and whose beta annotation agrees) is allowed.
    if (n.getStorageClassName() != null && o.getStorageClassName() == null && (oldBeta == null || oldBeta.equals(n.getStorageClassName()))) {
      copy(now, before, "storageClassName");
    }
    String phase = pvc.getStatus() != null && pvc.getStatus().getPhase() != null ? pvc.getStatus().getPhase()
        : old.getStatus() == null ? null : old.getStatus().getPhase();
    if ("Bound".equals(phase) && now.has("resources") && now.get("resources").has("requests")) {
      var oldStorage = before.path("resources").path("requests").get("storage");
      ObjectNode requests = (ObjectNode) now.get("resources").get("requests");
      if (oldStorage == null) {
        requests.remove("storage");
      } else {
        requests.set("storage", oldStorage);
      }
    }
    copy(now, before, "volumeAttributesClassName");
    if (!SpecDiff.normalize(now).equals(SpecDiff.normalize(before))) {
      errs.add(FieldError.forbidden("spec", IMMUTABLE + "\n" + SpecDiff.diff("core.PersistentVolumeClaimSpec", before, now)));
    }
    Quantity newSize = storage(n);
    Quantity oldSize = storage(o);
    if (Quantities.compare(newSize, oldSize) < 0) {
      Quantity statusSize = old.getStatus() == null || old.getStatus().getCapacity() == null ? null : old.getStatus().getCapacity().get("storage");
      if (Quantities.compare(newSize, statusSize) <= 0) {
        errs.add(FieldError.forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
      }
    }
    if (!Objects.equals(n.getVolumeMode(), o.getVolumeMode())) {
      errs.add(FieldError.invalid("volumeMode", n.getVolumeMode(), ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    return errs;
  }

  /** {@code ValidatePersistentVolumeClaimSpec}, also used for StatefulSet claim templates. */
  static List<FieldError> spec(PersistentVolumeClaimSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<String> modes = spec.getAccessModes() == null ? List.of() : spec.getAccessModes();
    if (modes.isEmpty()) {
      errs.add(FieldError.required(path.child("accessModes").toString(), "at least 1 access mode is required"));
    }
    if (spec.getSelector() != null) {
      errs.addAll(LabelSelectorValidation.validate(spec.getSelector(), path.child("selector")));
    }
    errs.addAll(accessModes(modes, path.child("accessModes")));
    FieldPath storagePath = path.child("resources").key("storage");
    Map<String, Quantity> requests = spec.getResources() == null || spec.getResources().getRequests() == null ? Map.of()
        : spec.getResources().getRequests();
    Quantity storage = requests.get("storage");
    if (storage == null) {
      errs.add(FieldError.required(storagePath.toString(), ""));
    } else {
      var v = Quantities.value(storage);
      if (v.isEmpty()) {
        errs.add(FieldError.invalid(storagePath.toString(), Quantities.text(storage), Quantities.FORMAT_ERROR));
      } else if (v.get().signum() <= 0) {
        errs.add(FieldError.invalid(storagePath.toString(), Quantities.text(storage), "must be greater than zero"));
      }
    }
    if (spec.getStorageClassName() != null && !spec.getStorageClassName().isEmpty()) {
      errs.addAll(PodSpecValidation.dns1123Subdomain(spec.getStorageClassName(), path.child("storageClassName")));
    }
    if (spec.getVolumeMode() != null && !VOLUME_MODES.contains(spec.getVolumeMode())) {
      errs.add(FieldError.notSupported(path.child("volumeMode").toString(), spec.getVolumeMode(), VOLUME_MODES));
    }
    if (spec.getDataSource() != null) {
      TypedLocalObjectReference ds = spec.getDataSource();
      errs.addAll(dataSource(ds.getName(), ds.getKind(), ds.getApiGroup(), path.child("dataSource")));
    }
    if (spec.getDataSourceRef() != null) {
      TypedObjectReference ref = spec.getDataSourceRef();
      errs.addAll(dataSource(ref.getName(), ref.getKind(), ref.getApiGroup(), path.child("dataSourceRef")));
      if (ref.getNamespace() != null && !ref.getNamespace().isEmpty()) {
        errs.addAll(PodSpecValidation.dns1123Label(ref.getNamespace(), path.child("dataSourceRef", "namespace")));
      }
    }
    return errs;
  }

  static List<FieldError> accessModes(List<String> modes, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    boolean rwop = false;
    boolean other = false;
    for (String mode : modes) {
      if (!ACCESS_MODES.contains(mode)) {
        errs.add(FieldError.notSupported(path.toString(), mode, ACCESS_MODES));
      }
      if ("ReadWriteOncePod".equals(mode)) {
        rwop = true;
      } else if (ACCESS_MODES.contains(mode)) {
        other = true;
      }
    }
    if (rwop && other) {
      errs.add(FieldError.forbidden(path.toString(), "may not use ReadWriteOncePod with other access modes"));
    }
    return errs;
  }

  private static List<FieldError> dataSource(String name, String kind, String apiGroup, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (name == null || name.isEmpty()) {
      errs.add(FieldError.required(path.child("name").toString(), ""));
    }
    if (kind == null || kind.isEmpty()) {
      errs.add(FieldError.required(path.child("kind").toString(), ""));
    }
    String group = apiGroup == null ? "" : apiGroup;
    if (group.isEmpty() && !"PersistentVolumeClaim".equals(kind)) {
      errs.add(FieldError.invalid(path.toString(), kind == null ? "" : kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
    }
    if (!group.isEmpty()) {
      errs.addAll(PodSpecValidation.dns1123Subdomain(group, path.child("apiGroup")));
    }
    return errs;
  }

  private static void copy(ObjectNode to, ObjectNode from, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field));
    } else {
      to.remove(field);
    }
  }

  private static Quantity storage(PersistentVolumeClaimSpec spec) {
    return spec.getResources() == null || spec.getResources().getRequests() == null ? null : spec.getResources().getRequests().get("storage");
  }

  private static Map<String, String> annotations(PersistentVolumeClaim pvc) {
    return pvc.getMetadata() == null || pvc.getMetadata().getAnnotations() == null ? Map.of() : pvc.getMetadata().getAnnotations();
  }

  private static PersistentVolumeClaimSpec spec(PersistentVolumeClaim pvc) {
    return pvc.getSpec() == null ? new PersistentVolumeClaimSpec() : pvc.getSpec();
  }
}
