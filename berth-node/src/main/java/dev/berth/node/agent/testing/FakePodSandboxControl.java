package dev.berth.node.agent.testing;

import dev.berth.node.agent.PodSandbox;
import dev.berth.node.agent.PodSandboxControl;
import dev.berth.node.agent.PodSandboxException;
import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.sandbox.PodIpAllocator;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stateful {@link PodSandboxControl} for tests: addresses from a real {@link PodIpAllocator}
 * (127.1.0.2, 127.1.0.3, … in order), no files; every volume "lives" at {@code
 * /fake/pods/<uid>/volumes/<name>} and is mounted where the container says. Records what was set
 * up and torn down; {@link #failNextEnsure} scripts a failure; termination messages and log tails
 * are what the test wrote; a pod is "on disk" from its first ensure until its release. Thread-safe.
 */
public final class FakePodSandboxControl implements PodSandboxControl {
  private final PodIpAllocator ips = new PodIpAllocator();
  private final List<String> ensured = new ArrayList<>();
  private final List<String> tornDown = new ArrayList<>();
  private final List<String> released = new ArrayList<>();
  private final java.util.Set<String> onDisk = new java.util.LinkedHashSet<>();
  private final Map<List<Object>, String> messages = new java.util.HashMap<>();
  private final Map<List<Object>, String> logTails = new java.util.HashMap<>();
  private PodSandboxException nextFailure;

  @Override
  public synchronized PodSandbox ensure(Pod pod) throws PodSandboxException {
    if (nextFailure != null) {
      PodSandboxException e = nextFailure;
      nextFailure = null;
      throw e;
    }
    String uid = pod.getMetadata().getUid();
    String ip = ips.addressOf(uid).orElseGet(() -> ips.allocate(uid));
    ensured.add(uid);
    onDisk.add(uid);
    Map<String, Path> volumes = new LinkedHashMap<>();
    for (Volume v : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
      volumes.put(v.getName(), Path.of("/fake/pods", uid, "volumes", v.getName()));
    }
    String hostname = pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty() ? pod.getSpec().getHostname()
        : pod.getMetadata().getName();
    return new PodSandbox(List.of(ip), hostname, volumes);
  }

  @Override
  public synchronized void restore(Pod pod) {
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip != null && !ip.isEmpty()) {
      try {
        ips.reserve(pod.getMetadata().getUid(), ip);
      } catch (IllegalArgumentException e) {
        // a new address at ensure
      }
    }
  }

  @Override
  public List<ContainerLaunch.Mount> mounts(Pod pod, Container container, PodSandbox sandbox, Map<String, String> env) {
    List<ContainerLaunch.Mount> out = new ArrayList<>();
    for (VolumeMount vm : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
      Path source = sandbox.volumes().get(vm.getName());
      if (source != null) {
        out.add(new ContainerLaunch.Mount(source, vm.getMountPath(), Boolean.TRUE.equals(vm.getReadOnly())));
      }
    }
    return out;
  }

  @Override
  public Path logFile(Pod pod, Container container, int attempt) {
    return Path.of("/fake/pods", pod.getMetadata().getUid(), "logs", container.getName(), attempt + ".log");
  }

  @Override
  public ContainerLaunch.Mount terminationMessageMount(Pod pod, Container container, int attempt) {
    String target = container.getTerminationMessagePath();
    return new ContainerLaunch.Mount(Path.of("/fake/pods", pod.getMetadata().getUid(), "containers", container.getName(),
        attempt + ".termination-log"), target == null || target.isEmpty() ? "/dev/termination-log" : target, false, true);
  }

  @Override
  public synchronized String terminationMessage(Pod pod, Container container, int attempt, int exitCode) {
    String m = messages.get(List.of(pod.getMetadata().getUid(), container.getName(), attempt));
    if ((m == null || m.isEmpty()) && exitCode != 0 && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
      return logTails.getOrDefault(List.of(pod.getMetadata().getUid(), container.getName(), attempt), "");
    }
    return m == null ? "" : m;
  }

  @Override
  public synchronized List<String> podUidsOnDisk() {
    return List.copyOf(onDisk);
  }

  @Override
  public synchronized void tearDown(Pod pod) {
    tornDown.add(pod.getMetadata().getUid());
  }

  @Override
  public synchronized void release(String podUid) {
    ips.release(podUid);
    released.add(podUid);
    onDisk.remove(podUid);
  }

  // ---------------------------------------------------------------------------------------------
  // Test hooks

  /** Instance {@code attempt} of {@code containerName} wrote {@code message} to its termination-message file. */
  public synchronized void writeTerminationMessage(String podUid, String containerName, int attempt, String message) {
    messages.put(List.of(podUid, containerName, attempt), message);
  }

  /** The end of instance {@code attempt}'s log, as {@code FallbackToLogsOnError} would read it. */
  public synchronized void writeLogTail(String podUid, String containerName, int attempt, String tail) {
    logTails.put(List.of(podUid, containerName, attempt), tail);
  }

  /** Plays the files a pod left on the node while no berth ran. */
  public synchronized void addPodOnDisk(String podUid) {
    onDisk.add(podUid);
  }

  /** The next {@link #ensure} throws {@code failure}. */
  public synchronized void failNextEnsure(PodSandboxException failure) {
    nextFailure = failure;
  }

  /** The address {@code podUid} holds now. */
  public synchronized Optional<String> addressOf(String podUid) {
    return ips.addressOf(podUid);
  }

  /** How many pods hold an address. */
  public synchronized int addressesInUse() {
    return ips.inUse();
  }

  public synchronized List<String> tornDown() {
    return List.copyOf(tornDown);
  }

  public synchronized List<String> released() {
    return List.copyOf(released);
  }

  /** Pod uids in the order of their ensure calls (one per sync). */
  public synchronized List<String> ensured() {
    return List.copyOf(ensured);
  }
}
