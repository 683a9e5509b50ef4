package dev.berth.node.volume;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link TmpfsControl} with {@code mount -t tmpfs} and {@code umount}, reading what is mounted from
 * {@code /proc/self/mountinfo}. Needs root (CAP_SYS_ADMIN in berth's mount namespace).
 */
public final class OsTmpfsControl implements TmpfsControl {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  @Override
  public void ensureMounted(Path dir, long sizeBytes, int mode) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (mountPoints(Files.readString(MOUNTINFO)).contains(abs)) {
      return;
    }
    String options = "mode=" + Integer.toOctalString(mode) + (sizeBytes > 0 ? ",size=" + sizeBytes : "");
    run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", abs.toString()));
  }

  @Override
  public void unmountAll(Path root) throws IOException {
    Path abs = root.toAbsolutePath().normalize();
    List<Path> under = new ArrayList<>(mountPoints(Files.readString(MOUNTINFO)).stream().filter(p -> p.startsWith(abs)).toList());
    under.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    for (Path p : under) {
      try {
        run(List.of("umount", p.toString()));
      } catch (IOException busy) {
        // a process still holds it (e.g. a container that outlived its stop): detach it now, freed when released
        run(List.of("umount", "-l", p.toString()));
      }
    }
  }

  /**
   * The mount points listed in a {@code mountinfo} text (field 5, with the kernel's octal escapes
   * such as {@code \040} for a space undone), in the order listed.
   */
  static List<Path> mountPoints(String mountinfo) {
    List<Path> out = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      String[] f = line.split(" ");
      if (f.length > 4) {
        out.add(Path.of(unescape(f[4])));
      }
    }
    return out;
  }

  private static String unescape(String s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        b.write(bytes, 0, bytes.length);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + ": did not finish in 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + ": interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out);
    }
  }
}
