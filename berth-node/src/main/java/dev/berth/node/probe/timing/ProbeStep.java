package dev.berth.node.probe.timing;

import java.util.List;

/**
 * What one run of a worker did.
 *
 * @param keepGoing false when the worker is done for good (pod terminal, container terminated under
 *     {@code restartPolicy: Never}, or liveness/startup of a pod being deleted): no more ticks
 * @param resultChanged the cached result changed (a new instance's initial value counts): sync the
 *     pod now so {@code ready}/{@code started} and a kill happen without waiting for a resync
 * @param result the cached result after this run
 * @param events Warning events to record, in order
 */
public record ProbeStep(boolean keepGoing, boolean resultChanged, ProbeResult result, List<ProbeEvent> events) {
  public ProbeStep {
    events = List.copyOf(events);
  }
}
