package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

/** core/v1 and events.k8s.io/v1 Events. */
class EventRulesTest {

  static final CoreEventRules CORE = new CoreEventRules();
  static final EventsV1EventRules EVENTS = new EventsV1EventRules();

  static Event kubeletEvent() {
    return parse("""
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"web-0.17c1a2b3c4d5e6f7","namespace":"default"},
         "involvedObject":{"kind":"Pod","namespace":"default","name":"web-0","apiVersion":"v1","fieldPath":"spec.containers{nginx}"},
         "reason":"Started","message":"Started container nginx","source":{"component":"kubelet","host":"berth"},
         "firstTimestamp":"2024-05-01T10:00:00Z","lastTimestamp":"2024-05-01T10:00:00Z","count":1,"type":"Normal"}
        """, Event.class);
  }

  @Test
  void coreEventsNeedOnlyAgreeingNamespaces() {
    assertThat(CORE.validateCreate(kubeletEvent())).isEmpty();
    Event elsewhere = kubeletEvent();
    elsewhere.getInvolvedObject().setNamespace("shop");
    assertThat(lines(CORE.validateCreate(elsewhere))).containsExactly("involvedObject.namespace: Invalid value: \"shop\": does not match event.namespace");
    Event unnamed = kubeletEvent();
    unnamed.getMetadata().setName(null);
    assertThat(lines(CORE.validateCreate(unnamed))).containsExactly("metadata.name: Required value: name or generateName is required");
  }

  @Test
  void coreEventsWithAnEventTimeNameTheirReporter() {
    Event e = kubeletEvent();
    e.setEventTime(new io.fabric8.kubernetes.api.model.MicroTime("2024-05-01T10:00:00.000000Z"));
    e.setReportingComponent("kubelet");
    e.setReportingInstance("berth");
    assertThat(lines(CORE.validateCreate(e))).containsExactly("action: Required value");
  }

  static io.fabric8.kubernetes.api.model.events.v1.Event newEvent() {
    return parse("""
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.1","namespace":"default"},
         "eventTime":"2024-05-01T10:00:00.000000Z","reportingController":"berth.dev/statefulset-controller",
         "reportingInstance":"berth","action":"Create","reason":"SuccessfulCreate","type":"Normal",
         "note":"create Pod web-0 in StatefulSet web successful",
         "regarding":{"kind":"StatefulSet","namespace":"default","name":"web","apiVersion":"apps/v1"}}
        """, io.fabric8.kubernetes.api.model.events.v1.Event.class);
  }

  @Test
  void eventsV1AreStrict() {
    assertThat(EVENTS.validateCreate(newEvent())).isEmpty();
    var e = newEvent();
    e.setType("Info");
    e.setDeprecatedCount(3);
    assertThat(lines(EVENTS.validateCreate(e))).containsExactly("type: Invalid value: \"\": has invalid value: Info",
        "count: Invalid value: \"\": needs to be unset");
    var timeless = newEvent();
    timeless.setEventTime(null);
    assertThat(lines(EVENTS.validateCreate(timeless))).containsExactly("eventTime: Required value");
  }

  @Test
  void eventsV1KeepTheirNote() {
    var old = newEvent();
    var e = newEvent();
    e.setNote("something else");
    assertThat(lines(EVENTS.validateUpdate(e, old))).containsExactly("message: Invalid value: \"something else\": field is immutable");
    var series = newEvent();
    series.setSeries(new io.fabric8.kubernetes.api.model.events.v1.EventSeries(2,
        new io.fabric8.kubernetes.api.model.MicroTime("2024-05-01T10:05:00.000000Z")));
    assertThat(EVENTS.validateUpdate(series, old)).isEmpty();
  }
}
