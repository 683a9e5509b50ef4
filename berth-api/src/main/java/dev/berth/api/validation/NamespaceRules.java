package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Namespaces: a DNS-1123 label name; the label {@code kubernetes.io/metadata.name: <name>};
 * {@code status.phase: Active}; and, on a new namespace only (no {@code uid} and no
 * {@code resourceVersion} yet), the {@code kubernetes} finalizer in {@code spec.finalizers}, as
 * upstream's create strategy adds it. On update the API server keeps the stored
 * {@code spec.finalizers} (only {@code /finalize} changes them), so this never re-adds it.
 */
public final class NamespaceRules implements KindRules<Namespace> {

  public static final String METADATA_NAME_LABEL = "kubernetes.io/metadata.name";

  @Override
  public void applyDefaults(Namespace ns) {
    ObjectMeta meta = ns.getMetadata();
    if (meta != null && meta.getName() != null && !meta.getName().isEmpty()) {
      Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
      labels.put(METADATA_NAME_LABEL, meta.getName());
      meta.setLabels(labels);
    }
    boolean isNew = meta == null || (isBlank(meta.getUid()) && isBlank(meta.getResourceVersion()));
    if (isNew) {
      if (ns.getSpec() == null) {
        ns.setSpec(new NamespaceSpec());
      }
      List<String> finalizers = ns.getSpec().getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(ns.getSpec().getFinalizers());
      if (!finalizers.contains("kubernetes")) {
        finalizers.add("kubernetes");
      }
      ns.getSpec().setFinalizers(finalizers);
    }
    if (ns.getStatus() == null) {
      ns.setStatus(new NamespaceStatus());
    }
    if (isBlank(ns.getStatus().getPhase())) {
      ns.getStatus().setPhase("Active");
    }
  }

  @Override
  public List<FieldError> validateCreate(Namespace ns) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(ns.getMetadata(), false, NameValidation.DNS1123_LABEL, FieldPath.of("metadata")));
    if (ns.getSpec() != null && ns.getSpec().getFinalizers() != null) {
      FieldPath p = FieldPath.of("spec", "finalizers");
      for (String f : ns.getSpec().getFinalizers()) {
        String v = f == null ? "" : f;
        for (String msg : NameValidation.qualifiedName(v)) {
          errs.add(FieldError.invalid(p.toString(), v, msg));
        }
        errs.addAll(ObjectMetaValidation.kubeFinalizerName(v, p));
      }
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Namespace ns, Namespace old) {
    return ObjectMetaValidation.validateUpdate(ns.getMetadata(), old.getMetadata(), FieldPath.of("metadata"));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isEmpty();
  }
}
