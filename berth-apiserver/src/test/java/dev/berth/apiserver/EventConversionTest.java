package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.apiError;
import static dev.berth.apiserver.ServiceFixture.json;
import static dev.berth.apiserver.ServiceFixture.opts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import dev.berth.api.selector.FieldSelector;
import dev.berth.api.selector.LabelSelector;
import io.fabric8.kubernetes.api.model.StatusCause;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 ↔ events.k8s.io/v1 Events: one storage, two representations ({@code spec/api-server.md} §13.7). */
class EventConversionTest {
  private static final ObjectNode V1 = json("{'apiVersion':'events.k8s.io/v1','kind':'Event',"
      + "'metadata':{'name':'web-0.1','namespace':'default'},"
      + "'eventTime':'2026-01-01T00:00:00.000000Z','series':{'count':2,'lastObservedTime':'2026-01-01T00:01:00.000000Z'},"
      + "'reportingController':'berth.dev/node','reportingInstance':'berth','action':'Started','reason':'Started',"
      + "'regarding':{'kind':'Pod','namespace':'default','name':'web-0','uid':'u-1','apiVersion':'v1'},"
      + "'related':{'kind':'Node','name':'berth'},"
      + "'note':'Started container app','type':'Normal',"
      + "'deprecatedSource':{'component':'kubelet','host':'berth'},"
      + "'deprecatedFirstTimestamp':'2026-01-01T00:00:00Z','deprecatedLastTimestamp':'2026-01-01T00:01:00Z',"
      + "'deprecatedCount':2}");

  private static final ObjectNode CORE = json("{'apiVersion':'v1','kind':'Event',"
      + "'metadata':{'name':'web-0.1','namespace':'default'},"
      + "'eventTime':'2026-01-01T00:00:00.000000Z','series':{'count':2,'lastObservedTime':'2026-01-01T00:01:00.000000Z'},"
      + "'reportingComponent':'berth.dev/node','reportingInstance':'berth','action':'Started','reason':'Started',"
      + "'involvedObject':{'kind':'Pod','namespace':'default','name':'web-0','uid':'u-1','apiVersion':'v1'},"
      + "'related':{'kind':'Node','name':'berth'},"
      + "'message':'Started container app','type':'Normal',"
      + "'source':{'component':'kubelet','host':'berth'},"
      + "'firstTimestamp':'2026-01-01T00:00:00Z','lastTimestamp':'2026-01-01T00:01:00Z',"
      + "'count':2}");

  @Test
  void eventsV1ToCoreRenamesEveryField() {
    assertThat(EventConversion.toCore(V1)).isEqualTo(CORE);
  }

  @Test
  void coreToEventsV1RenamesEveryField() {
    assertThat(EventConversion.toEventsV1(CORE)).isEqualTo(V1);
  }

  @Test
  void roundTrips() {
    assertThat(EventConversion.toEventsV1(EventConversion.toCore(V1))).isEqualTo(V1);
    assertThat(EventConversion.toCore(EventConversion.toEventsV1(CORE))).isEqualTo(CORE);
  }

  @Test
  void coreEventWithoutEventTimeGetsOneFromFirstTimestamp() {
    ObjectNode legacy = json("{'apiVersion':'v1','kind':'Event','metadata':{'name':'x'},'firstTimestamp':'2026-01-01T00:00:05Z',"
        + "'eventTime':null}");
    assertThat(EventConversion.toEventsV1(legacy).path("eventTime").asString()).isEqualTo("2026-01-01T00:00:05.000000Z");
    assertThat(EventConversion.toEventsV1(json("{'metadata':{'name':'x'}}")).has("eventTime")).isFalse();
  }

  @Test
  void conversionsCopy() {
    ObjectNode in = V1.deepCopy();
    ObjectNode core = EventConversion.toCore(in);
    ((ObjectNode) core.get("involvedObject")).put("name", "changed");
    assertThat(in).as("the input is not shared with the output").isEqualTo(V1);
  }

