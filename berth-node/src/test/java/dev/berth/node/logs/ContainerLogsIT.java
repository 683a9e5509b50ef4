package dev.berth.node.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.SystemClock;
import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.runtime.ContainerProcess;
import dev.berth.node.runtime.OsProcessLauncher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a container writes, as kubectl logs would show it: following, rotation, both streams. */
class ContainerLogsIT {
  @TempDir Path data;
  private final List<ContainerProcess> started = new ArrayList<>();

  @AfterEach
  void killEverything() throws Exception {
    for (ContainerProcess p : started) {
      p.signal(true);
      p.exit().get(10, TimeUnit.SECONDS);
    }
  }

  private ContainerProcess start(OsProcessLauncher launcher, ContainerLogs logs, String name, String script) throws Exception {
    ContainerProcess p = launcher.start(new ContainerLaunch("uid-1", "default", "logger", name, 0, List.of("sh", "-c", script),
        Map.of("PATH", "/usr/bin:/bin"), null, "logger", "127.1.0.9", List.of(), logs.logFile("uid-1", name, 0), null));
    started.add(p);
    return p;
  }

  @Test
  void followDeliversUntilTheContainerEnds() throws Exception {
    OsProcessLauncher launcher = new OsProcessLauncher(data, SystemClock.INSTANCE);
    ContainerLogs logs = new ContainerLogs(data, SystemClock.INSTANCE);
    ContainerProcess p = start(launcher, logs, "ticker",
        "for i in 1 2 3 4 5; do echo tick $i; echo oops $i >&2; sleep 0.05; done; printf 'no newline'");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Void> follow = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        logs.read("uid-1", "ticker", 0, LogOptions.all().withFollow(true), p.exit(), out);
        follow.complete(null);
      } catch (Exception e) {
        follow.completeExceptionally(e);
      }
    });
    follow.get(10, TimeUnit.SECONDS);

    assertThat(p.exit()).isCompletedWithValue(0);
    StringBuilder expected = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      expected.append("tick ").append(i).append('\n').append("oops ").append(i).append('\n');
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected + "no newline\n");
  }

  @Test
  void rotationKeepsOneOlderFileAndReadingSpansBoth() throws Exception {
    OsProcessLauncher launcher = new OsProcessLauncher(data, SystemClock.INSTANCE, 4096);
    ContainerLogs logs = new ContainerLogs(data, SystemClock.INSTANCE);
    ContainerProcess p = start(launcher, logs, "chatty",
        "i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo \"line $i\"; [ $((i % 20)) -eq 0 ] && sleep 0.01; done");
    assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(0);

    Path log = logs.logFile("uid-1", "chatty", 0);
    assertThat(Files.size(log)).isLessThanOrEqualTo(4096 + 64 * 1024);
    assertThat(log.resolveSibling("0.log.1")).exists();
    assertThat(Files.list(log.getParent()).map(f -> f.getFileName().toString()).sorted().toList())
        .containsExactly("0.log", "0.log.1");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    logs.read("uid-1", "chatty", 0, LogOptions.all().withTailLines(3), p.exit(), out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("line 298\nline 299\nline 300\n");
    ByteArrayOutputStream everything = new ByteArrayOutputStream();
    logs.read("uid-1", "chatty", 0, LogOptions.all(), p.exit(), everything);
    List<String> lines = everything.toString(StandardCharsets.UTF_8).lines().toList();
    int first = Integer.parseInt(lines.get(0).substring(5));
    assertThat(lines).as("a contiguous run ending with the last line").hasSize(300 - first + 1);
    assertThat(lines.get(lines.size() - 1)).isEqualTo("line 300");
  }
}
