package dev.berth.node.agent;

import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.volume.MountFailedException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The side effects that prepare a pod for its containers ({@code spec/kubelet.md} Appendix D steps
 * 2–3, §7): its IP, its sandbox files ({@code /etc/hosts}, {@code resolv.conf}, hostname) and its
 * volumes, and their removal. Production: {@link OsPodSandboxControl} over {@code PodIpAllocator},
 * {@code PodSandboxFiles}, {@code PodVolumes} and {@code ContainerLogs}; tests: {@code
 * FakePodSandboxControl}.
 *
 * <p>Called by one pod worker at a time per pod, by several at once for different pods.
 */
public interface PodSandboxControl {

  /**
   * Makes sure {@code pod}'s sandbox exists and its volumes are up to date, and returns it. Called on
   * every sync of a running pod, so it must be cheap and idempotent: the pod keeps its address (the
   * one it holds, else a new one), files that exist are kept, projected volumes are refreshed.
   *
   * @throws PodSandboxException with the event to record; the pod's containers do not start
   */
  PodSandbox ensure(Pod pod) throws PodSandboxException;

  /**
   * Takes back what {@code pod} held before berth restarted — its {@code status.podIP} — so no new
   * pod gets that address first. Called for every running pod before any pod syncs; a pod whose
   * address cannot be taken back gets a new one from {@link #ensure}.
   */
  void restore(Pod pod);

  /**
   * The bind mounts of one container, volumes first, then the sandbox files.
   *
   * @param env the container's environment, for {@code subPathExpr}
   * @throws MountFailedException for an unknown volume or a bad subPath ({@code
   *     CreateContainerConfigError})
   */
  List<ContainerLaunch.Mount> mounts(Pod pod, Container container, PodSandbox sandbox, Map<String, String> env)
      throws MountFailedException;

  /** Where instance {@code attempt} of {@code container} writes its log. */
  Path logFile(Pod pod, Container container, int attempt);

  /**
   * Creates instance {@code attempt}'s empty termination-message file and returns its mount at
   * {@code terminationMessagePath} ({@code spec/kubelet.md} §5.6).
   *
   * @throws IOException when the file cannot be made: the start fails with {@code CreateContainerConfigError}
   */
  ContainerLaunch.Mount terminationMessageMount(Pod pod, Container container, int attempt) throws IOException;

  /**
   * The termination message of instance {@code attempt}, which ended with {@code exitCode} (§5.6):
   * the last 4096 bytes of its termination-message file; with {@code terminationMessagePolicy:
   * FallbackToLogsOnError}, an empty file and a non-zero exit, the last 2048 bytes of the last 80
   * lines of its log instead. Empty when there is none.
   */
  String terminationMessage(Pod pod, Container container, int attempt, int exitCode);

  /** The uids of the pods that have files on the node, for the cleanup of pods deleted while berth was down. */
  List<String> podUidsOnDisk();

  /**
   * Removes the pod's volumes (never hostPath or PersistentVolume data) once every container has
   * stopped: the TERMINATED step of Appendix D. The address is kept until {@link #release}.
   */
  void tearDown(Pod pod) throws IOException;

  /**
   * Frees the pod's address and removes its files on the node ({@code DATA/pods/<uid>}: sandbox
   * files, container records, termination messages, logs, what is left of its volumes; never
   * hostPath or PersistentVolume data): its object is gone from the API and nothing of it runs, as
   * upstream's housekeeping removes the pod directory and its logs then. Idempotent.
   */
  void release(String podUid);
}
