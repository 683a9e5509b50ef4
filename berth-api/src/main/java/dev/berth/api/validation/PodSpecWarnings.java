package dev.berth.api.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What berth accepts in a pod spec but cannot honour on one machine without images, said plainly
 * as {@code Warning:} texts that start with the field path. Nothing is dropped: the fields stay
 * in the stored object exactly as written.
 */
public final class PodSpecWarnings {
  private PodSpecWarnings() {}

  /** Warnings for {@code spec}, whose path is {@code path} (e.g. {@code spec.template.spec}). */
  public static List<String> of(PodSpec spec, FieldPath path) {
    List<String> out = new ArrayList<>();
    if (spec == null) {
      return out;
    }
    containers(spec.getInitContainers(), path.child("initContainers"), out);
    containers(spec.getContainers(), path.child("containers"), out);
    if (spec.getImagePullSecrets() != null && !spec.getImagePullSecrets().isEmpty()) {
      out.add(path.child("imagePullSecrets") + ": berth pulls no images, so image pull secrets are recorded but not used");
    }
    Map<String, String> nodeSelector = spec.getNodeSelector();
    if (nodeSelector != null && !nodeSelector.isEmpty()) {
      out.add(path.child("nodeSelector") + ": has no effect: berth is a single node and every pod runs on it");
    }
    if (spec.getAffinity() != null) {
      out.add(path.child("affinity") + ": has no effect: berth is a single node and every pod runs on it");
    }
    if (spec.getTolerations() != null && !spec.getTolerations().isEmpty()) {
      out.add(path.child("tolerations") + ": has no effect: berth's single node has no taints");
    }
    if (spec.getTopologySpreadConstraints() != null && !spec.getTopologySpreadConstraints().isEmpty()) {
      out.add(path.child("topologySpreadConstraints") + ": has no effect: berth is a single node and every pod runs on it");
    }
    return out;
  }

  private static void containers(List<Container> cs, FieldPath path, List<String> out) {
    if (cs == null) {
      return;
    }
    for (int i = 0; i < cs.size(); i++) {
      Container c = cs.get(i);
      FieldPath p = path.index(i);
      if (c.getImage() != null && !c.getImage().isEmpty()) {
        out.add(p.child("image") + ": berth runs no images; " + GoSyntax.quote(c.getImage())
            + " is recorded but not pulled, and the container's command runs as a host process");
      }
      if (c.getCommand() == null || c.getCommand().isEmpty()) {
        out.add(p.child("command") + ": not set: berth has no image entrypoint to fall back on, so container "
            + GoSyntax.quote(c.getName() == null ? "" : c.getName())
            + " cannot run; set command to a program on this host (the node agent reports the same)");
      }
    }
  }
}