  @Test
  void oneStorageServedInBothForms() {
    ServiceFixture f = new ServiceFixture();
    ObjectNode created = f.service.create(f.eventsV1, "default", newV1Event("web-0.1"), opts()).object();
    assertThat(created.path("apiVersion").asString()).isEqualTo("events.k8s.io/v1");
    assertThat(created.path("regarding").path("name").asString()).isEqualTo("web-0");

    ObjectNode core = f.get(f.events, "web-0.1");
    assertThat(core.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(core.path("involvedObject").path("name").asString()).isEqualTo("web-0");
    assertThat(core.path("message").asString()).isEqualTo("Started container app");
    assertThat(core.path("metadata").path("uid")).isEqualTo(created.path("metadata").path("uid"));

    var listed = f.service.list(f.eventsV1, "default", LabelSelector.EVERYTHING, FieldSelector.parse("regarding.name=web-0"));
    assertThat(listed.items()).extracting(o -> o.path("note").asString()).containsExactly("Started container app");
    assertThat(f.service.list(f.events, "default", LabelSelector.EVERYTHING,
        FieldSelector.parse("involvedObject.name=web-1")).items()).isEmpty();
  }

  @Test
  void eventsV1WritesAreValidatedAsThatApi() {
    ServiceFixture f = new ServiceFixture();
    ObjectNode noTime = json("{'metadata':{'name':'e1'},'reportingController':'berth.dev/node','reportingInstance':'berth',"
        + "'action':'Started','reason':'Started','regarding':{'kind':'Pod','namespace':'default','name':'web-0'},"
        + "'type':'Normal'}");
    ApiException e = apiError(() -> f.service.create(f.eventsV1, "default", noTime, opts()));
    assertThat(e.code()).as("events.k8s.io/v1 requires eventTime, unlike core/v1").isEqualTo(422);
    assertThat(e.status().getDetails().getCauses()).extracting(StatusCause::getField).contains("eventTime");

    assertThat(f.service.create(f.eventsV1, "default", newV1Event("ok"), opts()).object().path("type").asString())
        .isEqualTo("Normal");
    ObjectNode labelled = f.service.patch(f.eventsV1, "default", "ok", null, ResourceService.PatchType.MERGE,
        json("{'metadata':{'labels':{'it-label':'yes'}}}"), opts()).object();
    assertThat(labelled.path("metadata").path("labels").path("it-label").asString()).as("kubectl label on events.k8s.io")
        .isEqualTo("yes");
    ObjectNode changedNote = f.service.get(f.eventsV1, "default", "ok").put("note", "other");
    ApiException immutable = apiError(() -> f.service.update(f.eventsV1, "default", "ok", null, changedNote, opts()));
    assertThat(immutable.code()).as("events.k8s.io/v1 Events are immutable but for metadata and series").isEqualTo(422);

    ObjectNode badType = newV1Event("e2").put("type", "Bogus");
    ApiException t = apiError(() -> f.service.create(f.eventsV1, "default", badType, opts()));
    assertThat(t.code()).isEqualTo(422);
    assertThat(t.status().getDetails().getCauses()).extracting(StatusCause::getField).contains("type");

    ObjectNode core = json("{'metadata':{'name':'e3'},'involvedObject':{'kind':'Pod','namespace':'default','name':'web-0'},"
        + "'reason':'Started','message':'m','type':'Normal','count':1,'firstTimestamp':'2026-01-01T00:00:00Z'}");
    assertThat(f.service.create(f.events, "default", core, opts()).object().path("count").asInt())
        .as("core/v1 accepts the legacy shape").isEqualTo(1);
  }

  /** {@link #V1} as a client of events.k8s.io/v1 creates it: without the deprecated fields. */
  private static ObjectNode newV1Event(String name) {
    ObjectNode e = V1.deepCopy();
    e.remove(java.util.List.of("deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount"));
    e.withObjectProperty("metadata").put("name", name);
    return e;
  }

  @Test
  void v1SampleIsAValidTypedEvent() {
    var typed = Json.toTyped(V1, io.fabric8.kubernetes.api.model.events.v1.Event.class);
    assertThat(typed.getRegarding().getName()).isEqualTo("web-0");
    assertThat(typed.getDeprecatedCount()).isEqualTo(2);
  }
}
