package dev.berth.cli;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.apiserver.PodLogSource;
import dev.berth.apiserver.http.HttpReply;
import dev.berth.node.logs.ContainerLogs;
import dev.berth.node.logs.LogOptions;
import dev.berth.node.runtime.OsProcessLauncher;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pods/log} from the node agent's log files ({@code spec/api-server.md} §14.1): the current
 * instance is the container's {@code restartCount}; {@code follow} ends when the instance's exit
 * record appears.
 */
final class NodePodLogs implements PodLogSource {
  private final Path dataDir;
  private final ContainerLogs logs;

  NodePodLogs(Path dataDir, Clock clock) {
    this.dataDir = dataDir;
    this.logs = new ContainerLogs(dataDir, clock);
  }

  @Override
  public HttpReply logs(ObjectNode pod, String container, Map<String, List<String>> query) {
    String podName = pod.path("metadata").path("name").asString("");
    String uid = pod.path("metadata").path("uid").asString("");
    JsonNode status = findStatus(pod, container);
    if (status == null || (status.path("state").has("waiting") && !status.path("lastState").has("terminated")
        && status.path("restartCount").asInt(0) == 0)) {
      String reason = status == null ? "ContainerCreating" : status.path("state").path("waiting").path("reason").asString("ContainerCreating");
      throw ApiException.badRequest("container \"" + container + "\" in pod \"" + podName + "\" is waiting to start: " + reason);
    }
    int attempt = status.path("restartCount").asInt(0);
    LogOptions options = options(query);
    if (options.previous() && attempt == 0) {
      throw ApiException.badRequest("previous terminated container \"" + container + "\" in pod \"" + podName + "\" not found");
    }
    Path exit = OsProcessLauncher.containerDir(dataDir, uid, container).resolve(attempt + ".exit");
    return new HttpReply.Stream("text/plain", sink -> {
      CompletableFuture<Void> ended = new CompletableFuture<>();
      Thread watcher = Thread.ofVirtual().start(() -> {
        try {
          while (!Files.exists(exit) && sink.isOpen()) {
            Thread.sleep(200);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ended.complete(null);
      });
      try {
        logs.read(uid, container, attempt, options, ended, new SinkStream(sink));
      } catch (NoSuchFileException e) {
        // no output yet: an empty log
      } finally {
        watcher.interrupt();
      }
    });
  }

  private static JsonNode findStatus(ObjectNode pod, String container) {
    for (String field : List.of("containerStatuses", "initContainerStatuses")) {
      for (JsonNode s : pod.path("status").path(field)) {
        if (container.equals(s.path("name").asString(""))) {
          return s;
        }
      }
    }
    return null;
  }

  private static LogOptions options(Map<String, List<String>> q) {
    LogOptions o = LogOptions.all();
    try {
      if (has(q, "tailLines")) {
        o = o.withTailLines(Long.parseLong(first(q, "tailLines")));
      }
      if (has(q, "sinceSeconds")) {
        o = o.withSinceSeconds(Long.parseLong(first(q, "sinceSeconds")));
      }
      if (has(q, "sinceTime")) {
        o = o.withSinceTime(Instant.parse(first(q, "sinceTime")));
      }
      if (has(q, "limitBytes")) {
        o = o.withLimitBytes(Long.parseLong(first(q, "limitBytes")));
      }
    } catch (RuntimeException e) {
      throw ApiException.badRequest("invalid log options: " + e.getMessage());
    }
    return o.withTimestamps(flag(q, "timestamps")).withPrevious(flag(q, "previous")).withFollow(flag(q, "follow"));
  }

  private static boolean has(Map<String, List<String>> q, String k) {
    return q.containsKey(k) && !q.get(k).isEmpty();
  }

  private static String first(Map<String, List<String>> q, String k) {
    return q.get(k).get(0);
  }

  private static boolean flag(Map<String, List<String>> q, String k) {
    return has(q, k) && (first(q, k).equals("true") || first(q, k).equals("1"));
  }

  /** An OutputStream whose flushed writes become chunks of the reply. */
  private static final class SinkStream extends OutputStream {
    private final HttpReply.Sink sink;

    SinkStream(HttpReply.Sink sink) {
      this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      try {
        sink.write(java.util.Arrays.copyOfRange(b, off, off + len));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }
}
