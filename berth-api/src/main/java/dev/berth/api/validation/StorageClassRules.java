package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * StorageClasses: {@code reclaimPolicy: Delete} and {@code volumeBindingMode: Immediate} by
 * default; a provisioner (a qualified name) is required; parameters at most 512 entries and
 * 256 KiB; provisioner, parameters, reclaimPolicy and volumeBindingMode are immutable.
 */
public final class StorageClassRules implements KindRules<StorageClass> {

  static final int MAX_PARAMETERS = 512;
  static final int MAX_PARAMETER_BYTES = 256 * 1024;

  @Override
  public void applyDefaults(StorageClass sc) {
    if (sc.getReclaimPolicy() == null) {
      sc.setReclaimPolicy("Delete");
    }
    if (sc.getVolumeBindingMode() == null) {
      sc.setVolumeBindingMode("Immediate");
    }
  }

  @Override
  public List<FieldError> validateCreate(StorageClass sc) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(sc.getMetadata(), false, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    String provisioner = sc.getProvisioner() == null ? "" : sc.getProvisioner();
    if (provisioner.isEmpty()) {
      errs.add(FieldError.required("provisioner", ""));
    } else {
      for (String msg : NameValidation.qualifiedName(provisioner.toLowerCase(Locale.ROOT))) {
        errs.add(FieldError.invalid("provisioner", provisioner, msg));
      }
    }
    Map<String, String> params = sc.getParameters() == null ? Map.of() : sc.getParameters();
    if (params.size() > MAX_PARAMETERS) {
      errs.add(FieldError.tooLong("parameters", "", MAX_PARAMETERS));
    } else {
      long total = 0;
      for (Map.Entry<String, String> e : params.entrySet()) {
        if (e.getKey().isEmpty()) {
          errs.add(FieldError.invalid("parameters", e.getKey(), "field can not be empty."));
        }
        total += e.getKey().getBytes(StandardCharsets.UTF_8).length + (e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length);
      }
      if (total > MAX_PARAMETER_BYTES) {
        errs.add(FieldError.tooLong("parameters", "", MAX_PARAMETER_BYTES));
      }
    }
    String reclaim = sc.getReclaimPolicy() == null ? "" : sc.getReclaimPolicy();
    if (!reclaim.isEmpty() && !reclaim.equals("Delete") && !reclaim.equals("Retain")) {
      errs.add(FieldError.notSupported("reclaimPolicy", reclaim, List.of("Delete", "Retain")));
    }
    String mode = sc.getVolumeBindingMode();
    if (mode == null) {
      errs.add(FieldError.required("volumeBindingMode", ""));
    } else if (!mode.equals("Immediate") && !mode.equals("WaitForFirstConsumer")) {
      errs.add(FieldError.notSupported("volumeBindingMode", mode, List.of("Immediate", "WaitForFirstConsumer")));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(StorageClass sc, StorageClass old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(sc.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    if (!ConfigMapRules.sameMap(sc.getParameters(), old.getParameters())) {
      errs.add(FieldError.forbidden("parameters", "updates to parameters are forbidden."));
    }
    if (!Objects.equals(nz(sc.getProvisioner()), nz(old.getProvisioner()))) {
      errs.add(FieldError.forbidden("provisioner", "updates to provisioner are forbidden."));
    }
    if (!Objects.equals(nz(sc.getReclaimPolicy()), nz(old.getReclaimPolicy()))) {
      errs.add(FieldError.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
    }
    if (!Objects.equals(nz(sc.getVolumeBindingMode()), nz(old.getVolumeBindingMode()))) {
      errs.add(FieldError.invalid("volumeBindingMode", nz(sc.getVolumeBindingMode()), ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    errs.addAll(validateCreate(sc));
    return errs;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
