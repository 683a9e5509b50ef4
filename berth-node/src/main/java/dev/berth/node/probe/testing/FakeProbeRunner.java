package dev.berth.node.probe.testing;

import dev.berth.node.probe.ProbeResult;
import dev.berth.node.probe.ProbeRunner;
import dev.berth.node.probe.ProbeTarget;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scripted {@link ProbeRunner} for tests — of the pod worker and of the probe workers alike: the
 * result of a probe is the next of the results {@link #script scripted} for its container, else
 * what the test last set for that container and that probe spec (so a container's readiness and
 * liveness probes are told apart by their handlers, e.g. {@code /ready} and {@code /healthz}), else
 * what it set for the container, else {@link ProbeResult.Failure} {@code "no result scripted"}.
 * Records every run. Thread-safe.
 */
public final class FakeProbeRunner implements ProbeRunner {
  private final Map<String, Deque<ProbeResult>> scripts = new HashMap<>();
  private final Map<String, ProbeResult> byContainer = new HashMap<>();
  private final Map<List<Object>, ProbeResult> byProbe = new HashMap<>();
  private final List<Run> runs = new ArrayList<>();

  /** One run: which container (by name) of which pod (by uid), which probe. */
  public record Run(String podUid, String containerName, Probe probe, ProbeTarget target, ProbeResult result) {}

  @Override
  public synchronized ProbeResult run(Probe probe, ProbeTarget target) {
    String name = target.process().containerName();
    Deque<ProbeResult> script = scripts.get(name);
    ProbeResult r = script == null ? null : script.poll();
    if (r != null && script.isEmpty()) {
      scripts.remove(name);
      byContainer.put(name, r);
    }
    if (r == null) {
      r = byProbe.get(List.of(name, probe));
    }
    if (r == null) {
      r = byContainer.getOrDefault(name, new ProbeResult.Failure("no result scripted"));
    }
    runs.add(new Run(target.process().podUid(), name, probe, target, r));
    return r;
  }

  /**
   * The next probes of {@code containerName} answer {@code results} in order, then the last of
   * them for good, e.g. {@code script("app", new Unknown("a"), SUCCESS)}.
   */
  public synchronized void script(String containerName, ProbeResult... results) {
    if (results.length > 0) {
      scripts.computeIfAbsent(containerName, n -> new ArrayDeque<>()).addAll(List.of(results));
    }
  }

  /** From now on every probe of {@code containerName} answers {@code result}. */
  public synchronized void set(String containerName, ProbeResult result) {
    byContainer.put(containerName, result);
  }

  /** From now on {@code probe} of {@code containerName} answers {@code result}. */
  public synchronized void set(String containerName, Probe probe, ProbeResult result) {
    byProbe.put(List.of(containerName, probe), result);
  }

  public synchronized List<Run> runs() {
    return List.copyOf(runs);
  }
}
