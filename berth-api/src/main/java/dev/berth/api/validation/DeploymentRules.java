package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.ArrayList;
import java.util.List;

/**
 * Deployments ({@code SetDefaults_Deployment}, {@code ValidateDeployment}, and the registry's
 * selector immutability for apps/v1).
 *
 * <p>Defaults: {@code replicas: 1}; {@code strategy.type: RollingUpdate}, and only for that type
 * {@code rollingUpdate: {maxUnavailable: 25%, maxSurge: 25%}} (a Recreate strategy gets no
 * rollingUpdate block); {@code revisionHistoryLimit: 10}; {@code progressDeadlineSeconds: 600};
 * the pod template defaults.
 *
 * <p>maxSurge and maxUnavailable may not both be 0: with 4 replicas, {@code 25%} and {@code 25%}
 * let the rollout run at most 5 pods and keep at least 3 available; 0 and 0 could never move.
 */
public final class DeploymentRules implements KindRules<Deployment> {

  @Override
  public void applyDefaults(Deployment d) {
    if (d.getSpec() == null) {
      d.setSpec(new DeploymentSpec());
    }
    DeploymentSpec spec = d.getSpec();
    if (spec.getReplicas() == null) {
      spec.setReplicas(1);
    }
    if (spec.getStrategy() == null) {
      spec.setStrategy(new DeploymentStrategy());
    }
    DeploymentStrategy strategy = spec.getStrategy();
    if (strategy.getType() == null || strategy.getType().isEmpty()) {
      strategy.setType("RollingUpdate");
    }
    if (strategy.getType().equals("RollingUpdate")) {
      if (strategy.getRollingUpdate() == null) {
        strategy.setRollingUpdate(new RollingUpdateDeployment());
      }
      if (strategy.getRollingUpdate().getMaxUnavailable() == null) {
        strategy.getRollingUpdate().setMaxUnavailable(new IntOrString("25%"));
      }
      if (strategy.getRollingUpdate().getMaxSurge() == null) {
        strategy.getRollingUpdate().setMaxSurge(new IntOrString("25%"));
      }
    }
    if (spec.getRevisionHistoryLimit() == null) {
      spec.setRevisionHistoryLimit(10);
    }
    if (spec.getProgressDeadlineSeconds() == null) {
      spec.setProgressDeadlineSeconds(600);
    }
    spec.setTemplate(PodTemplateDefaults.applyTemplate(spec.getTemplate()));
  }

  @Override
  public List<FieldError> validateCreate(Deployment d) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(d.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    errs.addAll(spec(spec(d), FieldPath.of("spec")));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Deployment d, Deployment old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(d.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(spec(spec(d), FieldPath.of("spec")));
    errs.addAll(WorkloadValidation.immutableSelector(spec(d).getSelector(), spec(old).getSelector(), FieldPath.of("spec", "selector")));
    return errs;
  }

  @Override
  public List<String> warnings(Deployment d) {
    PodTemplateSpec t = spec(d).getTemplate();
    return PodSpecWarnings.of(t == null ? null : t.getSpec(), FieldPath.of("spec", "template", "spec"));
  }

  /** {@code ValidateDeploymentSpec}. */
  static List<FieldError> spec(DeploymentSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>(PodSpecValidation.nonNegative(spec.getReplicas() == null ? 0 : spec.getReplicas(), path.child("replicas")));
    errs.addAll(WorkloadValidation.selector(spec.getSelector(), path.child("selector"), "deployment"));
    PodTemplateSpec template = spec.getTemplate() == null ? new PodTemplateSpec() : spec.getTemplate();
    if (!LabelSelectorValidation.isParsable(spec.getSelector())) {
      errs.add(FieldError.invalid(path.child("selector").toString(), GoSyntax.labelSelector(spec.getSelector()), "invalid label selector"));
    } else {
      errs.addAll(WorkloadValidation.replicaSetTemplate(spec.getSelector(), template, path.child("template"), "ReplicaSet"));
    }
    errs.addAll(strategy(spec.getStrategy() == null ? new DeploymentStrategy() : spec.getStrategy(), path.child("strategy")));
    int minReady = spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds();
    errs.addAll(PodSpecValidation.nonNegative(minReady, path.child("minReadySeconds")));
    if (spec.getRevisionHistoryLimit() != null) {
      errs.addAll(PodSpecValidation.nonNegative(spec.getRevisionHistoryLimit(), path.child("revisionHistoryLimit")));
    }
    if (spec.getProgressDeadlineSeconds() != null) {
      int pds = spec.getProgressDeadlineSeconds();
      errs.addAll(PodSpecValidation.nonNegative(pds, path.child("progressDeadlineSeconds")));
      if (pds <= minReady) {
        errs.add(FieldError.invalid(path.child("progressDeadlineSeconds").toString(), pds, "must be greater than minReadySeconds"));
      }
    }
    return errs;
  }

  /** {@code ValidateDeploymentStrategy} and {@code ValidateRollingUpdateDeployment}. */
  static List<FieldError> strategy(DeploymentStrategy strategy, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String type = strategy.getType() == null ? "" : strategy.getType();
    switch (type) {
      case "Recreate" -> {
        if (strategy.getRollingUpdate() != null) {
          errs.add(FieldError.forbidden(path.child("rollingUpdate").toString(), "may not be specified when strategy `type` is 'Recreate'"));
        }
      }
      case "RollingUpdate" -> {
        RollingUpdateDeployment ru = strategy.getRollingUpdate();
        FieldPath rp = path.child("rollingUpdate");
        if (ru == null) {
          errs.add(FieldError.required(rp.toString(), "this should be defaulted and never be nil"));
        } else {
          errs.addAll(WorkloadValidation.positiveIntOrPercent(orZero(ru.getMaxUnavailable()), rp.child("maxUnavailable")));
          errs.addAll(WorkloadValidation.positiveIntOrPercent(orZero(ru.getMaxSurge()), rp.child("maxSurge")));
          if (WorkloadValidation.intOrPercentValue(ru.getMaxUnavailable()) == 0 && WorkloadValidation.intOrPercentValue(ru.getMaxSurge()) == 0) {
            errs.add(FieldError.invalid(rp.child("maxUnavailable").toString(), GoSyntax.intOrString(orZero(ru.getMaxUnavailable())),
                "may not be 0 when `maxSurge` is 0"));
          }
          errs.addAll(WorkloadValidation.notMoreThan100Percent(ru.getMaxUnavailable(), rp.child("maxUnavailable")));
        }
      }
      default -> errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, path.toString(),
          GoSyntax.raw("apps.DeploymentStrategy{Type:" + GoSyntax.quote(type) + ", RollingUpdate:"
              + GoSyntax.pointer("apps.RollingUpdateDeployment", strategy.getRollingUpdate()) + "}"),
          "supported values: \"Recreate\", \"RollingUpdate\""));
    }
    return errs;
  }

  private static IntOrString orZero(IntOrString v) {
    return v == null ? new IntOrString(0) : v;
  }

  private static DeploymentSpec spec(Deployment d) {
    return d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
  }
}
