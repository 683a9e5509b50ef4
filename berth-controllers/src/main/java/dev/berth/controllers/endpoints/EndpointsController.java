package dev.berth.controllers.endpoints;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.Indexer;
import dev.berth.client.Informer;
import dev.berth.client.ReconcileLoop;
import dev.berth.client.ReconcileResult;
import dev.berth.client.ResourceEventHandler;
import dev.berth.client.ResourceKey;
import dev.berth.client.WorkQueue;
import dev.berth.client.record.EventRecorder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Endpoints and EndpointSlice controllers of {@code spec/services-dns.md} §2, as one loop:
 * informers on Services, Pods, EndpointSlices and Endpoints; handlers decide which service keys to
 * enqueue; workers run {@link #reconcile}, which asks the {@link EndpointSliceReconciler} and the
 * {@link EndpointsReconciler} for an {@link EndpointsPlan} and applies it through the
 * {@link EndpointControl}. Wiring only, no policy.
 *
 * <p>What gets enqueued (the service's {@code namespace/name}):
 *
 * <ul>
 *   <li>a service added, changed or deleted;
 *   <li>a pod added or deleted: every service in its namespace whose selector matches it;
 *   <li>a pod changed in a way that can change endpoints ({@link ServiceEndpoints#endpointsChanged}):
 *       the services matching it now, and those that matched it before when its labels, hostname
 *       or subdomain changed;
 *   <li>a slice managed by this controller added, changed or deleted: the service it names;
 *   <li>an Endpoints object deleted: its service (recreated if still wanted); at start, every
 *       Endpoints object (one whose service is gone is deleted).
 * </ul>
 *
 * <p>Production: {@code new EndpointsController(client, SystemClock.INSTANCE).start()}, and
 * {@link #stop()} at shutdown. Tests: {@link #settle()}.
 */
public final class EndpointsController {
  /** EndpointSlice index: {@code namespace/service} from the {@code kubernetes.io/service-name} label. */
  static final String SERVICE_INDEX = "service";
  private static final int DEFAULT_WORKERS = 2;

  private final Informer<Service> services;
  private final Informer<Pod> pods;
  private final Informer<EndpointSlice> slices;
  private final Informer<Endpoints> endpoints;
  private final WorkQueue<ResourceKey> queue;
  private final ReconcileLoop<ResourceKey> loop;
  private final EndpointSliceReconciler sliceReconciler;
  private final EndpointControl control;
  private final int workers;
  private final TriggerTimeTracker triggerTimes = new TriggerTimeTracker();
  private final CacheExpectations sliceWrites = new CacheExpectations();
  private final CacheExpectations endpointsWrites = new CacheExpectations();
  private Thread starter;

  public EndpointsController(ApiClient client, Clock clock) {
    this(client, clock, new EndpointSliceReconciler(), new ClientEndpointControl(client, clock), DEFAULT_WORKERS);
  }

  public EndpointsController(ApiClient client, Clock clock, EndpointSliceReconciler sliceReconciler, EndpointControl control,
      int workers) {
    this.services = new Informer<>(client, Service.class, clock);
    this.pods = new Informer<>(client, Pod.class, clock);
    Map<String, Function<EndpointSlice, Collection<String>>> index = Map.of(SERVICE_INDEX, EndpointsController::serviceOf);
    this.slices = new Informer<>(client, EndpointSlice.class, null, clock, new Indexer<>(index));
    this.endpoints = new Informer<>(client, Endpoints.class, clock);
    this.queue = new WorkQueue<>(clock);
    this.loop = new ReconcileLoop<>("endpoints-controller", queue, this::reconcile);
    this.sliceReconciler = sliceReconciler;
    this.control = control;
    this.workers = workers;
    services.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Service s) {
        queue.add(ResourceKey.of(s));
      }

      @Override
      public void onUpdate(Service oldService, Service newService) {
        queue.add(ResourceKey.of(newService));
      }

      @Override
      public void onDelete(Service s) {
        queue.add(ResourceKey.of(s));
      }
    });
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        enqueueServicesOf(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        if (ServiceEndpoints.membershipChanged(oldPod, newPod)) {
          enqueueServicesOf(oldPod);
          enqueueServicesOf(newPod);
        } else if (ServiceEndpoints.endpointsChanged(oldPod, newPod)) {
          enqueueServicesOf(newPod);
        }
      }

      @Override
      public void onDelete(Pod pod) {
        enqueueServicesOf(pod);
      }
    });
    slices.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(EndpointSlice slice) {
        enqueueServiceOf(slice);
      }

      @Override
      public void onUpdate(EndpointSlice oldSlice, EndpointSlice newSlice) {
        enqueueServiceOf(oldSlice);
        enqueueServiceOf(newSlice);
      }

      @Override
      public void onDelete(EndpointSlice slice) {
        sliceWrites.observedDeletion(ResourceKey.of(slice));
        enqueueServiceOf(slice);
      }
    });
    endpoints.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onDelete(Endpoints e) {
        endpointsWrites.observedDeletion(ResourceKey.of(e));
        queue.add(ResourceKey.of(e));
      }
    });
  }

  private static Collection<String> serviceOf(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(ServiceEndpoints.SERVICE_NAME_LABEL);
    return service == null || service.isEmpty() ? List.of() : List.of(slice.getMetadata().getNamespace() + "/" + service);
  }

  private static boolean isManaged(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    return labels != null && ServiceEndpoints.CONTROLLER_NAME.equals(labels.get(ServiceEndpoints.MANAGED_BY_LABEL));
  }

  private void enqueueServicesOf(Pod pod) {
    for (Service s : services.lister().list(pod.getMetadata().getNamespace())) {
      if (ServiceEndpoints.selects(s, pod)) {
        queue.add(ResourceKey.of(s));
      }
    }
  }

  private void enqueueServiceOf(EndpointSlice slice) {
    if (isManaged(slice)) {
      serviceOf(slice).forEach(k -> queue.add(ResourceKey.parse(k)));
    }
  }

  /**
   * One pass over the service named by {@code key}, from the caches. Throws (and is retried with
   * back-off) when a cache has not yet caught up with this controller's own last writes for the
   * service, or when a write fails.
   */
  public ReconcileResult reconcile(ResourceKey key) {
    Service service = services.lister().get(key);
    if (service == null) {
      triggerTimes.forget(key);
      sliceWrites.forgetService(key);
      apply(key, null, new EndpointsPlan(EndpointsReconciler.reconcileDeleted(endpoints.lister().get(key))));
      return ReconcileResult.done();
    }
    if (sliceWrites.isStale(key, k -> slices.lister().get(k)) || endpointsWrites.isStale(key, k -> endpoints.lister().get(k))) {
      throw new IllegalStateException("the informer caches have not caught up with the last writes for service " + key);
    }
    List<Pod> selected = ServiceEndpoints.hasSelector(service)
        ? pods.lister().list(key.namespace()).stream().filter(p -> ServiceEndpoints.selects(service, p)).toList()
        : List.of();
    Instant triggerTime = ServiceEndpoints.hasSelector(service) ? triggerTimes.compute(service, selected) : null;
    List<EndpointSlice> existing = slices.lister().byIndex(SERVICE_INDEX, key.toString()).stream()
        .filter(EndpointsController::isManaged).toList();
    EndpointsPlan plan = new EndpointsPlan(sliceReconciler.reconcile(service, selected, existing, triggerTime))
        .plus(EndpointsReconciler.reconcile(service, selected, endpoints.lister().get(key), triggerTime));
    apply(key, service, plan);
    return ReconcileResult.done();
  }

  /**
   * Slice writes, then the Endpoints write; a failure stops its own group only, and the first one
   * is thrown once both groups ran.
   */
  private void apply(ResourceKey key, Service service, EndpointsPlan plan) {
    RuntimeException failure = null;
    List<EndpointAction> sliceActions = new ArrayList<>();
    List<EndpointAction> endpointsActions = new ArrayList<>();
    for (EndpointAction a : plan.actions()) {
      switch (a) {
        case EndpointAction.CreateSlice x -> sliceActions.add(x);
        case EndpointAction.UpdateSlice x -> sliceActions.add(x);
        case EndpointAction.DeleteSlice x -> sliceActions.add(x);
        case EndpointAction.CreateEndpoints x -> endpointsActions.add(x);
        case EndpointAction.UpdateEndpoints x -> endpointsActions.add(x);
        case EndpointAction.DeleteEndpoints x -> endpointsActions.add(x);
      }
    }
    try {
      for (EndpointAction a : sliceActions) {
        applySlice(key, a);
      }
    } catch (ApiException e) {
      failure = e;
      if (service != null && e.code() != 409) {
        control.event(service, EventRecorder.WARNING, "FailedToUpdateEndpointSlices",
            "Error updating Endpoint Slices for Service " + key + ": " + e.getMessage());
      }
    }
    for (EndpointAction a : endpointsActions) {
      try {
        applyEndpoints(key, a);
      } catch (ApiException e) {
        failure = failure == null ? e : failure;
        if (e.code() != 409) {
          switch (a) {
            case EndpointAction.CreateEndpoints x -> control.event(x.endpoints(), EventRecorder.WARNING, "FailedToCreateEndpoint",
                "Failed to create endpoint for service " + key + ": " + e.getMessage());
            case EndpointAction.UpdateEndpoints x -> control.event(x.endpoints(), EventRecorder.WARNING, "FailedToUpdateEndpoint",
                "Failed to update endpoint " + key + ": " + e.getMessage());
            case EndpointAction.DeleteEndpoints x -> { }
            case EndpointAction.CreateSlice x -> { }
            case EndpointAction.UpdateSlice x -> { }
            case EndpointAction.DeleteSlice x -> { }
          }
        }
        break;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void applySlice(ResourceKey key, EndpointAction a) {
    switch (a) {
      case EndpointAction.CreateSlice x -> {
        EndpointSlice created = control.createSlice(x.slice());
        if (created != null) {
          sliceWrites.written(key, created);
        }
      }
      case EndpointAction.UpdateSlice x -> sliceWrites.written(key, control.updateSlice(x.slice()));
      case EndpointAction.DeleteSlice x -> {
        control.deleteSlice(x.slice());
        sliceWrites.deleted(key, ResourceKey.of(x.slice()));
      }
      default -> throw new IllegalArgumentException("not a slice action: " + a);
    }
  }

  private void applyEndpoints(ResourceKey key, EndpointAction a) {
    switch (a) {
      case EndpointAction.CreateEndpoints x -> {
        Endpoints created = control.createEndpoints(x.endpoints());
        if (created != null) {
          endpointsWrites.written(key, created);
        }
      }
      case EndpointAction.UpdateEndpoints x -> endpointsWrites.written(key, control.updateEndpoints(x.endpoints()));
      case EndpointAction.DeleteEndpoints x -> {
        control.deleteEndpoints(x.endpoints());
        endpointsWrites.deleted(key, ResourceKey.of(x.endpoints()));
      }
      default -> throw new IllegalArgumentException("not an Endpoints action: " + a);
    }
  }

  /**
   * Upstream {@code checkLeftoverEndpoints}: enqueues every Endpoints object but leader-election
   * records, so that one whose service is gone (deleted while berth was down) is deleted. Run once
   * the caches have synced.
   */
  public void checkLeftoverEndpoints() {
    for (Endpoints e : endpoints.lister().list()) {
      Map<String, String> a = e.getMetadata().getAnnotations();
      if (a == null || !a.containsKey(ServiceEndpoints.LEADER_ANNOTATION)) {
        queue.add(ResourceKey.of(e));
      }
    }
  }

  /** Starts the informers; once all have synced, the workers and the leftover check. */
  public synchronized void start() {
    if (starter != null) {
      throw new IllegalStateException("already started");
    }
    informers().forEach(Informer::start);
    starter = Thread.ofVirtual().name("endpoints-controller-start").start(() -> {
      try {
        for (Informer<?> i : informers()) {
          i.awaitSynced();
        }
        loop.start(workers);
        checkLeftoverEndpoints();
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
    return List.of(services, pods, slices, endpoints);
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
    throw new IllegalStateException("endpoints controller did not settle in 100 rounds; queued: " + queue.queued());
  }

  public WorkQueue<ResourceKey> queue() {
    return queue;
  }
}
