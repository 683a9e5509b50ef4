package dev.berth.node.probe.timing;

/**
 * A Warning event the worker asks to record on the pod, with {@code involvedObject.fieldPath}
 * {@code spec.containers{<name>}} (or {@code spec.initContainers{<name>}}), §4.6: reason {@code
 * Unhealthy} with {@code Liveness probe failed: <output>}, {@code Readiness probe errored and
 * resulted in unknown state: <error>}; reason {@code ProbeWarning} with {@code Readiness probe
 * warning: <output>}. Identical events are aggregated by the event recorder.
 */
public record ProbeEvent(String reason, String message) {
  public static final String UNHEALTHY = "Unhealthy";
  public static final String PROBE_WARNING = "ProbeWarning";
}
