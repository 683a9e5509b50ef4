package dev.berth.node.agent;

import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.status.PodContainers;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's {@code securityContext} as the process runtime honours it ({@code spec/kubelet.md}
 * §10.1): the container's fields override the pod's, field by field; {@code fsGroup} joins the
 * supplemental groups; {@code allowPrivilegeEscalation: false} is {@code no_new_privs}.
 */
final class ContainerSecurity {
  private ContainerSecurity() {}

  /**
   * The user to run {@code container} as; null when nothing is set, i.e. berth's own user. Example:
   * pod {@code runAsUser: 1000, fsGroup: 2000, supplementalGroups: [3000]}, container {@code
   * runAsGroup: 1000} → uid 1000, gid 1000, groups {@code [3000, 2000]}.
   */
  static ContainerLaunch.RunAs runAs(Pod pod, Container container) {
    PodSecurityContext p = pod.getSpec().getSecurityContext();
    SecurityContext c = container.getSecurityContext();
    Long uid = c != null && c.getRunAsUser() != null ? c.getRunAsUser() : p == null ? null : p.getRunAsUser();
    Long gid = c != null && c.getRunAsGroup() != null ? c.getRunAsGroup() : p == null ? null : p.getRunAsGroup();
    List<Long> groups = new ArrayList<>();
    if (p != null && p.getSupplementalGroups() != null) {
      groups.addAll(p.getSupplementalGroups());
    }
    if (p != null && p.getFsGroup() != null && !groups.contains(p.getFsGroup())) {
      groups.add(p.getFsGroup());
    }
    boolean noNewPrivs = c != null && Boolean.FALSE.equals(c.getAllowPrivilegeEscalation());
    if (uid == null && gid == null && groups.isEmpty() && !noNewPrivs) {
      return null;
    }
    return new ContainerLaunch.RunAs(uid, gid, groups, noNewPrivs);
  }

  /**
   * Upstream's {@code verifyRunAsNonRoot}: with {@code runAsNonRoot: true}, the message that stops a
   * container that would run as root ({@code CreateContainerConfigError}), else empty. Without
   * {@code runAsUser} a process runs as berth's own user, {@code processUid} — there is no image user.
   */
  static Optional<String> runAsNonRootViolation(Pod pod, Container container, long processUid) {
    PodSecurityContext p = pod.getSpec().getSecurityContext();
    SecurityContext c = container.getSecurityContext();
    Boolean nonRoot = c != null && c.getRunAsNonRoot() != null ? c.getRunAsNonRoot() : p == null ? null : p.getRunAsNonRoot();
    if (!Boolean.TRUE.equals(nonRoot)) {
      return Optional.empty();
    }
    Long uid = c != null && c.getRunAsUser() != null ? c.getRunAsUser() : p == null ? null : p.getRunAsUser();
    String who = "(pod: \"" + PodContainers.describe(pod) + "\", container: " + container.getName() + ")";
    if (uid != null) {
      return uid == 0 ? Optional.of("container's runAsUser breaks non-root policy " + who) : Optional.empty();
    }
    return processUid == 0 ? Optional.of("container has runAsNonRoot and image will run as root " + who) : Optional.empty();
  }
}
