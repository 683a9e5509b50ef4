package dev.berth.node.probe.timing;

import dev.berth.api.time.Clock;
import dev.berth.node.probe.ProbeRunner;
import dev.berth.node.probe.ProbeTarget;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Drives a {@link ProbeWorker} on a {@link Clock} like upstream's {@code worker.run}: after an
 * optional initial delay (the random fraction of a period a worker sleeps when the kubelet itself
 * started less than a period ago), one run at once, then one on every tick at {@code start + k ×
 * period}, plus a run whenever {@link #trigger()} is called. Ticks are counted from the worker's
 * start, not from the container's (Appendix E 6). Stops for good when a run says so or on {@link
 * #stop()}.
 *
 * <p>With a {@code FakeClock}: start at t=0 with period 10 s, then {@code advance(25s)} runs the
 * worker at t=0, t=10 and t=20.
 */
public final class ProbeTicker {
  private final Clock clock;
  private final ProbeWorker worker;
  private final Supplier<Pod> pod;
  private final Supplier<PodStatus> status;
  private final ProbeRunner runner;
  private final Function<String, Optional<ProbeTarget>> targets;
  private final Consumer<ProbeStep> onStep;
  private Instant start;
  private long ticks;
  private Clock.Cancellable timer;
  private boolean stopped;

  private ProbeTicker(Clock clock, ProbeWorker worker, Supplier<Pod> pod, Supplier<PodStatus> status, ProbeRunner runner,
      Function<String, Optional<ProbeTarget>> targets, Consumer<ProbeStep> onStep) {
    this.clock = clock;
    this.worker = worker;
    this.pod = pod;
    this.status = status;
    this.runner = runner;
    this.targets = targets;
    this.onStep = onStep;
  }

  /**
   * Starts {@code worker}.
   *
   * @param initialDelay zero normally; a random fraction of the period right after berth started
   * @param pod the current pod object (deletion, restart policy)
   * @param status the pod status the agent last published, null before the first
   * @param runner runs one probe; {@code targets} finds the running instance by {@code containerID}
   * @param onStep receives every run's outcome: record its events; sync the pod when the result changed
   */
  public static ProbeTicker start(Clock clock, ProbeWorker worker, Duration initialDelay, Supplier<Pod> pod,
      Supplier<PodStatus> status, ProbeRunner runner, Function<String, Optional<ProbeTarget>> targets,
      Consumer<ProbeStep> onStep) {
    ProbeTicker t = new ProbeTicker(clock, worker, pod, status, runner, targets, onStep);
    if (initialDelay.isZero() || initialDelay.isNegative()) {
      t.begin();
    } else {
      synchronized (t) {
        t.timer = clock.schedule(initialDelay, t::begin);
      }
    }
    return t;
  }

  /** Runs the worker now, off-schedule (the readiness shortcut of §4.2); the ticks keep their times. */
  public synchronized void trigger() {
    if (!stopped) {
      runOnce();
    }
  }

  /** Stops the worker: no more runs. */
  public synchronized void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel();
    }
  }

  public synchronized boolean isStopped() {
    return stopped;
  }

  private synchronized void begin() {
    if (stopped) {
      return;
    }
    start = clock.now();
    if (runOnce()) {
      scheduleNext();
    }
  }

  private synchronized void tick() {
    if (stopped) {
      return;
    }
    if (runOnce()) {
      scheduleNext();
    }
  }

  private boolean runOnce() {
    ProbeStep step = worker.probe(clock.now(), pod.get(), status.get(), runner, targets);
    if (!step.keepGoing()) {
      stop();
    }
    onStep.accept(step);
    return !stopped;
  }

  private void scheduleNext() {
    Duration period = worker.period();
    Instant now = clock.now();
    Instant next;
    do {
      ticks++;
      next = start.plus(period.multipliedBy(ticks));
    } while (!next.isAfter(now));
    timer = clock.schedule(Duration.between(now, next), this::tick);
  }
}
