package dev.berth.node.probe;

/**
 * The outcome of one probe run ({@code spec/kubelet.md} §4.4), as the kubelet's prober sees it.
 * The texts are what the {@code Unhealthy} and {@code ProbeWarning} events carry.
 */
public sealed interface ProbeResult {
  /** The check passed. */
  Success SUCCESS = new Success("");

  /**
   * The check passed. {@code warning} is non-empty where upstream returns {@code probe.Warning}
   * (an HTTP 3xx answer that was not followed: {@code "Probe terminated redirects, Response body:
   * ..."}), which still counts as a success but is reported as a {@code ProbeWarning} event.
   */
  record Success(String warning) implements ProbeResult {}

  /** The check ran and failed, e.g. {@code HTTP probe failed with statuscode: 500}. */
  record Failure(String message) implements ProbeResult {}

  /**
   * The check could not be run (e.g. a named port that does not exist, a container that is gone):
   * the kubelet retries it and then discards the result; it counts neither way.
   */
  record Unknown(String message) implements ProbeResult {}
}
