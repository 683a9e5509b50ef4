package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * core/v1 Events, validated as upstream does for requests to the core API: only the "legacy"
 * checks (the involved object's namespace agrees with the event's; events with an
 * {@code eventTime} name their reporting controller, instance, action and reason), then the
 * generic metadata rules. Upstream does not require {@code involvedObject} itself, and neither
 * does berth. No defaults.
 */
public final class CoreEventRules implements KindRules<Event> {

  @Override
  public void applyDefaults(Event event) {}

  @Override
  public List<FieldError> validateCreate(Event event) {
    List<FieldError> errs = fields(event).legacy();
    if (errs.isEmpty()) {
      errs = new ArrayList<>(ObjectMetaValidation.validate(event.getMetadata(), true, NameValidation.PATH_SEGMENT, FieldPath.of("metadata")));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Event event, Event old) {
    List<FieldError> errs = fields(event).legacy();
    if (errs.isEmpty()) {
      errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(event.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    }
    return errs;
  }

  static EventFields fields(Event e) {
    return new EventFields(e.getMetadata(), e.getInvolvedObject(), e.getReason(), e.getMessage(), e.getSource(), e.getFirstTimestamp(),
        e.getLastTimestamp(), e.getCount() == null ? 0 : e.getCount(), e.getType(),
        e.getEventTime() == null ? null : e.getEventTime().getTime(),
        e.getSeries() == null ? null : e.getSeries().getCount(),
        e.getSeries() == null || e.getSeries().getLastObservedTime() == null ? null : e.getSeries().getLastObservedTime().getTime(),
        e.getAction(), e.getRelated(), e.getReportingComponent(), e.getReportingInstance());
  }
}
