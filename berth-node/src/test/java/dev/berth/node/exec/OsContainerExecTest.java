package dev.berth.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.probe.ProbeTarget;
import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.runtime.ContainerProcess;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The host command lines of {@code kubectl exec}: the exec probe's, and {@code script} for a terminal. */
class OsContainerExecTest {

  private static ProbeTarget target(ContainerLaunch.RunAs user) {
    ContainerProcess p = new ContainerProcess() {
      public String podUid() {
        return "uid-1";
      }

      public String containerName() {
        return "app";
      }

      public int attempt() {
        return 0;
      }

      public long pid() {
        return 4242;
      }

      public Instant startedAt() {
        return Instant.EPOCH;
      }

      public CompletableFuture<Integer> exit() {
        return new CompletableFuture<>();
      }

      public void signal(boolean force) {}
    };
    return new ProbeTarget("127.1.0.2", p, List.of(), Map.of("A", "1"), user);
  }

  @Test
  void withoutATerminalTheCommandRunsUnderNsenterAsGiven() {
    List<String> argv = OsContainerExec.commandLine(target(null), List.of("sh", "-c", "echo $A"), null);
    assertThat(argv).endsWith("-t", "4242", "--mount", "--uts", "--pid", "--wd", "sh", "-c", "echo $A");
    assertThat(argv.get(0)).endsWith("nsenter");
  }

  @Test
  void aTerminalIsScriptInsideTheContainerAsItsUserWithTheCommandQuoted() {
    List<String> argv = OsContainerExec.commandLine(target(new ContainerLaunch.RunAs(1000L, 3000L, List.of(), false)),
        List.of("sh", "-c", "echo it's"), new ContainerExec.Terminal(100, 30));
    int script = argv.indexOf(argv.stream().filter(a -> a.endsWith("script")).findFirst().orElseThrow());
    assertThat(argv.subList(0, script)).as("namespaces and user first, so the terminal's session is the container's")
        .contains("--pid", "--reuid=1000", "--regid=3000", "--");
    assertThat(argv.subList(script + 1, argv.size())).containsExactly("-q", "-f", "-e", "-c",
        "stty cols 100 rows 30 2>/dev/null; exec 'sh' '-c' 'echo it'\\''s'", "/dev/null");
    assertThat(OsContainerExec.commandLine(target(null), List.of("sh"), new ContainerExec.Terminal(0, 0)))
        .as("no size from the client: the terminal's default").contains("exec 'sh'");
  }

  @Test
  void shellQuotingKeepsEveryWordWhole() {
    assertThat(OsContainerExec.shellQuote(List.of("a b", "$HOME", "it's", ""))).isEqualTo("'a b' '$HOME' 'it'\\''s' ''");
  }
}
