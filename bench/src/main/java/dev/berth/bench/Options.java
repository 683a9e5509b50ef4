package dev.berth.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's command line. Defaults are the documented run (docs/benchmarks.md); smaller
 * numbers make a quick smoke run, e.g. {@code --objects 500 --starts 1}.
 *
 * @param jar berth's runnable jar ({@code berth-cli/target/berth.jar})
 * @param java the {@code java} that runs the server and the baselines
 * @param javaOptions JVM options for the server and the {@code java -version} baseline alike
 * @param berthVersion what to call the berth build in the report (e.g. its git commit)
 */
record Options(Path jar, Path java, List<String> javaOptions, String berthVersion, int starts, int objects, int threads,
    int lists, int watchEvents, int idleSeconds, Path workDir, Path out, boolean keep, String suite, int pods, int burst,
    int[] stsReplicas, int stsUpdate, boolean trace) {

  static final String USAGE = """
      usage: berth-bench --jar PATH [options]
        --jar PATH            berth-cli/target/berth.jar (required)
        --java PATH           java for the server and the baseline (default: the one running the bench)
        --java-opts "OPTS"    JVM options for the server and the baseline (default: the launcher's)
        --berth-version TEXT  what to call the berth build in the report
        --starts N            measured start-up rounds (default 5)
        --objects N           ConfigMaps per create/get phase (default 10000)
        --threads N           threads of the concurrent phases (default 8)
        --lists N             lists of all objects (default 5)
        --watch-events N      creates observed through a watch (default 1000)
        --idle-seconds N      idle time before reading RSS (default 5)
        --work-dir DIR        where the data dirs go (default: a new temp dir, deleted after)
        --out FILE            also write the Markdown report there
        --keep                keep the data dirs
        --suite NAME          control (default: the control-plane suite), node (the node agent's),
                              statefulset (the StatefulSet controller's), or all
        --pods N              node suite: pods started one at a time, per kind (default 30)
        --burst N             node suite: pods created at once (default 200)
        --sts-replicas N,M    statefulset suite: the replica counts applied to Ready (default 3,50)
        --sts-update N        statefulset suite: replicas of the rolling update (default 10)
        --trace               node suite: run the server with -Dberth.trace.podStart and report where
                              each one-at-a-time pod's create → Running went, step by step
      """;

  /** A fallback when run without {@code --java-opts}; bench/run.sh passes the launcher's own ({@code ./berth --print-java-opts}). */
  static final String LAUNCHER_JAVA_OPTS = "-XX:+UseSerialGC -Xss512k -Xms16m -XX:TieredStopAtLevel=1 -XX:-UsePerfData";

  static Options parse(String[] args) {
    Path jar = null;
    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    String javaOpts = LAUNCHER_JAVA_OPTS;
    String berthVersion = "unknown";
    int starts = 5;
    int objects = 10_000;
    int threads = 8;
    int lists = 5;
    int watchEvents = 1_000;
    int idleSeconds = 5;
    Path workDir = null;
    Path out = null;
    boolean keep = false;
    String suite = "control";
    int pods = 30;
    int burst = 200;
    int[] stsReplicas = {3, 50};
    int stsUpdate = 10;
    boolean trace = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--jar" -> jar = Path.of(value(args, ++i, a));
        case "--java" -> java = Path.of(value(args, ++i, a));
        case "--java-opts" -> javaOpts = value(args, ++i, a);
        case "--berth-version" -> berthVersion = value(args, ++i, a);
        case "--starts" -> starts = positive(value(args, ++i, a), a);
        case "--objects" -> objects = positive(value(args, ++i, a), a);
        case "--threads" -> threads = positive(value(args, ++i, a), a);
        case "--lists" -> lists = positive(value(args, ++i, a), a);
        case "--watch-events" -> watchEvents = positive(value(args, ++i, a), a);
        case "--idle-seconds" -> idleSeconds = positive(value(args, ++i, a), a);
        case "--work-dir" -> workDir = Path.of(value(args, ++i, a));
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--keep" -> keep = true;
        case "--suite" -> {
          suite = value(args, ++i, a);
          if (!List.of("control", "node", "statefulset", "all").contains(suite)) {
            fail("--suite is control, node, statefulset or all, got " + suite);
          }
        }
        case "--pods" -> pods = positive(value(args, ++i, a), a);
        case "--burst" -> burst = positive(value(args, ++i, a), a);
        case "--sts-replicas" -> {
          String v = value(args, ++i, a);
          stsReplicas = Arrays.stream(v.split(",")).mapToInt(x -> positive(x.trim(), a)).toArray();
        }
        case "--sts-update" -> stsUpdate = positive(value(args, ++i, a), a);
        case "--trace" -> trace = true;
        case "-h", "--help" -> {
          System.out.print(USAGE);
          System.exit(0);
        }
        default -> fail("unknown option " + a);
      }
    }
    if (jar == null) {
      fail("--jar is required");
    }
    List<String> opts = Arrays.stream(javaOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    return new Options(jar.toAbsolutePath(), java, opts, berthVersion, starts, objects, threads, lists, watchEvents,
        idleSeconds, workDir, out, keep, suite, pods, burst, stsReplicas, stsUpdate, trace);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      fail(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String s, String option) {
    try {
      int n = Integer.parseInt(s);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message
    }
    fail(option + " needs a positive whole number, got " + s);
    return 0;
  }

  private static void fail(String message) {
    System.err.print("berth-bench: " + message + "\n" + USAGE);
    System.exit(2);
  }
}
