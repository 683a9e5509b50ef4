package dev.berth.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two fields of {@code /proc/<pid>/stat} that identify a process across PID reuse: its
 * state and its start time in clock ticks since boot (field 22). A process is "the same" when
 * the pid and the start time both match; a zombie counts as gone.
 */
record ProcStat(long pid, char state, long startTicks) {

  static Optional<ProcStat> read(long pid) {
    if (pid <= 0) {
      return Optional.empty();
    }
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return Optional.empty();
    }
    return parse(pid, stat);
  }

  /** Parses a stat line; the command name (field 2) may itself contain spaces and parentheses. */
  static Optional<ProcStat> parse(long pid, String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return Optional.empty();
    }
    String[] rest = stat.substring(close + 1).trim().split(" ");
    if (rest.length < 20) {
      return Optional.empty();
    }
    return Optional.of(new ProcStat(pid, rest[0].charAt(0), Long.parseLong(rest[19])));
  }

  /** True while the process with this pid and start time exists and is not a zombie. */
  static boolean isAlive(long pid, long startTicks) {
    return read(pid).filter(s -> s.startTicks == startTicks && s.state != 'Z' && s.state != 'X').isPresent();
  }

  /** The direct children of a process, from {@code /proc/<pid>/task/<pid>/children}. */
  static List<Long> children(long pid) {
    List<Long> out = new ArrayList<>();
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children")).trim();
      for (String p : s.isEmpty() ? new String[0] : s.split("\\s+")) {
        out.add(Long.parseLong(p));
      }
    } catch (IOException | NumberFormatException e) {
      // gone, or the kernel lacks CONFIG_PROC_CHILDREN: no children known
    }
    return out;
  }

  /** The effective uid of this JVM, from {@code /proc/self/status}. */
  static long effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return -1;
  }
}
