package dev.berth.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the figures of one run and renders them as Markdown, each next to its baseline. */
final class Report {
  private static final double TARGET_READY_MS = 1_500;
  private static final double TARGET_IDLE_RSS_MB = 150;
  private static final double TARGET_CREATE_P99_MS = 10;
  private static final double UPSTREAM_MUTATION_P99_MS = 1_000;

  /**
   * One measured operation.
   *
   * @param rate operations per second: for one thread, count over the sum of the samples (the
   *     interleaved baseline calls excluded); for several, count over the phase's wall time
   */
  record Operation(String name, int threads, int attempted, Latencies latencies, double rate, long wallNanos, int errors,
      String firstError) {}

  /** Watch delivery: sent→received and acknowledged→received for each create seen as ADDED. */
  record WatchResult(String mode, String fallbackReason, int creates, Latencies fromSent, Latencies fromAck, int beforeAck, int unexpectedEvents, int errors,
      String firstError, String closedWith) {}

  private record MemoryReading(String when, ServerProcess.Memory memory) {}

  private final Options options;
  private Machine machine;
  private final Latencies.Recorder javaVersion = new Latencies.Recorder(8);
  private final Latencies.Recorder jarHelp = new Latencies.Recorder(8);
  private final Latencies.Recorder firstListening = new Latencies.Recorder(8);
  private final Latencies.Recorder firstReady = new Latencies.Recorder(8);
  private final Latencies.Recorder restartListening = new Latencies.Recorder(8);
  private final Latencies.Recorder restartReady = new Latencies.Recorder(8);
  private final Latencies.Recorder firstReadyz = new Latencies.Recorder(8);
  private final Latencies.Recorder restartReadyz = new Latencies.Recorder(8);
  private int readyzRetries;
  private final Latencies.Recorder stops = new Latencies.Recorder(8);
  private final List<MemoryReading> memory = new ArrayList<>();
  private final List<Operation> operations = new ArrayList<>();
  private Latencies baseline;
  private WatchResult watch;
  private Long fullStoreStop;
  private String listSize;
  private ServerProcess.Startup fullStoreRestart;

  Report(Options options) {
    this.options = options;
  }

  void machine(Machine m) {
    machine = m;
  }

  void startupRound(long javaVersionNanos, long jarHelpNanos, ServerProcess.Startup first, ServerProcess.Startup restart, long stopNanos) {
    javaVersion.add(javaVersionNanos);
    jarHelp.add(jarHelpNanos);
    firstListening.add(first.listeningNanos());
    firstReady.add(first.readyNanos());
    restartListening.add(restart.listeningNanos());
    restartReady.add(restart.readyNanos());
    firstReadyz.add(first.readyzRequestNanos());
    restartReadyz.add(restart.readyzRequestNanos());
    readyzRetries += first.attempts() - 1 + restart.attempts() - 1;
    stops.add(stopNanos);
  }

  void memory(String when, ServerProcess.Memory m) {
    memory.add(new MemoryReading(when, m));
    ControlPlaneBench.progress("VmRSS " + mb(m.rssKib()) + " MB " + when);
  }

  void operation(Operation op) {
    operations.add(op);
    Latencies l = op.latencies();
    ControlPlaneBench.progress(l.isEmpty() ? op.name() + ": no successful samples, " + op.errors() + " errors"
        : String.format(Locale.ROOT, "%s x%d: p50 %s ms, p99 %s ms, %.0f ops/s, %d errors", op.name(), op.threads(),
            ms(l.p50()), ms(l.p99()), op.rate(), op.errors()));
  }

  void baseline(Latencies l) {
    baseline = l;
  }

  void watch(WatchResult w) {
    watch = w;
  }

  void listSize(int items, long chars) {
    listSize = String.format(Locale.ROOT, "A list of %d items is %.1f MB of JSON (%d bytes per item).", items, chars / 1e6, chars / items);
  }

  void fullStoreStop(long nanos) {
    fullStoreStop = nanos;
  }

  void fullStoreRestart(ServerProcess.Startup s) {
    fullStoreRestart = s;
  }

