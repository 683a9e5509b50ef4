package dev.berth.node.runtime;

/**
 * A container that could not be started. {@link #reason()} is the kubelet's waiting reason, e.g.
 * {@code CreateContainerConfigError} or {@code RunContainerError}.
 */
public final class LaunchException extends Exception {
  private final String reason;

  public LaunchException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public LaunchException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
