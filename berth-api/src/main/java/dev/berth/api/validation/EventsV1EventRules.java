package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * events.k8s.io/v1 Events, validated strictly as upstream does for that API: the legacy checks,
 * then metadata, {@code eventTime} required, {@code type} Normal or Warning, the deprecated fields
 * unset, a series of at least 2; on update almost everything is immutable. Error paths use the
 * internal field names ({@code involvedObject} for {@code regarding}, {@code message} for
 * {@code note}), exactly as the kube-apiserver reports them. No defaults.
 */
public final class EventsV1EventRules implements KindRules<Event> {

  @Override
  public void applyDefaults(Event event) {}

  @Override
  public List<FieldError> validateCreate(Event event) {
    EventFields f = fields(event);
    List<FieldError> errs = new ArrayList<>(f.legacy());
    errs.addAll(ObjectMetaValidation.validate(event.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    errs.addAll(f.series());
    if (!EventFields.present(f.eventTime())) {
      errs.add(FieldError.required("eventTime", ""));
    }
    String type = EventFields.nz(f.type());
    if (!type.equals("Normal") && !type.equals("Warning")) {
      errs.add(FieldError.invalid("type", "", "has invalid value: " + type));
    }
    if (EventFields.present(f.firstTimestamp())) {
      errs.add(FieldError.invalid("firstTimestamp", "", "needs to be unset"));
    }
    if (EventFields.present(f.lastTimestamp())) {
      errs.add(FieldError.invalid("lastTimestamp", "", "needs to be unset"));
    }
    if (f.count() != 0) {
      errs.add(FieldError.invalid("count", "", "needs to be unset"));
    }
    if (event.getDeprecatedSource() != null && (EventFields.present(event.getDeprecatedSource().getComponent())
        || EventFields.present(event.getDeprecatedSource().getHost()))) {
      errs.add(FieldError.invalid("source", "", "needs to be unset"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Event event, Event old) {
    EventFields n = fields(event);
    EventFields o = fields(old);
    List<FieldError> errs = new ArrayList<>(n.legacy());
    errs.addAll(ObjectMetaValidation.validateUpdate(event.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    if (!SpecDiff.same(event.getSeries(), old.getSeries())) {
      errs.addAll(n.series());
    }
    if (!SpecDiff.same(event.getRegarding(), old.getRegarding())) {
      errs.add(FieldError.invalid("involvedObject", GoSyntax.raw(EventFields.referenceText(event.getRegarding())), ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    immutable("reason", n.reason(), o.reason(), errs);
    immutable("message", n.message(), o.message(), errs);
    if (!SpecDiff.same(event.getDeprecatedSource(), old.getDeprecatedSource())) {
      errs.add(FieldError.invalid("source", GoSyntax.raw("core.EventSource{...}"), ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    immutableTime("firstTimestamp", n.firstTimestamp(), o.firstTimestamp(), errs);
    immutableTime("lastTimestamp", n.lastTimestamp(), o.lastTimestamp(), errs);
    if (n.count() != o.count()) {
      errs.add(FieldError.invalid("count", n.count(), ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    immutable("type", n.type(), o.type(), errs);
    immutableTime("eventTime", n.eventTime(), o.eventTime(), errs);
    immutable("action", n.action(), o.action(), errs);
    if (!SpecDiff.same(event.getRelated(), old.getRelated())) {
      errs.add(FieldError.invalid("related", GoSyntax.raw(EventFields.referenceText(event.getRelated())), ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    immutable("reportingController", n.reportingController(), o.reportingController(), errs);
    immutable("reportingInstance", n.reportingInstance(), o.reportingInstance(), errs);
    return errs;
  }

  private static void immutable(String field, String now, String before, List<FieldError> errs) {
    if (!Objects.equals(EventFields.nz(now), EventFields.nz(before))) {
      errs.add(FieldError.invalid(field, EventFields.nz(now), ObjectMetaValidation.FIELD_IMMUTABLE));
    }
  }

  private static void immutableTime(String field, String now, String before, List<FieldError> errs) {
    if (!ObjectMetaValidation.sameInstant(now, before)) {
      errs.add(FieldError.invalid(field, GoSyntax.raw(EventFields.present(now) ? ObjectMetaValidation.goTime(now) : "0001-01-01 00:00:00 +0000 UTC"),
          ObjectMetaValidation.FIELD_IMMUTABLE));
    }
  }

  static EventFields fields(Event e) {
    return new EventFields(e.getMetadata(), e.getRegarding(), e.getReason(), e.getNote(), e.getDeprecatedSource(),
        e.getDeprecatedFirstTimestamp(), e.getDeprecatedLastTimestamp(), e.getDeprecatedCount() == null ? 0 : e.getDeprecatedCount(),
        e.getType(), e.getEventTime() == null ? null : e.getEventTime().getTime(),
        e.getSeries() == null ? null : e.getSeries().getCount(),
        e.getSeries() == null || e.getSeries().getLastObservedTime() == null ? null : e.getSeries().getLastObservedTime().getTime(),
        e.getAction(), e.getRelated(), e.getReportingController(), e.getReportingInstance());
  }
}
