package dev.berth.proxy;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.Informer;
import dev.berth.client.ReconcileLoop;
import dev.berth.client.ReconcileResult;
import dev.berth.client.ResourceEventHandler;
import dev.berth.client.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The service proxy's loop, kube-proxy's {@code syncProxyRules}: informers on Services and
 * EndpointSlices; any change queues the single key {@value #KEY}; {@link #reconcile} computes a
 * {@link ProxyPlan} from the caches and hands it to a {@link ProxyRulesControl}, then writes the
 * {@code status.loadBalancer} of LoadBalancer services ({@link LoadBalancerStatuses}). Changes
 * arriving during a sync are merged into the next one, so a burst of endpoint updates costs one
 * or two syncs. Frontends that failed to bind are tried again every {@link #BIND_RETRY}.
 */
public final class ServiceProxyController {
  private static final System.Logger LOG = System.getLogger(ServiceProxyController.class.getName());
  static final String KEY = "proxy-rules";
  static final Duration BIND_RETRY = Duration.ofSeconds(5);

  private final ApiClient client;
  private final String nodeName;
  private final String nodeIp;
  private final ProxyRulesControl rules;
  private final Informer<Service> services;
  private final Informer<EndpointSlice> slices;
  private final ReconcileLoop<String> loop;
  private volatile ProxyPlan lastPlan = ProxyPlan.EMPTY;
  private volatile Map<Frontend, String> failures = Map.of();
  private List<String> loggedConflicts = List.of();
  private Thread starter;

  /**
   * @param nodeName this node, for the Local traffic policies
   * @param nodeIp where node ports and LoadBalancer ports listen, {@code 127.0.0.1}
   */
  public ServiceProxyController(ApiClient client, Clock clock, String nodeName, String nodeIp, ProxyRulesControl rules) {
    this.client = client;
    this.nodeName = nodeName;
    this.nodeIp = nodeIp;
    this.rules = rules;
    this.services = new Informer<>(client, Service.class, clock);
    this.slices = new Informer<>(client, EndpointSlice.class, clock);
    WorkQueue<String> queue = new WorkQueue<>(clock);
    this.loop = new ReconcileLoop<>("service-proxy", queue, k -> reconcile());
    enqueueOnChange(services, queue);
    enqueueOnChange(slices, queue);
  }

  private static <T extends HasMetadata> void enqueueOnChange(Informer<T> informer, WorkQueue<String> queue) {
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        queue.add(KEY);
      }

      @Override
      public void onUpdate(T oldObject, T newObject) {
        queue.add(KEY);
      }

      @Override
      public void onDelete(T object) {
        queue.add(KEY);
      }
    });
  }

  /**
   * One sync from the caches: plan, apply, then the LoadBalancer statuses. Throws (and is retried
   * with back-off) when a status write fails; requeues itself while a frontend cannot bind.
   */
  public ReconcileResult reconcile() {
    List<Service> all = services.lister().list();
    ProxyPlan plan = ProxyPlan.of(all, slices.lister().list(), nodeName, nodeIp);
    Map<Frontend, String> failed = rules.apply(plan);
    if (!failed.equals(failures)) {
      failed.forEach((f, why) -> LOG.log(System.Logger.Level.WARNING, "service proxy: cannot listen on " + f + ": " + why));
    }
    failures = Map.copyOf(failed);
    if (!plan.conflicts().equals(loggedConflicts)) {
      plan.conflicts().forEach(c -> LOG.log(System.Logger.Level.WARNING, "service proxy: " + c));
      loggedConflicts = plan.conflicts();
    }
    lastPlan = plan;
    for (Service s : all) {
      List<LoadBalancerIngress> desired = LoadBalancerStatuses.desiredIngress(s, plan, nodeIp);
      if (!LoadBalancerStatuses.isUpToDate(s, desired)) {
        client.updateStatus(new ServiceBuilder(s).editOrNewStatus().withNewLoadBalancer().withIngress(desired).endLoadBalancer()
            .endStatus().build());
      }
    }
    return failed.isEmpty() ? ReconcileResult.done() : ReconcileResult.requeueAfter(BIND_RETRY);
  }

  public synchronized void start() {
    if (starter != null) {
      throw new IllegalStateException("already started");
    }
    services.start();
    slices.start();
    starter = Thread.ofVirtual().name("service-proxy-start").start(() -> {
      try {
        services.awaitSynced();
        slices.awaitSynced();
        loop.queue().add(KEY);
        loop.start(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  public synchronized void stop() {
    if (starter != null) {
      starter.interrupt();
    }
    services.stop();
    slices.stop();
    loop.stop();
  }

  /** For tests: lets the informers apply what the API has, synchronously. */
  public boolean processPendingEvents() {
    return services.processPending() | slices.processPending();
  }

  /** For tests: runs every queued sync without blocking. */
  public int processAll() {
    return loop.processAll();
  }

  /** The plan of the last sync. */
  public ProxyPlan lastPlan() {
    return lastPlan;
  }

  /** Frontends that could not be opened in the last sync, with why. */
  public Map<Frontend, String> failures() {
    return failures;
  }
}
