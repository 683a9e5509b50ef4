package dev.berth.node.agent;

/**
 * A pod's sandbox or volumes cannot be made; no container of the pod starts, and the pod worker
 * retries. {@link #eventReason()} and the message are the Warning event's ({@code spec/kubelet.md}
 * §8.2): {@code FailedCreatePodSandBox} / {@code Failed to create pod sandbox: ...}, or {@code
 * FailedMount} / {@code MountVolume.SetUp failed for volume "cfg" : configmap "cfg" not found}.
 */
public final class PodSandboxException extends Exception {
  public static final String FAILED_CREATE_POD_SANDBOX = "FailedCreatePodSandBox";
  public static final String FAILED_MOUNT = "FailedMount";

  private final String eventReason;

  public PodSandboxException(String eventReason, String message) {
    super(message);
    this.eventReason = eventReason;
  }

  public PodSandboxException(String eventReason, String message, Throwable cause) {
    super(message, cause);
    this.eventReason = eventReason;
  }

  /** A sandbox failure: {@code Failed to create pod sandbox: <detail>}. */
  public static PodSandboxException sandbox(String detail, Throwable cause) {
    return new PodSandboxException(FAILED_CREATE_POD_SANDBOX, "Failed to create pod sandbox: " + detail, cause);
  }

  public String eventReason() {
    return eventReason;
  }
}
