package dev.berth.node.probe.timing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * The three probe workers a container can have, with what upstream's worker starts from
 * ({@code spec/kubelet.md} §4.2 step 3, Appendix E 5): readiness is {@code Failure} until the
 * first success, liveness is {@code Success} until proven otherwise, startup is {@code Unknown}
 * (not started) until it succeeds.
 */
public enum ProbeKind {
  READINESS("Readiness", ProbeResult.FAILURE),
  LIVENESS("Liveness", ProbeResult.SUCCESS),
  STARTUP("Startup", ProbeResult.UNKNOWN);

  private final String eventName;
  private final ProbeResult initialResult;

  ProbeKind(String eventName, ProbeResult initialResult) {
    this.eventName = eventName;
    this.initialResult = initialResult;
  }

  /** The word events start with: {@code Readiness probe failed: ...}. */
  public String eventName() {
    return eventName;
  }

  /** The cached result while a new container instance has not been probed yet. */
  public ProbeResult initialResult() {
    return initialResult;
  }

  /** The probe of this kind in {@code container}'s spec, or null when it has none. */
  public Probe of(Container container) {
    return switch (this) {
      case READINESS -> container.getReadinessProbe();
      case LIVENESS -> container.getLivenessProbe();
      case STARTUP -> container.getStartupProbe();
    };
  }
}
