package dev.berth.node.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the process runtime needs to start one container instance of a pod, already
 * resolved by the pod worker: the expanded argv and environment, the pod's sandbox identity and
 * files, and the mounts ({@code spec/kubelet.md} §6, §7, §10).
 *
 * @param podUid identifies the pod across restarts of berth (adoption)
 * @param attempt 0 for the first instance, then restartCount
 * @param argv {@code command} + {@code args}, with {@code $(VAR)} already expanded; argv[0] names a host program
 * @param env the final environment, in order
 * @param workingDir null for the runtime's default ({@code /})
 * @param hostname the UTS hostname (spec.hostname or the pod name)
 * @param podIp the pod's loopback address in 127.1.0.0/16, for the pod's own files and listeners
 * @param mounts bind mounts into the container's mount namespace, in order (volumes, then
 *     {@code /etc/hosts}, {@code /etc/resolv.conf}, {@code /etc/hostname}, the termination log)
 * @param logFile where stdout and stderr go (the runtime rotates it)
 * @param user null to run as berth's own user
 */
public record ContainerLaunch(
    String podUid,
    String namespace,
    String podName,
    String containerName,
    int attempt,
    List<String> argv,
    Map<String, String> env,
    String workingDir,
    String hostname,
    String podIp,
    List<Mount> mounts,
    Path logFile,
    RunAs user) {

  /**
   * A bind mount of {@code source} (a host path) at {@code target} inside the container.
   *
   * @param optional skipped (with a line in the shim's log) rather than failing the start when its
   *     mount point does not exist and cannot be created, e.g. the termination-message file at
   *     {@code /dev/termination-log} when berth runs without root
   */
  public record Mount(Path source, String target, boolean readOnly, boolean optional) {
    public Mount(Path source, String target, boolean readOnly) {
      this(source, target, readOnly, false);
    }
  }

  /** {@code securityContext} users, honoured with setpriv ({@code spec/kubelet.md} §10.2). */
  public record RunAs(Long uid, Long gid, List<Long> supplementalGroups, boolean noNewPrivileges) {}
}
