package dev.berth.node.runtime;

import dev.berth.api.time.Clock;
import dev.berth.node.trace.PodStartTrace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Runs each container instance as a process tree in its own Linux namespaces
 * ({@code spec/kubelet.md} §7.10, §10.2):
 *
 * <pre>
 * berth (this JVM)
 *  └─ setsid unshare --pid --mount --uts --propagation private -- perl berth-shim.pl   the shim
 *     (as root on x86-64 and arm64: perl berth-shim.pl, which calls setsid(2), unshare(2) and
 *     mount(2) itself to the same effect, two programs fewer per start)
 *      └─ PID 1 of a new PID namespace: mounts /proc, sets the hostname, bind-mounts the
 *         mounts (read-only where asked), chdir(workingDir), checks argv[0] against PATH, then
 *         exec [setpriv --reuid … --regid … --groups …|--clear-groups [--no-new-privs] --] argv
 *         with exactly the container's environment
 * </pre>
 *
 * <p>The workload stays PID 1 of its PID namespace, so (as on a real node) it only sees {@code
 * SIGTERM} if it installed a handler, and {@code SIGKILL} of it ends every process of the
 * container. The shim is the workload's parent: it writes the container's stdout and stderr to
 * the log file in the CRI format (one timestamp per chunk read, rotation at {@code maxLogBytes},
 * one rotated file kept) and, once the container ended and its output is drained, its exit code
 * (128+signal for a signal death) to {@code <attempt>.exit}. The shim runs in its own session and
 * holds nothing of berth's: berth may crash and the container, its logs and its exit record carry
 * on. {@link #survivors()} finds such processes again through the {@code <attempt>.json} records
 * and polls {@code /proc} and the exit record for their end (they are not children of this JVM).
 *
 * <p>Files, under {@code DATA/pods/<uid>/containers/<name>/}: {@code <attempt>.json} (pids, start
 * times, argv), {@code <attempt>.exit}, {@code shim.log} (the shims' own complaints). The shim
 * script itself is copied to {@code DATA/bin/berth-shim-<hash>.pl}, never overwritten.
 *
 * <p>Host programs used: {@code setsid}, {@code unshare}, {@code mount}, {@code setpriv} (util-linux)
 * and {@code perl} (Debian's essential {@code perl-base}; {@code Time::HiRes} from {@code perl} is
 * used for sub-second log timestamps when present, loaded once the workload runs). On x86-64 and
 * arm64 the shim mounts with the {@code mount} syscall and starts {@code mount} only when that
 * fails, and as root it needs neither {@code setsid} nor {@code unshare} ({@link Syscalls}). Without root, berth adds {@code --user
 * --map-root-user}; where no namespace can be created every start fails with {@code
 * RunContainerError} "berth cannot create Linux namespaces here: …", never silently without them.
 *
 * <p>Mount points that do not exist are created on the host's file system (the container shares
 * the host's root; there is no image), and stay there as empty directories or files.
 */
public final class OsProcessLauncher implements ProcessLauncher {
  /** 10 MiB, the kubelet's default {@code containerLogMaxSize}. */
  public static final long DEFAULT_MAX_LOG_BYTES = 10L * 1024 * 1024;

  private static final String SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ADOPTED_POLL_INTERVAL = Duration.ofMillis(200);
  private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final ExecutorService READERS = Executors.newVirtualThreadPerTaskExecutor();

  private final Path dataDir;
  private final Clock clock;
  private final long maxLogBytes;
  private final Map<String, ShimProcess> known = new ConcurrentHashMap<>();
  private final Map<String, ShimProcess> adopted = new ConcurrentHashMap<>();
  private final Object pollLock = new Object();
  private boolean pollScheduled;
  private final Syscalls syscalls;
  private volatile Sandbox sandbox;

  public OsProcessLauncher(Path dataDir, Clock clock) {
    this(dataDir, clock, DEFAULT_MAX_LOG_BYTES);
  }

  /** @param maxLogBytes a container's log file is rotated when it would grow past this size */
  public OsProcessLauncher(Path dataDir, Clock clock, long maxLogBytes) {
    this(dataDir, clock, maxLogBytes, Syscalls.of(System.getProperty("os.arch")));
  }

  /** @param syscalls what the shim may call itself; {@link Syscalls#NONE} makes it start programs for everything */
  OsProcessLauncher(Path dataDir, Clock clock, long maxLogBytes, Syscalls syscalls) {
    this.dataDir = Objects.requireNonNull(dataDir).toAbsolutePath();
    this.clock = Objects.requireNonNull(clock);
    if (maxLogBytes < 1024) {
      throw new IllegalArgumentException("maxLogBytes must be at least 1024, got " + maxLogBytes);
    }
    this.maxLogBytes = maxLogBytes;
    this.syscalls = Objects.requireNonNull(syscalls);
  }

  /**
   * The Linux syscall numbers the shim calls instead of starting a program (about a millisecond
   * each): {@code mount} for every mount, and, when berth runs as root, {@code setsid} and {@code
   * unshare} for its session and namespaces. 0 where not known: the shim then runs {@code mount},
   * and berth starts it under {@code setsid} and {@code unshare}.
   */
  record Syscalls(int mount, int setsid, int unshare) {
    static final Syscalls NONE = new Syscalls(0, 0, 0);

    /**
     * Only for the two 64-bit architectures berth is used on ({@code os.arch}), where the host's
     * {@code perl} is of the JVM's architecture.
     */
    static Syscalls of(String arch) {
      return switch (arch == null ? "" : arch) {
        case "amd64", "x86_64" -> new Syscalls(165, 112, 272);
        case "aarch64" -> new Syscalls(40, 157, 97);
        default -> NONE;
      };
    }
  }

  /** {@code DATA/pods/<uid>/containers/<name>/}: the records of a container's instances. */
  public static Path containerDir(Path dataDir, String podUid, String containerName) {
    return dataDir.resolve("pods").resolve(podUid).resolve("containers").resolve(containerName);
  }

  @Override
  public ContainerProcess start(ContainerLaunch launch) throws LaunchException {
    validate(launch);
    Sandbox sb = sandbox();
    List<String> exec = new ArrayList<>(privilegeDrop(sb, launch.user()));
    exec.addAll(launch.argv());
    Path dir = containerDir(dataDir, launch.podUid(), launch.containerName());
    Path recordFile = dir.resolve(launch.attempt() + ".json");
    Path exitFile = dir.resolve(launch.attempt() + ".exit");
    String key = key(launch.podUid(), launch.containerName(), launch.attempt());
    ShimProcess running = known.get(key);
    if (running != null && !running.exit().isDone()) {
      throw new LaunchException("RunContainerError", "container " + launch.containerName() + " attempt " + launch.attempt()
          + " of pod " + launch.namespace() + "/" + launch.podName() + " is already running as pid " + running.pid());
    }
    byte[] spec;
    try {
      spec = new ShimSpec(exitFile, launch.logFile().toAbsolutePath(), maxLogBytes,
          launch.hostname() != null ? launch.hostname() : launch.podName(),
          launch.workingDir() != null ? launch.workingDir() : "/",
          launch.env().getOrDefault("PATH", ShimSpec.DEFAULT_LOOKUP_PATH), launch.argv().get(0), sb.mount(),
          syscalls.mount(), sb.namespacesInShim() ? syscalls.setsid() : 0, sb.namespacesInShim() ? syscalls.unshare() : 0,
          launch.mounts(), exec, launch.env()).encode();
    } catch (IllegalArgumentException e) {
      throw new LaunchException("RunContainerError", e.getMessage());
    }
    Process shim = null;
    ContainerRecord record;
    try {
      Files.createDirectories(dir);
      Files.createDirectories(launch.logFile().toAbsolutePath().getParent());
      Files.deleteIfExists(exitFile);
      ProcessBuilder pb = new ProcessBuilder(sb.shimCommand(launch.namespace() + "/" + launch.podName() + "/"
          + launch.containerName() + "#" + launch.attempt()))
          .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("shim.log").toFile()));
      pb.environment().clear();
      pb.environment().put("PATH", SEARCH_PATH);
      pb.environment().put("LC_ALL", "C");
      PodStartTrace.mark(launch.namespace(), launch.podName(), "spawn");
      shim = pb.start();
      PodStartTrace.mark(launch.namespace(), launch.podName(), "spawned");
      long shimStart = ProcStat.read(shim.pid()).map(ProcStat::startTicks).orElse(0L);
      record = new ContainerRecord(launch.podUid(), launch.namespace(), launch.podName(), launch.containerName(),
          launch.attempt(), 0, 0, shim.pid(), shimStart, null, List.copyOf(launch.argv()),
          launch.logFile().toAbsolutePath().toString());
      record.write(recordFile);
    } catch (IOException e) {
      if (shim != null) {
        killTree(shim.toHandle());
      }
      deleteQuietly(recordFile);
      throw new LaunchException("RunContainerError", "cannot start the container's sandbox: " + e.getMessage(), e);
    }
    String line;
    try {
      try (OutputStream in = shim.getOutputStream()) {
        in.write(spec);
      }
      PodStartTrace.mark(launch.namespace(), launch.podName(), "specSent");
      line = readFirstLine(shim);
      PodStartTrace.mark(launch.namespace(), launch.podName(), "ready");
    } catch (IOException | TimeoutException e) {
      killTree(shim.toHandle());
      deleteQuietly(recordFile);
      throw new LaunchException("RunContainerError", "the container's sandbox did not start within "
          + READY_TIMEOUT.toSeconds() + "s: " + e.getMessage() + diagnostics(dir, launch.logFile()), e);
    }
    if (line == null || !line.startsWith("ready ")) {
      awaitQuietly(shim);
      deleteQuietly(recordFile);
      deleteQuietly(exitFile);
      String message = line != null && line.startsWith("error ") ? line.substring(6)
          : "the container's sandbox could not be started (" + (line == null ? "no report" : line) + ")"
              + diagnostics(dir, launch.logFile());
      throw new LaunchException("RunContainerError", message);
    }
    long pid = Long.parseLong(line.substring(6).trim());
    Instant startedAt = clock.now();
    record = record.withWorkload(pid, ProcStat.read(pid).map(ProcStat::startTicks).orElse(0L), startedAt.toString());
    try {
      record.write(recordFile);
    } catch (IOException e) {
      // The container runs; only a later berth would miss it. Say so where the shims complain.
      appendQuietly(dir.resolve("shim.log"), "berth: cannot record " + recordFile + ": " + e.getMessage() + "\n");
    }
    ShimProcess process = new ShimProcess(record, exitFile, startedAt);
    known.put(key, process);
    process.exit().whenComplete((code, error) -> known.remove(key, process));
    // Not shim.onExit(): the JDK completes that on the common pool, which blocking work elsewhere
    // can starve (its parallelism is 1 on a two-core machine).
    Process started = shim;
    Thread.ofVirtual().name("berth-exit-" + started.pid()).start(() -> {
      try {
        started.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      process.completeFromRecord(true);
    });
    return process;
  }

  /**
   * Every container instance recorded under {@code DATA/pods} whose shim or workload still runs
   * and whose exit is not yet recorded, started by this or an earlier berth. Each is returned once
   * per launcher (the same object on later calls); its {@link ContainerProcess#exit()} completes
   * from the exit record, found by polling.
   */
  @Override
  public List<ContainerProcess> survivors() {
    List<ContainerProcess> out = new ArrayList<>();
    Path pods = dataDir.resolve("pods");
    if (!Files.isDirectory(pods)) {
      return out;
    }
    for (Path recordFile : recordFiles(pods)) {
      ContainerRecord r;
      try {
        r = ContainerRecord.read(recordFile);
      } catch (IOException e) {
        continue;
      }
      String key = key(r.podUid(), r.containerName(), r.attempt());
      ShimProcess p = known.get(key);
      if (p != null) {
        if (!p.exit().isDone()) {
          out.add(p);
        }
        continue;
      }
      Path exitFile = recordFile.resolveSibling(r.attempt() + ".exit");
      if (Files.exists(exitFile)) {
        continue;
      }
      if (r.pid() == 0 && ProcStat.isAlive(r.shimPid(), r.shimStartTicks())) {
        // An earlier berth died while this container's sandbox was being prepared.
        List<Long> children = ProcStat.children(r.shimPid());
        if (children.isEmpty()) {
          continue;
        }
        long pid = children.get(0);
        r = r.withWorkload(pid, ProcStat.read(pid).map(ProcStat::startTicks).orElse(0L), null);
      }
      ShimProcess candidate = new ShimProcess(r, exitFile, parseInstant(r.startedAt()).orElse(clock.now()));
      if (!candidate.isAlive()) {
        continue;
      }
      ShimProcess prior = known.putIfAbsent(key, candidate);
      if (prior != null) {
        out.add(prior);
        continue;
      }
      adopted.put(key, candidate);
      candidate.exit().whenComplete((code, error) -> known.remove(key, candidate));
      out.add(candidate);
    }
    schedulePoll();
    return out;
  }

  @Override
  public Optional<ExitRecord> exitRecord(String podUid, String containerName, int attempt) {
    if (podUid == null || containerName == null || !SAFE_SEGMENT.matcher(podUid).matches()
        || !SAFE_SEGMENT.matcher(containerName).matches() || attempt < 0) {
      return Optional.empty();
    }
    return ExitRecord.read(containerDir(dataDir, podUid, containerName).resolve(attempt + ".exit"));
  }

  private void schedulePoll() {
    synchronized (pollLock) {
      if (pollScheduled || adopted.isEmpty()) {
        return;
      }
      pollScheduled = true;
    }
    clock.schedule(ADOPTED_POLL_INTERVAL, this::pollAdopted);
  }

  /** Completes the exits of adopted containers whose end was recorded (or can no longer be). */
  private void pollAdopted() {
    synchronized (pollLock) {
      pollScheduled = false;
    }
    adopted.values().removeIf(p -> {
      boolean alive = p.isAlive();
      p.completeFromRecord(!alive);
      return p.exit().isDone();
    });
    schedulePoll();
  }

  private static List<Path> recordFiles(Path pods) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> podDirs = Files.newDirectoryStream(pods)) {
      for (Path pod : podDirs) {
        Path containers = pod.resolve("containers");
        if (!Files.isDirectory(containers)) {
          continue;
        }
        try (DirectoryStream<Path> names = Files.newDirectoryStream(containers)) {
          for (Path name : names) {
            if (!Files.isDirectory(name)) {
              continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(name, "*.json")) {
              files.forEach(out::add);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list container records under " + pods, e);
    }
    out.sort(null);
    return out;
  }

  private static void validate(ContainerLaunch l) throws LaunchException {
    if (l.argv() == null || l.argv().isEmpty() || l.argv().get(0).isEmpty()) {
      throw new LaunchException("CreateContainerError", "no command specified");
    }
    for (String segment : List.of(l.podUid(), l.containerName())) {
      if (segment == null || !SAFE_SEGMENT.matcher(segment).matches()) {
        throw new LaunchException("RunContainerError", "not usable as a file name: \"" + segment + "\"");
      }
    }
    if (l.attempt() < 0) {
      throw new LaunchException("RunContainerError", "negative attempt " + l.attempt());
    }
    if (l.workingDir() != null && !l.workingDir().startsWith("/")) {
      throw new LaunchException("RunContainerError", "workingDir must be an absolute path, got \"" + l.workingDir() + "\"");
    }
    for (ContainerLaunch.Mount m : l.mounts()) {
      if (!m.target().startsWith("/")) {
        throw new LaunchException("RunContainerError", "mount target must be an absolute path, got \"" + m.target() + "\"");
      }
      if (!m.source().isAbsolute()) {
        throw new LaunchException("RunContainerError", "mount source must be an absolute path, got \"" + m.source() + "\"");
      }
    }
    for (String name : l.env().keySet()) {
      if (name.isEmpty() || name.indexOf('=') >= 0) {
        throw new LaunchException("RunContainerError", "invalid environment variable name \"" + name + "\"");
      }
    }
  }

  /**
   * The setpriv prefix for a {@code securityContext} user ({@code spec/kubelet.md} §10.2): {@code
   * --reuid}, {@code --regid} (the user's primary group from the host's {@code /etc/passwd} when
   * only a uid is given, else 0, as for an image user), {@code --groups} or {@code
   * --clear-groups}, {@code --no-new-privs}. Empty when nothing is to change.
   */
  static List<String> privilegeDrop(String setpriv, ContainerLaunch.RunAs user, PasswdLookup passwd) {
    if (user == null) {
      return List.of();
    }
    List<String> args = new ArrayList<>();
    args.add(setpriv);
    Long gid = user.gid();
    if (gid == null && user.uid() != null) {
      gid = passwd.primaryGid(user.uid()).orElse(0L);
    }
    if (user.uid() != null) {
      args.add("--reuid=" + user.uid());
    }
    if (gid != null) {
      args.add("--regid=" + gid);
      List<Long> groups = user.supplementalGroups() == null ? List.of() : user.supplementalGroups();
      if (groups.isEmpty()) {
        args.add("--clear-groups");
      } else {
        args.add("--groups=" + String.join(",", groups.stream().map(String::valueOf).toList()));
      }
    }
    if (user.noNewPrivileges()) {
      args.add("--no-new-privs");
    }
    if (args.size() == 1) {
      return List.of();
    }
    args.add("--");
    return args;
  }

  private static List<String> privilegeDrop(Sandbox sb, ContainerLaunch.RunAs user) throws LaunchException {
    if (user == null) {
      return List.of();
    }
    boolean changesIds = user.uid() != null || user.gid() != null
        || (user.supplementalGroups() != null && !user.supplementalGroups().isEmpty());
    if (changesIds && sb.rootless()) {
      throw new LaunchException("RunContainerError", "runAsUser, runAsGroup and supplemental groups need berth to run as root;"
          + " berth runs as uid " + ProcStat.effectiveUid() + " in a user namespace that maps only that user");
    }
    return privilegeDrop(sb.program("setpriv"), user, PasswdLookup.HOST);
  }

  /** Looks up a uid's primary group. */
  interface PasswdLookup {
    Optional<Long> primaryGid(long uid);

    PasswdLookup HOST = uid -> {
      try {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
          String[] f = line.split(":");
          if (f.length >= 4 && f[2].equals(Long.toString(uid))) {
            return Optional.of(Long.parseLong(f[3]));
          }
        }
      } catch (IOException | NumberFormatException e) {
        // no passwd entry known
      }
      return Optional.empty();
    };
  }

  /**
   * How containers are put into namespaces here, found once: programs, rootless or not, and
   * whether the shim makes its session and namespaces itself (as root, where the syscalls are
   * known) or is started under {@code setsid} and {@code unshare}.
   */
  private record Sandbox(Map<String, String> programs, Path shimScript, boolean rootless, boolean namespacesInShim, String problem) {
    String program(String name) {
      return programs.get(name);
    }

    String mount() {
      return programs.get("mount");
    }

    List<String> shimCommand(String title) {
      if (namespacesInShim) {
        return List.of(program("perl"), shimScript.toString(), title);
      }
      List<String> cmd = new ArrayList<>(List.of(program("setsid"), program("unshare")));
      if (rootless) {
        cmd.addAll(List.of("--user", "--map-root-user"));
      }
      cmd.addAll(List.of("--pid", "--mount", "--uts", "--propagation", "private", "--", program("perl"),
          shimScript.toString(), title));
      return cmd;
    }
  }

  private Sandbox sandbox() throws LaunchException {
    Sandbox sb = sandbox;
    if (sb == null) {
      synchronized (this) {
        sb = sandbox;
        if (sb == null) {
          sb = probeSandbox();
          sandbox = sb;
        }
      }
    }
    if (sb.problem() != null) {
      throw new LaunchException("RunContainerError", sb.problem());
    }
    return sb;
  }

  private Sandbox probeSandbox() {
    Map<String, String> programs = new ConcurrentHashMap<>();
    for (String name : List.of("setsid", "unshare", "mount", "setpriv", "perl")) {
      Optional<String> p = findProgram(name);
      if (p.isEmpty()) {
        return new Sandbox(programs, null, false, false, "berth needs the program \"" + name + "\" ("
            + (name.equals("perl") ? "perl-base" : "util-linux") + ") to run containers, and found none in " + SEARCH_PATH);
      }
      programs.put(name, p.get());
    }
    boolean rootless = ProcStat.effectiveUid() != 0;
    List<String> probe = new ArrayList<>(List.of(programs.get("unshare")));
    if (rootless) {
      probe.addAll(List.of("--user", "--map-root-user"));
    }
    probe.addAll(List.of("--pid", "--mount", "--uts", "--propagation", "private", "--", "true"));
    try {
      ProcessBuilder pb = new ProcessBuilder(probe).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().put("PATH", SEARCH_PATH);
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        return new Sandbox(programs, null, rootless, false, "berth cannot create Linux namespaces here: " + out
            + (rootless ? " (berth runs as uid " + ProcStat.effectiveUid() + " and user namespaces are unavailable;"
                + " run berth as root or enable unprivileged user namespaces)" : ""));
      }
      return new Sandbox(programs, installShim(), rootless, !rootless && syscalls.unshare() != 0 && syscalls.setsid() != 0
          && syscalls.mount() != 0, null);
    } catch (IOException e) {
      return new Sandbox(programs, null, rootless, false, "berth cannot create Linux namespaces here: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sandbox(programs, null, rootless, false, "interrupted while checking for Linux namespaces");
    }
  }

  /** Copies the shim script to {@code DATA/bin/berth-shim-<sha256 prefix>.pl} unless present. */
  private Path installShim() throws IOException {
    byte[] script;
    try (InputStream in = OsProcessLauncher.class.getResourceAsStream("berth-shim.pl")) {
      if (in == null) {
        throw new IOException("berth-shim.pl is missing from berth's classpath");
      }
      script = in.readAllBytes();
    }
    String hash;
    try {
      hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script)).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path bin = dataDir.resolve("bin");
    Path target = bin.resolve("berth-shim-" + hash + ".pl");
    if (!Files.exists(target)) {
      Files.createDirectories(bin);
      Path tmp = Files.createTempFile(bin, "berth-shim", ".tmp");
      Files.write(tmp, script);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  static Optional<String> findProgram(String name) {
    for (String dir : SEARCH_PATH.split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }

  private static String readFirstLine(Process shim) throws IOException, TimeoutException {
    InputStream in = shim.getInputStream();
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
          buf.write(c);
        }
        return c == -1 && buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, READERS);
    try {
      return line.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } finally {
      try {
        in.close();
      } catch (IOException e) {
        // nothing more to read
      }
    }
  }

  /** The shim's complaints and the end of the container's log, for a failure message. */
  private static String diagnostics(Path dir, Path logFile) {
    StringBuilder sb = new StringBuilder();
    for (Path f : List.of(dir.resolve("shim.log"), logFile)) {
      try {
        List<String> lines = Files.readAllLines(f);
        List<String> tail = lines.subList(Math.max(0, lines.size() - 3), lines.size());
        if (!tail.isEmpty()) {
          sb.append("; ").append(f.getFileName()).append(": ").append(String.join(" | ", tail));
        }
      } catch (IOException | UncheckedIOException e) {
        // nothing to add
      }
    }
    return sb.toString();
  }

  private static void killTree(ProcessHandle h) {
    h.descendants().forEach(ProcessHandle::destroyForcibly);
    h.destroyForcibly();
  }

  private static void awaitQuietly(Process p) {
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        killTree(p.toHandle());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort
    }
  }

  private static void appendQuietly(Path p, String s) {
    try {
      Files.writeString(p, s, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      // best effort
    }
  }

  private static Optional<Instant> parseInstant(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(Instant.parse(s));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String key(String uid, String name, int attempt) {
    return uid + "/" + name + "/" + attempt;
  }
}
