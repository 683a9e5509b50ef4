package dev.berth.node.volume;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes configMap, secret, downwardAPI and projected volumes the way the kubelet's AtomicWriter
 * does ({@code spec/kubelet.md} §7.4), so that a reader never sees half an update:
 *
 * <pre>
 * vol/..2026_11_25_12_00_00.4012345678/   the files (dirs 0755, each file chmod'ed to its mode)
 * vol/..data -> ..2026_11_25_12_00_00.4012345678
 * vol/key    -> ..data/key                 one relative symlink per top-level path element
 * </pre>
 *
 * <p>An update writes a new timestamped directory, adds missing top-level symlinks, points
 * {@code ..data_tmp} at it and renames that over {@code ..data} (the atomic switch), then removes
 * top-level symlinks no longer in the payload and the old directory. A payload whose files are
 * byte-identical to the current ones (same modes, no path gone) changes nothing.
 */
public final class AtomicWriter {
  static final String DATA_DIR = "..data";
  static final String DATA_DIR_TMP = "..data_tmp";
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss'.'").withZone(ZoneOffset.UTC);

  /** One file of the payload; {@code gid} (fsGroup) is applied with {@code chown} when set. */
  public record FileProjection(byte[] data, int mode, Long gid) {
    public FileProjection(byte[] data, int mode) {
      this(data, mode, null);
    }
  }

  private final Path targetDir;

  public AtomicWriter(Path targetDir) {
    this.targetDir = targetDir;
  }

  /**
   * Makes the target directory show exactly {@code payload}.
   *
   * @param now names the new timestamped directory
   * @return true when something was written
   * @throws IllegalArgumentException for an invalid path (absolute, with a {@code ..} element,
   *     starting with {@code ..}, a name over 255 or a path over 4096 characters)
   */
  public boolean write(Map<String, FileProjection> payload, Instant now) throws IOException {
    Map<String, FileProjection> clean = new TreeMap<>();
    for (Map.Entry<String, FileProjection> e : payload.entrySet()) {
      clean.put(validate(e.getKey()), e.getValue());
    }
    Files.createDirectories(targetDir);
    Path dataLink = targetDir.resolve(DATA_DIR);
    String oldTsDir = null;
    try {
      oldTsDir = Files.readSymbolicLink(dataLink).toString();
    } catch (NoSuchFileException e) {
      // first write
    }
    Set<String> toRemove = Set.of();
    if (oldTsDir != null) {
      Path oldTs = targetDir.resolve(oldTsDir);
      toRemove = pathsToRemove(clean, oldTs);
      if (toRemove.isEmpty() && !differs(clean, oldTs)) {
        return false;
      }
    }
    Path tsDir = Files.createTempDirectory(targetDir, TS.format(now));
    Files.setPosixFilePermissions(tsDir, mode(0755));
    for (Map.Entry<String, FileProjection> e : clean.entrySet()) {
      Path file = tsDir.resolve(e.getKey());
      createDirectories(tsDir, file.getParent());
      Files.write(file, e.getValue().data());
      Files.setPosixFilePermissions(file, mode(e.getValue().mode()));
      if (e.getValue().gid() != null) {
        Files.setAttribute(file, "unix:gid", e.getValue().gid().intValue(), LinkOption.NOFOLLOW_LINKS);
      }
    }
    for (String path : clean.keySet()) {
      String top = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
      Path visible = targetDir.resolve(top);
      if (!Files.isSymbolicLink(visible)) {
        Files.createSymbolicLink(visible, Path.of(DATA_DIR, top));
      }
    }
    Path tmpLink = targetDir.resolve(DATA_DIR_TMP);
    Files.deleteIfExists(tmpLink);
    Files.createSymbolicLink(tmpLink, tsDir.getFileName());
    Files.move(tmpLink, dataLink, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String p : toRemove) {
      if (!p.contains("/")) {
        Files.deleteIfExists(targetDir.resolve(p));
      }
    }
    if (oldTsDir != null) {
      deleteTree(targetDir.resolve(oldTsDir));
    }
    return true;
  }

  static String validate(String path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("invalid path: must not be empty: \"\"");
    }
    if (path.startsWith("/")) {
      throw new IllegalArgumentException("invalid path: must be relative path: " + path);
    }
    if (path.length() > 4096) {
      throw new IllegalArgumentException("invalid path: must be less than or equal to 4096 characters");
    }
    String[] items = path.split("/");
    for (String item : items) {
      if (item.equals("..")) {
        throw new IllegalArgumentException("invalid path: must not contain '..': " + path);
      }
      if (item.length() > 255) {
        throw new IllegalArgumentException("invalid path: filenames must be less than or equal to 255 characters");
      }
    }
    if (items[0].startsWith("..") && items[0].length() > 2) {
      throw new IllegalArgumentException("invalid path: must not start with '..': " + path);
    }
    return Path.of(path).normalize().toString();
  }

  private static boolean differs(Map<String, FileProjection> payload, Path oldTs) throws IOException {
    for (Map.Entry<String, FileProjection> e : payload.entrySet()) {
      Path f = oldTs.resolve(e.getKey());
      if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
          || !Arrays.equals(Files.readAllBytes(f), e.getValue().data())
          || !Files.getPosixFilePermissions(f).equals(mode(e.getValue().mode()))) {
        return true;
      }
    }
    return false;
  }

  /** Paths of the current version (files and directories) that the payload no longer has. */
  private static Set<String> pathsToRemove(Map<String, FileProjection> payload, Path oldTs) throws IOException {
    Set<String> current = new HashSet<>();
    if (Files.isDirectory(oldTs)) {
      Files.walkFileTree(oldTs, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (!dir.equals(oldTs)) {
            current.add(oldTs.relativize(dir).toString());
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          current.add(oldTs.relativize(file).toString());
          return FileVisitResult.CONTINUE;
        }
      });
    }
    Set<String> wanted = new HashSet<>();
    for (String p : payload.keySet()) {
      for (Path sub = Path.of(p); sub != null; sub = sub.getParent()) {
        wanted.add(sub.toString());
      }
    }
    current.removeAll(wanted);
    return current;
  }

  private static void createDirectories(Path root, Path dir) throws IOException {
    if (dir.equals(root) || Files.isDirectory(dir)) {
      return;
    }
    createDirectories(root, dir.getParent());
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, mode(0755));
  }

  static Set<PosixFilePermission> mode(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << i)) != 0) {
        s.add(order[i]);
      }
    }
    return s;
  }

  /** Deletes a tree without following symbolic links out of it. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Lists the visible entries of a volume (for tests and diagnostics). */
  static Set<String> visibleEntries(Path dir) throws IOException {
    Set<String> out = new HashSet<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(p -> out.add(p.getFileName().toString()));
    }
    return out;
  }
}