  // ------------------------------------------------------------------ rendering

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("## berth control-plane benchmark\n\n");
    if (machine != null) {
      md.append("- date: ").append(machine.date()).append('\n');
      md.append("- berth: ").append(options.berthVersion()).append(" (`").append(options.jar().getFileName()).append("`)\n");
      md.append("- machine: ").append(machine.cpus()).append(" CPUs (").append(machine.cpu()).append("), ")
          .append(machine.memory()).append(" RAM, Linux ").append(machine.kernel()).append('\n');
      md.append("- data dirs: ").append(machine.disk()).append('\n');
      md.append("- JDK: ").append(machine.jdk()).append("; server JVM options: `").append(String.join(" ", machine.javaOptions())).append("`\n");
      md.append("- load average at start: ").append(machine.loadAtStart()).append('\n');
    }
    md.append("- client: fabric8 kubernetes-client 8.0.0 (vertx-5 HTTP client) in the benchmark's JVM, one client shared by all threads\n\n");
    startupTable(md);
    memoryTable(md);
    requestTable(md);
    watchTable(md);
    targetTable(md);
    return md.toString();
  }

  private void startupTable(StringBuilder md) {
    Latencies base = javaVersion.latencies();
    if (base.isEmpty()) {
      return;
    }
    md.append("### Start-up (").append(base.count()).append(base.count() == 1 ? " round" : " rounds")
        .append("; ms from process start; ratio = median ÷ median of `java -version`)\n\n");
    md.append("| what | min | median | max | × `java -version` |\n| --- | ---: | ---: | ---: | ---: |\n");
    startupRow(md, "`java -version` (baseline, same JVM options)", base, base);
    startupRow(md, "`java -jar berth.jar --help`", jarHelp.latencies(), base);
    startupRow(md, "first start (new data dir: PKI, store, bootstrap) → \"listening\" printed", firstListening.latencies(), base);
    startupRow(md, "first start → `GET /readyz` = `ok`", firstReady.latencies(), base);
    startupRow(md, "restart on the same dir → \"listening\" printed", restartListening.latencies(), base);
    startupRow(md, "restart on the same dir → `GET /readyz` = `ok`", restartReady.latencies(), base);
    if (fullStoreRestart != null) {
      startupRow(md, "restart on the full workload dir (1 run) → `GET /readyz` = `ok`",
          Latencies.of(new long[] {fullStoreRestart.readyNanos()}), base);
    }
    startupRow(md, "of which the successful `GET /readyz` alone (new TLS connection), first start", firstReadyz.latencies(), null);
    startupRow(md, "of which the successful `GET /readyz` alone (new TLS connection), restart", restartReadyz.latencies(), null);
    startupRow(md, "stop: SIGTERM → exit (bootstrap objects only)", stops.latencies(), null);
    if (fullStoreStop != null) {
      startupRow(md, "stop: SIGTERM → exit (full workload store, 1 run)", Latencies.of(new long[] {fullStoreStop}), null);
    }
    md.append('\n');
    md.append("`GET /readyz` answered something other than `ok` (or failed) before `ok`: ").append(readyzRetries)
        .append(" times over all measured starts.\n\n");
  }

  private static void startupRow(StringBuilder md, String what, Latencies l, Latencies base) {
    md.append("| ").append(what).append(" | ").append(ms(l.min())).append(" | ").append(ms(l.p50())).append(" | ")
        .append(ms(l.max())).append(" | ").append(base == null ? "–" : ratio(l.p50(), base.p50())).append(" |\n");
  }

  private void memoryTable(StringBuilder md) {
    if (memory.isEmpty()) {
      return;
    }
    md.append("### Memory of the server process (`/proc/PID/status`; MB = 10⁶ bytes)\n\n");
    md.append("| when | VmRSS MB | VmHWM (peak) MB | Java heap used MB | heap committed MB |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (MemoryReading r : memory) {
      ServerProcess.Memory m = r.memory();
      md.append("| ").append(r.when()).append(" | ").append(mb(m.rssKib())).append(" | ").append(mb(m.peakRssKib())).append(" | ")
          .append(m.heapUsedKib() < 0 ? "–" : mb(m.heapUsedKib())).append(" | ")
          .append(m.heapCommittedKib() < 0 ? "–" : mb(m.heapCommittedKib())).append(" |\n");
    }
    md.append('\n');
    md.append("RSS is read before `jcmd PID GC.heap_info` attaches; heap \"used\" includes garbage not yet collected, except after the full GC.\n\n");
  }

  private void requestTable(StringBuilder md) {
    if (operations.isEmpty()) {
      return;
    }
    md.append("### Requests (ms; ratios against the `GET /version` round trip on the same server and client, measured interleaved)\n\n");
    md.append("| operation | threads | n | p50 | p99 | max | ops/s | p50 × /version | p99 × /version | errors |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    if (baseline != null && !baseline.isEmpty()) {
      md.append("| `GET /version` (baseline) | 1 | ").append(baseline.count()).append(" | ").append(ms(baseline.p50())).append(" | ")
          .append(ms(baseline.p99())).append(" | ").append(ms(baseline.max())).append(" | ")
          .append(String.format(Locale.ROOT, "%.0f", baseline.sequentialRate())).append(" | 1 | 1 | 0 |\n");
    }
    List<String> notes = new ArrayList<>();
    for (Operation op : operations) {
      Latencies l = op.latencies();
      md.append("| ").append(op.name()).append(" | ").append(op.threads()).append(" | ").append(l.count()).append(" | ");
      if (l.isEmpty()) {
        md.append("– | – | – | – | – | – | ");
      } else {
        md.append(ms(l.p50())).append(" | ").append(ms(l.p99())).append(" | ").append(ms(l.max())).append(" | ")
            .append(String.format(Locale.ROOT, "%.0f", op.rate())).append(" | ")
            .append(baseline == null ? "–" : ratio(l.p50(), baseline.p50())).append(" | ")
            .append(baseline == null ? "–" : ratio(l.p99(), baseline.p99())).append(" | ");
      }
      md.append(op.errors()).append(" |\n");
      if (op.firstError() != null) {
        notes.add(op.name() + " ×" + op.threads() + ": first error: " + op.firstError());
      }
    }
    md.append('\n');
    md.append("One-thread rates are n ÷ the sum of the samples; multi-thread rates are n ÷ wall time. ");
    md.append("With ").append(options.lists()).append(" lists, p99 is the slowest list. ");
    if (listSize != null) {
      md.append(listSize).append(' ');
    }
    md.append("The raw list (`client.raw`) reads the same response as text without building model objects, "
        + "which separates the client's decoding from the server's work.\n\n");
    for (String n : notes) {
      md.append("- ").append(n).append('\n');
    }
    if (!notes.isEmpty()) {
      md.append('\n');
    }
  }

  private void watchTable(StringBuilder md) {
    if (watch == null) {
      return;
    }
    md.append("### Watch delivery (").append(watch.creates()).append(" creates, one thread, one fabric8 watch on their namespace; ms)\n\n");
    md.append("Watch transport: ").append(watch.mode()).append(".");
    if (watch.fallbackReason() != null) {
      md.append(" fabric8's default watch was tried first and failed: ").append(watch.fallbackReason()).append('.');
    }
    md.append("\n\n");
    md.append("| measure | n | p50 | p99 | max |\n| --- | ---: | ---: | ---: | ---: |\n");
    watchRow(md, "create sent → ADDED event received", watch.fromSent());
    watchRow(md, "create acknowledged → ADDED event received", watch.fromAck());
    md.append('\n');
    md.append("- events that reached the watcher before the create's response reached the caller (negative above): ")
        .append(watch.beforeAck()).append('\n');
    md.append("- unexpected events: ").append(watch.unexpectedEvents()).append("; errors: ").append(watch.errors());
    if (watch.firstError() != null) {
      md.append(" (first: ").append(watch.firstError()).append(')');
    }
    md.append('\n');
    if (watch.closedWith() != null) {
      md.append("- the watch closed with: ").append(watch.closedWith()).append('\n');
    }
    md.append('\n');
  }

  private static void watchRow(StringBuilder md, String what, Latencies l) {
    md.append("| ").append(what).append(" | ").append(l.count()).append(" | ");
    if (l.isEmpty()) {
      md.append("– | – | – |\n");
    } else {
      md.append(ms(l.p50())).append(" | ").append(ms(l.p99())).append(" | ").append(ms(l.max())).append(" |\n");
    }
  }

  private void targetTable(StringBuilder md) {
    md.append("### Targets\n\n| target | measured | met |\n| --- | --- | --- |\n");
    Latencies first = firstReady.latencies();
    Latencies restart = restartReady.latencies();
    if (!first.isEmpty()) {
      double worst = Math.max(first.p50(), restart.p50()) / 1e6;
      md.append("| ready in under 1.5 s | median first start ").append(ms(first.p50())).append(" ms, median restart ")
          .append(ms(restart.p50())).append(" ms | ").append(met(worst < TARGET_READY_MS)).append(" |\n");
    }
    if (!memory.isEmpty()) {
      double idle = memory.get(0).memory().rssKib() * 1024 / 1e6;
      md.append("| idle RSS under 150 MB | ").append(mb(memory.get(0).memory().rssKib())).append(" MB (").append(memory.get(0).when())
          .append(") | ").append(met(idle < TARGET_IDLE_RSS_MB)).append(" |\n");
    }
    Operation create = operations.stream().filter(o -> o.name().equals("create") && o.threads() == 1).findFirst().orElse(null);
    if (create != null && !create.latencies().isEmpty()) {
      double p99 = create.latencies().p99() / 1e6;
      md.append("| p99 create under 10 ms (one thread) | ").append(ms(create.latencies().p99())).append(" ms | ")
          .append(met(p99 < TARGET_CREATE_P99_MS && create.errors() == 0)).append(" |\n");
      double worstMutation = operations.stream().filter(o -> o.name().equals("create") && !o.latencies().isEmpty())
          .mapToDouble(o -> o.latencies().p99() / 1e6).max().orElse(p99);
      md.append("| upstream SLO: p99 single-object mutation under 1 s | worst create p99 ")
          .append(String.format(Locale.ROOT, "%.2f", worstMutation)).append(" ms | ").append(met(worstMutation < UPSTREAM_MUTATION_P99_MS))
          .append(" |\n");
    }
    md.append('\n');
  }

  private static String met(boolean met) {
    return met ? "yes" : "**no**";
  }

  static String ms(long nanos) {
    double ms = nanos / 1e6;
    double abs = Math.abs(ms);
    return String.format(Locale.ROOT, abs < 10 ? "%.2f" : abs < 100 ? "%.1f" : "%.0f", ms);
  }

  private static String mb(long kib) {
    return String.format(Locale.ROOT, "%.1f", kib * 1024 / 1e6);
  }

  private static String ratio(long value, long base) {
    return base <= 0 ? "–" : String.format(Locale.ROOT, "%.2f", (double) value / base);
  }
}
