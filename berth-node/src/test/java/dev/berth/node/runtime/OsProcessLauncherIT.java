package dev.berth.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.time.SystemClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real containers: namespaces, mounts, users, signals, exit codes and adoption. */
class OsProcessLauncherIT {
  @TempDir Path data;
  private final List<ContainerProcess> started = new ArrayList<>();

  @AfterEach
  void killEverything() throws Exception {
    for (ContainerProcess p : started) {
      p.signal(true);
    }
    for (ContainerProcess p : started) {
      p.exit().get(10, TimeUnit.SECONDS);
    }
  }

  private ContainerLaunch launch(String container, int attempt, List<String> argv, List<ContainerLaunch.Mount> mounts,
      ContainerLaunch.RunAs user) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOSTNAME", "web-0");
    env.put("GREETING", "hello world");
    return new ContainerLaunch("uid-1", "default", "web-0", container, attempt, argv, env, null, "web-0", "127.1.0.7",
        mounts, data.resolve("pods/uid-1/logs/" + container + "/" + attempt + ".log"), user);
  }

  private ContainerProcess start(OsProcessLauncher launcher, ContainerLaunch l) throws LaunchException {
    ContainerProcess p = launcher.start(l);
    started.add(p);
    return p;
  }

  private static String output(Path log) throws IOException {
    return Files.readAllLines(log).stream().map(l -> l.split(" ", 4)[3]).collect(Collectors.joining("\n"));
  }

  @Test
  void runsInItsOwnUtsAndMountNamespacesWithExactlyItsEnvironment() throws Exception {
    Path vol = Files.createDirectories(data.resolve("vol"));
    Path hosts = Files.writeString(data.resolve("etc-hosts"), "# Kubernetes-managed hosts file.\n127.1.0.7\tweb-0\n");
    OsProcessLauncher launcher = new OsProcessLauncher(data, SystemClock.INSTANCE);
    ContainerLaunch l = launch("app", 0, List.of("sh", "-c",
        "hostname; cat /etc/hosts; echo from-container > /data/out.txt; echo $$"),
        List.of(new ContainerLaunch.Mount(vol, "/data", false), new ContainerLaunch.Mount(hosts, "/etc/hosts", false)), null);
    ContainerProcess p = start(launcher, l);

    assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(0);
    assertThat(output(l.logFile())).isEqualTo(String.join("\n", "web-0", "# Kubernetes-managed hosts file.",
        "127.1.0.7\tweb-0", "1"));
    assertThat(vol.resolve("out.txt")).hasContent("from-container");
    assertThat(Files.readString(Path.of("/etc/hosts"))).doesNotContain("Kubernetes-managed");

    ContainerLaunch env = launch("env", 0, List.of("env"), List.of(), null);
    assertThat(start(launcher, env).exit().get(10, TimeUnit.SECONDS)).isEqualTo(0);
    assertThat(output(env.logFile())).as("exactly the container's environment, in order")
        .isEqualTo("PATH=/usr/local/bin:/usr/bin:/bin\nHOSTNAME=web-0\nGREETING=hello world");
  }

  /**
   * Exit codes, and {@code spec/kubelet.md} Appendix E 9 with real processes: a PID 1 without a
   * SIGTERM handler ignores SIGTERM (own PID namespace per container); the unit side, SIGKILL at the
   * end of the grace period, is {@code GracefulStopTest}.
   */
  @Test
  void exitCodesAndSignalsAsOnANode() throws Exception {
    OsProcessLauncher launcher = new OsProcessLauncher(data, SystemClock.INSTANCE);
    ContainerProcess three = start(launcher, launch("three", 0, List.of("sh", "-c", "exit 3"), List.of(), null));
    ContainerProcess sleeper = start(launcher, launch("sleeper", 0, List.of("sleep", "3600"), List.of(), null));

    assertThat(three.exit().get(10, TimeUnit.SECONDS)).isEqualTo(3);
    sleeper.signal(false);
    assertThatThrownBy(() -> sleeper.exit().get(300, TimeUnit.MILLISECONDS))
        .as("sleep is PID 1 of its namespace without a SIGTERM handler, so SIGTERM must not end it")
        .isInstanceOf(TimeoutException.class);
    sleeper.signal(true);
    assertThat(sleeper.exit().get(10, TimeUnit.SECONDS)).isEqualTo(137);
  }

  @Test
  void runAsUserDropsToThatUser() throws Exception {
    OsProcessLauncher launcher = new OsProcessLauncher(data, SystemClock.INSTANCE);
    ContainerLaunch l = launch("nobody", 0, List.of("sh", "-c", "id -u; id -g; id -G; grep NoNewPrivs /proc/self/status"),
        List.of(), new ContainerLaunch.RunAs(65534L, null, List.of(2000L), true));
    ContainerProcess p = start(launcher, l);

    assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(0);
    assertThat(output(l.logFile())).isEqualTo("65534\n65534\n65534 2000\nNoNewPrivs:\t1");
  }

  @Test
  void mountsAreReadOnlyWhereAskedAndProcShowsOnlyThePod() throws Exception {
    sandboxAsOnANode(new OsProcessLauncher(data, SystemClock.INSTANCE));
  }

  @Test
  void withoutSyscallsTheShimRunsUnderSetsidAndUnshareAndStartsMountToTheSameEffect() throws Exception {
    sandboxAsOnANode(new OsProcessLauncher(data, SystemClock.INSTANCE, OsProcessLauncher.DEFAULT_MAX_LOG_BYTES,
        OsProcessLauncher.Syscalls.NONE));
  }

  /** Its own session, PID, UTS and mount namespaces, mounts read-only where asked, the host untouched. */
  private void sandboxAsOnANode(OsProcessLauncher launcher) throws Exception {
    Path ro = Files.createDirectories(data.resolve("ro"));
    Files.writeString(ro.resolve("key"), "blue");
    Path rw = Files.createDirectories(data.resolve("rw"));
    Path file = Files.writeString(data.resolve("resolv.conf"), "nameserver 127.2.0.10\n");
    ContainerLaunch l = launch("mounts", 0, List.of("sh", "-c",
        "cat /config/key; echo; touch /config/new 2>/dev/null && echo ro-writable; echo x > /scratch/w && echo rw-ok;"
            + " cat /etc/resolv.conf; ls /proc | grep -c '^[0-9]';"
            + " for m in /config /scratch; do grep \" $m \" /proc/self/mounts | cut -d' ' -f4 | cut -d, -f1; done; hostname"),
        List.of(new ContainerLaunch.Mount(ro, "/config", true), new ContainerLaunch.Mount(rw, "/scratch", false),
            new ContainerLaunch.Mount(file, "/etc/resolv.conf", false),
            // optional, and no mount point can be made inside the container's /proc: skipped, noted
            new ContainerLaunch.Mount(file, "/proc/berth-optional/termination-log", false, true)), null);
    assertThat(start(launcher, l).exit().get(10, TimeUnit.SECONDS)).isEqualTo(0);
    assertThat(output(l.logFile())).as("read-only and read-write binds, a file bind, /proc of the pod's PID namespace"
            + " (sh and the pipeline's processes only), the read-only flag in the mount table")
        .matches("blue\nrw-ok\nnameserver 127.2.0.10\n[1-4]\nro\nrw\nweb-0");
    assertThat(rw.resolve("w")).hasContent("x");
    assertThat(Files.readString(Path.of("/proc/self/mounts"))).as("the host's mount table").doesNotContain(" /config ");
    assertThat(ro.resolve("new")).doesNotExist();
    assertThat(Files.readString(data.resolve("pods/uid-1/containers/mounts/shim.log"))).as("the shim's complaints: only the"
            + " optional mount it skipped")
        .matches("berth-shim: cannot create the mount point /proc/berth-optional/termination-log: [^\n]*; " + file
            + " is not mounted\n");

    ContainerProcess sleeper = start(launcher, launch("sleeper", 0, List.of("sleep", "600"), List.of(), null));
    String[] stat = Files.readString(Path.of("/proc/" + sleeper.pid() + "/stat")).replaceFirst("^.*\\) ", "").split(" ");
    long shimPid = Long.parseLong(stat[1]);
    assertThat(Long.parseLong(stat[3])).as("the container's session is the shim's own, not berth's").isEqualTo(shimPid);
    for (String ns : List.of("pid", "mnt", "uts")) {
      assertThat(Files.readSymbolicLink(Path.of("/proc/" + sleeper.pid() + "/ns/" + ns)))
          .as(ns + " namespace").isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/" + ns)));
    }
  }

  @Test
  void theShimPassesStrictAndWarningsWithoutLoadingThem() throws Exception {
    Path script = data.resolve("berth-shim.pl");
    try (var in = OsProcessLauncher.class.getResourceAsStream("berth-shim.pl")) {
      Files.write(script, in.readAllBytes());
    }
    Process p = new ProcessBuilder("perl", "-Mstrict", "-Mwarnings", "-c", script.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out.strip()).isEqualTo(script + " syntax OK");
    assertThat(Files.readString(script)).as("no module is loaded before the workload runs").doesNotContainPattern("(?m)^\\s*use ");
  }

  @Test
  void aMissingProgramOrWorkingDirectoryIsARunContainerError() {
    OsProcessLauncher launcher = new OsProcessLauncher(data, SystemClock.INSTANCE);
    assertThatThrownBy(() -> start(launcher, launch("missing", 0, List.of("no-such-program", "x"), List.of(), null)))
        .isInstanceOfSatisfying(LaunchException.class, e -> {
          assertThat(e.reason()).isEqualTo("RunContainerError");
          assertThat(e.getMessage()).isEqualTo("exec: \"no-such-program\": executable file not found in $PATH");
        });
    ContainerLaunch badDir = launch("baddir", 0, List.of("true"), List.of(), null);
    ContainerLaunch withDir = new ContainerLaunch(badDir.podUid(), badDir.namespace(), badDir.podName(), badDir.containerName(),
        0, badDir.argv(), badDir.env(), "/etc/hostname/sub", badDir.hostname(), badDir.podIp(), List.of(), badDir.logFile(), null);
    assertThatThrownBy(() -> start(launcher, withDir))
        .isInstanceOfSatisfying(LaunchException.class, e -> {
          assertThat(e.reason()).isEqualTo("RunContainerError");
          assertThat(e.getMessage()).startsWith("cannot create the working directory \"/etc/hostname/sub\"");
        });
    assertThat(launcher.survivors()).isEmpty();
  }

  @Test
  void aLaterLauncherAdoptsSurvivorsAndReadsTheirExitCode() throws Exception {
    OsProcessLauncher first = new OsProcessLauncher(data, SystemClock.INSTANCE);
    ContainerProcess original = start(first, launch("server", 2,
        List.of("sh", "-c", "trap 'exit 7' TERM; while :; do sleep 0.05; done"), List.of(), null));

    OsProcessLauncher second = new OsProcessLauncher(data, SystemClock.INSTANCE);
    List<ContainerProcess> survivors = second.survivors();
    assertThat(survivors).hasSize(1);
    ContainerProcess adopted = survivors.get(0);
    started.add(adopted);
    assertThat(adopted.pid()).isEqualTo(original.pid());
    assertThat(adopted.containerName()).isEqualTo("server");
    assertThat(adopted.attempt()).isEqualTo(2);
    assertThat(adopted.startedAt()).isEqualTo(original.startedAt());
    assertThat(second.survivors()).containsExactly(adopted);

    adopted.signal(false);
    assertThat(adopted.exit().get(10, TimeUnit.SECONDS)).isEqualTo(7);
    assertThat(original.exit().get(10, TimeUnit.SECONDS)).isEqualTo(7);
    assertThat(new OsProcessLauncher(data, SystemClock.INSTANCE).survivors()).isEmpty();
  }
}
