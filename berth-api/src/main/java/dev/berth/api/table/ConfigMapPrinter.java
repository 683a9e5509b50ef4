package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;

/** {@code NAME DATA AGE}; DATA is the number of {@code data} plus {@code binaryData} keys. */
final class ConfigMapPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Data", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'."),
      Columns.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    ConfigMap cm = Cells.as(ConfigMap.class, object);
    long data = Cells.map(cm.getData()).size() + Cells.map(cm.getBinaryData()).size();
    return List.of(Cells.name(cm), data, Cells.age(cm, now));
  }
}
