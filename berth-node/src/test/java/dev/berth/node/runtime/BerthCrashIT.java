package dev.berth.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.SystemClock;
import dev.berth.node.logs.ContainerLogs;
import dev.berth.node.logs.LogOptions;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth is killed with SIGKILL while a container runs: the container, its log writer and its
 * exit record carry on, and the next berth adopts the container and sees how it ends.
 */
class BerthCrashIT {
  @TempDir Path data;

  @Test
  void aContainerOutlivesBerthAndIsAdoptedWithItsLogsAndExitCode() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process berth = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        CrashingBerthMain.class.getName(), data.toString()).redirectErrorStream(true).start();
    long pid = -1;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(berth.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).startsWith("started ");
      pid = Long.parseLong(line.substring(8));

      berth.destroyForcibly();
      assertThat(berth.waitFor(10, TimeUnit.SECONDS)).isTrue();
      Path log = data.resolve("pods/uid-crash/logs/app/0.log");
      long sizeAtCrash = Files.size(log);
      Thread.sleep(300);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
      assertThat(Files.size(log)).as("the container still logs after berth died").isGreaterThan(sizeAtCrash);

      List<ContainerProcess> survivors = new OsProcessLauncher(data, SystemClock.INSTANCE).survivors();
      assertThat(survivors).hasSize(1);
      ContainerProcess adopted = survivors.get(0);
      assertThat(adopted.pid()).isEqualTo(pid);

      ContainerLogs logs = new ContainerLogs(data, SystemClock.INSTANCE);
      ByteArrayOutputStream followed = new ByteArrayOutputStream();
      CompletableFuture<Void> follow = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          logs.read("uid-crash", "app", 0, LogOptions.all().withFollow(true), adopted.exit(), followed);
          follow.complete(null);
        } catch (Exception e) {
          follow.completeExceptionally(e);
        }
      });
      adopted.signal(false);
      assertThat(adopted.exit().get(10, TimeUnit.SECONDS)).isEqualTo(7);
      follow.get(10, TimeUnit.SECONDS);
      List<String> lines = followed.toString(StandardCharsets.UTF_8).lines().toList();
      assertThat(lines.get(lines.size() - 1)).isEqualTo("bye");
      for (int i = 0; i < lines.size() - 1; i++) {
        assertThat(lines.get(i)).as("no line lost across the crash").isEqualTo("tick " + (i + 1));
      }
    } finally {
      berth.destroyForcibly();
      if (pid > 0) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
