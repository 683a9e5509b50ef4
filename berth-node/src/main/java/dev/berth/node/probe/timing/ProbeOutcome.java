package dev.berth.node.probe.timing;

/**
 * What one attempt of a probe found ({@code spec/kubelet.md} §4.4; upstream {@code probe.Result} plus
 * the error). Closed: the worker switches over it exhaustively.
 */
public sealed interface ProbeOutcome {
  /** Passed. */
  record Success(String output) implements ProbeOutcome {}

  /** Passed with a remark, e.g. an HTTP redirect to another host: counts as success, emits {@code ProbeWarning}. */
  record Warning(String output) implements ProbeOutcome {}

  /**
   * Failed: {@code output} is what the event shows, e.g. {@code HTTP probe failed with statuscode: 503}
   * or an exec probe's combined stdout and stderr.
   */
  record Failure(String output) implements ProbeOutcome {}

  /** Ran without a verdict: counts as a failure, without an event. */
  record Unknown(String output) implements ProbeOutcome {}

  /**
   * Could not even be attempted (e.g. a named port that does not exist): retried at once, at most 3
   * attempts in all, then reported and discarded — it never counts towards a threshold.
   */
  record Error(String message) implements ProbeOutcome {}
}
