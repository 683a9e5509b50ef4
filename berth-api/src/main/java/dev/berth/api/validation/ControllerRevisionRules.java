package dev.berth.api.validation;

import dev.berth.api.FieldError;
import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.ArrayList;
import java.util.List;

/** ControllerRevisions: {@code data} is mandatory and immutable, {@code revision} ≥ 0. No defaults. */
public final class ControllerRevisionRules implements KindRules<ControllerRevision> {

  @Override
  public void applyDefaults(ControllerRevision revision) {}

  @Override
  public List<FieldError> validateCreate(ControllerRevision revision) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(revision.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    if (revision.getData() == null) {
      errs.add(FieldError.required("data", "data is mandatory"));
    }
    errs.addAll(PodSpecValidation.nonNegative(revision.getRevision() == null ? 0 : revision.getRevision(), FieldPath.of("revision")));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(ControllerRevision revision, ControllerRevision old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(revision.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(validateCreate(revision));
    if (!SpecDiff.node(revision.getData()).equals(SpecDiff.node(old.getData()))) {
      byte[] raw = revision.getData() == null ? new byte[0] : Json.bytes(revision.getData());
      errs.add(FieldError.invalid("data", GoSyntax.raw("runtime.RawExtension{Raw:" + GoSyntax.bytes(raw) + ", Object:runtime.Object(nil)}"),
          ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    return errs;
  }
}
