package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The API server's default table for kinds without a printer: {@code Name} and {@code Created
 * At}, a {@code date} column holding {@code creationTimestamp} as RFC 3339 in UTC to the second
 * ({@code 0001-01-01T00:00:00Z} when unset, as Go prints its zero time).
 */
final class DefaultPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      new Column("Created At", "date", "", Columns.CREATION_TIMESTAMP_DESCRIPTION, 0));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    String created = Ages.parse(Cells.meta(object).getCreationTimestamp())
        .map(t -> DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)))
        .orElse("0001-01-01T00:00:00Z");
    return List.of(Cells.name(object), created);
  }
}
