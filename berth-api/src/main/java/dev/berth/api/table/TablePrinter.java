package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;

/**
 * Server-side printing for one kind: the columns kubectl 1.32 shows ({@code spec/api-server.md}
 * §9.2) as a pure function of the object and the time of the response.
 */
public interface TablePrinter {
  List<Column> columns();

  /**
   * One row's cells, in {@link #columns()} order; strings, integers, booleans or null. Ages are
   * rendered server-side against {@code now}, as kubectl prints cells verbatim.
   */
  List<Object> cells(HasMetadata object, Instant now);

  /** The row's conditions; only pods have any (finished pods are {@code Completed}). */
  default List<RowCondition> conditions(HasMetadata object) {
    return List.of();
  }
}
