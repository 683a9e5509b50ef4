package dev.berth.node.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What berth writes to the shim's stdin ({@code berth-shim.pl} documents the fields): NUL
 * terminated strings, so that the container's environment, which may hold secrets, never appears
 * on any command line (command lines are world-readable in {@code /proc}).
 */
record ShimSpec(
    Path exitFile,
    Path logFile,
    long maxLogBytes,
    String hostname,
    String workingDir,
    String lookupPath,
    String program,
    String mountProgram,
    int mountSyscall,
    int setsidSyscall,
    int unshareSyscall,
    List<ContainerLaunch.Mount> mounts,
    List<String> exec,
    Map<String, String> env) {

  static final String VERSION = "berth-shim/3";

  /** glibc's search path for execvp when the environment has no PATH. */
  static final String DEFAULT_LOOKUP_PATH = "/bin:/usr/bin";

  byte[] encode() {
    List<String> f = new ArrayList<>();
    f.add(VERSION);
    f.add(exitFile.toString());
    f.add(logFile.toString());
    f.add(Long.toString(maxLogBytes));
    f.add(hostname);
    f.add(workingDir);
    f.add(lookupPath);
    f.add(program);
    f.add(mountProgram);
    f.add(Integer.toString(mountSyscall));
    f.add(Integer.toString(setsidSyscall));
    f.add(Integer.toString(unshareSyscall));
    f.add(Integer.toString(mounts.size()));
    for (ContainerLaunch.Mount m : mounts) {
      f.add(m.source().toString());
      f.add(m.target());
      f.add((m.readOnly() ? "ro" : "rw") + (m.optional() ? "?" : ""));
    }
    f.add(Integer.toString(exec.size()));
    f.addAll(exec);
    f.add(Integer.toString(env.size()));
    env.forEach((k, v) -> f.add(k + "=" + (v == null ? "" : v)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String s : f) {
      if (s.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("a NUL character cannot be passed to a process: " + s.replace('\0', '?'));
      }
      out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }
}
