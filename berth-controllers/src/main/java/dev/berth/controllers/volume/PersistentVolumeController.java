package dev.berth.controllers.volume;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.Informer;
import dev.berth.client.ReconcileLoop;
import dev.berth.client.ReconcileResult;
import dev.berth.client.ResourceEventHandler;
import dev.berth.client.ResourceKey;
import dev.berth.client.WorkQueue;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The volume binder and local-path provisioner loop: informers on claims, volumes, StorageClasses
 * and pods; handlers decide which keys to enqueue; workers run {@link #reconcile}, which asks the
 * {@link PersistentVolumeReconciler} for a plan and applies it through the
 * {@link PersistentVolumeControl}. Wiring only, no policy.
 *
 * <p>One queue holds both kinds of key: a namespaced {@link ResourceKey} is a claim, a
 * cluster-scoped one a volume. What gets enqueued:
 *
 * <ul>
 *   <li>a claim added, changed or deleted: the claim; when deleted, also its volume (to be released);
 *   <li>a volume added, changed or deleted: the volume, and the claim its {@code claimRef} names
 *       (a freshly provisioned volume is bound by its claim's sync);
 *   <li>a pod added, changed or deleted: every claim it uses (first consumer; pvc-protection);
 *   <li>a StorageClass added or changed: the unbound claims of that class.
 * </ul>
 *
 * <p>Production: {@code new PersistentVolumeController(client, SystemClock.INSTANCE, "berth", dataDir).start()},
 * and {@link #stop()} at shutdown. Tests: {@link #processPendingEvents()}, then {@link #processAll()}.
 */
public final class PersistentVolumeController {
  private static final int DEFAULT_WORKERS = 2;

  private final Informer<PersistentVolumeClaim> claims;
  private final Informer<PersistentVolume> volumes;
  private final Informer<StorageClass> classes;
  private final Informer<Pod> pods;
  private final WorkQueue<ResourceKey> queue;
  private final ReconcileLoop<ResourceKey> loop;
  private final PersistentVolumeReconciler reconciler;
  private final PersistentVolumeControl control;
  private final int workers;
  private Thread starter;

  /**
   * @param nodeName the only node; provisioned volumes get node affinity to it
   * @param dataDir berth's data directory: provisioned volumes live in {@code dataDir/volumes}
   */
  public PersistentVolumeController(ApiClient client, Clock clock, String nodeName, Path dataDir) {
    this(client, clock, new PersistentVolumeReconciler(nodeName, Map.of(VolumeBindings.HOSTNAME_LABEL, nodeName),
        dataDir.toAbsolutePath().resolve("volumes")), new ClientPersistentVolumeControl(client, clock), DEFAULT_WORKERS);
  }

  public PersistentVolumeController(ApiClient client, Clock clock, PersistentVolumeReconciler reconciler,
      PersistentVolumeControl control, int workers) {
    this.claims = new Informer<>(client, PersistentVolumeClaim.class, clock);
    this.volumes = new Informer<>(client, PersistentVolume.class, clock);
    this.classes = new Informer<>(client, StorageClass.class, clock);
    this.pods = new Informer<>(client, Pod.class, clock);
    this.queue = new WorkQueue<>(clock);
    this.loop = new ReconcileLoop<>("persistentvolume-controller", queue, this::reconcile);
    this.reconciler = reconciler;
    this.control = control;
    this.workers = workers;
    claims.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PersistentVolumeClaim claim) {
        queue.add(ResourceKey.of(claim));
      }

      @Override
      public void onUpdate(PersistentVolumeClaim oldClaim, PersistentVolumeClaim newClaim) {
        queue.add(ResourceKey.of(newClaim));
      }

      @Override
      public void onDelete(PersistentVolumeClaim claim) {
        queue.add(ResourceKey.of(claim));
        String name = VolumeBindings.volumeName(claim);
        if (!name.isEmpty()) {
          queue.add(ResourceKey.clusterScoped(name));
        }
        for (PersistentVolume pv : volumes.lister().list()) {
          if (VolumeBindings.isVolumeBoundToClaim(pv, claim)) {
            queue.add(ResourceKey.of(pv));
          }
        }
      }
    });
    volumes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PersistentVolume pv) {
        enqueueVolume(pv);
      }

      @Override
      public void onUpdate(PersistentVolume oldPv, PersistentVolume newPv) {
        enqueueVolume(newPv);
      }

      @Override
      public void onDelete(PersistentVolume pv) {
        enqueueVolume(pv);
      }
    });
    classes.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(StorageClass sc) {
        enqueueClaimsOf(sc);
      }

      @Override
      public void onUpdate(StorageClass oldSc, StorageClass newSc) {
        enqueueClaimsOf(newSc);
      }
    });
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        enqueueClaimsOf(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        enqueueClaimsOf(newPod);
      }

      @Override
      public void onDelete(Pod pod) {
        enqueueClaimsOf(pod);
      }
    });
  }

  private void enqueueVolume(PersistentVolume pv) {
    queue.add(ResourceKey.of(pv));
    ObjectReference ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
    if (ref != null && ref.getNamespace() != null && !ref.getNamespace().isEmpty() && ref.getName() != null) {
      queue.add(new ResourceKey(ref.getNamespace(), ref.getName()));
    }
  }

  private void enqueueClaimsOf(Pod pod) {
    for (String claim : VolumeBindings.claimNames(pod)) {
      queue.add(new ResourceKey(pod.getMetadata().getNamespace(), claim));
    }
  }

  private void enqueueClaimsOf(StorageClass sc) {
    for (PersistentVolumeClaim c : claims.lister().list()) {
      if (sc.getMetadata().getName().equals(VolumeBindings.claimClass(c)) && VolumeBindings.volumeName(c).isEmpty()) {
        queue.add(ResourceKey.of(c));
      }
    }
  }

  /**
   * One pass over the claim (namespaced key) or volume (cluster-scoped key), from the caches; a
   * volume whose claim the cache lacks asks the API before calling it released. Throwing requeues
   * the key with back-off.
   */
  public ReconcileResult reconcile(ResourceKey key) {
    VolumePlan plan;
    if (key.isClusterScoped()) {
      PersistentVolume pv = volumes.lister().get(key);
      if (pv == null) {
        return ReconcileResult.done();
      }
      plan = reconciler.planVolume(pv, claimOf(pv));
    } else {
      PersistentVolumeClaim claim = claims.lister().get(key);
      if (claim == null) {
        return ReconcileResult.done();
      }
      Map<String, StorageClass> byName = new HashMap<>();
      for (StorageClass sc : classes.lister().list()) {
        byName.put(sc.getMetadata().getName(), sc);
      }
      plan = reconciler.planClaim(claim, volumes.lister().list(), byName, pods.lister().list(key.namespace()));
    }
    apply(plan);
    return ReconcileResult.done();
  }

  private PersistentVolumeClaim claimOf(PersistentVolume pv) {
    ObjectReference ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
    if (ref == null || ref.getName() == null || ref.getNamespace() == null) {
      return null;
    }
    PersistentVolumeClaim cached = claims.lister().get(ref.getNamespace(), ref.getName());
    if (cached != null || ref.getUid() == null || ref.getUid().isEmpty()) {
      return cached;
    }
    // upstream's syncVolume: a claim missing from the cache may be newer than the cache
    return control.getClaim(ref.getNamespace(), ref.getName());
  }

  private void apply(VolumePlan plan) {
    for (VolumeAction a : plan.actions()) {
      switch (a) {
        case VolumeAction.AnnotateClaim x -> control.annotateClaim(x.claim(), x.uid(), x.annotations());
        case VolumeAction.ProvisionVolume x -> provision(x);
        case VolumeAction.BindVolume x -> control.bindVolume(x.volume(), x.claim());
        case VolumeAction.BindClaim x -> control.bindClaim(x.claim(), x.uid(), x.volume());
        case VolumeAction.SetVolumePhase x -> control.setVolumePhase(x.volume(), x.uid(), x.phase(), x.message());
        case VolumeAction.SetClaimPhase x -> control.setClaimPhase(x.claim(), x.uid(), x.phase());
        case VolumeAction.DeleteVolume x -> delete(x);
        case VolumeAction.RemoveFinalizer x -> control.removeFinalizer(x.object(), x.uid(), x.finalizer());
        case VolumeAction.RecordEvent x -> control.event(x.component(), x.object(), x.type(), x.reason(), x.message());
      }
    }
  }

  private void provision(VolumeAction.ProvisionVolume x) {
    PersistentVolumeClaim claim = x.claim();
    String name = x.volume().getMetadata().getName();
    control.event(PersistentVolumeReconciler.PROVISIONER, claim, PersistentVolumeReconciler.NORMAL, "Provisioning",
        "External provisioner is provisioning volume for claim \"" + claim.getMetadata().getNamespace() + "/"
            + claim.getMetadata().getName() + "\"");
    boolean created;
    try {
      created = control.provision(x.volume(), x.directory());
    } catch (IOException | RuntimeException e) {
      control.event(PersistentVolumeReconciler.PROVISIONER, claim, PersistentVolumeReconciler.WARNING, "ProvisioningFailed",
          "failed to provision volume with StorageClass \"" + x.volume().getSpec().getStorageClassName() + "\": " + e.getMessage());
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    if (created) {
      control.event(PersistentVolumeReconciler.PROVISIONER, claim, PersistentVolumeReconciler.NORMAL, "ProvisioningSucceeded",
          "Successfully provisioned volume " + name);
    }
  }

  private void delete(VolumeAction.DeleteVolume x) {
    try {
      control.deleteVolume(x.volume(), x.directory());
    } catch (IOException e) {
      control.event(PersistentVolumeReconciler.PROVISIONER, x.volume(), PersistentVolumeReconciler.WARNING, "VolumeFailedDelete",
          "failed to delete volume " + x.volume().getMetadata().getName() + ": " + e);
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the informers, and the workers once every informer has synced. */
  public synchronized void start() {
    if (starter != null) {
      throw new IllegalStateException("already started");
    }
    informers().forEach(Informer::start);
    starter = Thread.ofVirtual().name("persistentvolume-controller-start").start(() -> {
      try {
        for (Informer<?> i : informers()) {
          i.awaitSynced();
        }
        loop.start(workers);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  public synchronized void stop() {
    if (starter != null) {
      starter.interrupt();
    }
    informers().forEach(Informer::stop);
    loop.stop();
  }

  private List<Informer<?>> informers() {
    return List.of(claims, volumes, classes, pods);
  }

  public boolean hasSynced() {
    return informers().stream().allMatch(Informer::hasSynced);
  }

  /** For tests: lets every informer apply what the API has, synchronously. */
  public boolean processPendingEvents() {
    boolean progressed = false;
    for (Informer<?> i : informers()) {
      progressed |= i.processPending();
    }
    return progressed;
  }

  /** For tests: processes every queued key, and those they queue, without blocking. */
  public int processAll() {
    return loop.processAll();
  }

  /** For tests: delivers API changes and reconciles until neither makes progress. */
  public void settle() {
    for (int i = 0; i < 100; i++) {
      boolean events = processPendingEvents();
      int processed = processAll();
      if (!events && processed == 0) {
        return;
      }
    }
    throw new IllegalStateException("volume controller did not settle in 100 rounds; queued: " + queue.queued());
  }

  public WorkQueue<ResourceKey> queue() {
    return queue;
  }
}
