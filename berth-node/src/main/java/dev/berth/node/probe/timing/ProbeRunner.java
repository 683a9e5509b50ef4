package dev.berth.node.probe.timing;

import io.fabric8.kubernetes.api.model.Probe;

/**
 * Runs one attempt of a probe against a container instance: the exec/httpGet/tcpSocket/grpc work of
 * the process runtime. Implementations honour {@code timeoutSeconds} themselves (a timeout is a
 * {@link ProbeOutcome.Failure}); the worker decides when to call and what the result means.
 */
@FunctionalInterface
public interface ProbeRunner {
  ProbeOutcome run(ProbeKind kind, Probe probe, String containerId);
}
