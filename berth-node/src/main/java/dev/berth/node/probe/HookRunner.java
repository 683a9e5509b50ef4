package dev.berth.node.probe;

import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the {@code exec} and {@code httpGet} handlers of {@code postStart} and {@code preStop} hooks
 * ({@code spec/kubelet.md} §5.1), off the caller's thread. A hook has no timeout of its own: the
 * caller abandons it when its time is up (preStop: the grace period). {@code sleep} handlers are the
 * pod worker's, on its clock. The production runner is {@link OsHookRunner}; tests complete the
 * futures themselves.
 */
public interface HookRunner {
  /**
   * Starts {@code handler} (exec or httpGet) against {@code target} and returns at once; the future
   * completes when the handler returned, never exceptionally for anything the container does.
   */
  CompletableFuture<HookResult> run(LifecycleHandler handler, ProbeTarget target);
}
