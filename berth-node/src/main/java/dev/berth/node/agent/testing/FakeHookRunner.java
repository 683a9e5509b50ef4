package dev.berth.node.agent.testing;

import dev.berth.node.probe.HookResult;
import dev.berth.node.probe.HookRunner;
import dev.berth.node.probe.ProbeTarget;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link HookRunner} for tests: every run is recorded and returns a future that stays pending
 * until the test {@link #complete}s it — a hook that takes as long as the test wants — unless
 * {@link #answer} scripted an immediate result for that container. Completing runs the pod worker's
 * callbacks on the test's thread. Thread-safe.
 */
public final class FakeHookRunner implements HookRunner {
  private final List<Run> runs = new ArrayList<>();
  private final Map<String, HookResult> answers = new HashMap<>();

  /** One run of a hook handler against a container (by name) of a pod (by uid). */
  public record Run(String podUid, String containerName, LifecycleHandler handler, ProbeTarget target,
      CompletableFuture<HookResult> result) {}

  @Override
  public CompletableFuture<HookResult> run(LifecycleHandler handler, ProbeTarget target) {
    CompletableFuture<HookResult> f = new CompletableFuture<>();
    HookResult answer;
    synchronized (this) {
      runs.add(new Run(target.process().podUid(), target.process().containerName(), handler, target, f));
      answer = answers.get(target.process().containerName());
    }
    if (answer != null) {
      f.complete(answer);
    }
    return f;
  }

  /** From now on every hook of {@code containerName} returns {@code result} at once. */
  public synchronized void answer(String containerName, HookResult result) {
    answers.put(containerName, result);
  }

  /** Ends the oldest pending run for {@code containerName} with {@code result}. */
  public void complete(String containerName, HookResult result) {
    Run r = pending(containerName).orElseThrow(() -> new AssertionError("no hook of " + containerName + " is running; runs: " + runs()));
    r.result().complete(result);
  }

  /** The oldest run for {@code containerName} that has not returned yet. */
  public synchronized Optional<Run> pending(String containerName) {
    return runs.stream().filter(r -> r.containerName().equals(containerName) && !r.result().isDone()).findFirst();
  }

  public synchronized List<Run> runs() {
    return List.copyOf(runs);
  }
}
