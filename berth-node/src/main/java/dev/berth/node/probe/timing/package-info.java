/**
 * When probes run and what their results mean ({@code spec/kubelet.md} §4.2, §4.3, §4.5, §4.6):
 * {@link dev.berth.node.probe.timing.ProbeWorker} is one worker's state machine (initial values,
 * initial delay, thresholds, startup gating, hold after a liveness/startup failure, events), {@link
 * dev.berth.node.probe.timing.ProbeTicker} runs it on the clock. Running a probe itself is the
 * runtime's job, behind the one probe seam {@link dev.berth.node.probe.ProbeRunner}.
 */
package dev.berth.node.probe.timing;
