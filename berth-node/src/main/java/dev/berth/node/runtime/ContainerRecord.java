package dev.berth.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What berth remembers about one container instance, in {@code
 * DATA/pods/<uid>/containers/<name>/<attempt>.json}, so that a later berth can find the process
 * again. Processes are identified by pid plus start time (clock ticks since boot, {@code
 * /proc/<pid>/stat} field 22), so a reused pid is never mistaken for the container.
 *
 * @param pid the workload (PID 1 of the container's PID namespace) as the host sees it; 0 while
 *     the sandbox is still being prepared
 * @param shimPid the supervising {@code berth-shim}, the workload's parent, which writes the exit
 *     record {@code <attempt>.exit}
 * @param startedAt RFC 3339 instant at which the workload was exec'd (berth's clock)
 */
record ContainerRecord(
    String podUid,
    String namespace,
    String podName,
    String containerName,
    int attempt,
    long pid,
    long pidStartTicks,
    long shimPid,
    long shimStartTicks,
    String startedAt,
    List<String> argv,
    String logFile) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  ContainerRecord withWorkload(long pid, long pidStartTicks, String startedAt) {
    return new ContainerRecord(podUid, namespace, podName, containerName, attempt, pid, pidStartTicks, shimPid,
        shimStartTicks, startedAt, argv, logFile);
  }

  /** Writes the record atomically (a temporary file renamed over the old one). */
  void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, JSON.writeValueAsBytes(this));
    } catch (JacksonException e) {
      throw new IOException("cannot encode " + file, e);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static ContainerRecord read(Path file) throws IOException {
    try {
      return JSON.readValue(Files.readAllBytes(file), ContainerRecord.class);
    } catch (JacksonException e) {
      throw new IOException("cannot decode " + file + ": " + e.getOriginalMessage(), e);
    }
  }
}
