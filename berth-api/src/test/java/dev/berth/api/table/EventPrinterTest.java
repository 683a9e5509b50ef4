package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventPrinterTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  record Case(String why, Event event, List<Object> cells) {
    @Override
    public String toString() {
      return why;
    }
  }

  static EventBuilder event() {
    return new EventBuilder()
        .withNewMetadata().withName("web-0.181a2b3c4d5e6f70").withNamespace("default").endMetadata()
        .withType("Normal").withReason("Pulled").withMessage("  Container image \"nginx:1.27\" already present on machine\n")
        .withNewInvolvedObject().withKind("Pod").withName("web-0").withNamespace("default")
        .withFieldPath("spec.containers{nginx}").endInvolvedObject()
        .withNewSource().withComponent("kubelet").withHost("node1").endSource()
        .withFirstTimestamp("2026-01-01T11:50:00Z").withLastTimestamp("2026-01-01T11:58:00Z").withCount(3);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("repeated event: ages of last and first timestamps, count",
            event().build(),
            List.of("2m", "Normal", "Pulled", "pod/web-0", "spec.containers{nginx}", "kubelet, node1",
                "Container image \"nginx:1.27\" already present on machine", "10m", 3L, "web-0.181a2b3c4d5e6f70")),
        new Case("no last timestamp: last seen is first seen; no count means 1",
            event().withLastTimestamp(null).withCount(null).build(),
            List.of("10m", "Normal", "Pulled", "pod/web-0", "spec.containers{nginx}", "kubelet, node1",
                "Container image \"nginx:1.27\" already present on machine", "10m", 1L, "web-0.181a2b3c4d5e6f70")),
        new Case("new-style event: eventTime (29.88s ago truncates), reporting controller, no instance",
            event().withFirstTimestamp(null).withLastTimestamp(null).withCount(null).withSource(null)
                .withEventTime(new MicroTime("2026-01-01T11:59:30.123456Z"))
                .withReportingComponent("statefulset-controller").withReportingInstance("").build(),
            List.of("29s", "Normal", "Pulled", "pod/web-0", "spec.containers{nginx}", "statefulset-controller",
                "Container image \"nginx:1.27\" already present on machine", "29s", 1L, "web-0.181a2b3c4d5e6f70")),
        new Case("series: last observed time and series count",
            event().withNewSeries().withCount(12).withLastObservedTime(new MicroTime("2026-01-01T11:59:00.000000Z")).endSeries()
                .build(),
            List.of("60s", "Normal", "Pulled", "pod/web-0", "spec.containers{nginx}", "kubelet, node1",
                "Container image \"nginx:1.27\" already present on machine", "10m", 12L, "web-0.181a2b3c4d5e6f70")),
        new Case("no time at all",
            event().withFirstTimestamp(null).withLastTimestamp(null).build(),
            List.of("<unknown>", "Normal", "Pulled", "pod/web-0", "spec.containers{nginx}", "kubelet, node1",
                "Container image \"nginx:1.27\" already present on machine", "<unknown>", 3L, "web-0.181a2b3c4d5e6f70")),
        new Case("object without a name prints the kind",
            event().withNewInvolvedObject().withKind("Node").endInvolvedObject().withSource(null).build(),
            List.of("2m", "Normal", "Pulled", "node", "", "",
                "Container image \"nginx:1.27\" already present on machine", "10m", 3L, "web-0.181a2b3c4d5e6f70")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void coreEvents(Case c) {
    assertThat(EventPrinter.core().cells(c.event(), NOW)).as(c.why()).containsExactlyElementsOf(c.cells());
  }

  @Test
  void eventsV1MapsOntoTheSameColumns() {
    var e = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
        .withNewMetadata().withName("web.181a").withNamespace("default").endMetadata()
        .withType("Normal").withReason("SuccessfulCreate").withNote("create Pod web-0 in StatefulSet web successful")
        .withNewRegarding().withKind("StatefulSet").withName("web").withNamespace("default").endRegarding()
        .withReportingController("statefulset-controller").withReportingInstance("berth")
        .withEventTime(new MicroTime("2026-01-01T11:55:00.000000Z"))
        .withDeprecatedCount(2).withDeprecatedFirstTimestamp("2026-01-01T11:55:00Z")
        .withDeprecatedLastTimestamp("2026-01-01T11:58:00Z")
        .build();
    TablePrinter printer = TablePrinters.forKind("events.k8s.io/v1", "Event");
    assertThat(printer.columns()).isEqualTo(TablePrinters.forKind("v1", "Event").columns());
    assertThat(printer.cells(e, NOW)).containsExactly(
        "2m", "Normal", "SuccessfulCreate", "statefulset/web", "", "statefulset-controller, berth",
        "create Pod web-0 in StatefulSet web successful", "5m", 2L, "web.181a");
  }

  @Test
  void columnsMatchKubectl() {
    var columns = EventPrinter.core().columns();
    assertThat(columns).extracting(Column::name).containsExactly(
        "Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name");
    assertThat(columns).extracting(Column::priority).containsExactly(0, 0, 0, 0, 1, 1, 0, 1, 1, 1);
    assertThat(columns.getLast().format()).isEqualTo("name");
  }
}
