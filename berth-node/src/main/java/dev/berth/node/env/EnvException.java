package dev.berth.node.env;

/** A container's environment cannot be built; the message is upstream's, shown with {@code CreateContainerConfigError}. */
public final class EnvException extends Exception {
  public EnvException(String message) {
    super(message);
  }
}
