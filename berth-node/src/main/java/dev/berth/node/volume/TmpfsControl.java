package dev.berth.node.volume;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Mounts the tmpfs file systems that back a pod's {@code secret}, {@code projected} and {@code
 * emptyDir: {medium: Memory}} volumes ({@code spec/kubelet.md} §7.3, §7.4: they never hit the
 * disk), in berth's own mount namespace at their directories under {@code DATA/pods/<uid>/volumes/};
 * every container then bind-mounts them like any other volume. Only root may mount: rootless berth
 * uses {@link #NONE}, plain directories on disk. The production control is {@link OsTmpfsControl}.
 */
public interface TmpfsControl {
  /** Mounts nothing: the volumes stay plain directories. */
  TmpfsControl NONE = new TmpfsControl() {
    @Override
    public void ensureMounted(Path dir, long sizeBytes, int mode) {}

    @Override
    public void unmountAll(Path root) {}
  };

  /**
   * Mounts a new tmpfs at {@code dir} (an existing directory) unless one is mounted there already —
   * safe to call on every pod sync and after a restart of berth, which finds the mounts it left.
   *
   * @param sizeBytes the file system's size ({@code emptyDir.sizeLimit}); 0 for tmpfs' default, half
   *     of the machine's memory
   * @param mode the mode of the file system's root directory, e.g. {@code 0777}
   */
  void ensureMounted(Path dir, long sizeBytes, int mode) throws IOException;

  /** Unmounts every tmpfs at or below {@code root}, deepest first, so the tree can be deleted. */
  void unmountAll(Path root) throws IOException;
}
