package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code NAME TYPE DATA AGE}; DATA counts the keys of {@code data} together with any {@code
 * stringData} (which the conversion merges into {@code data}).
 */
final class SecretPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Type", "Used to facilitate programmatic handling of secret data."),
      Column.string("Data", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'."),
      Columns.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    Secret secret = Cells.as(Secret.class, object);
    Set<String> keys = new HashSet<>(Cells.map(secret.getData()).keySet());
    keys.addAll(Cells.map(secret.getStringData()).keySet());
    return List.of(Cells.name(secret), Cells.text(secret.getType()), (long) keys.size(), Cells.age(secret, now));
  }
}
