package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * ReplicaSets: {@code replicas: 1} and the pod template defaults; {@code ValidateReplicaSet}
 * (upstream's message for an empty selector says "deployment" here too); the selector is
 * immutable in apps/v1.
 */
public final class ReplicaSetRules implements KindRules<ReplicaSet> {

  @Override
  public void applyDefaults(ReplicaSet rs) {
    if (rs.getSpec() == null) {
      rs.setSpec(new ReplicaSetSpec());
    }
    if (rs.getSpec().getReplicas() == null) {
      rs.getSpec().setReplicas(1);
    }
    rs.getSpec().setTemplate(PodTemplateDefaults.applyTemplate(rs.getSpec().getTemplate()));
  }

  @Override
  public List<FieldError> validateCreate(ReplicaSet rs) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(rs.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    errs.addAll(spec(spec(rs), FieldPath.of("spec")));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(ReplicaSet rs, ReplicaSet old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(rs.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(spec(spec(rs), FieldPath.of("spec")));
    errs.addAll(WorkloadValidation.immutableSelector(spec(rs).getSelector(), spec(old).getSelector(), FieldPath.of("spec", "selector")));
    return errs;
  }

  @Override
  public List<String> warnings(ReplicaSet rs) {
    PodTemplateSpec t = spec(rs).getTemplate();
    return PodSpecWarnings.of(t == null ? null : t.getSpec(), FieldPath.of("spec", "template", "spec"));
  }

  static List<FieldError> spec(ReplicaSetSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>(PodSpecValidation.nonNegative(spec.getReplicas() == null ? 0 : spec.getReplicas(), path.child("replicas")));
    errs.addAll(PodSpecValidation.nonNegative(spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds(), path.child("minReadySeconds")));
    errs.addAll(WorkloadValidation.selector(spec.getSelector(), path.child("selector"), "deployment"));
    PodTemplateSpec template = spec.getTemplate() == null ? new PodTemplateSpec() : spec.getTemplate();
    if (!LabelSelectorValidation.isParsable(spec.getSelector())) {
      errs.add(FieldError.invalid(path.child("selector").toString(), GoSyntax.labelSelector(spec.getSelector()), "invalid label selector"));
    } else {
      errs.addAll(WorkloadValidation.replicaSetTemplate(spec.getSelector(), template, path.child("template"), "ReplicaSet"));
    }
    return errs;
  }

  private static ReplicaSetSpec spec(ReplicaSet rs) {
    return rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
  }
}
