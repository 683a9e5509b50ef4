package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Instant;
import java.util.List;

/**
 * {@code NAME DESIRED CURRENT READY AGE [CONTAINERS IMAGES SELECTOR]}: integer cells from {@code
 * spec.replicas}, {@code status.replicas}, {@code status.readyReplicas}; SELECTOR is {@code <none>}
 * when empty.
 */
final class ReplicaSetPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Columns.integer("Desired", "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1."),
      Columns.integer("Current", "Replicas is the most recently observed number of replicas."),
      Columns.integer("Ready", "The number of ready replicas for this replica set."),
      Columns.AGE,
      Columns.CONTAINERS,
      Columns.IMAGES,
      Column.wide("Selector", "Selector is a label query over pods that should match the replica count."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    ReplicaSet rs = Cells.as(ReplicaSet.class, object);
    ReplicaSetSpec spec = rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
    ReplicaSetStatus status = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
    List<Container> containers = Cells.templateContainers(spec.getTemplate());
    return List.of(
        Cells.name(rs),
        Cells.number(spec.getReplicas()),
        Cells.number(status.getReplicas()),
        Cells.number(status.getReadyReplicas()),
        Cells.age(rs, now),
        Cells.containerNames(containers),
        Cells.containerImages(containers),
        LabelSelectors.format(spec.getSelector()));
  }
}
