package dev.berth.node.status;

/**
 * Why the last attempt to start a container did not produce a running instance — upstream's
 * "reason cache" ({@code spec/kubelet.md} §1.3 step 5). While the container should be restarted it
 * is shown as {@code waiting{reason, message}}, e.g. {@code CrashLoopBackOff} / {@code back-off
 * 20s restarting failed container=app pod=web-0_default(uid)}, or {@code
 * CreateContainerConfigError} / {@code configmap "cfg" not found}.
 */
public record StartFailure(String reason, String message) {}
