package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code LAST SEEN TYPE REASON OBJECT [SUBOBJECT SOURCE] MESSAGE [FIRST SEEN COUNT NAME]} for both
 * core {@code v1} and {@code events.k8s.io/v1} events: the real server prints both from the same
 * internal Event, so the columns and rules are the same.
 *
 * <ul>
 *   <li>FIRST SEEN: age of {@code firstTimestamp}, else of {@code eventTime}, else {@code
 *       <unknown>}. LAST SEEN: age of {@code lastTimestamp}, else FIRST SEEN; for a series, age of
 *       {@code series.lastObservedTime}.
 *   <li>COUNT (integer): {@code series.count}, else {@code count}, else 1.
 *   <li>OBJECT: {@code kind/name} in lower case kind ({@code pod/web-0}); the kind alone without a
 *       name.
 *   <li>SOURCE: {@code component, host}, falling back to reportingController and
 *       reportingInstance; just the component when there is no host.
 * </ul>
 *
 * <p>Upstream's server printer has no {@code Nx over Y}: that text belongs to {@code kubectl
 * events} and {@code kubectl describe}, which print client-side.
 */
final class EventPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Column.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
      Column.string("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
      Column.string("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      Column.string("Object", "The object that this event is about."),
      Column.wide("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]."),
      Column.wide("Source", "The component reporting this event. Should be a short machine understandable string."),
      Column.string("Message", "A human-readable description of the status of this operation."),
      Column.wide("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"),
      Column.wide("Count", "The number of times this event has occurred."),
      new Column("Name", "string", "name", Columns.NAME_DESCRIPTION, 1));

  /** The fields of the internal Event that the printer reads. */
  record Fields(
      String name,
      String firstTimestamp,
      String lastTimestamp,
      String eventTime,
      boolean hasSeries,
      Integer seriesCount,
      String seriesLastObservedTime,
      Integer count,
      String type,
      String reason,
      ObjectReference involvedObject,
      EventSource source,
      String reportingController,
      String reportingInstance,
      String message) {}

  private final Function<HasMetadata, Fields> fields;

  private EventPrinter(Function<HasMetadata, Fields> fields) {
    this.fields = fields;
  }

  /** {@code v1 Event}. */
  static EventPrinter core() {
    return new EventPrinter(object -> {
      Event e = Cells.as(Event.class, object);
      return new Fields(
          Cells.name(e),
          e.getFirstTimestamp(),
          e.getLastTimestamp(),
          time(e.getEventTime()),
          e.getSeries() != null,
          e.getSeries() == null ? null : e.getSeries().getCount(),
          e.getSeries() == null ? null : time(e.getSeries().getLastObservedTime()),
          e.getCount(),
          e.getType(),
          e.getReason(),
          e.getInvolvedObject(),
          e.getSource(),
          e.getReportingComponent(),
          e.getReportingInstance(),
          e.getMessage());
    });
  }

  /** {@code events.k8s.io/v1 Event}: regarding, note and the deprecated* fields map onto v1's. */
  static EventPrinter eventsV1() {
    return new EventPrinter(object -> {
      var e = Cells.as(io.fabric8.kubernetes.api.model.events.v1.Event.class, object);
      return new Fields(
          Cells.name(e),
          e.getDeprecatedFirstTimestamp(),
          e.getDeprecatedLastTimestamp(),
          time(e.getEventTime()),
          e.getSeries() != null,
          e.getSeries() == null ? null : e.getSeries().getCount(),
          e.getSeries() == null ? null : time(e.getSeries().getLastObservedTime()),
          e.getDeprecatedCount(),
          e.getType(),
          e.getReason(),
          e.getRegarding(),
          e.getDeprecatedSource(),
          e.getReportingController(),
          e.getReportingInstance(),
          e.getNote());
    });
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    Fields f = fields.apply(object);
    String firstSeen = Ages.parse(f.firstTimestamp()).isPresent()
        ? Ages.since(f.firstTimestamp(), now)
        : Ages.since(f.eventTime(), now);
    String lastSeen = Ages.parse(f.lastTimestamp()).isPresent() ? Ages.since(f.lastTimestamp(), now) : firstSeen;
    long count = Cells.number(f.count());
    if (f.hasSeries()) {
      lastSeen = Ages.since(f.seriesLastObservedTime(), now);
      count = Cells.number(f.seriesCount());
    } else if (count == 0) {
      // Singleton events don't have a count set in the new API.
      count = 1;
    }
    ObjectReference involved = f.involvedObject() == null ? new ObjectReference() : f.involvedObject();
    String kind = Cells.text(involved.getKind()).toLowerCase(Locale.ROOT);
    String target = Cells.text(involved.getName()).isEmpty() ? kind : kind + "/" + involved.getName();
    return List.of(
        lastSeen,
        Cells.text(f.type()),
        Cells.text(f.reason()),
        target,
        Cells.text(involved.getFieldPath()),
        source(f),
        Cells.text(f.message()).strip(),
        firstSeen,
        count,
        f.name());
  }

  private static String source(Fields f) {
    EventSource s = f.source() == null ? new EventSource() : f.source();
    String component = Cells.orElse(s.getComponent(), Cells.text(f.reportingController()));
    String instance = Cells.orElse(s.getHost(), Cells.text(f.reportingInstance()));
    return instance.isEmpty() ? component : component + ", " + instance;
  }

  private static String time(MicroTime t) {
    return t == null ? null : t.getTime();
  }
}
