package dev.berth.node.agent;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.ReconcileResult;
import dev.berth.client.ResourceKey;
import dev.berth.client.record.EventRecorder;
import dev.berth.node.env.ContainerCommands;
import dev.berth.node.env.ContainerEnv;
import dev.berth.node.env.EnvResult;
import dev.berth.node.env.EnvSources;
import dev.berth.api.validation.GoSyntax;
import dev.berth.node.probe.HookResult;
import dev.berth.node.probe.HookRunner;
import dev.berth.node.probe.ProbeRunner;
import dev.berth.node.probe.ProbeTarget;
import dev.berth.node.probe.timing.ProbeEvent;
import dev.berth.node.probe.timing.ProbeKind;
import dev.berth.node.probe.timing.ProbeResult;
import dev.berth.node.probe.timing.ProbeStep;
import dev.berth.node.probe.timing.ProbeTicker;
import dev.berth.node.probe.timing.ProbeWorker;
import dev.berth.node.restart.CrashLoopBackOff;
import dev.berth.node.restart.GracePeriods;
import dev.berth.node.restart.SyncAction;
import dev.berth.node.restart.SyncPlan;
import dev.berth.node.restart.SyncPlanner;
import dev.berth.node.restart.TerminationOrder;
import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.runtime.ContainerProcess;
import dev.berth.node.runtime.ExitRecord;
import dev.berth.node.runtime.LaunchException;
import dev.berth.node.runtime.ProcessLauncher;
import dev.berth.node.status.ContainerFacts;
import dev.berth.node.status.ContainerInstance;
import dev.berth.node.status.InstanceState;
import dev.berth.node.status.PodContainers;
import dev.berth.node.status.PodFacts;
import dev.berth.node.status.PodStatuses;
import dev.berth.node.status.Rfc3339;
import dev.berth.node.status.StartFailure;
import dev.berth.node.trace.PodStartTrace;
import dev.berth.node.volume.MountFailedException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One pod's kubelet, the pod worker of {@code spec/kubelet.md} Appendix D: a state machine
 * SYNCING → TERMINATING → TERMINATED → FINISHED that a pod UID walks once and never back.
 *
 * <p><b>SYNCING</b>, on every {@link #sync}: (1) take in what happened since the last sync —
 * process exits, probe results; (2) ensure the sandbox (address, files, volumes); (3) plan ({@link
 * SyncPlanner#plan}); (4) publish the status ({@link PodStatuses#generate}, written with {@code
 * updateStatus} only when {@link PodStatuses#sameIgnoringTimes} says it changed) — when the plan
 * only starts containers (a new pod's {@code ContainerCreating}), on another thread while they
 * start, joined before (6); (5) carry out the plan's kills, starts and back-off waits; (6) publish
 * again. A deletion timestamp, a terminal
 * phase, a plan that stops the pod ({@code KillPod}) or the pod object disappearing moves it to
 * TERMINATING.
 *
 * <p><b>TERMINATING</b>: every running container gets the {@code Killing} event, {@code SIGTERM},
 * and {@code SIGKILL} when the pod's grace period is over ({@link GracePeriods#stopWindow}: never
 * sooner than 2 s); sidecars only once the regular containers and later sidecars have exited
 * ({@link TerminationOrder}). The grace period only shrinks (a second delete with a smaller grace).
 * Liveness and startup probes stop at once, readiness when everything stopped. Once nothing runs:
 * the final status (phase from the exit codes when the pod is deleted, Appendix E 11), volumes torn
 * down — <b>TERMINATED</b> — and, for a deleted pod, {@code delete(gracePeriodSeconds=0)} with the
 * UID as precondition — <b>FINISHED</b>. A FINISHED worker stays until the pod object is gone, so a
 * finished pod is never started again; the controller then releases its address.
 *
 * <p>Kills are asynchronous: the process exits later, on another thread, and only its exit (a
 * callback that queues the pod again) lets the next sync see it. A container the plan kills and
 * starts again (liveness, startup, changed image) is started by the first sync that sees its exit,
 * before planning and whatever its exit code: upstream kills and starts it in one sync, the start
 * decided (and its back-off checked) while the container still ran. So there are never two live
 * processes of one container, and such a restart never waits for a back-off.
 *
 * <p><b>Hooks</b> (§5.1–5.3) run off this lock and hand their result back like exits: an instance
 * with a postStart hook is {@code Starting} — not reported, Appendix E 7 — until the hook returns;
 * a failed one is stopped ({@code FailedPostStartHook}, waiting reason {@code PostStartHookError}).
 * Every stop runs the container's preStop hook first and sends the stop signal when it returns or
 * the grace period is over, with what is left of it (at least 2 s, Appendix E 8).
 * {@code activeDeadlineSeconds} (§5.5) fails the pod with {@code DeadlineExceeded} and stops it.
 * An instance's termination message (§5.6) is read when it exits; one that ended while berth was
 * down is reported from the runtime's exit record ({@link ProcessLauncher#exitRecord}).
 *
 * <p>Deliberate differences: hooks do not block the pod's other work (upstream's start step waits
 * for postStart); a force-deleted pod gets the full
 * {@code terminationGracePeriodSeconds} as on a real node (§5.4); a pod whose name is taken again
 * by a new pod (new UID) is stopped before the new one starts (the controller waits).
 *
 * <p>Threads: {@link #sync} is called by one reconcile at a time (the work queue's guarantee) and
 * holds the worker's lock; probe tickers and exit callbacks run on other threads and only hand
 * results over through concurrent queues and maps, then queue the pod, so they never take this lock.
 */
public final class PodWorker {
  /** What an exit future that failed instead of giving a code counts as: killed (137), as upstream reports lost containers. */
  private static final int LOST_EXIT_CODE = 137;
  /** Upstream's {@code ErrPostStartHook}: the waiting reason after a failed postStart hook. */
  static final String POST_START_HOOK_ERROR = "PostStartHookError";
  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  static final String DEADLINE_EXCEEDED_MESSAGE = "Pod was active on the node longer than the specified deadline";

  /** Where a pod worker stands (Appendix D). */
  public enum State {
    SYNCING,
    TERMINATING,
    TERMINATED,
    FINISHED
  }

  /**
   * What every pod worker uses.
   *
   * @param requeue queues the pod's key: called from exit callbacks and probe threads
   */
  record Seams(ApiClient client, Clock clock, NodeAgentConfig config, ProcessLauncher launcher, ProbeRunner probes,
      HookRunner hooks, PodSandboxControl sandboxes, EnvSources envSources, EventRecorder events, Consumer<ResourceKey> requeue) {}

  /** A live container process. {@code launch} is null for a process adopted from an earlier berth. */
  private static final class Live {
    final String name;
    final String containerId;
    final ContainerProcess process;
    final ContainerLaunch launch;
    Instant signalledAt;
    Instant killAt;
    Clock.Cancellable killTimer;
    /** The postStart hook while it has not been dealt with; the instance is {@code Starting} until then. */
    CompletableFuture<HookResult> postStart;
    /** The preStop hook: the stop signal waits for it, at most until {@code preStopStart + preStopGrace}. */
    CompletableFuture<HookResult> preStop;
    Instant preStopStart;
    long preStopGrace;
    Clock.Cancellable preStopTimer;

    Live(String name, String containerId, ContainerProcess process, ContainerLaunch launch) {
      this.name = name;
      this.containerId = containerId;
      this.process = process;
      this.launch = launch;
    }
  }

  private record Exit(String name, String containerId, int exitCode, Instant finishedAt) {}

  private record ProbeKey(String container, ProbeKind kind) {}

  private record ProbeMark(String containerId, ProbeResult result) {}

  private final Seams s;
  private final ResourceKey key;
  private final String uid;

  private volatile Pod pod;
  private volatile PodStatus published;
  private volatile PodSandbox sandbox;
  private boolean objectGone;
  private State state = State.SYNCING;
  private boolean sandboxStopped;

  private final Map<String, ContainerFacts> containers = new HashMap<>();
  private final Map<String, Live> live = new LinkedHashMap<>();
  private final Map<String, Live> liveById = new ConcurrentHashMap<>();
  private final Set<String> restartAfterKill = new HashSet<>();
  private CrashLoopBackOff backOff = CrashLoopBackOff.standard();
  private final Queue<Exit> exits = new ConcurrentLinkedQueue<>();
  private final Map<ProbeKey, ProbeMark> probeMarks = new ConcurrentHashMap<>();
  private final Map<ProbeKey, ProbeTicker> tickers = new LinkedHashMap<>();
  private boolean probesStarted;
  /** Events raised by the sync under way, recorded when it ends (guarded by this worker's lock). */
  private final List<Runnable> deferredEvents = new ArrayList<>();

  private Instant terminationStart;
  private long graceSeconds;
  private TerminationOrder order;
  private final Set<String> sidecarsWaiting = new LinkedHashSet<>();
  private boolean deleteSent;
  /** The agent's own verdict on the pod ({@code activeDeadlineSeconds}), published as phase Failed. */
  private PodFacts.PodFailure failure;

  /**
   * A worker for {@code pod}, which knows the container instances the pod's status records ({@link
   * RecordedInstances}) and takes over {@code survivors}, the live processes an earlier berth
   * started for it (at most one per container).
   */
  PodWorker(Seams seams, Pod pod, List<ContainerProcess> survivors) {
    this.s = Objects.requireNonNull(seams);
    this.pod = pod;
    this.key = ResourceKey.of(pod);
    this.uid = pod.getMetadata().getUid();
    RecordedInstances.of(pod).forEach((name, instances) -> containers.put(name, withInstances(ContainerFacts.none(name), instances)));
    Set<String> adopted = new HashSet<>();
    for (ContainerProcess p : survivors) {
      adopt(p);
      adopted.add(p.containerName());
    }
    for (String name : List.copyOf(containers.keySet())) {
      if (!adopted.contains(name)) {
        endedWhileAway(name);
      }
    }
  }

  /**
   * A container the published status shows running, not among the survivors: if the runtime
   * recorded its end (it exited while berth was down), the instance becomes {@code Exited} with that
   * exit code, time and termination message; otherwise it stays unknown ({@code
   * ContainerStatusUnknown}, 137).
   */
  private void endedWhileAway(String name) {
    ContainerFacts f = containers.get(name);
    Optional<ContainerInstance> newest = f.newest();
    if (newest.isEmpty() || !(newest.get().state() instanceof InstanceState.Unknown)) {
      return;
    }
    ContainerInstance in = newest.get();
    Optional<ExitRecord> r = s.launcher().exitRecord(uid, name, in.restartCount());
    if (r.isEmpty()) {
      return;
    }
    int code = r.get().exitCode();
    Instant startedAt = recordedStartedAt(name).orElse(r.get().finishedAt());
    containers.put(name, f.withNewest(new ContainerInstance(in.containerId(), in.restartCount(), in.image(), in.imageId(),
        new InstanceState.Exited(startedAt, r.get().finishedAt(), code, InstanceState.Exited.reasonFor(code, false),
            terminationMessage(name, in.restartCount(), code)))));
  }

  /** {@code state.running.startedAt} of {@code name} in the pod's status. */
  private Optional<Instant> recordedStartedAt(String name) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus().getContainerStatuses() != null) {
      all.addAll(pod.getStatus().getContainerStatuses());
    }
    if (pod.getStatus().getInitContainerStatuses() != null) {
      all.addAll(pod.getStatus().getInitContainerStatuses());
    }
    return all.stream().filter(cs -> name.equals(cs.getName()) && cs.getState() != null && cs.getState().getRunning() != null)
        .map(cs -> Rfc3339.parse(cs.getState().getRunning().getStartedAt())).filter(Objects::nonNull).findFirst();
  }

  /** The termination message of an ended instance of {@code name} (§5.6), empty for a container the spec lacks. */
  private String terminationMessage(String name, int attempt, int exitCode) {
    return PodContainers.find(pod, name).map(c -> s.sandboxes().terminationMessage(pod, c, attempt, exitCode)).orElse("");
  }

  public String uid() {
    return uid;
  }

  public ResourceKey key() {
    return key;
  }

  public synchronized State state() {
    return state;
  }

  /** Whether the worker is done and the pod object is gone: the controller may forget it and free its address. */
  public synchronized boolean isFinishedAndGone() {
    return state == State.FINISHED && objectGone;
  }

  /**
   * One level-triggered step for this pod.
   *
   * @param current the pod object as the cache holds it now (read only), or null when it is gone
   *     from the API (deleted, force-deleted, or replaced by a pod with a new UID)
   * @return when to look again without an event: at once after progress, at the end of a back-off,
   *     after the error back-off, else at the resync interval
   * @throws ApiException when the status or the final delete cannot be written: retried by the queue
   */
  public synchronized ReconcileResult sync(Pod current) {
    Instant now = s.clock().now();
    if (current != null && !objectGone) {
      pod = current;
    } else {
      objectGone = true;
    }
    drainExits();
    try {
      return switch (state) {
        case SYNCING -> {
          checkActiveDeadline(now);
          if (objectGone || PodContainers.isDeleting(pod) || isTerminalPhase() || failure != null) {
            beginTermination(now);
            yield terminating(now);
          }
          yield syncRunning(now);
        }
        case TERMINATING -> terminating(now);
        case TERMINATED, FINISHED -> afterTermination();
      };
    } finally {
      recordDeferredEvents();
    }
  }

  /**
   * Records, in order, the Events this sync raised ({@link #event}), now that its status writes are
   * done: written at once (on the recorder's thread), {@code Created} and {@code Started} would
   * reach the store ahead of the status write that reports the container running, and delay it.
   */
  private void recordDeferredEvents() {
    for (Runnable r : deferredEvents) {
      r.run();
    }
    deferredEvents.clear();
  }

  /** Stops this worker's probes and timers, leaving its processes running (berth is shutting down; a later berth adopts them). */
  synchronized void shutDown() {
    tickers.values().forEach(ProbeTicker::stop);
    for (Live l : live.values()) {
      if (l.killTimer != null) {
        l.killTimer.cancel();
      }
      if (l.preStopTimer != null) {
        l.preStopTimer.cancel();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // SYNCING

  private ReconcileResult syncRunning(Instant now) {
    startProbes();
    try {
      PodStartTrace.mark(key.namespace(), key.name(), "sync");
      sandbox = s.sandboxes().ensure(pod);
      PodStartTrace.mark(key.namespace(), key.name(), "sandbox");
    } catch (PodSandboxException e) {
      event(null, EventRecorder.WARNING, e.eventReason(), e.getMessage());
      if (restartAfterKill.stream().allMatch(live::containsKey)) {
        publish(now, false);
      }
      return ReconcileResult.requeueAfter(s.config().syncErrorBackOff());
    }
    boolean progressed = finishPostStarts(now);
    finishPreStops(now);
    // Before the status: the killed instance must not show as the newest, or an exit 0 under
    // OnFailure would publish a (sticky) Succeeded for a container that is about to run again.
    boolean failed = false;
    for (String name : List.copyOf(restartAfterKill)) {
      if (!live.containsKey(name)) {
        restartAfterKill.remove(name);
        if (start(name, now)) {
          progressed = true;
        } else {
          failed = true;
        }
      }
    }
    // The plan reads nothing that publishing changes. When it only starts containers (a pod's
    // first sync: ContainerCreating), the status is written while they start, not before.
    SyncPlan plan = SyncPlanner.plan(pod, facts(false), backOff, now);
    backOff = plan.backOff();
    Set<String> planned = new HashSet<>();
    boolean kills = false;
    for (SyncAction a : plan.actions()) {
      if (a instanceof SyncAction.StartContainer st) {
        planned.add(st.name());
      }
      kills |= a instanceof SyncAction.KillPod || a instanceof SyncAction.KillContainer;
    }
    ConcurrentWrite first = null;
    if (!planned.isEmpty() && !kills) {
      first = publishConcurrently(now);
    } else {
      publish(now, false);
    }
    PodStartTrace.mark(key.namespace(), key.name(), "publish1");
    boolean initBlocked = false;
    Instant wake = null;
    for (SyncAction a : plan.actions()) {
      switch (a) {
        case SyncAction.KillPod k -> {
          if (k.reason() == SyncAction.KillPodReason.SANDBOX_CHANGED) {
            throw new IllegalStateException("a berth sandbox is never lost, yet the plan for " + key + " says it changed");
          }
          beginTermination(now);
          return terminating(now);
        }
        case SyncAction.KillContainer k -> {
          Container c = container(k.name());
          progressed |= stopContainer(k.name(), GracePeriods.forKill(pod, c, k.reason()), k.message(), now);
          if (planned.contains(k.name()) && live.containsKey(k.name())) {
            restartAfterKill.add(k.name());
          }
        }
        case SyncAction.CreateSandbox c -> {
          // ensured above, on every sync
        }
        case SyncAction.StartContainer st -> {
          if (initBlocked || live.containsKey(st.name())) {
            continue;
          }
          if (start(st.name(), now)) {
            progressed = true;
          } else {
            failed = true;
            initBlocked = st.init() && !PodContainers.isSidecar(container(st.name()));
          }
        }
        case SyncAction.Wait w -> {
          setStartFailure(w.name(), new StartFailure(SyncAction.Wait.REASON, w.message()));
          event(w.name(), EventRecorder.WARNING, "BackOff", w.eventMessage());
          wake = wake == null || w.until().isBefore(wake) ? w.until() : wake;
        }
      }
    }
    if (first != null) {
      first.finish();
    }
    publish(now, false);
    if (progressed) {
      return ReconcileResult.requeueAfter(Duration.ZERO);
    }
    Duration next = s.config().resyncInterval();
    if (failed && s.config().syncErrorBackOff().compareTo(next) < 0) {
      next = s.config().syncErrorBackOff();
    }
    Optional<Instant> deadline = activeDeadline();
    if (deadline.isPresent() && (wake == null || deadline.get().isBefore(wake))) {
      wake = deadline.get();
    }
    if (wake != null && Duration.between(now, wake).compareTo(next) < 0) {
      next = Duration.between(now, wake).isNegative() ? Duration.ZERO : Duration.between(now, wake);
    }
    return ReconcileResult.requeueAfter(next);
  }

  /**
   * Starts a new instance of {@code name}: checks {@code runAsNonRoot}, builds the environment, the
   * mounts and the command line, launches, and records {@code Created} and {@code Started}. A
   * failure becomes the container's start failure (its waiting reason) and a Warning {@code Failed}
   * {@code Error: <message>}.
   *
   * @return whether a process now runs
   */
  private boolean start(String name, Instant now) {
    Container c = container(name);
    PodSandbox sb = sandbox;
    ContainerFacts f = facts(name);
    int attempt = f.newest().map(i -> i.restartCount() + 1).orElse(0);

    Optional<String> nonRoot = ContainerSecurity.runAsNonRootViolation(pod, c, s.config().processUid());
    if (nonRoot.isPresent()) {
      return failStart(name, EnvResult.CONFIG_ERROR_REASON, nonRoot.get());
    }
    List<EnvVar> env;
    switch (ContainerEnv.build(pod, c, s.envSources(), sb.podIps(), s.config().hostIps(), s.config().nodeAllocatable())) {
      case EnvResult.ConfigError e -> {
        return failStart(name, EnvResult.CONFIG_ERROR_REASON, e.message());
      }
      case EnvResult.Resolved r -> {
        env = r.env();
        for (EnvResult.Warning w : r.warnings()) {
          event(name, EventRecorder.WARNING, w.reason(), w.message());
        }
      }
    }
    Map<String, String> processEnv = ContainerEnv.processEnvironment(env, sb.hostname());
    List<ContainerLaunch.Mount> mounts;
    try {
      mounts = new ArrayList<>(s.sandboxes().mounts(pod, c, sb, processEnv));
    } catch (MountFailedException e) {
      return failStart(name, EnvResult.CONFIG_ERROR_REASON, e.getMessage());
    }
    try {
      mounts.add(s.sandboxes().terminationMessageMount(pod, c, attempt));
    } catch (IOException e) {
      return failStart(name, EnvResult.CONFIG_ERROR_REASON, "failed to create the termination message file: " + e.getMessage());
    }
    ContainerCommands.Argv argv = ContainerCommands.expand(c, env);
    if (argv.command().isEmpty()) {
      return failStart(name, "CreateContainerError", noCommand(c));
    }
    List<String> commandLine = new ArrayList<>(argv.command());
    commandLine.addAll(argv.args());
    ContainerLaunch launch = new ContainerLaunch(uid, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), name, attempt,
        commandLine, processEnv, emptyToNull(c.getWorkingDir()), sb.hostname(), sb.podIp(), mounts, s.sandboxes().logFile(pod, c, attempt),
        ContainerSecurity.runAs(pod, c));
    ContainerProcess process;
    try {
      PodStartTrace.mark(key.namespace(), key.name(), "launch");
      process = s.launcher().start(launch);
      PodStartTrace.mark(key.namespace(), key.name(), "launched");
    } catch (LaunchException e) {
      return failStart(name, e.reason(), e.getMessage());
    }
    String id = ContainerIds.of(uid, name, attempt);
    LifecycleHandler postStart = c.getLifecycle() == null ? null : c.getLifecycle().getPostStart();
    InstanceState state = postStart == null ? new InstanceState.Running(process.startedAt())
        : new InstanceState.Starting(process.startedAt());
    ContainerInstance instance = new ContainerInstance(id, attempt, c.getImage(), "", state);
    containers.put(name, withInstances(f, List.of(instance)).withStartFailure(null));
    event(name, EventRecorder.NORMAL, "Created", "Created container: " + name);
    event(name, EventRecorder.NORMAL, "Started", "Started container " + name);
    Live l = new Live(name, id, process, launch);
    track(l);
    if (postStart != null) {
      l.postStart = runHook(l, c, postStart);
      l.postStart.whenComplete((r, e) -> s.requeue().accept(key));
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle hooks (§5.1-5.3)

  /**
   * Starts {@code handler} for the instance {@code l}: {@code sleep} on the clock (ended early, as a
   * failure, when the container exits), {@code exec} and {@code httpGet} through the {@link
   * HookRunner}, anything else fails at once with upstream's {@code invalid handler}.
   */
  private CompletableFuture<HookResult> runHook(Live l, Container c, LifecycleHandler handler) {
    if (handler.getSleep() != null) {
      CompletableFuture<HookResult> done = new CompletableFuture<>();
      long seconds = handler.getSleep().getSeconds() == null ? 0 : handler.getSleep().getSeconds();
      Clock.Cancellable timer = s.clock().schedule(Duration.ofSeconds(Math.max(0, seconds)), () -> done.complete(HookResult.SUCCESS));
      l.process.exit().whenComplete((code, e) -> {
        timer.cancel();
        done.complete(new HookResult.Failure("container terminated before sleep hook finished", ""));
      });
      return done;
    }
    if (handler.getExec() != null || handler.getHttpGet() != null) {
      return s.hooks().run(handler, target(l, c)).exceptionally(e -> new HookResult.Failure(String.valueOf(e.getMessage()), ""));
    }
    return CompletableFuture.completedFuture(new HookResult.Failure("invalid handler: " + handler, ""));
  }

  /**
   * Upstream's message for a failed hook (§5.1), the waiting message of {@code PostStartHookError}:
   * e.g. {@code Exec lifecycle hook ([sh -c exit 3]) for Container "app" in Pod "web-0_default(uid)"
   * failed - error: command 'sh -c exit 3' exited with 3: , message: ""}.
   */
  private String hookMessage(Container c, LifecycleHandler h, HookResult.Failure f) {
    String where = " for Container " + GoSyntax.quote(c.getName()) + " in Pod " + GoSyntax.quote(PodContainers.describe(pod))
        + " failed - error: " + f.error();
    if (h.getExec() != null) {
      List<String> cmd = h.getExec().getCommand() == null ? List.of() : h.getExec().getCommand();
      return "Exec lifecycle hook ([" + String.join(" ", cmd) + "])" + where + ", message: " + GoSyntax.quote(f.output());
    }
    if (h.getHttpGet() != null) {
      return "HTTP lifecycle hook (" + (h.getHttpGet().getPath() == null ? "" : h.getHttpGet().getPath()) + ")" + where;
    }
    if (h.getSleep() != null) {
      return "Sleep lifecycle hook (" + h.getSleep().getSeconds() + ")" + where;
    }
    return "Cannot run handler: " + f.error();
  }

  /**
   * Deals with the postStart hooks that returned (§5.2): on success the instance is {@code Running}
   * (and may be reported started); on failure a Warning {@code FailedPostStartHook} {@code
   * PostStartHook failed} (the details stay out of the event, they may hold secrets), the start
   * failure {@code PostStartHookError} with upstream's message, and the container is stopped —
   * preStop included — with the {@code Killing} message {@code FailedPostStartHook}. Until it exits it
   * stays {@code Starting}: upstream kills it inside the start step, so it is never reported running.
   *
   * @return whether anything changed
   */
  private boolean finishPostStarts(Instant now) {
    boolean changed = false;
    for (Live l : List.copyOf(live.values())) {
      if (l.postStart == null || !l.postStart.isDone()) {
        continue;
      }
      HookResult r = l.postStart.join();
      l.postStart = null;
      changed = true;
      switch (r) {
        case HookResult.Success ok -> markRunning(l);
        case HookResult.Failure fail -> {
          Container c = container(l.name);
          event(l.name, EventRecorder.WARNING, "FailedPostStartHook", "PostStartHook failed");
          setStartFailure(l.name, new StartFailure(POST_START_HOOK_ERROR, hookMessage(c, c.getLifecycle().getPostStart(), fail)));
          restartAfterKill.remove(l.name);
          long grace = state == State.SYNCING ? GracePeriods.forKill(pod, c, null) : graceSeconds;
          stopContainer(l.name, grace, "FailedPostStartHook", now);
        }
      }
    }
    return changed;
  }

  /** The instance of {@code l}, {@code Starting} while its postStart hook ran, becomes {@code Running}. */
  private void markRunning(Live l) {
    ContainerFacts f = containers.get(l.name);
    if (f == null) {
      return;
    }
    List<ContainerInstance> instances = new ArrayList<>(f.instances());
    for (int i = 0; i < instances.size(); i++) {
      ContainerInstance in = instances.get(i);
      if (in.containerId().equals(l.containerId) && in.state() instanceof InstanceState.Starting st) {
        instances.set(i, new ContainerInstance(in.containerId(), in.restartCount(), in.image(), in.imageId(),
            new InstanceState.Running(st.startedAt())));
      }
    }
    containers.put(l.name, new ContainerFacts(f.name(), instances, f.startFailure(), f.startup(), f.readiness(), f.liveness()));
  }

  /**
   * Starts {@code l}'s preStop hook if its container has one and the grace period is positive (§5.3
   * step 3); the stop signal follows when the hook returns or the grace period is over ({@link
   * #finishPreStops}).
   *
   * @return whether a hook now runs
   */
  private boolean beginPreStop(Live l, long grace, Instant now) {
    Optional<Container> c = PodContainers.find(pod, l.name);
    LifecycleHandler h = c.isEmpty() || c.get().getLifecycle() == null ? null : c.get().getLifecycle().getPreStop();
    if (h == null || grace <= 0 || l.preStop != null) {
      return false;
    }
    l.preStopStart = now;
    l.preStopGrace = grace;
    l.preStop = runHook(l, c.get(), h);
    l.preStop.whenComplete((r, e) -> s.requeue().accept(key));
    l.preStopTimer = s.clock().schedule(Duration.ofSeconds(grace), () -> s.requeue().accept(key));
    return true;
  }

  /** Whether {@code l} may get its stop signal: no preStop hook, or it returned, or its grace period is over. */
  private static boolean preStopOver(Live l, Instant now) {
    return l.preStop == null || l.preStop.isDone() || !now.isBefore(l.preStopStart.plusSeconds(l.preStopGrace));
  }

  /**
   * Sends the stop signal to each container whose preStop hook returned or ran out of time, with what
   * is left of its grace period (at least 2 s, §5.3 steps 3–6); a failed hook is a Warning {@code
   * FailedPreStopHook} {@code PreStopHook failed}. Sidecars waiting for their turn are left to
   * {@link #terminating}.
   */
  private void finishPreStops(Instant now) {
    for (Live l : List.copyOf(live.values())) {
      if (l.preStop != null && l.signalledAt == null && !sidecarsWaiting.contains(l.name) && preStopOver(l, now)) {
        reportPreStop(l);
        signal(l, GracePeriods.stopWindow(l.preStopGrace, Duration.between(l.preStopStart, now)), now);
      }
    }
  }

  private void reportPreStop(Live l) {
    if (l.preStop != null && l.preStop.isDone() && l.preStop.join() instanceof HookResult.Failure) {
      event(l.name, EventRecorder.WARNING, "FailedPreStopHook", "PreStopHook failed");
    }
  }

  /**
   * §5.5: once {@code now - status.startTime >= activeDeadlineSeconds} the pod is {@code Failed} with
   * reason {@code DeadlineExceeded} (a Normal event of that reason) and every container is stopped.
   */
  private void checkActiveDeadline(Instant now) {
    if (failure != null || objectGone) {
      return;
    }
    Optional<Instant> deadline = activeDeadline();
    if (deadline.isPresent() && !now.isBefore(deadline.get())) {
      failure = new PodFacts.PodFailure(DEADLINE_EXCEEDED, DEADLINE_EXCEEDED_MESSAGE);
      event(null, EventRecorder.NORMAL, DEADLINE_EXCEEDED, DEADLINE_EXCEEDED_MESSAGE);
    }
  }

  /** {@code status.startTime + activeDeadlineSeconds}, once the pod has a start time. */
  private Optional<Instant> activeDeadline() {
    Long seconds = pod.getSpec() == null ? null : pod.getSpec().getActiveDeadlineSeconds();
    if (seconds == null) {
      return Optional.empty();
    }
    String start = published != null ? published.getStartTime() : pod.getStatus() == null ? null : pod.getStatus().getStartTime();
    Instant t = start == null || start.isEmpty() ? null : Rfc3339.parse(start);
    return t == null ? Optional.empty() : Optional.of(t.plusSeconds(seconds));
  }

  /** berth runs no images: without {@code command} there is nothing to run (§6.3; differences-from-upstream.md). */
  private static String noCommand(Container c) {
    String image = c.getImage() == null || c.getImage().isEmpty() ? "" : " (image \"" + c.getImage() + "\" is recorded, not run)";
    return "berth runs no images: container \"" + c.getName() + "\" has no command" + image
        + "; set command to a program on this machine";
  }

  private boolean failStart(String name, String reason, String message) {
    setStartFailure(name, new StartFailure(reason, message));
    event(name, EventRecorder.WARNING, "Failed", "Error: " + message);
    return false;
  }

  /** Takes over a process an earlier berth started: it becomes the container's newest instance, running. */
  private void adopt(ContainerProcess p) {
    String name = p.containerName();
    Container c = PodContainers.find(pod, name).orElseThrow(() -> new IllegalArgumentException(
        "pod " + key + " has no container " + name + " to adopt process " + p.pid() + " for"));
    String id = ContainerIds.of(uid, name, p.attempt());
    ContainerFacts f = facts(name);
    List<ContainerInstance> rest = f.instances().stream().filter(i -> !i.containerId().equals(id)).toList();
    ContainerInstance running = new ContainerInstance(id, p.attempt(), c.getImage(), "", new InstanceState.Running(p.startedAt()));
    List<ContainerInstance> all = new ArrayList<>();
    all.add(running);
    all.addAll(rest);
    containers.put(name, withInstances(ContainerFacts.none(name), all));
    track(new Live(name, id, p, null));
  }

  private void track(Live l) {
    live.put(l.name, l);
    liveById.put(l.containerId, l);
    l.process.exit().whenComplete((code, error) -> {
      exits.add(new Exit(l.name, l.containerId, code == null ? LOST_EXIT_CODE : code, l.process.finishedAt().orElse(s.clock().now())));
      s.requeue().accept(key);
    });
  }

  /**
   * Records {@code Killing} with {@code message}, runs {@code name}'s preStop hook if it has one, then
   * sends the stop signal and schedules {@code SIGKILL} for when {@code graceSeconds} — counted from
   * the start of the hook — are over, never sooner than 2 s after the signal (§5.3, Appendix E 8).
   * Does nothing to a container already being stopped.
   *
   * @return whether this call started stopping it
   */
  private boolean stopContainer(String name, long graceSeconds, String message, Instant now) {
    Live l = live.get(name);
    if (l == null || l.signalledAt != null || l.preStop != null) {
      return false;
    }
    event(name, EventRecorder.NORMAL, "Killing", message);
    if (!beginPreStop(l, graceSeconds, now)) {
      signal(l, GracePeriods.stopWindow(graceSeconds, Duration.ZERO), now);
    }
    return true;
  }

  private void signal(Live l, Duration window, Instant now) {
    if (l.preStopTimer != null) {
      l.preStopTimer.cancel();
    }
    l.signalledAt = now;
    scheduleKill(l, now.plus(window), now);
    l.process.signal(false);
  }

  /** Moves the SIGKILL of {@code l} to {@code at} if that is earlier than the one scheduled. */
  private void scheduleKill(Live l, Instant at, Instant now) {
    if (l.killAt != null && !at.isBefore(l.killAt)) {
      return;
    }
    if (l.killTimer != null) {
      l.killTimer.cancel();
    }
    l.killAt = at;
    ContainerProcess p = l.process;
    l.killTimer = s.clock().schedule(Duration.between(now, at).isNegative() ? Duration.ZERO : Duration.between(now, at), () -> {
      if (!p.exit().isDone()) {
        p.signal(true);
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // TERMINATING, TERMINATED, FINISHED

  private void beginTermination(Instant now) {
    state = State.TERMINATING;
    terminationStart = now;
    graceSeconds = effectiveGrace(Long.MAX_VALUE);
    restartAfterKill.clear();
    stopProbes(ProbeKind.LIVENESS, ProbeKind.STARTUP);
    order = TerminationOrder.of(pod, live.keySet());
    for (Live l : List.copyOf(live.values())) {
      Optional<Container> c = PodContainers.find(pod, l.name);
      boolean sidecar = c.isPresent() && PodContainers.init(pod).contains(c.get()) && PodContainers.isSidecar(c.get());
      if (l.signalledAt != null) {
        scheduleKill(l, later(l.signalledAt.plus(GracePeriods.MINIMUM_STOP_WINDOW), now.plusSeconds(graceSeconds)), now);
      } else if (sidecar && !order.prerequisitesOf(l.name).isEmpty()) {
        if (l.preStop == null) {
          event(l.name, EventRecorder.NORMAL, "Killing", "Stopping container " + l.name);
          beginPreStop(l, graceSeconds, now);
        }
        sidecarsWaiting.add(l.name);
      } else {
        stopContainer(l.name, graceSeconds, "Stopping container " + l.name, now);
      }
    }
  }

  private ReconcileResult terminating(Instant now) {
    finishPostStarts(now);
    long g = effectiveGrace(graceSeconds);
    if (g < graceSeconds) {
      graceSeconds = g;
      for (Live l : live.values()) {
        if (l.signalledAt != null) {
          scheduleKill(l, later(l.signalledAt.plus(GracePeriods.MINIMUM_STOP_WINDOW), terminationStart.plusSeconds(g)), now);
        } else if (l.preStop != null) {
          long left = Math.max(0, g - Duration.between(terminationStart, l.preStopStart).getSeconds());
          if (left < l.preStopGrace) {
            l.preStopGrace = left;
            if (l.preStopTimer != null) {
              l.preStopTimer.cancel();
            }
            Duration d = Duration.between(now, l.preStopStart.plusSeconds(left));
            l.preStopTimer = s.clock().schedule(d.isNegative() ? Duration.ZERO : d, () -> s.requeue().accept(key));
          }
        }
      }
    }
    finishPreStops(now);
    for (String name : List.copyOf(sidecarsWaiting)) {
      Live l = live.get(name);
      if (l == null) {
        sidecarsWaiting.remove(name);
      } else if (order.mayStop(name, live.keySet()) && preStopOver(l, now)) {
        sidecarsWaiting.remove(name);
        reportPreStop(l);
        signal(l, GracePeriods.stopWindow(graceSeconds, Duration.between(terminationStart, now)), now);
      }
    }
    for (Live l : List.copyOf(live.values())) {
      if (l.signalledAt == null && !sidecarsWaiting.contains(l.name)) {
        stopContainer(l.name, graceSeconds, "Stopping container " + l.name, now);
      }
    }
    if (!live.isEmpty()) {
      publish(now, false);
      return ReconcileResult.done();
    }
    sandboxStopped = true;
    publish(now, objectGone || PodContainers.isDeleting(pod));
    try {
      s.sandboxes().tearDown(pod);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tear down the volumes of pod " + key + ": " + e.getMessage(), e);
    }
    stopProbes(ProbeKind.values());
    state = State.TERMINATED;
    return afterTermination();
  }

  /** TERMINATED → FINISHED: a deleted pod's object is deleted for good (grace 0, this UID only). */
  private ReconcileResult afterTermination() {
    if (!objectGone && PodContainers.isDeleting(pod) && !deleteSent) {
      try {
        s.client().delete(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
            new DeleteOptionsBuilder().withGracePeriodSeconds(0L).withNewPreconditions().withUid(uid).endPreconditions().build());
      } catch (ApiException e) {
        if (e.code() != 404 && e.code() != 409) {
          throw e;
        }
      }
      deleteSent = true;
    }
    state = State.FINISHED;
    return ReconcileResult.done();
  }

  /**
   * The pod-level grace period in seconds (upstream {@code calculateEffectiveGracePeriod}, §5.4 step
   * 2): the deletion's {@code deletionGracePeriodSeconds} if positive, never more than {@code
   * previous}; 0 or none (a force delete, a pod stopped because it finished) means the pod's {@code
   * terminationGracePeriodSeconds} (30 by default); at least 1.
   */
  private long effectiveGrace(long previous) {
    Long deletion = objectGone ? null : pod.getMetadata().getDeletionGracePeriodSeconds();
    long g = deletion != null && deletion > 0 ? Math.min(deletion, previous) : previous;
    if (g == Long.MAX_VALUE || g <= 0) {
      Long spec = pod.getSpec().getTerminationGracePeriodSeconds();
      g = spec == null ? 30 : spec;
    }
    return Math.max(1, g);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  // ---------------------------------------------------------------------------------------------
  // Status

  /**
   * Writes the status for {@code now} if it differs from the last one written (or, before the first
   * write, from the object's). On 409 it reads the pod afresh and writes once more; 404 is left to the
   * informer, which will report the pod gone.
   *
   * @param terminal upstream's {@code podIsTerminal}: every container of a deleted pod has stopped
   */
  private void publish(Instant now, boolean terminal) {
    if (objectGone) {
      return;
    }
    PodStatus status = PodStatuses.generate(pod, published, facts(terminal), now);
    PodStatus before = published != null ? published : pod.getStatus();
    if (before != null && PodStatuses.sameIgnoringTimes(status, before)) {
      if (published == null) {
        published = status;
      }
      return;
    }
    try {
      keepWritten(s.client().updateStatus(new PodBuilder(pod).withStatus(status).build()));
      if ("Running".equals(status.getPhase())) {
        PodStartTrace.end(key.namespace(), key.name(), "statusRunning");
      } else {
        PodStartTrace.mark(key.namespace(), key.name(), "status" + status.getPhase());
      }
    } catch (ApiException e) {
      if (e.code() == 404) {
        return;
      }
      if (e.code() != 409) {
        throw e;
      }
      Pod fresh = s.client().get(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
      if (fresh == null || !uid.equals(fresh.getMetadata().getUid())) {
        return;
      }
      PodStartTrace.mark(key.namespace(), key.name(), "conflict");
      pod = fresh;
      status = PodStatuses.generate(fresh, published, facts(terminal), now);
      keepWritten(s.client().updateStatus(new PodBuilder(fresh).withStatus(status).build()));
      if ("Running".equals(status.getPhase())) {
        PodStartTrace.end(key.namespace(), key.name(), "statusRunning");
      }
    }
    published = status;
    triggerReadiness(status);
  }

  /** A status write on a thread of its own, while the sync starts containers; {@link #finish} before the next write. */
  private final class ConcurrentWrite {
    private final PodStatus status;
    private final Thread thread;
    private volatile Pod written;

    ConcurrentWrite(PodStatus status, Pod base) {
      this.status = status;
      Pod update = new PodBuilder(base).withStatus(status).build();
      this.thread = Thread.ofVirtual().name("berth-status-" + key).start(() -> {
        try {
          written = s.client().updateStatus(update);
          PodStartTrace.mark(key.namespace(), key.name(), "status" + status.getPhase() + "Concurrent");
        } catch (RuntimeException e) {
          // Superseded by the write that follows the starts, which reports a failing API.
        }
      });
    }

    /** Waits for the write; if it succeeded, it is what was published. */
    void finish() {
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (written != null) {
        keepWritten(written);
        published = status;
        triggerReadiness(status);
      }
    }
  }

  /**
   * {@link #publish} with the write, if one is needed, on a thread of its own: the caller must
   * {@link ConcurrentWrite#finish} it before anything else writes the status. A write that fails
   * (a conflict included) is given up: the caller's next {@link #publish} writes the newer status
   * anyway, and reports the API's failure.
   *
   * @return null when there was nothing to write
   */
  private ConcurrentWrite publishConcurrently(Instant now) {
    if (objectGone) {
      return null;
    }
    PodStatus status = PodStatuses.generate(pod, published, facts(false), now);
    PodStatus before = published != null ? published : pod.getStatus();
    if (before != null && PodStatuses.sameIgnoringTimes(status, before)) {
      if (published == null) {
        published = status;
      }
      return null;
    }
    return new ConcurrentWrite(status, pod);
  }

  /**
   * Takes the pod as the status write returned it (its new {@code resourceVersion}) as the pod of
   * the rest of this sync, so that a second write in the same sync (ContainerCreating, then
   * Running) is not refused with 409 for the version the first one made. The next sync starts
   * again from the cache.
   */
  private void keepWritten(Pod written) {
    if (written != null && uid.equals(written.getMetadata().getUid())) {
      pod = written;
    }
  }

  /**
   * The readiness shortcut of §4.2: a started container whose readiness result is not Success yet is
   * probed right away rather than at its next tick (on the clock, not inside this sync).
   */
  private void triggerReadiness(PodStatus status) {
    List<ContainerStatus> all = new ArrayList<>(status.getContainerStatuses());
    all.addAll(status.getInitContainerStatuses());
    for (ContainerStatus cs : all) {
      ProbeKey k = new ProbeKey(cs.getName(), ProbeKind.READINESS);
      ProbeTicker t = tickers.get(k);
      ProbeMark m = probeMarks.get(k);
      if (t != null && Boolean.TRUE.equals(cs.getStarted()) && (m == null || m.result() != ProbeResult.SUCCESS)) {
        s.clock().schedule(Duration.ZERO, t::trigger);
      }
    }
  }

  /** What the agent knows about the pod now, with each newest instance's probe results. */
  private PodFacts facts(boolean terminal) {
    Map<String, ContainerFacts> m = new HashMap<>();
    containers.forEach((name, f) -> {
      String newestId = f.newest().map(ContainerInstance::containerId).orElse(null);
      for (ProbeKind kind : ProbeKind.values()) {
        ProbeMark mark = probeMarks.get(new ProbeKey(name, kind));
        f = f.withProbeResult(kind, mark != null && mark.containerId().equals(newestId) ? mark.result() : kind.initialResult());
      }
      m.put(name, f);
    });
    PodSandbox sb = sandbox;
    List<String> ips = sb != null ? sb.podIps() : statusPodIps();
    PodFacts.Sandbox state = sb == null || sandboxStopped ? PodFacts.Sandbox.NOT_CREATED : PodFacts.Sandbox.READY;
    return new PodFacts(m, state, ips, s.config().hostIps(), terminal, Optional.ofNullable(failure));
  }

  private List<String> statusPodIps() {
    if (pod.getStatus() == null || pod.getStatus().getPodIPs() == null) {
      return List.of();
    }
    return pod.getStatus().getPodIPs().stream().map(PodIP::getIp).filter(Objects::nonNull).toList();
  }

  private boolean isTerminalPhase() {
    String api = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    String ours = published == null ? null : published.getPhase();
    return "Succeeded".equals(api) || "Failed".equals(api) || "Succeeded".equals(ours) || "Failed".equals(ours);
  }

  // ---------------------------------------------------------------------------------------------
  // Facts, exits, probes

  private ContainerFacts facts(String name) {
    return containers.getOrDefault(name, ContainerFacts.none(name));
  }

  private void setStartFailure(String name, StartFailure failure) {
    containers.put(name, facts(name).withStartFailure(failure));
  }

  /** Applies the exits reported since the last sync: the instance becomes {@code Exited} with the runtime's reason. */
  private void drainExits() {
    Exit e;
    while ((e = exits.poll()) != null) {
      ContainerFacts f = containers.get(e.name());
      if (f != null) {
        List<ContainerInstance> instances = new ArrayList<>(f.instances());
        for (int i = 0; i < instances.size(); i++) {
          ContainerInstance in = instances.get(i);
          if (!in.containerId().equals(e.containerId())) {
            continue;
          }
          Instant startedAt = switch (in.state()) {
            case InstanceState.Running r -> r.startedAt();
            case InstanceState.Starting st -> st.startedAt();
            case InstanceState.Exited x -> null;
            case InstanceState.Unknown u -> e.finishedAt();
          };
          if (startedAt != null) {
            instances.set(i, new ContainerInstance(in.containerId(), in.restartCount(), in.image(), in.imageId(),
                new InstanceState.Exited(startedAt, e.finishedAt(), e.exitCode(), InstanceState.Exited.reasonFor(e.exitCode(), false),
                    terminationMessage(e.name(), in.restartCount(), e.exitCode()))));
          }
        }
        containers.put(e.name(), new ContainerFacts(f.name(), instances, f.startFailure(), f.startup(), f.readiness(), f.liveness()));
      }
      Live l = live.get(e.name());
      if (l != null && l.containerId.equals(e.containerId())) {
        live.remove(e.name());
        if (l.killTimer != null) {
          l.killTimer.cancel();
        }
        if (l.preStopTimer != null) {
          l.preStopTimer.cancel();
        }
      }
      liveById.remove(e.containerId());
    }
  }

  /** One probe worker per (container, kind) the spec declares, created when the pod is admitted (§4.2). */
  private void startProbes() {
    if (probesStarted) {
      return;
    }
    probesStarted = true;
    List<Container> all = new ArrayList<>(PodContainers.init(pod));
    all.addAll(PodContainers.regular(pod));
    for (Container c : all) {
      for (ProbeKind kind : ProbeKind.values()) {
        if (kind.of(c) == null) {
          continue;
        }
        ProbeKey k = new ProbeKey(c.getName(), kind);
        ProbeWorker worker = new ProbeWorker(kind, c.getName(), ContainerCommands.expandProbe(kind.of(c), c));
        tickers.put(k, ProbeTicker.start(s.clock(), worker, Duration.ZERO, () -> pod, () -> published, s.probes(),
            id -> probeTarget(id, c), step -> onProbeStep(k, c, worker, step)));
      }
    }
  }

  /** Runs on the ticker's thread, inside its lock: hands the result over and queues the pod when it changed. */
  private void onProbeStep(ProbeKey k, Container c, ProbeWorker worker, ProbeStep step) {
    for (ProbeEvent e : step.events()) {
      event(c.getName(), EventRecorder.WARNING, e.reason(), e.message());
    }
    probeMarks.put(k, new ProbeMark(worker.containerId(), step.result()));
    if (step.resultChanged()) {
      s.requeue().accept(key);
    }
  }

  /** The running instance {@code containerId} of {@code c}, for its probe workers; empty once it ended. */
  private Optional<ProbeTarget> probeTarget(String containerId, Container c) {
    Live l = liveById.get(containerId);
    if (l == null || l.process.exit().isDone()) {
      return Optional.empty();
    }
    return Optional.of(target(l, c));
  }

  /**
   * What {@code kubectl exec} into {@code container} runs against: its running instance, as for an
   * exec probe (namespaces, environment, user); empty when it does not run. Safe from any thread.
   */
  public Optional<ProbeTarget> execTarget(String container) {
    Pod p = pod;
    if (p == null) {
      return Optional.empty();
    }
    Optional<Container> c = PodContainers.find(p, container);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    return liveById.values().stream().filter(l -> l.name.equals(container) && !l.process.exit().isDone())
        .max(java.util.Comparator.comparingInt(l -> l.process.attempt())).map(l -> target(l, c.get()));
  }

  /** What probes and hooks of the instance {@code l} run against. */
  private ProbeTarget target(Live l, Container c) {
    PodSandbox sb = sandbox;
    List<String> ips = sb != null ? sb.podIps() : statusPodIps();
    return new ProbeTarget(ips.isEmpty() ? null : ips.get(0), l.process, c.getPorts() == null ? List.of() : c.getPorts(),
        l.launch != null ? l.launch.env() : Map.of(), l.launch != null ? l.launch.user() : ContainerSecurity.runAs(pod, c));
  }

  private void stopProbes(ProbeKind... kinds) {
    Set<ProbeKind> set = Set.of(kinds);
    tickers.forEach((k, t) -> {
      if (set.contains(k.kind())) {
        t.stop();
      }
    });
  }

  // ---------------------------------------------------------------------------------------------

  private Container container(String name) {
    return PodContainers.find(pod, name).orElseThrow(() -> new IllegalStateException("pod " + key + " has no container " + name));
  }

  /**
   * Records an event on the pod; {@code containerName} null for the pod itself. Raised inside
   * {@link #sync} (which holds this worker's lock), it is recorded when the sync ends; elsewhere
   * (probe threads), at once.
   */
  private void event(String containerName, String type, String reason, String message) {
    String fieldPath = null;
    if (containerName != null) {
      boolean init = PodContainers.init(pod).stream().anyMatch(c -> containerName.equals(c.getName()));
      fieldPath = (init ? "spec.initContainers{" : "spec.containers{") + containerName + "}";
    }
    Pod about = pod;
    String path = fieldPath;
    if (Thread.holdsLock(this)) {
      deferredEvents.add(() -> s.events().event(about, path, type, reason, message));
    } else {
      s.events().event(about, path, type, reason, message);
    }
  }

  private static String emptyToNull(String v) {
    return v == null || v.isEmpty() ? null : v;
  }

  @Override
  public String toString() {
    return "PodWorker[" + key + " " + uid + " " + state + ", live " + live.keySet() + "]";
  }

  /**
   * {@code f} with {@code newestFirst} in front of its instances, keeping the two newest — all that
   * status (state, lastState) and planning (newest, newest exited) look at — and the probe results
   * back at their initial values, as for any new instance (§4.2 step 3).
   */
  private static ContainerFacts withInstances(ContainerFacts f, List<ContainerInstance> newestFirst) {
    List<ContainerInstance> all = new ArrayList<>(newestFirst);
    all.addAll(f.instances());
    return new ContainerFacts(f.name(), all.subList(0, Math.min(2, all.size())), f.startFailure(), ProbeKind.STARTUP.initialResult(),
        ProbeKind.READINESS.initialResult(), ProbeKind.LIVENESS.initialResult());
  }
}
