package dev.berth.node.agent;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.Informer;
import dev.berth.client.ReconcileLoop;
import dev.berth.client.ReconcileResult;
import dev.berth.client.ResourceEventHandler;
import dev.berth.client.ResourceKey;
import dev.berth.client.WorkQueue;
import dev.berth.node.probe.HookRunner;
import dev.berth.client.record.ClientEventRecorder;
import dev.berth.client.record.EventRecorder;
import dev.berth.node.probe.ProbeRunner;
import dev.berth.node.runtime.ContainerProcess;
import dev.berth.node.runtime.GracefulStop;
import dev.berth.node.runtime.ProcessLauncher;
import dev.berth.node.status.PodContainers;
import dev.berth.node.trace.PodStartTrace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node agent's loop (wiring only; the algorithm is {@link PodWorker}): a pod informer over all
 * namespaces queues the key of every pod that changes; {@link #reconcile} binds a pod that waits for
 * a node ({@link PodScheduler}) and otherwise drives the key's pod worker with the cached pod, or
 * with null once the object is gone, then frees the pod's address when its worker has finished.
 *
 * <p>One worker per pod name: when a pod is replaced by a new one of the same name (a new UID, e.g.
 * after a force delete), the old pod's processes stop before the new pod starts, so one StatefulSet
 * identity never runs twice.
 *
 * <p><b>Adoption.</b> Before the first pod syncs, {@link #adoptSurvivors} asks the launcher for the
 * container processes an earlier berth left running and the pods for the addresses they hold. A
 * process of a pod that still exists (and still has that container) is handed to the pod's worker
 * as its running instance — no second process is started for it; of two processes of one container
 * the newest is kept. Every other survivor is an orphan: {@code SIGTERM}, {@code SIGKILL} 2 s later
 * (upstream's orphan grace of 1 s, raised to the 2 s floor, §5.4). The files of a pod that is gone
 * from the API ({@code DATA/pods/<uid>}) are removed once its orphans have stopped, at once when
 * none ran; UIDs are never reused, so no new pod can own them in the meantime.
 *
 * <p>Production, in {@code berth server} (the composition root), over the same data dir as the
 * {@code pods/log} handler's {@code ContainerLogs}:
 *
 * <pre>{@code
 * InformerSources sources = new InformerSources(client, clock);
 * PodSandboxControl sandboxes = new OsPodSandboxControl(new PodIpAllocator(),
 *     new PodSandboxFiles(dataDir, "cluster.local", List.of(clusterDnsIp),
 *         HostResolvConf.read(Path.of("/etc/resolv.conf")), Files.readString(Path.of("/etc/hosts"))),
 *     new PodVolumes(dataDir, clock, sources, allocatable), new ContainerLogs(dataDir, clock));
 * QueuedEventRecorder kubelet = new QueuedEventRecorder(new ClientEventRecorder(client, clock, KUBELET, "berth"), 1000, KUBELET);
 * QueuedEventRecorder scheduler = ...;  // the same for PodScheduler.DEFAULT_SCHEDULER
 * NodeAgentController agent = new NodeAgentController(client, clock, NodeAgentConfig.defaults(allocatable, uid),
 *     new OsProcessLauncher(dataDir, clock), new OsProbeRunner(), new OsHookRunner(), sandboxes, sources, kubelet, scheduler);
 * agent.start();  // and agent.stop() at shutdown: the containers keep running, the next berth adopts them
 * }</pre>
 *
 * With the queued recorders, as with client-go's event broadcaster, no sync waits for its Events
 * to be written; the constructor without recorders writes them synchronously (tests).
 *
 * Tests: {@link #processPendingEvents()}, {@link #processAll()} and {@code FakeClock.advance} for
 * timers.
 */
public final class NodeAgentController {
  /** {@code source.component} of the agent's events. */
  public static final String KUBELET = "kubelet";
  /** Upstream's orphan kill grace override ({@code HandlePodCleanups}). */
  static final Duration ORPHAN_GRACE = Duration.ofSeconds(1);

  private final Clock clock;
  private final NodeAgentConfig config;
  private final ProcessLauncher launcher;
  private final PodSandboxControl sandboxes;
  private final InformerSources sources;
  private final Informer<Pod> pods;
  private final WorkQueue<ResourceKey> queue;
  private final ReconcileLoop<ResourceKey> loop;
  private final PodScheduler scheduler;
  private final PodWorker.Seams seams;
  private final Map<ResourceKey, PodWorker> workers = new ConcurrentHashMap<>();
  private final List<ContainerProcess> orphans = new ArrayList<>();
  private Map<String, List<ContainerProcess>> adoptable;
  private Thread starter;

  /** The agent with events written through {@code client} as {@code kubelet} and {@code default-scheduler}. */
  public NodeAgentController(ApiClient client, Clock clock, NodeAgentConfig config, ProcessLauncher launcher, ProbeRunner probes,
      HookRunner hooks, PodSandboxControl sandboxes, InformerSources sources) {
    this(client, clock, config, launcher, probes, hooks, sandboxes, sources, new ClientEventRecorder(client, clock, KUBELET, config.nodeName()),
        new ClientEventRecorder(client, clock, PodScheduler.DEFAULT_SCHEDULER, config.nodeName()));
  }

  /**
   * @param sources the ConfigMaps, Secrets, Services and claims containers and volumes are made of;
   *     started and stopped with this controller (the sandbox control's volumes may read them too)
   * @param kubeletEvents the pods' container events
   * @param schedulerEvents {@code Scheduled}
   */
  public NodeAgentController(ApiClient client, Clock clock, NodeAgentConfig config, ProcessLauncher launcher, ProbeRunner probes,
      HookRunner hooks, PodSandboxControl sandboxes, InformerSources sources, EventRecorder kubeletEvents,
      EventRecorder schedulerEvents) {
    this.clock = clock;
    this.config = config;
    this.launcher = launcher;
    this.sandboxes = sandboxes;
    this.sources = sources;
    this.pods = new Informer<>(client, Pod.class, clock);
    this.queue = new WorkQueue<>(clock);
    this.loop = new ReconcileLoop<>("node-agent", queue, this::reconcile);
    this.scheduler = new PodScheduler(client, config.nodeName(), schedulerEvents);
    this.seams = new PodWorker.Seams(client, clock, config, launcher, probes, hooks, sandboxes, sources, kubeletEvents, queue::add);
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        PodStartTrace.begin(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), "informerAdd");
        queue.add(ResourceKey.of(pod));
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        if (changedForNode(oldPod, newPod)) {
          PodStartTrace.mark(newPod.getMetadata().getNamespace(), newPod.getMetadata().getName(), "informerUpdate");
          queue.add(ResourceKey.of(newPod));
        }
      }

      @Override
      public void onDelete(Pod pod) {
        PodStartTrace.drop(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        queue.add(ResourceKey.of(pod));
      }
    });
    sources.onClaimChange(claim -> {
      for (Pod p : pods.lister().list(claim.getMetadata().getNamespace())) {
        if (config.nodeName().equals(p.getSpec().getNodeName()) && usesClaim(p, claim.getMetadata().getName())) {
          queue.add(ResourceKey.of(p));
        }
      }
    });
  }

  private static boolean usesClaim(Pod pod, String claim) {
    return pod.getSpec().getVolumes() != null && pod.getSpec().getVolumes().stream()
        .anyMatch(v -> v.getPersistentVolumeClaim() != null && claim.equals(v.getPersistentVolumeClaim().getClaimName()));
  }

  /**
   * Binds the pod {@code key} names if it waits for a node, else takes its worker one step (see the
   * class comment). Throwing requeues with back-off; never runs concurrently for one key.
   */
  public ReconcileResult reconcile(ResourceKey key) {
    adoptSurvivors();
    PodStartTrace.mark(key.namespace(), key.name(), "reconcile");
    Pod pod = pods.lister().get(key);
    if (pod != null && PodScheduler.needsScheduling(pod)) {
      scheduler.schedule(pod);
      PodStartTrace.mark(key.namespace(), key.name(), "scheduled");
      return ReconcileResult.done();
    }
    Pod mine = pod != null && config.nodeName().equals(pod.getSpec().getNodeName()) ? pod : null;
    PodWorker worker = workers.get(key);
    if (worker != null && mine != null && !worker.uid().equals(mine.getMetadata().getUid())) {
      ReconcileResult r = worker.sync(null);
      if (!forgetIfFinished(key, worker)) {
        return r;
      }
      worker = null;
    }
    if (worker == null) {
      if (mine == null) {
        return ReconcileResult.done();
      }
      worker = new PodWorker(seams, mine, takeAdoptable(mine.getMetadata().getUid()));
      workers.put(key, worker);
    }
    ReconcileResult r = worker.sync(mine);
    if (mine == null) {
      forgetIfFinished(key, worker);
    }
    return r;
  }

  /**
   * Whether an update of a pod concerns the agent: anything but its status and bookkeeping. Like
   * the kubelet's config source, which passes on only updates that differ "semantically", this keeps
   * the agent's own status writes from syncing the pod again (which would also bypass the back-off
   * after a failed start); what the agent itself needs next it queues itself.
   */
  static boolean changedForNode(Pod old, Pod now) {
    ObjectMeta a = old.getMetadata();
    ObjectMeta b = now.getMetadata();
    return !Objects.equals(old.getSpec(), now.getSpec()) || !Objects.equals(a.getUid(), b.getUid())
        || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
        || !Objects.equals(a.getDeletionGracePeriodSeconds(), b.getDeletionGracePeriodSeconds())
        || !Objects.equals(a.getLabels(), b.getLabels()) || !Objects.equals(a.getAnnotations(), b.getAnnotations());
  }

  private boolean forgetIfFinished(ResourceKey key, PodWorker worker) {
    if (!worker.isFinishedAndGone()) {
      return false;
    }
    sandboxes.release(worker.uid());
    sources.forgetPod(worker.uid());
    workers.remove(key, worker);
    return true;
  }

  private synchronized List<ContainerProcess> takeAdoptable(String uid) {
    List<ContainerProcess> l = adoptable.remove(uid);
    return l == null ? List.of() : l;
  }

  /**
   * Once, before any pod syncs (the pod cache must have synced): takes back the addresses of running
   * pods, sorts the launcher's survivors into adoptable processes and orphans, and stops the orphans.
   */
  public synchronized void adoptSurvivors() {
    if (adoptable != null) {
      return;
    }
    Map<String, Pod> byUid = new HashMap<>();
    for (Pod p : pods.lister().list()) {
      if (p.getSpec() != null && config.nodeName().equals(p.getSpec().getNodeName())) {
        byUid.put(p.getMetadata().getUid(), p);
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
          sandboxes.restore(p);
        }
      }
    }
    Map<String, List<ContainerProcess>> keep = new HashMap<>();
    Map<List<String>, ContainerProcess> newest = new HashMap<>();
    List<ContainerProcess> survivors = new ArrayList<>(launcher.survivors());
    survivors.sort(Comparator.comparingInt(ContainerProcess::attempt).reversed());
    for (ContainerProcess p : survivors) {
      Pod pod = byUid.get(p.podUid());
      List<String> id = List.of(p.podUid(), p.containerName());
      Optional<?> container = pod == null ? Optional.empty() : PodContainers.find(pod, p.containerName());
      if (container.isEmpty() || newest.containsKey(id)) {
        orphans.add(p);
        GracefulStop.stop(p, ORPHAN_GRACE, clock);
        continue;
      }
      newest.put(id, p);
      keep.computeIfAbsent(p.podUid(), k -> new ArrayList<>()).add(p);
    }
    adoptable = keep;
    for (String uid : sandboxes.podUidsOnDisk()) {
      if (byUid.containsKey(uid)) {
        continue;
      }
      CompletableFuture<?>[] running = orphans.stream().filter(p -> p.podUid().equals(uid)).map(ContainerProcess::exit)
          .toArray(CompletableFuture<?>[]::new);
      CompletableFuture.allOf(running).whenComplete((x, e) -> {
        try {
          sandboxes.release(uid);
        } catch (java.io.UncheckedIOException ex) {
          // Housekeeping only: the next start of berth tries again.
        }
      });
    }
  }

  /** The survivors stopped as orphans by {@link #adoptSurvivors}. */
  public synchronized List<ContainerProcess> orphans() {
    return List.copyOf(orphans);
  }

  /** The worker of the pod {@code key} names, if it has one. */
  public Optional<PodWorker> worker(ResourceKey key) {
    return Optional.ofNullable(workers.get(key));
  }

  /**
   * The running instance of {@code container} of the pod {@code key} names, if that pod is still the
   * one with {@code uid} — what {@code pods/exec} runs in; empty when it is not running.
   */
  public Optional<dev.berth.node.probe.ProbeTarget> execTarget(ResourceKey key, String uid, String container) {
    PodWorker w = workers.get(key);
    if (w == null || !w.uid().equals(uid)) {
      return Optional.empty();
    }
    return w.execTarget(container);
  }

  /** Starts the informers, adopts survivors once the caches are filled, then starts the workers. */
  public synchronized void start() {
    if (starter != null) {
      throw new IllegalStateException("already started");
    }
    sources.start();
    pods.start();
    starter = Thread.ofVirtual().name("node-agent-start").start(() -> {
      try {
        pods.awaitSynced();
        sources.awaitSynced();
        adoptSurvivors();
        loop.start(config.workers());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /**
   * Stops the loop, the informers and every worker's probes and timers. Container processes keep
   * running: the next berth adopts them.
   */
  public synchronized void stop() {
    if (starter != null) {
      starter.interrupt();
    }
    loop.stop();
    pods.stop();
    sources.stop();
    workers.values().forEach(PodWorker::shutDown);
  }

  public boolean hasSynced() {
    return pods.hasSynced() && sources.hasSynced();
  }

  /** For tests: lets the informers apply what the API has, synchronously; true if anything changed. */
  public boolean processPendingEvents() {
    boolean any = sources.processPending();
    any |= pods.processPending();
    return any;
  }

  /** For tests: reconciles every queued key (and the keys those reconciles queue) without blocking. */
  public int processAll() {
    return loop.processAll();
  }

  /** For tests: reconciles the next queued key, if any. */
  public boolean tryProcessNextItem() {
    return loop.tryProcessNextItem();
  }

  public WorkQueue<ResourceKey> queue() {
    return queue;
  }
}
