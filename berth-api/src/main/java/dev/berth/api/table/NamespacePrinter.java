package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.util.List;

/** {@code NAME STATUS AGE}; STATUS is {@code status.phase} ({@code Active}, {@code Terminating}). */
final class NamespacePrinter implements TablePrinter {
  private static final List<Column> COLUMNS =
      List.of(Columns.NAME, Column.string("Status", "The status of the namespace"), Columns.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    Namespace ns = Cells.as(Namespace.class, object);
    String phase = ns.getStatus() == null ? "" : Cells.text(ns.getStatus().getPhase());
    return List.of(Cells.name(ns), phase, Cells.age(ns, now));
  }
}
