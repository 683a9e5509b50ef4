package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Instant;
import java.util.List;

/** {@code NAME READY AGE [CONTAINERS IMAGES]}; READY is {@code readyReplicas/spec.replicas}. */
final class StatefulSetPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Ready", "Number of the pod with ready state"),
      Columns.AGE,
      Columns.CONTAINERS,
      Columns.IMAGES);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    StatefulSet set = Cells.as(StatefulSet.class, object);
    StatefulSetSpec spec = set.getSpec() == null ? new StatefulSetSpec() : set.getSpec();
    StatefulSetStatus status = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
    List<Container> containers = Cells.templateContainers(spec.getTemplate());
    return List.of(
        Cells.name(set),
        Cells.number(status.getReadyReplicas()) + "/" + Cells.number(spec.getReplicas()),
        Cells.age(set, now),
        Cells.containerNames(containers),
        Cells.containerImages(containers));
  }
}
