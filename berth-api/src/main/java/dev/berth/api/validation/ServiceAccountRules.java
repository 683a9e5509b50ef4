package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.ArrayList;
import java.util.List;

/** ServiceAccounts: metadata only (a DNS-1123 subdomain name); no defaults. */
public final class ServiceAccountRules implements KindRules<ServiceAccount> {

  @Override
  public void applyDefaults(ServiceAccount sa) {}

  @Override
  public List<FieldError> validateCreate(ServiceAccount sa) {
    return ObjectMetaValidation.validate(sa.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata"));
  }

  @Override
  public List<FieldError> validateUpdate(ServiceAccount sa, ServiceAccount old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(sa.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(validateCreate(sa));
    return errs;
  }
}
