package dev.berth.cli;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.time.SystemClock;
import dev.berth.cli.up.ApplyOrder;
import dev.berth.cli.up.KubeconfigFile;
import dev.berth.cli.up.Manifest;
import dev.berth.cli.up.ManifestException;
import dev.berth.cli.up.ManifestLoader;
import dev.berth.cli.up.ReadySummary;
import dev.berth.cli.up.Readiness;
import dev.berth.cli.up.UpProgress;
import dev.berth.cli.up.Workload;
import dev.berth.client.Indexer;
import dev.berth.client.Informer;
import dev.berth.client.ResourceEventHandler;
import dev.berth.client.http.HttpApiClient;
import dev.berth.store.StoreException;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth up FILE|DIR ...}: applies manifests to the berth server of the data dir (starting
 * one in this process when none runs), shows the pods coming up until every applied workload is
 * ready, says how to reach them, and keeps running. SIGINT/SIGTERM: if {@code up} started the
 * server, stop the applied workloads' pods (StatefulSets and Deployments scaled to 0, pods deleted
 * highest ordinal first, volumes and the data dir kept) and then the server; else just leave.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Apply manifests (files or directories), start a server for them if none runs on the data dir,",
        "and show the pods coming up until every workload is ready. Ctrl-C stops them again."})
final class UpCommand implements Callable<Integer> {
  static final String FIELD_MANAGER = "berth-up";
  private static final Duration QUIET_NOTICE = Duration.ofSeconds(30);

  @Mixin
  ServerOptions options = new ServerOptions();

  @Parameters(paramLabel = "FILE|DIR", description = "Manifests: YAML/JSON files (several documents each), directories (their files in name order), - for stdin.")
  List<String> paths = new ArrayList<>();

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR", description = "Same as a positional FILE|DIR (as in kubectl apply -f).")
  List<String> filenames = new ArrayList<>();

  private final PrintStream out = System.out;
  private final Semaphore changed = new Semaphore(0);
  private final AtomicInteger signals = new AtomicInteger();

