package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code NAME CONTROLLER REVISION AGE}. CONTROLLER is the controlling owner as lower-case {@code
 * kind.group/name} ({@code statefulset.apps/web}; core kinds have no group), or {@code <none>}.
 */
final class ControllerRevisionPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Controller", "Controller of the object"),
      Column.string("Revision", "Revision indicates the revision of the state represented by Data."),
      Columns.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    ControllerRevision revision = Cells.as(ControllerRevision.class, object);
    return List.of(
        Cells.name(revision),
        controller(revision),
        Cells.number(revision.getRevision()),
        Cells.age(revision, now));
  }

  private static String controller(ControllerRevision revision) {
    for (OwnerReference ref : Cells.list(Cells.meta(revision).getOwnerReferences())) {
      if (Boolean.TRUE.equals(ref.getController())) {
        String apiVersion = Cells.text(ref.getApiVersion());
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String kind = Cells.text(ref.getKind());
        if (kind.isEmpty() && group.isEmpty()) {
          return Cells.text(ref.getName());
        }
        String groupKind = group.isEmpty() ? kind : kind + "." + group;
        return groupKind.toLowerCase(Locale.ROOT) + "/" + Cells.text(ref.getName());
      }
    }
    return Cells.NONE;
  }
}
