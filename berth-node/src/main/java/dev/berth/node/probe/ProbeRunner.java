package dev.berth.node.probe;

import io.fabric8.kubernetes.api.model.Probe;

/**
 * Runs one probe of a container once ({@code spec/kubelet.md} §4.4), bounded by the probe's
 * {@code timeoutSeconds}. Scheduling (periods, thresholds, initial delays) is the prober's, not
 * the runner's. The production runner is {@link OsProbeRunner}; tests script results.
 */
public interface ProbeRunner {
  /**
   * Blocks for at most about {@code timeoutSeconds}; never throws for anything the probed
   * container does.
   */
  ProbeResult run(Probe probe, ProbeTarget target);
}
