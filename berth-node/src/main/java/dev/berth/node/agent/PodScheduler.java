package dev.berth.node.agent;

import dev.berth.api.ApiException;
import dev.berth.client.ApiClient;
import dev.berth.client.record.EventRecorder;
import dev.berth.node.trace.PodStartTrace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/**
 * The scheduler of a one-node cluster: every pod that waits for a node is bound to {@code berth}
 * ({@code POST pods/<name>/binding}, which sets {@code spec.nodeName} and {@code PodScheduled=True})
 * and gets the Normal event {@code Scheduled} {@code Successfully assigned <ns>/<name> to berth},
 * from {@code default-scheduler} ({@code spec/kubelet.md} §1.5, §8.2).
 *
 * <p>Not bound: pods that already have a node, pods being deleted or already finished, pods with
 * {@code schedulingGates} (upstream reports those {@code SchedulingGated}), and pods that name
 * another {@code schedulerName} — as no such scheduler exists here, they stay {@code Pending} as
 * they would in a cluster without it.
 */
public final class PodScheduler {
  public static final String DEFAULT_SCHEDULER = "default-scheduler";

  private final ApiClient client;
  private final String nodeName;
  private final EventRecorder events;

  /** @param events a recorder whose component is {@link #DEFAULT_SCHEDULER} */
  public PodScheduler(ApiClient client, String nodeName, EventRecorder events) {
    this.client = Objects.requireNonNull(client);
    this.nodeName = Objects.requireNonNull(nodeName);
    this.events = Objects.requireNonNull(events);
  }

  /** Whether {@code pod} waits for this scheduler. */
  public static boolean needsScheduling(Pod pod) {
    if (pod.getSpec() == null || (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty())) {
      return false;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return false;
    }
    if (pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty()) {
      return false;
    }
    String scheduler = pod.getSpec().getSchedulerName();
    return scheduler == null || scheduler.isEmpty() || DEFAULT_SCHEDULER.equals(scheduler);
  }

  /**
   * Binds {@code pod} (read only) if it waits for a node.
   *
   * @return true if this call bound it; false if it needed no binding, was bound meanwhile (409) or
   *     is gone (404)
   * @throws ApiException for any other failure: the caller retries
   */
  public boolean schedule(Pod pod) {
    if (!needsScheduling(pod)) {
      return false;
    }
    try {
      client.bindPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), nodeName);
      PodStartTrace.mark(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), "bound");
    } catch (ApiException e) {
      if (e.code() == 409 || e.code() == 404) {
        return false;
      }
      throw e;
    }
    events.event(pod, null, EventRecorder.NORMAL, "Scheduled",
        "Successfully assigned " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " to " + nodeName);
    return true;
  }
}
