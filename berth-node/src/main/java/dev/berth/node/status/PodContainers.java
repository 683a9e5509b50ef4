package dev.berth.node.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * The vocabulary of a pod's containers ({@code spec/kubelet.md} §0 conventions): a regular
 * container is an entry of {@code spec.containers}; an init container an entry of {@code
 * spec.initContainers}; a sidecar an init container with {@code restartPolicy: Always}.
 */
public final class PodContainers {
  private PodContainers() {}

  /** {@code spec.initContainers} in spec order, sidecars included; never null. */
  public static List<Container> init(Pod pod) {
    List<Container> l = pod.getSpec() == null ? null : pod.getSpec().getInitContainers();
    return l == null ? List.of() : l;
  }

  /** {@code spec.containers} in spec order; never null. */
  public static List<Container> regular(Pod pod) {
    List<Container> l = pod.getSpec() == null ? null : pod.getSpec().getContainers();
    return l == null ? List.of() : l;
  }

  /** Whether {@code initContainer} is a sidecar (restartable init container). */
  public static boolean isSidecar(Container initContainer) {
    return "Always".equals(initContainer.getRestartPolicy());
  }

  /** The init container or regular container named {@code name}. */
  public static Optional<Container> find(Pod pod, String name) {
    return init(pod).stream().filter(c -> name.equals(c.getName())).findFirst()
        .or(() -> regular(pod).stream().filter(c -> name.equals(c.getName())).findFirst());
  }

  /** {@code spec.restartPolicy}, {@code Always} when unset (the API default). */
  public static String restartPolicy(Pod pod) {
    String p = pod.getSpec() == null ? null : pod.getSpec().getRestartPolicy();
    return p == null || p.isEmpty() ? "Always" : p;
  }

  /** Whether the pod has a {@code metadata.deletionTimestamp}. */
  public static boolean isDeleting(Pod pod) {
    return pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
  }

  /** Upstream's {@code format.Pod}: {@code <name>_<namespace>(<uid>)}, e.g. {@code web-0_default(4b1c…)}. */
  public static String describe(Pod pod) {
    return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")";
  }
}
