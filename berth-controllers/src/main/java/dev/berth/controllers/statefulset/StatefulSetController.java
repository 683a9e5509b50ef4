package dev.berth.controllers.statefulset;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import dev.berth.api.selector.LabelSelector;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.Informer;
import dev.berth.client.ReconcileLoop;
import dev.berth.client.ReconcileResult;
import dev.berth.client.ResourceEventHandler;
import dev.berth.client.ResourceKey;
import dev.berth.client.WorkQueue;
import dev.berth.client.record.ClientEventRecorder;
import dev.berth.client.record.EventRecorder;
import dev.berth.controllers.history.ClientRevisionControl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The StatefulSet loop, upstream's {@code stateful_set.go} ({@code spec/statefulset.md} §6, §11):
 * informers for StatefulSets, Pods, PersistentVolumeClaims and ControllerRevisions; handlers that
 * decide which set to enqueue; workers that run {@link #reconcile} per {@code namespace/name}.
 * Policy lives in {@link StatefulSetReconciler}; this class only claims the set's pods and
 * revisions (adopting matching orphans, releasing owned pods that no longer match) and hands them
 * over.
 *
 * <p>Enqueued: the set on its own add/update/delete; the owner of a pod added, changed or deleted
 * (again after {@code minReadySeconds + 1s} when a pod just turned Ready and the set has {@code
 * minReadySeconds}); every set in the namespace whose selector matches an orphan pod that was added
 * or whose labels or owner changed. Claims and revisions have no handlers, as upstream.
 *
 * <p>Production: {@code new StatefulSetController(client, SystemClock.INSTANCE).start()}, {@link
 * #stop()} at shutdown. Tests: {@link #processPendingEvents()} then {@link #processAll()}.
 */
public final class StatefulSetController {
  private static final System.Logger LOG = System.getLogger(StatefulSetController.class.getName());
  private static final int DEFAULT_WORKERS = 5;
  private static final int STATUS_ATTEMPTS = 5;

  private final ApiClient client;
  private final Informer<StatefulSet> sets;
  private final Informer<Pod> pods;
  private final Informer<PersistentVolumeClaim> claims;
  private final Informer<ControllerRevision> revisions;
  private final WorkQueue<ResourceKey> queue;
  private final StatefulSetReconciler reconciler;
  private final ReconcileLoop<ResourceKey> loop;
  private final int workers;
  private Thread starter;

  public StatefulSetController(ApiClient client, Clock clock) {
    this(client, clock, new ClientEventRecorder(client, clock, "statefulset-controller", null), DEFAULT_WORKERS);
  }

  public StatefulSetController(ApiClient client, Clock clock, EventRecorder recorder, int workers) {
    this.client = Objects.requireNonNull(client);
    this.sets = new Informer<>(client, StatefulSet.class, clock);
    this.pods = new Informer<>(client, Pod.class, clock);
    this.claims = new Informer<>(client, PersistentVolumeClaim.class, clock);
    this.revisions = new Informer<>(client, ControllerRevision.class, clock);
    this.queue = new WorkQueue<>(clock);
    this.reconciler = new StatefulSetReconciler(new ClientStatefulPodControl(client, claims.lister(), recorder),
        new ClientRevisionControl(client), this::writeStatus, recorder, clock);
    this.loop = new ReconcileLoop<>("statefulset-controller", queue, this::reconcile);
    this.workers = workers;
    sets.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(StatefulSet set) {
        queue.add(ResourceKey.of(set));
      }

      @Override
      public void onUpdate(StatefulSet oldSet, StatefulSet newSet) {
        queue.add(ResourceKey.of(newSet));
      }

      @Override
      public void onDelete(StatefulSet set) {
        queue.add(ResourceKey.of(set));
      }
    });
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          onDelete(pod);
          return;
        }
        StatefulSet owner = resolveOwner(pod, StatefulSetPods.controllerOf(pod));
        if (owner != null) {
          queue.add(ResourceKey.of(owner));
        } else if (StatefulSetPods.controllerOf(pod) == null) {
          enqueueMatchingSets(pod);
        }
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        if (Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
          return;
        }
        OwnerReference oldRef = StatefulSetPods.controllerOf(oldPod);
        OwnerReference newRef = StatefulSetPods.controllerOf(newPod);
        boolean refChanged = !Objects.equals(oldRef == null ? null : oldRef.getUid(), newRef == null ? null : newRef.getUid());
        if (refChanged && oldRef != null) {
          StatefulSet old = resolveOwner(oldPod, oldRef);
          if (old != null) {
            queue.add(ResourceKey.of(old));
          }
        }
        if (newRef != null) {
          StatefulSet owner = resolveOwner(newPod, newRef);
          if (owner != null) {
            queue.add(ResourceKey.of(owner));
            int mrs = StatefulSetPods.minReadySeconds(owner);
            if (mrs > 0 && !StatefulSetPods.isPodReady(oldPod) && StatefulSetPods.isPodReady(newPod)) {
              queue.addAfter(ResourceKey.of(owner), Duration.ofSeconds(mrs + 1L));
            }
          }
          return;
        }
        if (refChanged || !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels())) {
          enqueueMatchingSets(newPod);
        }
      }

      @Override
      public void onDelete(Pod pod) {
        StatefulSet owner = resolveOwner(pod, StatefulSetPods.controllerOf(pod));
        if (owner != null) {
          queue.add(ResourceKey.of(owner));
        }
      }
    });
  }

  /** The cached set {@code ref} names, if it is a StatefulSet with that UID. */
  private StatefulSet resolveOwner(Pod pod, OwnerReference ref) {
    if (ref == null || !"StatefulSet".equals(ref.getKind())) {
      return null;
    }
    StatefulSet set = sets.lister().get(pod.getMetadata().getNamespace(), ref.getName());
    return set != null && Objects.equals(set.getMetadata().getUid(), ref.getUid()) ? set : null;
  }

  private void enqueueMatchingSets(Pod pod) {
    for (StatefulSet set : sets.lister().list(pod.getMetadata().getNamespace())) {
      try {
        if (LabelSelector.of(set.getSpec().getSelector()).matches(labels(pod))) {
          queue.add(ResourceKey.of(set));
        }
      } catch (ApiException e) {
        // an invalid selector matches nothing
      }
    }
  }

  /**
   * Drives the set {@code key} names one step towards its spec, from the caches (§6.1). Throws to
   * be retried with back-off; asks to look again after {@code minReadySeconds} while pods are not
   * yet available.
   */
  public ReconcileResult reconcile(ResourceKey key) {
    StatefulSet set = sets.lister().get(key);
    if (set == null) {
      return ReconcileResult.done();
    }
    LabelSelector selector;
    try {
      selector = LabelSelector.of(set.getSpec().getSelector());
    } catch (ApiException e) {
      LOG.log(System.Logger.Level.WARNING, "statefulset " + key + " has an invalid selector: " + e.getMessage());
      return ReconcileResult.done();
    }
    Adoption adoption = new Adoption(set);
    List<ControllerRevision> owned = claimRevisions(set, selector, adoption);
    List<Pod> claimed = claimPods(set, selector, adoption);
    StatefulSetStatus status = reconciler.updateStatefulSet(set, claimed, owned);
    int mrs = StatefulSetPods.minReadySeconds(set);
    if (mrs > 0 && status != null && status.getAvailableReplicas() != null
        && status.getAvailableReplicas() != StatefulSetPods.replicas(set)) {
      return ReconcileResult.requeueAfter(Duration.ofSeconds(mrs));
    }
    return ReconcileResult.done();
  }

  /** Adoption needs a live read of the set, once per sync (upstream's {@code canAdoptFunc}). */
  private final class Adoption {
    private final StatefulSet set;
    private Boolean allowed;

    Adoption(StatefulSet set) {
      this.set = set;
    }

    void check(HasMetadata object) {
      if (allowed == null) {
        StatefulSet fresh = client.get(StatefulSet.class, set.getMetadata().getNamespace(), set.getMetadata().getName());
        allowed = fresh != null && Objects.equals(fresh.getMetadata().getUid(), set.getMetadata().getUid())
            && fresh.getMetadata().getDeletionTimestamp() == null;
      }
      if (!allowed) {
        throw new IllegalStateException("can't adopt " + object.getKind() + " " + object.getMetadata().getNamespace() + "/"
            + object.getMetadata().getName() + " (StatefulSet " + set.getMetadata().getName() + " is gone or being deleted)");
      }
    }
  }

  /** §11: the pods this set owns after adopting matching orphans and releasing owned pods that no longer match. */
  private List<Pod> claimPods(StatefulSet set, LabelSelector selector, Adoption adoption) {
    List<Pod> claimed = new ArrayList<>();
    RuntimeException failure = null;
    boolean deleting = set.getMetadata().getDeletionTimestamp() != null;
    for (Pod pod : pods.lister().list(set.getMetadata().getNamespace())) {
      OwnerReference ref = StatefulSetPods.controllerOf(pod);
      boolean matches = selector.matches(labels(pod)) && StatefulSetPods.isMemberOf(set, pod);
      try {
        if (ref != null) {
          if (!Objects.equals(ref.getUid(), set.getMetadata().getUid())) {
            continue;
          }
          if (matches) {
            claimed.add(pod);
          } else if (!deleting) {
            release(pod, set);
          }
        } else if (!deleting && matches && pod.getMetadata().getDeletionTimestamp() == null) {
          adoption.check(pod);
          claimed.add(adopt(Pod.class, pod, set));
        }
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return claimed;
  }

  /** §8.6: revisions matching the selector that the set owns, after adopting orphans; others' are ignored. */
  private List<ControllerRevision> claimRevisions(StatefulSet set, LabelSelector selector, Adoption adoption) {
    List<ControllerRevision> owned = new ArrayList<>();
    for (ControllerRevision rev : revisions.lister().list(set.getMetadata().getNamespace())) {
      if (!selector.matches(rev.getMetadata().getLabels() == null ? Map.of() : rev.getMetadata().getLabels())) {
        continue;
      }
      OwnerReference ref = StatefulSetPods.controllerOf(rev);
      if (ref == null) {
        if (set.getMetadata().getDeletionTimestamp() == null) {
          adoption.check(rev);
          owned.add(adopt(ControllerRevision.class, rev, set));
        }
      } else if (Objects.equals(ref.getUid(), set.getMetadata().getUid())) {
        owned.add(rev);
      }
    }
    return owned;
  }

  /** Adds the set's controller reference by JSON patch, guarded by the object's UID. */
  private <T extends HasMetadata> T adopt(Class<T> type, T object, StatefulSet set) {
    String ref = Json.string(StatefulSetPods.controllerRef(set));
    boolean hasRefs = object.getMetadata().getOwnerReferences() != null && !object.getMetadata().getOwnerReferences().isEmpty();
    String body = "[{\"op\":\"test\",\"path\":\"/metadata/uid\",\"value\":" + Json.string(object.getMetadata().getUid()) + "},"
        + (hasRefs ? "{\"op\":\"add\",\"path\":\"/metadata/ownerReferences/-\",\"value\":" + ref + "}]"
            : "{\"op\":\"add\",\"path\":\"/metadata/ownerReferences\",\"value\":[" + ref + "]}]");
    return client.patch(type, object.getMetadata().getNamespace(), object.getMetadata().getName(), "application/json-patch+json", body);
  }

  /** Removes the set's owner reference from {@code pod}; a pod that is gone or changed meanwhile is left alone. */
  private void release(Pod pod, StatefulSet set) {
    List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
    for (int i = 0; i < refs.size(); i++) {
      if (Objects.equals(refs.get(i).getUid(), set.getMetadata().getUid())) {
        String body = "[{\"op\":\"test\",\"path\":\"/metadata/ownerReferences/" + i + "/uid\",\"value\":"
            + Json.string(set.getMetadata().getUid()) + "},{\"op\":\"remove\",\"path\":\"/metadata/ownerReferences/" + i + "\"}]";
        try {
          client.patch(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), "application/json-patch+json", body);
        } catch (ApiException e) {
          if (e.code() != 404 && e.code() != 422) {
            throw e;
          }
        }
        return;
      }
    }
  }

  /** The status writer: {@code /status} with the cached set's resourceVersion, re-read and retried on conflict. */
  private void writeStatus(StatefulSet set, StatefulSetStatus status) {
    StatefulSet attempt = new StatefulSetBuilder(set).withStatus(status).build();
    for (int i = 1; ; i++) {
      try {
        client.updateStatus(attempt);
        return;
      } catch (ApiException e) {
        if (e.code() != 409 || i >= STATUS_ATTEMPTS) {
          throw e;
        }
        StatefulSet fresh = client.get(StatefulSet.class, set.getMetadata().getNamespace(), set.getMetadata().getName());
        if (fresh == null) {
          return;
        }
        attempt = new StatefulSetBuilder(fresh).withStatus(status).build();
      }
    }
  }

  private static Map<String, String> labels(HasMetadata o) {
    return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
  }

  /** Starts the informers, and the workers once all have synced. */
  public synchronized void start() {
    if (starter != null) {
      throw new IllegalStateException("already started");
    }
    List<Informer<?>> all = List.of(sets, pods, claims, revisions);
    all.forEach(Informer::start);
    starter = Thread.ofVirtual().name("statefulset-controller-start").start(() -> {
      try {
        for (Informer<?> i : all) {
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
    sets.stop();
    pods.stop();
    claims.stop();
    revisions.stop();
    loop.stop();
  }

  /** For tests: lets every informer apply what the API has, synchronously. */
  public boolean processPendingEvents() {
    boolean a = revisions.processPending();
    boolean b = claims.processPending();
    boolean c = pods.processPending();
    boolean d = sets.processPending();
    return a || b || c || d;
  }

  /** For tests: processes every queued key without blocking. */
  public int processAll() {
    return loop.processAll();
  }

  public WorkQueue<ResourceKey> queue() {
    return queue;
  }
}
