package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QuantitiesTest {
  record Case(String input, String canonical) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("1Gi", "1Gi"),
        new Case("1024Mi", "1Gi"),
        new Case("1.5Gi", "1536Mi"),
        new Case("0.5Gi", "512Mi"),
        new Case("0.5Ki", "512"),
        new Case("1023Ki", "1023Ki"),
        new Case("2048", "2048"),
        new Case("1000M", "1G"),
        new Case("1500M", "1500M"),
        new Case("0.5", "500m"),
        new Case("1500", "1500"),
        new Case("10G", "10G"),
        new Case("100Mi", "100Mi"),
        new Case("1e3", "1e3"),
        new Case("1.5e3", "1500"),
        new Case("0", "0"),
        new Case("0Gi", "0"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void canonicalLikeResourceQuantityString(Case c) {
    assertThat(Quantities.canonical(new Quantity(c.input()))).as(c.input()).isEqualTo(c.canonical());
  }

  @org.junit.jupiter.api.Test
  void missingQuantityIsZero() {
    assertThat(Quantities.canonical(null)).isEqualTo("0");
  }
}
