package dev.berth.node.runtime;

import dev.berth.api.time.SystemClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a berth server in {@link BerthCrashIT}: starts one container over the data dir
 * given, prints {@code started <pid>}, then waits to be killed with SIGKILL.
 */
public final class CrashingBerthMain {
  private CrashingBerthMain() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    ContainerLaunch launch = new ContainerLaunch("uid-crash", "default", "survivor-0", "app", 0,
        List.of("sh", "-c", "trap 'echo bye; exit 7' TERM; i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.05; done"),
        Map.of("PATH", "/usr/bin:/bin"), null, "survivor-0", "127.1.0.60", List.of(),
        data.resolve("pods/uid-crash/logs/app/0.log"), null);
    ContainerProcess p = new OsProcessLauncher(data, SystemClock.INSTANCE).start(launch);
    System.out.println("started " + p.pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
