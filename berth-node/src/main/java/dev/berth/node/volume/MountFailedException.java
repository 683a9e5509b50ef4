package dev.berth.node.volume;

/**
 * A volume that cannot be set up or mounted; the pod stays {@code ContainerCreating}. The message
 * is the kubelet's {@code FailedMount} event message, e.g. {@code MountVolume.SetUp failed for
 * volume "cfg" : configmap "cfg" not found}.
 */
public final class MountFailedException extends Exception {
  private final String volumeName;

  public MountFailedException(String volumeName, String message) {
    super(message);
    this.volumeName = volumeName;
  }

  /** The kubelet's wording for a volume plugin's SetUp failure. */
  static MountFailedException setUp(String volumeName, String detail) {
    return new MountFailedException(volumeName, "MountVolume.SetUp failed for volume \"" + volumeName + "\" : " + detail);
  }

  public String volumeName() {
    return volumeName;
  }
}
