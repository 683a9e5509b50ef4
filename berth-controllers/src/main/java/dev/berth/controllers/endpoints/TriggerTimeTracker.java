package dev.berth.controllers.endpoints;

import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The value of {@code endpoints.kubernetes.io/last-change-trigger-time} (§2.8; upstream {@code
 * TriggerTimeTracker}): the earliest trigger time that changed since the service's previous pass.
 * A pod's trigger time is its {@code Ready} condition's {@code lastTransitionTime}; the service's is
 * its {@code creationTimestamp}, so the first pass of a service reports its creation.
 *
 * <p>Example: pass 1 sees service created at 10:00 and pod a Ready since 10:01 → 10:00. Pass 2,
 * pod b became Ready at 10:05, a unchanged → 10:05. Pass 3, nothing changed (or only a deletion) →
 * null: the annotation is removed from what is written.
 *
 * <p>Stateful, per service key; safe for concurrent passes of different services (the work queue
 * never runs one service twice at once).
 */
public final class TriggerTimeTracker {
  private record State(Map<String, Instant> podTriggerTimes, Instant serviceTriggerTime) {}

  private final Map<ResourceKey, State> states = new ConcurrentHashMap<>();

  /**
   * Records this pass and returns its trigger time, or null when nothing changed.
   *
   * @param pods every pod the service selects, before any filtering
   */
  public Instant compute(Service service, List<Pod> pods) {
    ResourceKey key = ResourceKey.of(service);
    State previous = states.getOrDefault(key, new State(Map.of(), null));
    Map<String, Instant> podTimes = new HashMap<>();
    Instant earliest = null;
    for (Pod pod : pods) {
      Instant t = podTriggerTime(pod);
      if (t == null) {
        continue;
      }
      podTimes.put(pod.getMetadata().getName(), t);
      Instant before = previous.podTriggerTimes().get(pod.getMetadata().getName());
      if (before == null || t.isAfter(before)) {
        earliest = earliest == null || t.isBefore(earliest) ? t : earliest;
      }
    }
    Instant serviceTime = ServiceEndpoints.parseTime(service.getMetadata().getCreationTimestamp());
    if (serviceTime != null && (previous.serviceTriggerTime() == null || serviceTime.isAfter(previous.serviceTriggerTime()))) {
      earliest = earliest == null || serviceTime.isBefore(earliest) ? serviceTime : earliest;
    }
    states.put(key, new State(Map.copyOf(podTimes), serviceTime));
    return earliest;
  }

  /** Forgets a service that is gone. */
  public void forget(ResourceKey service) {
    states.remove(service);
  }

  private static Instant podTriggerTime(Pod pod) {
    PodCondition ready = ServiceEndpoints.readyCondition(pod);
    return ready == null ? null : ServiceEndpoints.parseTime(ready.getLastTransitionTime());
  }
}
