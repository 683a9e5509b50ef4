package dev.berth.node.runtime.testing;

import dev.berth.api.time.Clock;
import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.runtime.ContainerProcess;
import dev.berth.node.runtime.ExitRecord;
import dev.berth.node.runtime.LaunchException;
import dev.berth.node.runtime.ProcessLauncher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A stateful {@link ProcessLauncher} for tests (STYLE.md "Seams, with fakes"): every start records
 * its {@link ContainerLaunch} and yields a {@link FakeProcess} that runs until the test says it
 * exits ({@link #exit}), or until it gets {@code SIGKILL}, which ends it at once with 137 as the
 * kernel would. {@code SIGTERM} is only recorded, like a PID 1 without a handler ignores it
 * (Appendix E 9), unless {@link #exitOnSigterm} says otherwise.
 *
 * <p>Invariant checked on every start: never two live processes for one container of one pod; a
 * start that would break it throws {@link AssertionError}. {@link #addSurvivor} plays the processes
 * an earlier berth left running. Thread-safe.
 */
public final class FakeProcessLauncher implements ProcessLauncher {
  private final Clock clock;
  private final List<FakeProcess> processes = new ArrayList<>();
  private final List<FakeProcess> survivors = new ArrayList<>();
  private final Map<String, LaunchException> failures = new HashMap<>();
  private final Map<List<Object>, ExitRecord> exitRecords = new HashMap<>();
  private long nextPid = 1000;
  private Integer sigtermExitCode;
  private int maxLivePerPod;

  public FakeProcessLauncher(Clock clock) {
    this.clock = clock;
  }

  /** One fake container process; {@link #signals()} lists what it was sent ({@code false} = SIGTERM, {@code true} = SIGKILL). */
  public final class FakeProcess implements ContainerProcess {
    private final ContainerLaunch launch;
    private final String podUid;
    private final String containerName;
    private final int attempt;
    private final long pid;
    private final Instant startedAt;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final List<Boolean> signals = new ArrayList<>();

    private FakeProcess(ContainerLaunch launch, String podUid, String containerName, int attempt, long pid, Instant startedAt) {
      this.launch = launch;
      this.podUid = podUid;
      this.containerName = containerName;
      this.attempt = attempt;
      this.pid = pid;
      this.startedAt = startedAt;
    }

    /** What it was started with; null for a survivor of an earlier berth. */
    public ContainerLaunch launch() {
      return launch;
    }

    @Override
    public String podUid() {
      return podUid;
    }

    @Override
    public String containerName() {
      return containerName;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public Instant startedAt() {
      return startedAt;
    }

    @Override
    public CompletableFuture<Integer> exit() {
      return exit;
    }

    @Override
    public void signal(boolean force) {
      Integer code;
      synchronized (FakeProcessLauncher.this) {
        if (exit.isDone()) {
          return;
        }
        signals.add(force);
        code = force ? Integer.valueOf(137) : sigtermExitCode;
      }
      if (code != null) {
        exit.complete(code);
      }
    }

    public boolean isAlive() {
      return !exit.isDone();
    }

    public List<Boolean> signals() {
      synchronized (FakeProcessLauncher.this) {
        return List.copyOf(signals);
      }
    }

    @Override
    public String toString() {
      return "pid " + pid + " " + podUid + "/" + containerName + "#" + attempt + (isAlive() ? " running" : " exited " + exit.join());
    }
  }

  @Override
  public ContainerProcess start(ContainerLaunch launch) throws LaunchException {
    FakeProcess p;
    synchronized (this) {
      LaunchException failure = failures.remove(launch.containerName());
      if (failure != null) {
        throw failure;
      }
      for (FakeProcess other : processes) {
        if (other.isAlive() && other.podUid.equals(launch.podUid()) && other.containerName.equals(launch.containerName())) {
          throw new AssertionError("two live processes for container " + launch.containerName() + " of pod " + launch.podUid()
              + ": " + other + " and a new attempt " + launch.attempt());
        }
      }
      p = new FakeProcess(launch, launch.podUid(), launch.containerName(), launch.attempt(), nextPid++, clock.now());
      processes.add(p);
      maxLivePerPod = Math.max(maxLivePerPod, live(launch.podUid()).size());
    }
    return p;
  }

  @Override
  public synchronized List<ContainerProcess> survivors() {
    return survivors.stream().filter(FakeProcess::isAlive).map(p -> (ContainerProcess) p).toList();
  }

  @Override
  public synchronized Optional<ExitRecord> exitRecord(String podUid, String containerName, int attempt) {
    return Optional.ofNullable(exitRecords.get(List.of(podUid, containerName, attempt)));
  }

  // ---------------------------------------------------------------------------------------------
  // Test hooks

  /**
   * Plays a container instance that ended while no berth ran: its supervisor recorded {@code
   * exitCode} at {@code finishedAt}, which {@link #exitRecord} returns from now on.
   */
  public synchronized void recordExit(String podUid, String containerName, int attempt, int exitCode, Instant finishedAt) {
    exitRecords.put(List.of(podUid, containerName, attempt), new ExitRecord(exitCode, finishedAt));
  }

  /** A process an earlier berth left running: {@link #survivors()} returns it while it lives. */
  public synchronized FakeProcess addSurvivor(String podUid, String containerName, int attempt, Instant startedAt) {
    FakeProcess p = new FakeProcess(null, podUid, containerName, attempt, nextPid++, startedAt);
    processes.add(p);
    survivors.add(p);
    return p;
  }

  /** The next start of a container named {@code containerName} throws {@code failure}. */
  public synchronized void failNextStart(String containerName, LaunchException failure) {
    failures.put(containerName, failure);
  }

  /** From now on SIGTERM ends a process with {@code exitCode} (a workload with a handler); null: ignored. */
  public synchronized void exitOnSigterm(Integer exitCode) {
    this.sigtermExitCode = exitCode;
  }

  /** Ends {@code process} with {@code exitCode}; its exit future completes on the calling thread. */
  public void exit(FakeProcess process, int exitCode) {
    if (!process.exit.complete(exitCode)) {
      throw new AssertionError(process + " has already exited");
    }
  }

  /** Ends the live process of {@code containerName} in the pod {@code podUid}. */
  public void exit(String podUid, String containerName, int exitCode) {
    exit(running(podUid, containerName).orElseThrow(() -> new AssertionError("no live process for " + containerName
        + " of pod " + podUid + "; processes: " + processes())), exitCode);
  }

  public synchronized List<FakeProcess> processes() {
    return List.copyOf(processes);
  }

  /** Every launch made, in order. */
  public synchronized List<ContainerLaunch> launches() {
    return processes.stream().map(FakeProcess::launch).filter(l -> l != null).toList();
  }

  /** The live processes of a pod, oldest first. */
  public synchronized List<FakeProcess> live(String podUid) {
    return processes.stream().filter(p -> p.isAlive() && p.podUid.equals(podUid)).toList();
  }

  /** Every live process, oldest first. */
  public synchronized List<FakeProcess> live() {
    return processes.stream().filter(FakeProcess::isAlive).toList();
  }

  /** The live process of one container of a pod. */
  public synchronized Optional<FakeProcess> running(String podUid, String containerName) {
    return processes.stream().filter(p -> p.isAlive() && p.podUid.equals(podUid) && p.containerName.equals(containerName))
        .findFirst();
  }

  /** The newest process (live or not) of one container of a pod. */
  public synchronized Optional<FakeProcess> newest(String podUid, String containerName) {
    List<FakeProcess> l = processes.stream().filter(p -> p.podUid.equals(podUid) && p.containerName.equals(containerName))
        .toList();
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
  }

  /** The most processes one pod had alive at once, counted at each start. */
  public synchronized int maxLivePerPod() {
    return maxLivePerPod;
  }
}
