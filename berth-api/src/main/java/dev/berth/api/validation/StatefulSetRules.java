package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * StatefulSets ({@code spec/statefulset.md} §2 and §3, as of Kubernetes 1.32).
 *
 * <p>Defaults: {@code replicas: 1}, {@code podManagementPolicy: OrderedReady},
 * {@code updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}} (the block is only
 * created when the type was empty too), {@code revisionHistoryLimit: 10},
 * {@code persistentVolumeClaimRetentionPolicy: Retain/Retain}, the pod template defaults, and on
 * each claim template {@code volumeMode: Filesystem} and {@code status.phase: Pending}, as upstream
 * shows them. {@code maxUnavailable} is not defaulted (its feature gate is off in 1.32).
 *
 * <p>Validation follows upstream, which does not validate the template's pod spec beyond labels,
 * annotations, {@code restartPolicy: Always} and no {@code activeDeadlineSeconds}: a bad pod spec
 * surfaces as {@code FailedCreate} events. berth adds three checks for things that can never work:
 * {@code serviceName} must be a DNS-1123 label (it becomes every pod's subdomain), claim template
 * names must be present, unique DNS-1123 subdomains (they prefix every claim's name), and
 * {@code revisionHistoryLimit} must not be negative (upstream checks this from 1.33).
 *
 * <p>On update only {@code replicas}, {@code ordinals}, {@code template}, {@code updateStrategy},
 * {@code persistentVolumeClaimRetentionPolicy} and {@code minReadySeconds} may change (the 1.32
 * list and message).
 */
public final class StatefulSetRules implements KindRules<StatefulSet> {

  static final String FORBIDDEN_UPDATE = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
      + "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

  @Override
  public void applyDefaults(StatefulSet sts) {
    if (sts.getSpec() == null) {
      sts.setSpec(new StatefulSetSpec());
    }
    StatefulSetSpec spec = sts.getSpec();
    if (spec.getPodManagementPolicy() == null || spec.getPodManagementPolicy().isEmpty()) {
      spec.setPodManagementPolicy("OrderedReady");
    }
    if (spec.getUpdateStrategy() == null) {
      spec.setUpdateStrategy(new StatefulSetUpdateStrategy());
    }
    StatefulSetUpdateStrategy strategy = spec.getUpdateStrategy();
    if (strategy.getType() == null || strategy.getType().isEmpty()) {
      strategy.setType("RollingUpdate");
      if (strategy.getRollingUpdate() == null) {
        strategy.setRollingUpdate(new RollingUpdateStatefulSetStrategy());
      }
    }
    if (strategy.getType().equals("RollingUpdate") && strategy.getRollingUpdate() != null
        && strategy.getRollingUpdate().getPartition() == null) {
      strategy.getRollingUpdate().setPartition(0);
    }
    if (spec.getPersistentVolumeClaimRetentionPolicy() == null) {
      spec.setPersistentVolumeClaimRetentionPolicy(new StatefulSetPersistentVolumeClaimRetentionPolicy());
    }
    var retention = spec.getPersistentVolumeClaimRetentionPolicy();
    if (retention.getWhenDeleted() == null || retention.getWhenDeleted().isEmpty()) {
      retention.setWhenDeleted("Retain");
    }
    if (retention.getWhenScaled() == null || retention.getWhenScaled().isEmpty()) {
      retention.setWhenScaled("Retain");
    }
    if (spec.getReplicas() == null) {
      spec.setReplicas(1);
    }
    if (spec.getRevisionHistoryLimit() == null) {
      spec.setRevisionHistoryLimit(10);
    }
    spec.setTemplate(PodTemplateDefaults.applyTemplate(spec.getTemplate()));
    if (spec.getVolumeClaimTemplates() != null) {
      for (PersistentVolumeClaim claim : spec.getVolumeClaimTemplates()) {
        if (claim.getSpec() == null) {
          claim.setSpec(new PersistentVolumeClaimSpec());
        }
        PodTemplateDefaults.applyClaimSpec(claim.getSpec());
        if (claim.getStatus() == null) {
          claim.setStatus(new PersistentVolumeClaimStatus());
        }
        if (claim.getStatus().getPhase() == null || claim.getStatus().getPhase().isEmpty()) {
          claim.getStatus().setPhase("Pending");
        }
      }
    }
  }

  @Override
  public List<FieldError> validateCreate(StatefulSet sts) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(sts.getMetadata(), true, NameValidation.DNS1123_LABEL, FieldPath.of("metadata")));
    errs.addAll(spec(spec(sts), FieldPath.of("spec")));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(StatefulSet sts, StatefulSet old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(sts.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(spec(spec(sts), FieldPath.of("spec")));
    ObjectNode clone = SpecDiff.tree(spec(sts));
    ObjectNode before = SpecDiff.tree(spec(old));
    for (String mutable : List.of("replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy")) {
      if (before.has(mutable)) {
        clone.set(mutable, before.get(mutable));
      } else {
        clone.remove(mutable);
      }
    }
    if (!SpecDiff.normalize(clone).equals(SpecDiff.normalize(before))) {
      errs.add(FieldError.forbidden("spec", FORBIDDEN_UPDATE));
    }
    return errs;
  }

  @Override
  public List<String> warnings(StatefulSet sts) {
    PodTemplateSpec t = spec(sts).getTemplate();
    return PodSpecWarnings.of(t == null ? null : t.getSpec(), FieldPath.of("spec", "template", "spec"));
  }

  /** {@code ValidateStatefulSetSpec}, then berth's additions. */
  static List<FieldError> spec(StatefulSetSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String pmp = spec.getPodManagementPolicy() == null ? "" : spec.getPodManagementPolicy();
    switch (pmp) {
      case "" -> errs.add(FieldError.required(path.child("podManagementPolicy").toString(), ""));
      case "OrderedReady", "Parallel" -> {
      }
      default -> errs.add(FieldError.invalid(path.child("podManagementPolicy").toString(), pmp, "must be 'OrderedReady' or 'Parallel'"));
    }
    StatefulSetUpdateStrategy strategy = spec.getUpdateStrategy() == null ? new StatefulSetUpdateStrategy() : spec.getUpdateStrategy();
    String type = strategy.getType() == null ? "" : strategy.getType();
    FieldPath strategyPath = path.child("updateStrategy");
    switch (type) {
      case "" -> errs.add(FieldError.required(strategyPath.toString(), ""));
      case "OnDelete" -> {
        if (strategy.getRollingUpdate() != null) {
          errs.add(FieldError.invalid(strategyPath.child("rollingUpdate").toString(), GoSyntax.raw(rollingUpdateText(strategy.getRollingUpdate())),
              "only allowed for updateStrategy 'RollingUpdate'"));
        }
      }
      case "RollingUpdate" -> {
        if (strategy.getRollingUpdate() != null) {
          errs.addAll(rollingUpdate(strategy.getRollingUpdate(), strategyPath.child("rollingUpdate")));
        }
      }
      default -> errs.add(FieldError.invalid(strategyPath.toString(),
          GoSyntax.raw("apps.StatefulSetUpdateStrategy{Type:" + GoSyntax.quote(type) + ", RollingUpdate:"
              + GoSyntax.pointer("apps.RollingUpdateStatefulSetStrategy", strategy.getRollingUpdate()) + "}"),
          "must be 'RollingUpdate' or 'OnDelete'"));
    }
    var retention = spec.getPersistentVolumeClaimRetentionPolicy();
    if (retention != null) {
      errs.addAll(retentionPolicy(retention.getWhenDeleted(), path.child("persistentVolumeClaimRetentionPolicy", "whenDeleted")));
      errs.addAll(retentionPolicy(retention.getWhenScaled(), path.child("persistentVolumeClaimRetentionPolicy", "whenScaled")));
    }
    errs.addAll(PodSpecValidation.nonNegative(spec.getReplicas() == null ? 0 : spec.getReplicas(), path.child("replicas")));
    errs.addAll(PodSpecValidation.nonNegative(spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds(), path.child("minReadySeconds")));
    if (spec.getOrdinals() != null) {
      int start = spec.getOrdinals().getStart() == null ? 0 : spec.getOrdinals().getStart();
      errs.addAll(PodSpecValidation.nonNegative(start, path.child("ordinals.start")));
    }
    if (spec.getSelector() == null) {
      errs.add(FieldError.required(path.child("selector").toString(), ""));
    } else {
      errs.addAll(LabelSelectorValidation.validate(spec.getSelector(), path.child("selector")));
      if (LabelSelectorValidation.isEmpty(spec.getSelector())) {
        errs.add(FieldError.invalid(path.child("selector").toString(), GoSyntax.labelSelector(spec.getSelector()),
            "empty selector is invalid for statefulset"));
      }
    }
    PodTemplateSpec template = spec.getTemplate() == null ? new PodTemplateSpec() : spec.getTemplate();
    FieldPath templatePath = path.child("template");
    if (!LabelSelectorValidation.isParsable(spec.getSelector())) {
      errs.add(FieldError.invalid(path.child("selector").toString(), GoSyntax.labelSelector(spec.getSelector()), ""));
    } else {
      errs.addAll(WorkloadValidation.selectorMatchesTemplate(spec.getSelector(), template, templatePath));
      ObjectMeta meta = template.getMetadata();
      errs.addAll(ObjectMetaValidation.labels(meta == null ? null : meta.getLabels(), templatePath.child("labels")));
      errs.addAll(ObjectMetaValidation.annotations(meta == null ? null : meta.getAnnotations(), templatePath.child("annotations")));
      errs.addAll(PodSpecValidation.podSpecificAnnotations(meta == null ? null : meta.getAnnotations(), templatePath.child("annotations")));
    }
    String restartPolicy = template.getSpec() == null || template.getSpec().getRestartPolicy() == null ? "" : template.getSpec().getRestartPolicy();
    if (!restartPolicy.equals("Always")) {
      errs.add(FieldError.notSupported(templatePath.child("spec", "restartPolicy").toString(), restartPolicy, List.of("Always")));
    }
    if (template.getSpec() != null && template.getSpec().getActiveDeadlineSeconds() != null) {
      errs.add(FieldError.forbidden(templatePath.child("spec", "activeDeadlineSeconds").toString(), "activeDeadlineSeconds in StatefulSet is not Supported"));
    }
    // berth's additions, for StatefulSets that could never run their pods or claims.
    if (spec.getRevisionHistoryLimit() != null) {
      errs.addAll(PodSpecValidation.nonNegative(spec.getRevisionHistoryLimit(), path.child("revisionHistoryLimit")));
    }
    if (spec.getServiceName() != null && !spec.getServiceName().isEmpty()) {
      errs.addAll(PodSpecValidation.dns1123Label(spec.getServiceName(), path.child("serviceName")));
    }
    errs.addAll(claimTemplateNames(spec.getVolumeClaimTemplates(), path.child("volumeClaimTemplates")));
    return errs;
  }

  private static List<FieldError> claimTemplateNames(List<PersistentVolumeClaim> claims, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (claims == null) {
      return errs;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < claims.size(); i++) {
      FieldPath namePath = path.index(i).child("metadata", "name");
      ObjectMeta meta = claims.get(i).getMetadata();
      String name = meta == null || meta.getName() == null ? "" : meta.getName();
      if (name.isEmpty()) {
        errs.add(FieldError.required(namePath.toString(), ""));
        continue;
      }
      errs.addAll(PodSpecValidation.dns1123Subdomain(name, namePath));
      if (!names.add(name)) {
        errs.add(FieldError.duplicate(namePath.toString(), name));
      }
    }
    return errs;
  }

  private static List<FieldError> rollingUpdate(RollingUpdateStatefulSetStrategy ru, FieldPath path) {
    List<FieldError> errs = new ArrayList<>(PodSpecValidation.nonNegative(ru.getPartition() == null ? 0 : ru.getPartition(), path.child("partition")));
    if (ru.getMaxUnavailable() != null) {
      FieldPath mu = path.child("maxUnavailable");
      errs.addAll(WorkloadValidation.positiveIntOrPercent(ru.getMaxUnavailable(), mu));
      if (WorkloadValidation.intOrPercentValue(ru.getMaxUnavailable()) == 0) {
        errs.add(FieldError.invalid(mu.toString(), GoSyntax.intOrString(ru.getMaxUnavailable()), "cannot be 0"));
      }
      errs.addAll(WorkloadValidation.notMoreThan100Percent(ru.getMaxUnavailable(), mu));
    }
    return errs;
  }

  private static List<FieldError> retentionPolicy(String policy, FieldPath path) {
    String p = policy == null ? "" : policy;
    if (!p.equals("Retain") && !p.equals("Delete")) {
      return List.of(FieldError.notSupported(path.toString(), p, List.of("Retain", "Delete")));
    }
    return List.of();
  }

  private static String rollingUpdateText(RollingUpdateStatefulSetStrategy ru) {
    return "apps.RollingUpdateStatefulSetStrategy{Partition:" + (ru.getPartition() == null ? 0 : ru.getPartition())
        + ", MaxUnavailable:" + GoSyntax.pointer("intstr.IntOrString", ru.getMaxUnavailable()) + "}";
  }

  private static StatefulSetSpec spec(StatefulSet sts) {
    return sts.getSpec() == null ? new StatefulSetSpec() : sts.getSpec();
  }
}
