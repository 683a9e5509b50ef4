package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.util.ArrayList;
import java.util.List;

/** coordination.k8s.io/v1 Leases: {@code leaseDurationSeconds} > 0, {@code leaseTransitions} ≥ 0. No defaults. */
public final class LeaseRules implements KindRules<Lease> {

  @Override
  public void applyDefaults(Lease lease) {}

  @Override
  public List<FieldError> validateCreate(Lease lease) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(lease.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    errs.addAll(spec(lease.getSpec()));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Lease lease, Lease old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(lease.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(spec(lease.getSpec()));
    return errs;
  }

  private static List<FieldError> spec(LeaseSpec spec) {
    List<FieldError> errs = new ArrayList<>();
    if (spec == null) {
      return errs;
    }
    if (spec.getLeaseDurationSeconds() != null && spec.getLeaseDurationSeconds() <= 0) {
      errs.add(FieldError.invalid("spec.leaseDurationSeconds", spec.getLeaseDurationSeconds(), "must be greater than 0"));
    }
    if (spec.getLeaseTransitions() != null && spec.getLeaseTransitions() < 0) {
      errs.add(FieldError.invalid("spec.leaseTransitions", spec.getLeaseTransitions(), "must be greater than or equal to 0"));
    }
    return errs;
  }
}
