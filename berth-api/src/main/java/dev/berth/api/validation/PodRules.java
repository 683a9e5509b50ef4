package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods: {@code ValidatePodCreate} and {@code ValidatePodUpdate}. After creation only container
 * and init-container images, {@code activeDeadlineSeconds} (set, or lowered), added tolerations
 * (and their {@code tolerationSeconds}), removed scheduling gates and metadata may change; any
 * other spec change is {@code spec: Forbidden: pod updates may not change fields other than ...}.
 */
public final class PodRules implements KindRules<Pod> {

  /** Upstream's list, as printed when in-place resize is off (the 1.32 default). */
  static final String UPDATABLE_FIELDS = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
      + "`spec.tolerations` (only additions to existing tolerations),"
      + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

  @Override
  public void applyDefaults(Pod pod) {
    PodTemplateDefaults.applyPod(pod);
  }

  @Override
  public List<FieldError> validateCreate(Pod pod) {
    List<FieldError> errs = metadataAndSpec(pod);
    PodSpec spec = spec(pod);
    FieldPath specPath = FieldPath.of("spec");
    if (spec.getEphemeralContainers() != null && !spec.getEphemeralContainers().isEmpty()) {
      errs.add(FieldError.forbidden(specPath.child("ephemeralContainers").toString(), "cannot be set on create"));
    }
    if (spec.getNodeName() != null && !spec.getNodeName().isEmpty() && spec.getSchedulingGates() != null
        && !spec.getSchedulingGates().isEmpty()) {
      errs.add(FieldError.forbidden(specPath.child("nodeName").toString(), "cannot be set until all schedulingGates have been cleared"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Pod pod, Pod old) {
    FieldPath meta = FieldPath.of("metadata");
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(pod.getMetadata(), old.getMetadata(), meta));
    errs.addAll(metadataAndSpec(pod));
    errs.addAll(mirrorAnnotationUpdates(pod, old, meta.child("annotations")));
    FieldPath specPath = FieldPath.of("spec");
    PodSpec spec = spec(pod);
    PodSpec oldSpec = spec(old);
    if (containerUpdates(spec.getContainers(), oldSpec.getContainers(), specPath.child("containers"), errs)
        || containerUpdates(spec.getInitContainers(), oldSpec.getInitContainers(), specPath.child("initContainers"), errs)) {
      return errs;
    }
    Long deadline = spec.getActiveDeadlineSeconds();
    Long oldDeadline = oldSpec.getActiveDeadlineSeconds();
    if (deadline != null) {
      if (deadline < 0 || deadline > Integer.MAX_VALUE) {
        errs.add(FieldError.invalid(specPath.child("activeDeadlineSeconds").toString(), deadline,
            NameValidation.inclusiveRangeError(0, Integer.MAX_VALUE)));
        return errs;
      }
      if (oldDeadline != null && oldDeadline < deadline) {
        errs.add(FieldError.invalid(specPath.child("activeDeadlineSeconds").toString(), deadline, "must be less than or equal to previous value"));
        return errs;
      }
    } else if (oldDeadline != null) {
      errs.add(FieldError.invalid(specPath.child("activeDeadlineSeconds").toString(), null, "must not update from a positive integer to nil value"));
    }
    errs.addAll(onlyAddedTolerations(spec, oldSpec, specPath.child("tolerations")));
    errs.addAll(onlyDeletedSchedulingGates(spec.getSchedulingGates(), oldSpec.getSchedulingGates(), specPath.child("schedulingGates")));

    ObjectNode munged = SpecDiff.tree(spec);
    ObjectNode before = SpecDiff.tree(oldSpec);
    copyImages(munged, before, "containers");
    copyImages(munged, before, "initContainers");
    copyField(munged, before, "activeDeadlineSeconds");
    copyField(munged, before, "schedulingGates");
    copyField(munged, before, "tolerations");
    Long oldGrace = oldSpec.getTerminationGracePeriodSeconds();
    if (oldGrace != null && oldGrace < 0 && spec.getTerminationGracePeriodSeconds() != null && spec.getTerminationGracePeriodSeconds() == 1) {
      copyField(munged, before, "terminationGracePeriodSeconds");
    }
    if (!SpecDiff.normalize(munged).equals(SpecDiff.normalize(before))) {
      errs.add(FieldError.forbidden(specPath.toString(), "pod updates may not change fields other than " + UPDATABLE_FIELDS + "\n"
          + SpecDiff.diff("core.PodSpec", before, munged)));
    }
    return errs;
  }

  @Override
  public List<String> warnings(Pod pod) {
    return PodSpecWarnings.of(pod.getSpec(), FieldPath.of("spec"));
  }

  /** {@code validatePodMetadataAndSpec}: what create and update both check. */
  static List<FieldError> metadataAndSpec(Pod pod) {
    FieldPath meta = FieldPath.of("metadata");
    FieldPath specPath = FieldPath.of("spec");
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(pod.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, meta));
    errs.addAll(PodSpecValidation.podSpecificAnnotations(pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations(),
        meta.child("annotations")));
    PodSpec spec = spec(pod);
    errs.addAll(PodSpecValidation.validate(spec, specPath, PodSpecValidation.Options.POD, Set.of()));
    if (spec.getServiceAccountName() == null || spec.getServiceAccountName().isEmpty()) {
      List<Volume> volumes = spec.getVolumes() == null ? List.of() : spec.getVolumes();
      for (int vi = 0; vi < volumes.size(); vi++) {
        var projected = volumes.get(vi).getProjected();
        if (projected == null || projected.getSources() == null) {
          continue;
        }
        for (int si = 0; si < projected.getSources().size(); si++) {
          if (projected.getSources().get(si).getServiceAccountToken() != null) {
            errs.add(FieldError.forbidden(specPath.child("volumes").index(vi).child("projected", "sources").index(si)
                .child("serviceAccountToken").toString(), "must not be specified when serviceAccountName is not set"));
          }
        }
      }
    }
    errs.addAll(imageWhitespace(spec.getContainers(), specPath.child("containers")));
    errs.addAll(imageWhitespace(spec.getInitContainers(), specPath.child("initContainers")));
    return errs;
  }

  private static List<FieldError> imageWhitespace(List<Container> cs, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (cs == null) {
      return errs;
    }
    for (int i = 0; i < cs.size(); i++) {
      String image = cs.get(i).getImage() == null ? "" : cs.get(i).getImage();
      if (!image.strip().equals(image)) {
        errs.add(FieldError.invalid(path.index(i).child("image").toString(), image, "must not have leading or trailing whitespace"));
      }
    }
    return errs;
  }

  /** {@code ValidateContainerUpdates}; true when validation must stop (containers added or removed). */
  private static boolean containerUpdates(List<Container> now, List<Container> before, FieldPath path, List<FieldError> errs) {
    List<Container> n = now == null ? List.of() : now;
    List<Container> b = before == null ? List.of() : before;
    if (n.size() != b.size()) {
      errs.add(FieldError.forbidden(path.toString(), "pod updates may not add or remove containers"));
      return true;
    }
    for (int i = 0; i < n.size(); i++) {
      String image = n.get(i).getImage() == null ? "" : n.get(i).getImage();
      if (image.isEmpty()) {
        errs.add(FieldError.required(path.index(i).child("image").toString(), ""));
      }
      if (!image.strip().equals(image)) {
        errs.add(FieldError.invalid(path.index(i).child("image").toString(), image, "must not have leading or trailing whitespace"));
      }
    }
    return false;
  }

  private static List<FieldError> mirrorAnnotationUpdates(Pod pod, Pod old, FieldPath path) {
    String key = "kubernetes.io/config.mirror";
    Map<String, String> n = pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
    Map<String, String> o = old.getMetadata() == null || old.getMetadata().getAnnotations() == null ? Map.of() : old.getMetadata().getAnnotations();
    if (o.containsKey(key) && !o.get(key).equals(n.get(key))) {
      return List.of(FieldError.forbidden(path.key(key).toString(), "may not remove or update mirror pod annotation"));
    }
    if (!o.containsKey(key) && n.containsKey(key)) {
      return List.of(FieldError.forbidden(path.key(key).toString(), "may not add mirror pod annotation"));
    }
    return List.of();
  }

  /** {@code validateOnlyAddedTolerations}: every old toleration is still there, tolerationSeconds aside. */
  private static List<FieldError> onlyAddedTolerations(PodSpec spec, PodSpec old, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    ArrayNode now = toleranceTrees(spec);
    for (JsonNode o : toleranceTrees(old)) {
      boolean found = false;
      for (JsonNode n : now) {
        if (SpecDiff.normalize(withoutSeconds(o)).equals(SpecDiff.normalize(withoutSeconds(n)))) {
          found = true;
          break;
        }
      }
      if (!found) {
        errs.add(FieldError.forbidden(path.toString(), "existing toleration can not be modified except its tolerationSeconds"));
        return errs;
      }
    }
    errs.addAll(PodSpecValidation.tolerations(spec.getTolerations(), path));
    return errs;
  }

  private static ArrayNode toleranceTrees(PodSpec spec) {
    JsonNode n = SpecDiff.tree(spec).get("tolerations");
    return n instanceof ArrayNode a ? a : dev.berth.api.Json.MAPPER.createArrayNode();
  }

  private static JsonNode withoutSeconds(JsonNode t) {
    ObjectNode copy = ((ObjectNode) t).deepCopy();
    copy.remove("tolerationSeconds");
    return copy;
  }

  private static List<FieldError> onlyDeletedSchedulingGates(List<PodSchedulingGate> now, List<PodSchedulingGate> before, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (now == null || now.isEmpty()) {
      return errs;
    }
    Map<String, Integer> added = new HashMap<>();
    for (int i = 0; i < now.size(); i++) {
      added.put(now.get(i).getName(), i);
    }
    if (before != null) {
      before.forEach(g -> added.remove(g.getName()));
    }
    added.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> errs.add(FieldError.forbidden(
        path.index(e.getValue()).child("name").toString(), "only deletion is allowed, but found new scheduling gate '" + e.getKey() + "'")));
    return errs;
  }

  private static void copyImages(ObjectNode munged, ObjectNode before, String list) {
    JsonNode m = munged.get(list);
    JsonNode b = before.get(list);
    if (!(m instanceof ArrayNode ma) || !(b instanceof ArrayNode ba)) {
      return;
    }
    for (int i = 0; i < Math.min(ma.size(), ba.size()); i++) {
      if (ma.get(i) instanceof ObjectNode c) {
        JsonNode image = ba.get(i).get("image");
        if (image == null) {
          c.remove("image");
        } else {
          c.set("image", image);
        }
      }
    }
  }

  private static void copyField(ObjectNode munged, ObjectNode before, String field) {
    JsonNode b = before.get(field);
    if (b == null) {
      munged.remove(field);
    } else {
      munged.set(field, b);
    }
  }

  private static PodSpec spec(Pod pod) {
    return pod.getSpec() == null ? new PodSpec() : pod.getSpec();
  }
}
