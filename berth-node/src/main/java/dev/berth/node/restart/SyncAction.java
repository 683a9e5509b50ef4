package dev.berth.node.restart;

import java.time.Duration;
import java.time.Instant;

/**
 * One step of a pod sync, as {@link SyncPlanner} plans it. The pod worker executes a plan's actions
 * in order ({@code spec/kubelet.md} Appendix D steps 2-6).
 */
public sealed interface SyncAction {

  /**
   * Stop everything the pod runs, sidecars last ({@link TerminationOrder}), and its sandbox. After
   * {@link KillPodReason#SANDBOX_CHANGED} the pod worker forgets the init containers' instances (they
   * run again in the new sandbox, §3.1).
   */
  record KillPod(KillPodReason reason) implements SyncAction {}

  /**
   * Stop one running container. {@code message} is the {@code Killing} event's text, e.g. {@code
   * Container app failed liveness probe, will be restarted}; {@code reason} picks the grace period,
   * {@link GracePeriods#forKill} (a liveness/startup kill uses the probe's {@code
   * terminationGracePeriodSeconds}, §4.7).
   */
  record KillContainer(String name, String message, KillReason reason) implements SyncAction {}

  /**
   * Create the pod's sandbox (namespaces, IP, hosts files). {@code recreate}: it existed and died —
   * emit {@code SandboxChanged} {@code Pod sandbox changed, it will be killed and re-created.}
   */
  record CreateSandbox(boolean recreate) implements SyncAction {}

  /**
   * Start a new instance of {@code name}. If starting a regular init container ({@code init} and not a
   * sidecar) fails, the rest of the plan's starts are skipped, as upstream's {@code SyncPod} returns
   * there; any other failed start does not stop the next one.
   */
  record StartContainer(String name, boolean init) implements SyncAction {}

  /**
   * {@code name} should restart but is in {@code CrashLoopBackOff} until {@code until}: record the
   * start failure {@code CrashLoopBackOff}/{@link #message}, emit the Warning {@code BackOff} event
   * {@link #eventMessage}, and sync again at {@code until}.
   *
   * @param message e.g. {@code back-off 40s restarting failed container=app pod=web-0_default(uid)}
   * @param eventMessage e.g. {@code Back-off restarting failed container app in pod web-0_default(uid)}
   */
  record Wait(String name, Instant until, Duration delay, String message, String eventMessage) implements SyncAction {
    public static final String REASON = "CrashLoopBackOff";
  }

  /** Why the whole pod is stopped. */
  enum KillPodReason {
    /** The sandbox died: stop what is left, create a new one, start again from the first init container. */
    SANDBOX_CHANGED,
    /** A regular init container failed and {@code restartPolicy} is {@code Never}: the pod is {@code Failed}. */
    INIT_CONTAINER_FAILED,
    /** No container runs and none will be restarted: the pod is done (sidecars are not restarted any more). */
    ALL_CONTAINERS_DEAD
  }

  /** Why one container is stopped. */
  enum KillReason {
    LIVENESS_PROBE,
    STARTUP_PROBE,
    DEFINITION_CHANGED,
    UNKNOWN_STATE
  }
}
