package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Instant;
import java.util.List;

/** {@code NAME SECRETS AGE}; SECRETS is the length of {@code secrets}. */
final class ServiceAccountPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
      Columns.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    ServiceAccount sa = Cells.as(ServiceAccount.class, object);
    return List.of(Cells.name(sa), (long) Cells.list(sa.getSecrets()).size(), Cells.age(sa, now));
  }
}
