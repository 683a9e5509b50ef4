package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TablePrintersTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "date");

  record Kind(String apiVersion, String kind, Class<? extends HasMetadata> javaType) {
    @Override
    public String toString() {
      return apiVersion + " " + kind;
    }
  }

  static Stream<Kind> servedKinds() {
    return Stream.concat(
        ResourceRegistry.standard().types().stream().map((ResourceType t) -> new Kind(t.apiVersion(), t.kind(), t.javaType())),
        Stream.of(new Kind("autoscaling/v1", "Scale", Scale.class)));
  }

  @ParameterizedTest
  @MethodSource("servedKinds")
  void everyServedKindHasItsOwnPrinter(Kind k) {
    assertThat(TablePrinters.forKind(k.apiVersion(), k.kind()))
        .as("%s must not fall back to the Name/Created At table", k)
        .isNotSameAs(TablePrinters.defaultPrinter());
  }

  @ParameterizedTest
  @MethodSource("servedKinds")
  void columnsAreWellFormed(Kind k) {
    TablePrinter printer = TablePrinters.forKind(k.apiVersion(), k.kind());
    assertThat(printer.columns()).as("%s columns", k).isNotEmpty().allSatisfy(c -> {
      assertThat(TYPES).contains(c.type());
      assertThat(c.format()).isIn("", "name");
      assertThat(c.priority()).isIn(0, 1);
      assertThat(c.description()).isNotBlank();
    });
    assertThat(printer.columns().stream().map(Column::name).collect(Collectors.toSet()))
        .as("%s column names are distinct", k)
        .hasSameSizeAs(printer.columns());
    assertThat(printer.columns().stream().filter(c -> c.format().equals("name")).count())
        .as("%s has at most one name column", k)
        .isLessThanOrEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("servedKinds")
  void anEmptyObjectPrintsOneCellPerColumn(Kind k) throws ReflectiveOperationException {
    HasMetadata empty = k.javaType().getConstructor().newInstance();
    TablePrinter printer = TablePrinters.forKind(k.apiVersion(), k.kind());
    assertThat(printer.cells(empty, NOW))
        .as("%s: an object with nothing set must print, not throw", k)
        .hasSize(printer.columns().size());
  }

  @Test
  void unknownKindsGetTheDefaultTable() {
    TablePrinter printer = TablePrinters.forKind("example.com/v1", "Widget");
    assertThat(printer).isSameAs(TablePrinters.defaultPrinter());
    assertThat(printer.columns()).extracting(Column::name, Column::type, Column::format)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Name", "string", "name"),
            org.assertj.core.groups.Tuple.tuple("Created At", "date", ""));
  }

  @Test
  void kindsAreMatchedWithTheirGroupVersion() {
    assertThat(TablePrinters.forKind("v1", "Event").columns().getFirst().name()).isEqualTo("Last Seen");
    assertThat(TablePrinters.forKind("apps/v1beta1", "Deployment")).isSameAs(TablePrinters.defaultPrinter());
  }
}
