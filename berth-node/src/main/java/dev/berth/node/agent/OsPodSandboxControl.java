package dev.berth.node.agent;

import dev.berth.node.logs.ContainerLogs;
import dev.berth.node.logs.LogOptions;
import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.sandbox.PodIpAllocator;
import dev.berth.node.sandbox.PodSandboxFiles;
import dev.berth.node.trace.PodStartTrace;
import dev.berth.node.volume.MountFailedException;
import dev.berth.node.volume.PodVolumes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The production {@link PodSandboxControl}: the address from a {@link PodIpAllocator}, the files
 * from {@link PodSandboxFiles} (written once per pod), the volumes from {@link PodVolumes}
 * (projected volumes rewritten on every {@link #ensure}, so ConfigMap and Secret changes reach
 * running pods at the next sync), the log paths of {@link ContainerLogs}.
 *
 * <p>Every pod gets an address of its own, {@code hostNetwork} pods included: berth has no host
 * network namespace to share, and loopback addresses cost nothing.
 */
public final class OsPodSandboxControl implements PodSandboxControl {
  static final String FALLBACK_TO_LOGS_ON_ERROR = "FallbackToLogsOnError";
  /** Upstream's {@code MaxContainerTerminationMessageLogLines} and {@code MaxContainerTerminationMessageLogLength}. */
  static final int MAX_LOG_LINES = 80;
  static final int MAX_LOG_BYTES = 2048;

  private final PodIpAllocator ips;
  private final PodSandboxFiles files;
  private final PodVolumes volumes;
  private final ContainerLogs logs;

  public OsPodSandboxControl(PodIpAllocator ips, PodSandboxFiles files, PodVolumes volumes, ContainerLogs logs) {
    this.ips = Objects.requireNonNull(ips);
    this.files = Objects.requireNonNull(files);
    this.volumes = Objects.requireNonNull(volumes);
    this.logs = Objects.requireNonNull(logs);
  }

  @Override
  public PodSandbox ensure(Pod pod) throws PodSandboxException {
    String uid = pod.getMetadata().getUid();
    String ip;
    try {
      ip = ips.addressOf(uid).orElseGet(() -> ips.allocate(uid));
      PodStartTrace.mark(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), "ip");
    } catch (IllegalStateException e) {
      throw PodSandboxException.sandbox(e.getMessage(), e);
    }
    String hostname;
    try {
      hostname = PodSandboxFiles.hostname(pod);
      files.write(pod, List.of(ip));
      PodStartTrace.mark(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), "files");
    } catch (PodSandboxFiles.SandboxException e) {
      throw PodSandboxException.sandbox(e.getMessage(), e);
    } catch (IOException e) {
      throw PodSandboxException.sandbox("cannot write the pod's files: " + e.getMessage(), e);
    }
    try {
      return new PodSandbox(List.of(ip), hostname, volumes.setUp(pod));
    } catch (MountFailedException e) {
      throw new PodSandboxException(PodSandboxException.FAILED_MOUNT, e.getMessage(), e);
    }
  }

  @Override
  public void restore(Pod pod) {
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isEmpty()) {
      return;
    }
    try {
      ips.reserve(pod.getMetadata().getUid(), ip);
    } catch (IllegalArgumentException e) {
      // Outside the range or taken: the pod gets a new address from ensure.
    }
  }

  @Override
  public List<ContainerLaunch.Mount> mounts(Pod pod, Container container, PodSandbox sandbox, Map<String, String> env)
      throws MountFailedException {
    List<ContainerLaunch.Mount> out = new ArrayList<>(volumes.mounts(pod, container, sandbox.volumes(), env));
    out.addAll(files.mounts(pod, container));
    return out;
  }

  @Override
  public Path logFile(Pod pod, Container container, int attempt) {
    return logs.logFile(pod.getMetadata().getUid(), container.getName(), attempt);
  }

  @Override
  public ContainerLaunch.Mount terminationMessageMount(Pod pod, Container container, int attempt) throws IOException {
    return files.terminationMessageMount(pod, container, attempt);
  }

  @Override
  public String terminationMessage(Pod pod, Container container, int attempt, int exitCode) {
    String uid = pod.getMetadata().getUid();
    String message;
    try {
      message = files.readTerminationMessage(uid, container.getName(), attempt);
    } catch (IOException e) {
      return "Error on reading termination log " + files.terminationMessageFile(uid, container.getName(), attempt) + ": "
          + e.getMessage();
    }
    if (message.isEmpty() && exitCode != 0 && FALLBACK_TO_LOGS_ON_ERROR.equals(container.getTerminationMessagePolicy())) {
      return logTail(uid, container.getName(), attempt);
    }
    return message;
  }

  /** Upstream's {@code ReadLastStringFromContainerLogs}: the last 80 lines, of which the last 2048 bytes. */
  private String logTail(String uid, String name, int attempt) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      logs.read(uid, name, attempt, LogOptions.all().withTailLines(MAX_LOG_LINES), CompletableFuture.completedFuture(null), out);
    } catch (IOException e) {
      return "";
    }
    byte[] b = out.toByteArray();
    int from = Math.max(0, b.length - MAX_LOG_BYTES);
    return new String(b, from, b.length - from, StandardCharsets.UTF_8);
  }

  @Override
  public List<String> podUidsOnDisk() {
    try {
      return files.podUidsOnDisk();
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public void tearDown(Pod pod) throws IOException {
    volumes.tearDown(pod.getMetadata().getUid());
  }

  @Override
  public void release(String podUid) {
    ips.release(podUid);
    try {
      volumes.tearDown(podUid); // unmounts any tmpfs left, e.g. of a pod deleted while berth was down
      files.remove(podUid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the files of pod " + podUid + ": " + e.getMessage(), e);
    }
  }
}
