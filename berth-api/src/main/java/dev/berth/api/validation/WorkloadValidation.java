package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rules the apps workloads share ({@code pkg/apis/apps/validation}): the selector (required, valid,
 * non-empty, matching the template labels), the template of a ReplicaSet or Deployment
 * (full pod template validation, {@code restartPolicy: Always} only, no
 * {@code activeDeadlineSeconds}), and int-or-percent values such as {@code maxSurge}.
 */
final class WorkloadValidation {
  private WorkloadValidation() {}

  static final String SELECTOR_MISMATCH = "`selector` does not match template `labels`";

  /**
   * {@code spec.selector}: Required when absent, its own syntax, and not empty
   * ({@code empty selector is invalid for <kind>}).
   */
  static List<FieldError> selector(LabelSelector selector, FieldPath path, String kindForMessage) {
    List<FieldError> errs = new ArrayList<>();
    if (selector == null) {
      errs.add(FieldError.required(path.toString(), ""));
    } else {
      errs.addAll(LabelSelectorValidation.validate(selector, path));
      if (LabelSelectorValidation.isEmpty(selector)) {
        errs.add(FieldError.invalid(path.toString(), GoSyntax.labelSelector(selector), "empty selector is invalid for " + kindForMessage));
      }
    }
    return errs;
  }

  /** The template labels must be selected by a non-empty selector (a null selector selects nothing). */
  static List<FieldError> selectorMatchesTemplate(LabelSelector selector, PodTemplateSpec template, FieldPath templatePath) {
    Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
    if (LabelSelectorValidation.isEmpty(selector)) {
      return List.of();
    }
    if (!LabelSelectorValidation.matches(selector, labels)) {
      return List.of(FieldError.invalid(templatePath.child("metadata", "labels").toString(), GoSyntax.stringMap(labels), SELECTOR_MISMATCH));
    }
    return List.of();
  }

  /** {@code ValidatePodTemplateSpecForReplicaSet}, shared by ReplicaSets and Deployments. */
  static List<FieldError> replicaSetTemplate(LabelSelector selector, PodTemplateSpec template, FieldPath path, String kind) {
    List<FieldError> errs = new ArrayList<>(selectorMatchesTemplate(selector, template, path));
    errs.addAll(PodSpecValidation.validateTemplate(template, path, PodSpecValidation.Options.TEMPLATE));
    String restartPolicy = template.getSpec() == null || template.getSpec().getRestartPolicy() == null ? "" : template.getSpec().getRestartPolicy();
    if (!restartPolicy.equals("Always")) {
      errs.add(FieldError.notSupported(path.child("spec", "restartPolicy").toString(), restartPolicy, List.of("Always")));
    }
    if (template.getSpec() != null && template.getSpec().getActiveDeadlineSeconds() != null) {
      errs.add(FieldError.forbidden(path.child("spec", "activeDeadlineSeconds").toString(), "activeDeadlineSeconds in " + kind + " is not Supported"));
    }
    return errs;
  }

  /** {@code ValidatePositiveIntOrPercent}: an int ≥ 0 or a {@code N%} string. */
  static List<FieldError> positiveIntOrPercent(IntOrString v, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (v == null) {
      return errs;
    }
    if (v.getStrVal() != null) {
      for (String msg : NameValidation.percent(v.getStrVal())) {
        errs.add(FieldError.invalid(path.toString(), GoSyntax.intOrString(v), msg));
      }
    } else {
      errs.addAll(PodSpecValidation.nonNegative(v.getIntVal() == null ? 0 : v.getIntVal(), path));
    }
    return errs;
  }

  /** {@code getIntOrPercentValue}: the number of a valid percent, else the int (a bad string counts 0). */
  static int intOrPercentValue(IntOrString v) {
    if (v == null) {
      return 0;
    }
    if (v.getStrVal() != null) {
      String s = v.getStrVal();
      if (NameValidation.percent(s).isEmpty()) {
        return parseIntOrZero(s.substring(0, s.length() - 1));
      }
      return parseIntOrZero(s);
    }
    return v.getIntVal() == null ? 0 : v.getIntVal();
  }

  /** {@code IsNotMoreThan100Percent}. */
  static List<FieldError> notMoreThan100Percent(IntOrString v, FieldPath path) {
    if (v == null || v.getStrVal() == null || !NameValidation.percent(v.getStrVal()).isEmpty()) {
      return List.of();
    }
    if (intOrPercentValue(v) <= 100) {
      return List.of();
    }
    return List.of(FieldError.invalid(path.toString(), GoSyntax.intOrString(v), "must not be greater than 100%"));
  }

  private static int parseIntOrZero(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static List<FieldError> immutableSelector(LabelSelector now, LabelSelector before, FieldPath path) {
    if (!SpecDiff.same(now, before)) {
      return List.of(FieldError.invalid(path.toString(), GoSyntax.labelSelector(now), ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    return List.of();
  }
}
