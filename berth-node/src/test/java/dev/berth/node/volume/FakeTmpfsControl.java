package dev.berth.node.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TmpfsControl} that records mounts instead of making them: {@link #mounted()} is what a
 * real one would have mounted now. Refuses what the kernel refuses: mounting on a missing
 * directory, unmounting after the mount point was deleted.
 */
final class FakeTmpfsControl implements TmpfsControl {
  /** One mount: its size in bytes (0 = tmpfs default) and root mode. */
  record Mount(long sizeBytes, int mode) {}

  private final Map<Path, Mount> mounted = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();

  @Override
  public synchronized void ensureMounted(Path dir, long sizeBytes, int mode) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("mount point " + dir + " does not exist");
    }
    if (mounted.putIfAbsent(dir, new Mount(sizeBytes, mode)) == null) {
      calls.add("mount " + dir.getFileName());
    }
  }

  @Override
  public synchronized void unmountAll(Path root) {
    for (Path p : List.copyOf(mounted.keySet())) {
      if (p.startsWith(root)) {
        if (!Files.isDirectory(p)) {
          throw new IllegalStateException("mount point " + p + " was deleted while mounted");
        }
        mounted.remove(p);
        calls.add("umount " + p.getFileName());
      }
    }
  }

  synchronized Map<Path, Mount> mounted() {
    return Map.copyOf(mounted);
  }
}
