package dev.berth.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of the process runtime: setpriv arguments, the shim's spec, /proc and exit parsing. */
class OsProcessLauncherTest {
  private static final OsProcessLauncher.PasswdLookup NOBODY = uid -> uid == 65534 ? Optional.of(65534L) : Optional.empty();

  record DropCase(ContainerLaunch.RunAs user, List<String> expected, String meaning) {}

  @Test
  void setprivArgumentsFollowTheSecurityContext() {
    List<DropCase> cases = List.of(
        new DropCase(null, List.of(), "no securityContext user: run as berth's user"),
        new DropCase(new ContainerLaunch.RunAs(null, null, List.of(), false), List.of(), "nothing to change"),
        new DropCase(new ContainerLaunch.RunAs(65534L, null, List.of(), false),
            List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"),
            "runAsUser alone: the primary group from /etc/passwd"),
        new DropCase(new ContainerLaunch.RunAs(1234L, null, null, false),
            List.of("setpriv", "--reuid=1234", "--regid=0", "--clear-groups", "--"),
            "a uid unknown to /etc/passwd gets gid 0, as for an image user"),
        new DropCase(new ContainerLaunch.RunAs(1000L, 3000L, List.of(2000L, 4000L), true),
            List.of("setpriv", "--reuid=1000", "--regid=3000", "--groups=2000,4000", "--no-new-privs", "--"),
            "runAsGroup, fsGroup/supplementalGroups and allowPrivilegeEscalation: false"),
        new DropCase(new ContainerLaunch.RunAs(null, null, List.of(), true), List.of("setpriv", "--no-new-privs", "--"),
            "only allowPrivilegeEscalation: false"));
    for (DropCase c : cases) {
      assertThat(OsProcessLauncher.privilegeDrop("setpriv", c.user(), NOBODY)).as(c.meaning()).isEqualTo(c.expected());
    }
  }

  @Test
  void theSpecIsNulTerminatedFieldsAndRejectsNul() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("A", "1");
    env.put("B", "x=y");
    ShimSpec spec = new ShimSpec(Path.of("/d/0.exit"), Path.of("/d/0.log"), 2048, "web-0", "/", "/bin:/usr/bin", "sh",
        "/usr/bin/mount", 165, 112, 272, List.of(new ContainerLaunch.Mount(Path.of("/v"), "/data", true),
            new ContainerLaunch.Mount(Path.of("/d/0.termination-log"), "/dev/termination-log", false, true)),
        List.of("sh", "-c", "true"), env);
    assertThat(new String(spec.encode(), StandardCharsets.UTF_8).split("\0", -1)).containsExactly("berth-shim/3",
        "/d/0.exit", "/d/0.log", "2048", "web-0", "/", "/bin:/usr/bin", "sh", "/usr/bin/mount", "165", "112", "272", "2", "/v",
        "/data", "ro", "/d/0.termination-log", "/dev/termination-log", "rw?",
        "3", "sh", "-c", "true", "2", "A=1", "B=x=y", "");

    ShimSpec withNul = new ShimSpec(Path.of("/d/0.exit"), Path.of("/d/0.log"), 2048, "web-0", "/", "/bin", "sh",
        "/usr/bin/mount", 0, 0, 0, List.of(), List.of("sh"), Map.of("SECRET", "a\0b"));
    assertThatThrownBy(withNul::encode).hasMessageContaining("NUL");
  }

  @Test
  void procStatTakesTheStartTimeAfterTheLastParenthesis() {
    String stat = "4242 (my (odd) prog) S 1 4242 4242 0 -1 4194560 97 0 0 0 0 0 0 0 20 0 1 0 987654 2240512 130";
    assertThat(ProcStat.parse(4242, stat)).contains(new ProcStat(4242, 'S', 987654));
    assertThat(ProcStat.parse(1, "garbage")).isEmpty();
    ProcStat self = ProcStat.read(ProcessHandle.current().pid()).orElseThrow();
    assertThat(ProcStat.isAlive(self.pid(), self.startTicks())).isTrue();
    assertThat(ProcStat.isAlive(self.pid(), self.startTicks() + 1)).as("same pid, other start time: a reused pid").isFalse();
  }

  @Test
  void exitRecordsAreCodeAndTime() {
    assertThat(ExitRecord.parse("137 2026-11-25T17:32:03.996642Z\n"))
        .contains(new ExitRecord(137, Instant.parse("2026-11-25T17:32:03.996642Z")));
    assertThat(ExitRecord.parse("")).isEmpty();
  }
}
