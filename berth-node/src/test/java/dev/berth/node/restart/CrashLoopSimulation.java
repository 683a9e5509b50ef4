package dev.berth.node.restart;

import dev.berth.api.time.FakeClock;
import dev.berth.node.status.ContainerFacts;
import dev.berth.node.status.ContainerInstance;
import dev.berth.node.status.InstanceState;
import dev.berth.node.status.PodFacts;
import dev.berth.node.status.StartFailure;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A one-container pod driven through syncs on a {@link FakeClock} the way a pod worker would: each
 * sync plans, a start adds a running instance, a wait records {@code CrashLoopBackOff} and advances
 * the clock to its end. The program runs for a chosen time and exits with a chosen code.
 */
final class CrashLoopSimulation {
  final FakeClock clock = new FakeClock(dev.berth.node.status.TestPods.T0);
  final Pod pod;
  ContainerFacts app = ContainerFacts.none("app");
  CrashLoopBackOff backOff = CrashLoopBackOff.standard();
  /** When each instance started. */
  final List<Instant> starts = new ArrayList<>();
  /** The {@code back-off ...} messages shown, in order. */
  final List<String> waits = new ArrayList<>();

  CrashLoopSimulation(Pod pod) {
    this.pod = pod;
  }

  /** Syncs until a start happens (recording the waits before it); false if the pod wants no start. */
  boolean syncUntilStarted() {
    for (int i = 0; i < 100; i++) {
      PodFacts facts = new PodFacts(Map.of("app", app), PodFacts.Sandbox.READY, List.of("127.1.0.5"), List.of("127.0.0.1"),
          false, Optional.empty());
      SyncPlan plan = SyncPlanner.plan(pod, facts, backOff, clock.now());
      backOff = plan.backOff();
      Optional<SyncAction> step = plan.actions().stream().filter(a -> a instanceof SyncAction.StartContainer
          || a instanceof SyncAction.Wait).findFirst();
      if (step.isEmpty()) {
        return false;
      }
      switch (step.get()) {
        case SyncAction.Wait w -> {
          waits.add(w.message());
          app = app.withStartFailure(new StartFailure(SyncAction.Wait.REASON, w.message()));
          clock.advance(Duration.between(clock.now(), w.until()));
        }
        case SyncAction.StartContainer s -> {
          int restartCount = app.newest().map(n -> n.restartCount() + 1).orElse(0);
          app = app.withNewInstance(new ContainerInstance("process://app-" + restartCount, restartCount, "busybox:1.36", "",
              new InstanceState.Running(clock.now()))).withStartFailure(null);
          starts.add(clock.now());
          return true;
        }
        default -> throw new AssertionError(step.get());
      }
    }
    throw new AssertionError("no start in 100 syncs");
  }

  /** The running instance exits after {@code runFor}. */
  void exitAfter(Duration runFor, int exitCode) {
    clock.advance(runFor);
    ContainerInstance n = app.newest().orElseThrow();
    Instant startedAt = ((InstanceState.Running) n.state()).startedAt();
    app = app.withNewest(new ContainerInstance(n.containerId(), n.restartCount(), n.image(), n.imageId(),
        new InstanceState.Exited(startedAt, clock.now(), exitCode, InstanceState.Exited.reasonFor(exitCode, false), "")));
  }

  /** Gaps between one instance's exit and the next start, in seconds, given every instance ran {@code runFor}. */
  List<Long> restartGaps(Duration runFor) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < starts.size(); i++) {
      gaps.add(Duration.between(starts.get(i - 1).plus(runFor), starts.get(i)).toSeconds());
    }
    return gaps;
  }
}
