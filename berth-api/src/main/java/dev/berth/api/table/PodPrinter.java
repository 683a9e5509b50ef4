package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** {@code NAME READY STATUS RESTARTS AGE [IP NODE NOMINATED NODE READINESS GATES]}. */
final class PodPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
      Column.string("Status", "The aggregate status of the containers in this pod."),
      Column.string("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
      Columns.AGE,
      Column.wide("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
      Column.wide("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName."),
      Column.wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods."),
      Column.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\""));

  private static final List<RowCondition> SUCCEEDED =
      List.of(new RowCondition("Completed", "True", "Succeeded", "The pod has completed successfully."));
  private static final List<RowCondition> FAILED =
      List.of(new RowCondition("Completed", "True", "Failed", "The pod failed."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    Pod pod = Cells.as(Pod.class, object);
    PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    PodSummary summary = PodSummary.of(pod);
    return Arrays.asList(
        Cells.name(pod),
        summary.readyText(),
        summary.reason(),
        summary.restartsText(now),
        Cells.age(pod, now),
        ip(status),
        Cells.orElse(spec.getNodeName(), Cells.NONE),
        Cells.orElse(status.getNominatedNodeName(), Cells.NONE),
        readinessGates(spec, status));
  }

  @Override
  public List<RowCondition> conditions(HasMetadata object) {
    Pod pod = Cells.as(Pod.class, object);
    String phase = pod.getStatus() == null ? "" : Cells.text(pod.getStatus().getPhase());
    return switch (phase) {
      case "Succeeded" -> SUCCEEDED;
      case "Failed" -> FAILED;
      default -> List.of();
    };
  }

  /**
   * The first pod IP. Upstream prints the internal object, whose {@code podIPs} the v1 conversion
   * replaces by {@code [podIP]} whenever {@code podIP} is set, so {@code podIP} wins.
   */
  private static String ip(PodStatus status) {
    if (status.getPodIP() != null && !status.getPodIP().isEmpty()) {
      return status.getPodIP();
    }
    var ips = Cells.list(status.getPodIPs());
    return ips.isEmpty() ? Cells.NONE : Cells.orElse(ips.getFirst().getIp(), Cells.NONE);
  }

  /** {@code <none>}, or {@code t/n}: gates whose condition (the first of that type) is True. */
  private static String readinessGates(PodSpec spec, PodStatus status) {
    List<PodReadinessGate> gates = Cells.list(spec.getReadinessGates());
    if (gates.isEmpty()) {
      return Cells.NONE;
    }
    int trueConditions = 0;
    for (PodReadinessGate gate : gates) {
      for (PodCondition c : Cells.list(status.getConditions())) {
        if (c.getType() != null && c.getType().equals(gate.getConditionType())) {
          if ("True".equals(c.getStatus())) {
            trueConditions++;
          }
          break;
        }
      }
    }
    return trueConditions + "/" + gates.size();
  }
}
