package dev.berth.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.api.ApiException;
import dev.berth.api.selector.FieldSelector.Term;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Field selector syntax ({@code spec/api-server.md} §10.1), as apimachinery's {@code fields.ParseSelector}. */
class FieldSelectorTest {
  record Case(String selector, List<Term> terms) {
    @Override
    public String toString() {
      return "'" + selector + "'";
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("", List.of()),
        new Case("metadata.name=web-0", List.of(new Term("metadata.name", true, "web-0"))),
        new Case("metadata.name==web-0", List.of(new Term("metadata.name", true, "web-0"))),
        new Case("status.phase!=Running", List.of(new Term("status.phase", false, "Running"))),
        new Case("spec.nodeName=", List.of(new Term("spec.nodeName", true, ""))),
        new Case("spec.nodeName!=", List.of(new Term("spec.nodeName", false, ""))),
        new Case("involvedObject.kind=Pod,involvedObject.name=web-0,type!=Normal", List.of(
            new Term("involvedObject.kind", true, "Pod"), new Term("involvedObject.name", true, "web-0"),
            new Term("type", false, "Normal"))),
        new Case("metadata.name=a\\,b", List.of(new Term("metadata.name", true, "a,b"))),
        new Case("metadata.name=a\\=b", List.of(new Term("metadata.name", true, "a=b"))),
        new Case("metadata.name=a\\\\b", List.of(new Term("metadata.name", true, "a\\b"))),
        new Case("metadata.name=x,,metadata.namespace=y", List.of(
            new Term("metadata.name", true, "x"), new Term("metadata.namespace", true, "y"))));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void parses(Case c) {
    assertThat(FieldSelector.parse(c.selector()).terms()).as("terms of '%s'", c.selector()).isEqualTo(c.terms());
  }

  static Stream<String> bad() {
    return Stream.of("metadata.name", "=web", "!=web", "a,b=c");
  }

  @ParameterizedTest
  @MethodSource("bad")
  void withoutAnOperatorIsBadRequest(String selector) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> FieldSelector.parse(selector));
    assertThat(e).as("'%s' should be rejected", selector).isNotNull();
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).startsWith("invalid selector: '" + selector + "'");
  }

  record Match(String selector, Map<String, String> fields, boolean matches) {}

  static Stream<Match> matches() {
    Map<String, String> pod = Map.of("metadata.name", "web-0", "spec.nodeName", "berth", "status.phase", "Running");
    return Stream.of(
        new Match("", pod, true),
        new Match("metadata.name=web-0", pod, true),
        new Match("metadata.name=web-1", pod, false),
        new Match("metadata.name!=web-1,spec.nodeName=berth", pod, true),
        new Match("metadata.name=web-0,status.phase!=Running", pod, false),
        new Match("status.podIP=", pod, true),
        new Match("status.podIP!=", pod, false));
  }

  @ParameterizedTest
  @MethodSource("matches")
  void matchesFieldSets(Match c) {
    assertThat(FieldSelector.parse(c.selector()).matches(c.fields())).as("'%s' on %s", c.selector(), c.fields())
        .isEqualTo(c.matches());
  }

  @Test
  void requiredValueIsTheEqualsTerm() {
    FieldSelector s = FieldSelector.parse("metadata.name!=a,metadata.name=b");
    assertThat(s.requiredValue("metadata.name")).isEqualTo("b");
    assertThat(s.requiredValue("spec.nodeName")).isNull();
  }
}
