package dev.berth.node.probe;

import io.fabric8.kubernetes.api.model.Probe;

/**
 * Runs one probe of a container once ({@code spec/kubelet.md} §4.4), bounded by the probe's
 * {@code timeoutSeconds}: berth's one probe seam. Scheduling (periods, thresholds, initial delays,
 * retrying an {@link ProbeResult.Unknown}) is the probe worker's ({@code probe.timing.ProbeWorker}),
 * not the runner's. The production runner is {@link OsProbeRunner}; tests script results with
 * {@code probe.testing.FakeProbeRunner}.
 */
public interface ProbeRunner {
  /**
   * Blocks for at most about {@code timeoutSeconds}; never throws for anything the probed
   * container does.
   */
  ProbeResult run(Probe probe, ProbeTarget target);
}
