package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import java.time.Instant;
import java.util.List;

/**
 * {@code NAME DESIRED AVAILABLE AGE} for {@code GET …/scale} as Table: integer cells from {@code
 * spec.replicas} and {@code status.replicas}. Upstream's Name column here has no {@code name}
 * format.
 */
final class ScalePrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Column.string("Name", Columns.NAME_DESCRIPTION),
      Columns.integer("Desired", "replicas is the desired number of instances for the scaled object."),
      Columns.integer("Available", "replicas is the actual number of observed instances of the scaled object."),
      Columns.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    Scale scale = Cells.as(Scale.class, object);
    long desired = scale.getSpec() == null ? 0 : Cells.number(scale.getSpec().getReplicas());
    long available = scale.getStatus() == null ? 0 : Cells.number(scale.getStatus().getReplicas());
    return List.of(Cells.name(scale), desired, available, Cells.age(scale, now));
  }
}
