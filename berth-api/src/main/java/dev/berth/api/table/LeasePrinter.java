package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Instant;
import java.util.List;

/** {@code NAME HOLDER AGE}; HOLDER is {@code spec.holderIdentity} or empty. */
final class LeasePrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Holder", "holderIdentity contains the identity of the holder of a current lease."),
      Columns.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    Lease lease = Cells.as(Lease.class, object);
    String holder = lease.getSpec() == null ? "" : Cells.text(lease.getSpec().getHolderIdentity());
    return List.of(Cells.name(lease), holder, Cells.age(lease, now));
  }
}
