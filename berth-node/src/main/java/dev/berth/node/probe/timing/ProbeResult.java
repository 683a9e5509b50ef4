package dev.berth.node.probe.timing;

/**
 * The cached result of a probe worker for the current container instance ({@code spec/kubelet.md}
 * §4.2, upstream {@code prober/results}). A new instance starts from its kind's initial value:
 * readiness {@link #FAILURE}, liveness {@link #SUCCESS}, startup {@link #UNKNOWN} (Appendix E 5).
 */
public enum ProbeResult {
  SUCCESS,
  FAILURE,
  UNKNOWN
}
