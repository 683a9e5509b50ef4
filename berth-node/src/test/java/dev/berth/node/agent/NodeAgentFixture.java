package dev.berth.node.agent;

import dev.berth.api.table.TablePrinters;
import dev.berth.api.time.FakeClock;
import dev.berth.client.ClientWatch;
import dev.berth.client.ResourceKey;
import dev.berth.client.testing.FakeApiClient;
import dev.berth.node.agent.testing.FakeHookRunner;
import dev.berth.node.agent.testing.FakePodSandboxControl;
import dev.berth.node.probe.testing.FakeProbeRunner;
import dev.berth.node.runtime.testing.FakeProcessLauncher;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node agent over fakes, driven synchronously: {@link #settle()} lets informers, the work queue
 * and due timers run until nothing moves; {@link #advance} moves the clock one second at a time,
 * settling after each, so every timer's consequence happens at its own instant.
 */
final class NodeAgentFixture {
  static final String NS = "default";

  final FakeClock clock;
  final FakeApiClient client;
  final FakeProcessLauncher launcher;
  final FakePodSandboxControl sandboxes = new FakePodSandboxControl();
  final FakeProbeRunner probes = new FakeProbeRunner();
  final FakeHookRunner hooks = new FakeHookRunner();
  final InformerSources sources;
  final NodeAgentConfig config = new NodeAgentConfig("berth", List.of("127.0.0.1"),
      Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")), 1000, 1, Duration.ofMinutes(1), Duration.ofSeconds(10));
  final NodeAgentController controller;

  NodeAgentFixture() {
    this(new FakeClock(), null);
  }

  /** An agent over the API (and the clock) another fixture uses: a berth started again after a crash. */
  NodeAgentFixture(FakeClock clock, FakeApiClient client) {
    this.clock = clock;
    this.client = client != null ? client : new FakeApiClient(clock);
    this.launcher = new FakeProcessLauncher(clock);
    this.sources = new InformerSources(this.client, clock);
    this.controller = new NodeAgentController(this.client, clock, config, launcher, probes, hooks, sandboxes, sources);
  }
  private final List<Pod> watched = new ArrayList<>();
  private ClientWatch<Pod> watch;

  /** Runs informers, queued keys and timers due now until nothing is left to do. */
  void settle() {
    for (int i = 0; i < 1000; i++) {
      clock.advance(Duration.ZERO);
      boolean events = controller.processPendingEvents();
      int processed = controller.processAll();
      drainWatch();
      if (!events && processed == 0 && controller.queue().len() == 0) {
        return;
      }
    }
    throw new AssertionError("the node agent did not settle; queued: " + controller.queue().queued());
  }

  /** Moves the clock by {@code d}, one second at a time, settling after each second. */
  void advance(Duration d) {
    long ms = d.toMillis();
    while (ms > 0) {
      long step = Math.min(1000, ms);
      clock.advance(Duration.ofMillis(step));
      settle();
      ms -= step;
    }
  }

  void advanceSeconds(int seconds) {
    advance(Duration.ofSeconds(seconds));
  }

  /** From now on, every version of every pod written is kept for {@link #history}. */
  void watchPods() {
    watch = client.watch(Pod.class, null, String.valueOf(client.currentResourceVersion()));
  }

  private void drainWatch() {
    if (watch == null) {
      return;
    }
    try {
      ClientWatch.Event<Pod> e;
      while ((e = watch.poll(Duration.ZERO)) != null) {
        switch (e) {
          case ClientWatch.Event.Added<Pod> a -> watched.add(a.object());
          case ClientWatch.Event.Modified<Pod> m -> watched.add(m.object());
          case ClientWatch.Event.Deleted<Pod> d -> watched.add(new PodBuilder(d.object()).editMetadata()
              .addToAnnotations("test/deleted", "true").endMetadata().build());
          case ClientWatch.Event.Expired<Pod> x -> throw new AssertionError("watch expired: " + x.message());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The versions of pod {@code name} seen since {@link #watchPods()}, oldest first. */
  List<Pod> history(String name) {
    drainWatch();
    return watched.stream().filter(p -> p.getMetadata().getName().equals(name)).toList();
  }

  /** The STATUS column kubectl showed for each version of {@code name}, consecutive repeats dropped. */
  List<String> statusHistory(String name) {
    List<String> out = new ArrayList<>();
    for (Pod p : history(name)) {
      if (p.getMetadata().getAnnotations() != null && p.getMetadata().getAnnotations().containsKey("test/deleted")) {
        continue;
      }
      String s = statusColumn(p);
      if (out.isEmpty() || !out.get(out.size() - 1).equals(s)) {
        out.add(s);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Pods

  static Container container(String name, String... command) {
    return new ContainerBuilder().withName(name).withImage("busybox:1.36").withCommand(command).build();
  }

  /** A pod as the API server stores it on create ({@code phase: Pending}; the fake API does not default it). */
  static PodBuilder podBuilder(String name, Container... containers) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withNewSpec()
        .withContainers(containers).endSpec().withNewStatus().withPhase("Pending").endStatus();
  }

  Pod create(Pod pod) {
    Pod created = client.create(pod);
    settle();
    return created;
  }

  Pod create(String name, Container... containers) {
    return create(podBuilder(name, containers).build());
  }

  Pod get(String name) {
    return client.get(Pod.class, NS, name);
  }

  String uid(String name) {
    return get(name).getMetadata().getUid();
  }

  void delete(String name, Long graceSeconds) {
    client.delete(Pod.class, NS, name, graceSeconds == null ? null : new DeleteOptionsBuilder().withGracePeriodSeconds(graceSeconds).build());
    settle();
  }

  PodWorker worker(String name) {
    return controller.worker(new ResourceKey(NS, name)).orElseThrow(() -> new AssertionError("no worker for " + name));
  }

  /** kubectl's STATUS column for the pod as stored now. */
  String statusColumn(String name) {
    return statusColumn(get(name));
  }

  static String statusColumn(Pod pod) {
    return (String) TablePrinters.forKind("v1", "Pod").cells(pod, java.time.Instant.parse("2026-06-01T00:00:00Z")).get(2);
  }

  static ContainerStatus containerStatus(Pod pod, String container) {
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus().getContainerStatuses() != null) {
      all.addAll(pod.getStatus().getContainerStatuses());
    }
    if (pod.getStatus().getInitContainerStatuses() != null) {
      all.addAll(pod.getStatus().getInitContainerStatuses());
    }
    return all.stream().filter(c -> c.getName().equals(container)).findFirst()
        .orElseThrow(() -> new AssertionError("no status of container " + container + " in " + pod.getStatus()));
  }

  ContainerStatus containerStatus(String pod, String container) {
    return containerStatus(get(pod), container);
  }

  /** {@code type -> status[/reason]} of the pod's conditions. */
  static Map<String, String> conditions(Pod pod) {
    Map<String, String> out = new LinkedHashMap<>();
    for (PodCondition c : pod.getStatus().getConditions()) {
      out.put(c.getType(), c.getStatus() + (c.getReason() == null ? "" : "/" + c.getReason()));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  /** Every core/v1 Event, oldest first. */
  List<Event> eventObjects() {
    return client.list(Event.class, null, null).items().stream()
        .sorted(Comparator.comparing((Event e) -> e.getFirstTimestamp()).thenComparing(e -> e.getMetadata().getName())).toList();
  }

  /** {@code "Reason: message"} of the events about {@code pod}, oldest first. */
  List<String> events(String pod) {
    return eventObjects().stream().filter(e -> e.getInvolvedObject().getName().equals(pod))
        .map(e -> e.getReason() + ": " + e.getMessage()).toList();
  }

  /** The count of the event about {@code pod} with that reason and message, 0 if none. */
  int eventCount(String pod, String reason, String message) {
    return eventObjects().stream().filter(e -> e.getInvolvedObject().getName().equals(pod) && e.getReason().equals(reason)
        && e.getMessage().equals(message)).mapToInt(Event::getCount).sum();
  }
}