  @Override
  public Integer call() throws Exception {
    ResourceRegistry registry = ResourceRegistry.standard();
    List<String> inputs = new ArrayList<>(filenames);
    inputs.addAll(paths);
    List<Manifest> manifests;
    List<ResourceType> types = new ArrayList<>();
    try {
      manifests = ApplyOrder.sort(ManifestLoader.load(inputs, System.in));
      for (Manifest m : manifests) {
        types.add(registry.byKind(m.apiVersion(), m.kind()).orElseThrow(() -> new ManifestException(m.source()
            + ": berth does not serve " + m.kind() + " in " + m.apiVersion() + " (kubectl api-resources lists what it serves)")));
      }
    } catch (ManifestException e) {
      return fail(e.getMessage());
    }

    Instant since = SystemClock.INSTANCE.now();
    Server server = null;
    Path kubeconfig = options.dataDir().toAbsolutePath().resolve("kubeconfig");
    try {
      server = Server.start(options);
      kubeconfig = server.kubeconfig().toAbsolutePath();
      out.println("berth: started a server on " + options.dataDir() + " (API " + server.url() + ")");
      out.println("berth: " + server.controllers().dnsStatusLine());
    } catch (StoreException.Unavailable heldByAnother) {
      // the data dir's lock is held: a server runs on it, use that one
      if (!Files.exists(kubeconfig)) {
        return fail(heldByAnother.getMessage());
      }
    } catch (java.io.IOException | RuntimeException e) {
      return fail("cannot start a server on " + options.dataDir() + " listening on " + options.listen + ": " + e.getMessage()
          + (e instanceof java.net.BindException || String.valueOf(e.getMessage()).contains("in use")
              ? " (choose another address with --listen HOST:PORT; port 0 picks a free one)" : ""));
    }
    final Server started = server;
    for (String sig : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> {
        signals.incrementAndGet();
        changed.release();
      });
    }
    try {
      HttpApiClient client = KubeconfigFile.read(kubeconfig).client(FIELD_MANAGER);
      if (started == null) {
        if (!awaitReachable(client)) {
          return fail("the data dir " + options.dataDir() + " is held by a berth server, but its API at " + client.server()
              + " does not answer; is it still starting? (" + kubeconfig + ")");
        }
        out.println("berth: using the server already running on " + options.dataDir() + " (API " + client.server() + ")");
      }
      out.flush();
      int code = run(client, registry, manifests, types, kubeconfig, since, started != null);
      return code;
    } catch (ApiException e) {
      return fail(e.getMessage());
    } finally {
      if (started != null) {
        out.println("berth: stopping the server");
        out.flush();
        started.close();
        out.println("berth: stopped; everything is kept in " + options.dataDir());
        out.flush();
      }
    }
  }

  private int run(HttpApiClient client, ResourceRegistry registry, List<Manifest> manifests, List<ResourceType> types,
      Path kubeconfig, Instant since, boolean ownServer) throws InterruptedException {
    // 1. validate everything first (dry run): a bad manifest changes nothing
    Set<String> batchNamespaces = new HashSet<>();
    for (Manifest m : manifests) {
      if (m.kind().equals("Namespace") && m.group().isEmpty()) {
        batchNamespaces.add(m.name());
      }
    }
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < manifests.size(); i++) {
      Manifest m = manifests.get(i);
      ResourceType t = types.get(i);
      try {
        client.apply(t, m.namespace(), m.name(), dev.berth.api.Json.string(m.object()), true, true);
      } catch (ApiException e) {
        boolean namespaceComesLater = e.code() == 404 && m.namespace() != null && batchNamespaces.contains(m.namespace());
        if (!namespaceComesLater) {
          errors.add(m.source() + ": " + e.getMessage());
        }
      }
    }
    if (!errors.isEmpty()) {
      for (String e : errors) {
        System.err.println("berth: error: " + e);
      }
      System.err.println("berth: nothing applied (" + errors.size() + " of " + manifests.size() + " objects rejected)");
      return 1;
    }
    // 2. apply
    List<Workload> applied = new ArrayList<>();
    for (int i = 0; i < manifests.size(); i++) {
      Manifest m = manifests.get(i);
      ResourceType t = types.get(i);
      HttpApiClient.Applied a;
      try {
        a = client.apply(t, m.namespace(), m.name(), dev.berth.api.Json.string(m.object()), true, false);
      } catch (ApiException e) {
        System.err.println("berth: error: " + m.source() + ": " + e.getMessage());
        if (ownServer) {
          stopWorkloads(client, applied);
        }
        return 1;
      }
      Workload w = Workload.of(m, t.namespaced());
      applied.add(w);
      out.println("berth: " + w.displayName() + (a.created() ? " created" : " configured"));
    }
    out.flush();

    // 3. watch until everything is ready, then keep reporting until a signal
    Watches watches = new Watches(client);
    try {
      UpProgress progress = new UpProgress(applied, since);
      boolean announced = false;
      Instant lastChange = SystemClock.INSTANCE.now();
      boolean quietNoticeShown = false;
      while (signals.get() == 0) {
        changed.tryAcquire(1, TimeUnit.SECONDS);
        changed.drainPermits();
        if (!watches.synced()) {
          continue;
        }
        List<String> lines = progress.observe(watches.current(applied), watches.pods.lister().list(), watches.events.lister().list());
        lines.forEach(out::println);
        Instant now = SystemClock.INSTANCE.now();
        if (!lines.isEmpty()) {
          lastChange = now;
          quietNoticeShown = false;
        }
        if (progress.allReady() && !announced) {
          announced = true;
          List<String> readyOnes = new ArrayList<>();
          Map<Workload, HasMetadata> current = watches.current(applied);
          for (Workload w : progress.workloads()) {
            readyOnes.add(w.displayName() + " (" + Readiness.of(current.get(w)).progress() + ")");
          }
          List<Service> services = new ArrayList<>();
          for (Workload w : applied) {
            if (w.kind().equals("Service") && w.group().isEmpty()) {
              Service s = client.get(Service.class, w.namespace(), w.name());
              if (s != null) {
                services.add(s);
              }
            }
          }
          ReadySummary.render(readyOnes, progress.pods(), services, kubeconfig, ownServer).forEach(out::println);
        } else if (!progress.allReady() && !announced && !quietNoticeShown
            && Duration.between(lastChange, now).compareTo(QUIET_NOTICE) > 0) {
          quietNoticeShown = true;
          out.println("berth: still waiting for " + String.join(", ", progress.waitingFor())
              + " (kubectl --kubeconfig " + kubeconfig + " describe pods says more)");
        }
        out.flush();
      }
      if (!ownServer) {
        out.println("berth: leaving; the workloads keep running on " + client.server() + " (that server was running before berth up)");
        out.flush();
        return 0;
      }
      out.println("berth: stopping the workloads' pods, highest ordinal first (volumes and data are kept; Ctrl-C again to skip)");
      out.flush();
      stopWorkloads(client, applied, watches, progress);
      return 0;
    } finally {
      watches.close();
    }
  }

  /** For a failed apply: stop what was applied so far, without progress output. */
  private void stopWorkloads(HttpApiClient client, List<Workload> applied) throws InterruptedException {
    Watches watches = new Watches(client);
    try {
      while (!watches.synced()) {
        changed.tryAcquire(1, TimeUnit.SECONDS);
      }
      stopWorkloads(client, applied, watches, new UpProgress(applied, SystemClock.INSTANCE.now()));
    } finally {
      watches.close();
    }
  }

  /**
   * Scales each applied StatefulSet, Deployment and ReplicaSet to 0 and deletes its pods one at a
   * time, highest ordinal first, waiting for each to be gone (its processes stopped); bare pods are
   * deleted in reverse apply order. Workloads are stopped in reverse apply order. A second signal
   * skips the rest.
   */
  private void stopWorkloads(HttpApiClient client, List<Workload> applied, Watches watches, UpProgress progress) throws InterruptedException {
    int skipAt = signals.get() + 1;
    List<Workload> reversed = new ArrayList<>(progress.workloads());
    java.util.Collections.reverse(reversed);
    for (Workload w : reversed) {
      try {
        switch (w.kind()) {
          case "StatefulSet" -> client.scale(StatefulSet.class, w.namespace(), w.name(), 0);
          case "Deployment" -> client.scale(Deployment.class, w.namespace(), w.name(), 0);
          case "ReplicaSet" -> client.scale(ReplicaSet.class, w.namespace(), w.name(), 0);
          default -> { }
        }
      } catch (ApiException e) {
        if (e.code() != 404) {
          out.println("berth: cannot scale " + w.displayName() + " to 0: " + e.getMessage());
        }
      }
      Instant deadline = SystemClock.INSTANCE.now().plus(Duration.ofMinutes(2));
      while (signals.get() < skipAt && SystemClock.INSTANCE.now().isBefore(deadline)) {
        Map<Workload, HasMetadata> current = watches.current(applied);
        // one snapshot for both: a pod gone between two reads would let the next one be deleted too early
        List<Pod> snapshot = watches.pods.lister().list();
        podLines(progress.observe(current, snapshot, watches.events.lister().list())).forEach(out::println);
        out.flush();
        List<Pod> pods = snapshot.stream().filter(p -> w.equals(progress.ownerOf(current, p)))
            .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getName(), (a, b) -> -compareOrdinals(a, b)))
            .toList();
        if (pods.isEmpty()) {
          break;
        }
        Pod highest = pods.getFirst();
        if (highest.getMetadata().getDeletionTimestamp() == null) {
          try {
            client.delete(Pod.class, highest.getMetadata().getNamespace(), highest.getMetadata().getName(), new DeleteOptions());
          } catch (ApiException e) {
            if (e.code() != 404) {
              out.println("berth: cannot delete pod " + highest.getMetadata().getName() + ": " + e.getMessage());
              break;
            }
          }
        }
        changed.tryAcquire(1, TimeUnit.SECONDS);
      }
    }
    if (signals.get() >= skipAt) {
      out.println("berth: skipped stopping the remaining pods; they keep running and the next berth server or berth up on "
          + options.dataDir() + " adopts them");
    } else {
      podLines(progress.observe(watches.current(applied), watches.pods.lister().list(), watches.events.lister().list())).forEach(out::println);
      out.println("berth: pods stopped; `berth up` with the same manifests brings them back with their volumes");
    }
    out.flush();
  }

  /** While stopping, the pods' lines only: a workload's "1/0 ready" says nothing useful then. */
  private static List<String> podLines(List<String> lines) {
    return lines.stream().filter(l -> !l.startsWith("berth: ")).toList();
  }

  private static int compareOrdinals(String a, String b) {
    int i = a.lastIndexOf('-');
    int j = b.lastIndexOf('-');
    try {
      if (i > 0 && j > 0 && a.substring(0, i).equals(b.substring(0, j))) {
        return Integer.compare(Integer.parseInt(a.substring(i + 1)), Integer.parseInt(b.substring(j + 1)));
      }
    } catch (NumberFormatException notOrdinals) {
      // by name
    }
    return a.compareTo(b);
  }

  private boolean awaitReachable(HttpApiClient client) throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      if (client.readyz()) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  private int fail(String message) {
    System.err.println("berth: error: " + message);
    System.err.flush();
    return 1;
  }

  /** Informers over every namespace for what the progress shows; each change wakes the main loop. */
  private final class Watches implements AutoCloseable {
    final Informer<Pod> pods;
    final Informer<Event> events;
    final Informer<StatefulSet> statefulSets;
    final Informer<Deployment> deployments;
    final Informer<ReplicaSet> replicaSets;

    Watches(HttpApiClient client) {
      pods = informer(client, Pod.class);
      events = informer(client, Event.class);
      statefulSets = informer(client, StatefulSet.class);
      deployments = informer(client, Deployment.class);
      replicaSets = informer(client, ReplicaSet.class);
    }

    private <T extends HasMetadata> Informer<T> informer(HttpApiClient client, Class<T> type) {
      Informer<T> i = new Informer<>(client, type, null, SystemClock.INSTANCE, new Indexer<>());
      i.addEventHandler(new ResourceEventHandler<>() {
        @Override
        public void onAdd(T object) {
          changed.release();
        }

        @Override
        public void onUpdate(T oldObject, T newObject) {
          changed.release();
        }

        @Override
        public void onDelete(T object) {
          changed.release();
        }
      });
      i.start();
      return i;
    }

    boolean synced() {
      return pods.hasSynced() && events.hasSynced() && statefulSets.hasSynced() && deployments.hasSynced() && replicaSets.hasSynced();
    }

    /** The applied workloads as the caches have them now. */
    Map<Workload, HasMetadata> current(List<Workload> applied) {
      Map<Workload, HasMetadata> m = new LinkedHashMap<>();
      for (Workload w : applied) {
        HasMetadata o = switch (w.kind()) {
          case "StatefulSet" -> statefulSets.lister().get(w.namespace(), w.name());
          case "Deployment" -> deployments.lister().get(w.namespace(), w.name());
          case "ReplicaSet" -> replicaSets.lister().get(w.namespace(), w.name());
          case "Pod" -> pods.lister().get(w.namespace(), w.name());
          default -> null;
        };
        if (o != null) {
          m.put(w, o);
        }
      }
      return m;
    }

    @Override
    public void close() {
      pods.stop();
      events.stop();
      statefulSets.stop();
      deployments.stop();
      replicaSets.stop();
    }
  }
}
