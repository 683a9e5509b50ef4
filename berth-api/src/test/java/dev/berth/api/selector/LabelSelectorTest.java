package dev.berth.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.api.ApiException;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** kubectl's label selector syntax ({@code spec/api-server.md} §10.1) and metav1.LabelSelector. */
class LabelSelectorTest {
  private static final Map<String, String> WEB = Map.of("app", "web", "tier", "frontend", "replicas", "3",
      "app.kubernetes.io/name", "nginx", "example.com/team", "a");

  /**
   * @param matchesWeb whether the selector selects an object labelled {@link #WEB}
   * @param normalised the string form: requirements sorted by key, as upstream's {@code labels.Parse}
   */
  record Parse(String selector, boolean matchesWeb, String normalised) {
    @Override
    public String toString() {
      return "'" + selector + "'";
    }
  }

  static Stream<Parse> parses() {
    return Stream.of(
        new Parse("", true, ""),
        new Parse("app=web", true, "app=web"),
        new Parse("app==web", true, "app=web"),
        new Parse("app=db", false, "app=db"),
        new Parse("app!=db", true, "app!=db"),
        new Parse("app!=web", false, "app!=web"),
        new Parse("missing!=x", true, "missing!=x"),
        new Parse("app in (web,db)", true, "app in (db,web)"),
        new Parse("app in (db)", false, "app in (db)"),
        new Parse("app in(web)", true, "app in (web)"),
        new Parse("app notin (db,cache)", true, "app notin (cache,db)"),
        new Parse("app notin (web)", false, "app notin (web)"),
        new Parse("missing notin (web)", true, "missing notin (web)"),
        new Parse("missing in (web)", false, "missing in (web)"),
        new Parse("tier", true, "tier"),
        new Parse("missing", false, "missing"),
        new Parse("!missing", true, "!missing"),
        new Parse("!tier", false, "!tier"),
        new Parse("replicas>2", true, "replicas>2"),
        new Parse("replicas>3", false, "replicas>3"),
        new Parse("replicas<4", true, "replicas<4"),
        new Parse("app>1", false, "app>1"),
        new Parse("app.kubernetes.io/name=nginx", true, "app.kubernetes.io/name=nginx"),
        new Parse("example.com/team in (a,b)", true, "example.com/team in (a,b)"),
        new Parse("app=", false, "app="),
        new Parse("  app = web ,  tier in ( frontend , backend ) , ! missing ", true,
            "app=web,!missing,tier in (backend,frontend)"),
        new Parse("tier=frontend,app=web", true, "app=web,tier=frontend"),
        new Parse("app=web,tier=backend", false, "app=web,tier=backend"));
  }

  @ParameterizedTest
  @MethodSource("parses")
  void parsesKubectlSyntax(Parse c) {
    LabelSelector s = LabelSelector.parse(c.selector());
    assertThat(s.matches(WEB)).as("does '%s' select %s", c.selector(), WEB).isEqualTo(c.matchesWeb());
    assertThat(s.toString()).as("string form of '%s'", c.selector()).isEqualTo(c.normalised());
    assertThat(LabelSelector.parse(s.toString())).as("parse(toString()) of '%s' is the same selector", c.selector())
        .isEqualTo(s);
  }

  static Stream<String> badSelectors() {
    return Stream.of("app=web,", ",app=web", "app==web==x", "x=a||y=b", "!app=web", "app in web", "app in (web",
        "replicas>x", "replicas<", "app=we b", "-app=web", "app/x/y=z", "app=" + "v".repeat(64));
  }

  @ParameterizedTest
  @MethodSource("badSelectors")
  void badSyntaxIsBadRequest(String selector) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> LabelSelector.parse(selector));
    assertThat(e).as("'%s' should be rejected", selector).isNotNull();
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.reason()).isEqualTo("BadRequest");
  }

  @Test
  void nullAndBlankMatchEverything() {
    assertThat(LabelSelector.parse(null)).isEqualTo(LabelSelector.EVERYTHING);
    assertThat(LabelSelector.parse("   ").isEmpty()).isTrue();
    assertThat(LabelSelector.EVERYTHING.matches(Map.of())).isTrue();
    assertThat(LabelSelector.EVERYTHING.matches(null)).isTrue();
  }

  record Of(String why, io.fabric8.kubernetes.api.model.LabelSelector selector, boolean matchesWeb, String string) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<Of> ofs() {
    return Stream.of(
        new Of("empty selects everything", new io.fabric8.kubernetes.api.model.LabelSelector(), true, ""),
        new Of("matchLabels, sorted by key",
            new LabelSelectorBuilder().withMatchLabels(Map.of("tier", "frontend", "app", "web")).build(), true,
            "app=web,tier=frontend"),
        new Of("matchLabels that differ", new LabelSelectorBuilder().withMatchLabels(Map.of("app", "db")).build(), false,
            "app=db"),
        new Of("every operator, sorted by key with the labels as upstream's LabelSelectorAsSelector",
            new LabelSelectorBuilder()
                .withMatchLabels(Map.of("tier", "frontend"))
                .addNewMatchExpression().withKey("app").withOperator("In").withValues("web", "db").endMatchExpression()
                .addNewMatchExpression().withKey("zone").withOperator("NotIn").withValues("b").endMatchExpression()
                .addNewMatchExpression().withKey("replicas").withOperator("Exists").endMatchExpression()
                .addNewMatchExpression().withKey("gone").withOperator("DoesNotExist").endMatchExpression()
                .build(),
            true, "app in (db,web),!gone,replicas,tier=frontend,zone notin (b)"),
        new Of("DoesNotExist on a present label",
            new LabelSelectorBuilder().addNewMatchExpression().withKey("app").withOperator("DoesNotExist").endMatchExpression().build(),
            false, "!app"));
  }

  @ParameterizedTest
  @MethodSource("ofs")
  void ofMetav1LabelSelector(Of c) {
    LabelSelector s = LabelSelector.of(c.selector());
    assertThat(s.matches(WEB)).as("%s: does it select %s", c.why(), WEB).isEqualTo(c.matchesWeb());
    assertThat(s.toString()).as("%s: string form (Scale.status.selector)", c.why()).isEqualTo(c.string());
    assertThat(LabelSelector.parse(s.toString()).matches(WEB)).as("%s: the string form selects the same", c.why())
        .isEqualTo(c.matchesWeb());
  }

  @Test
  void nullMetav1SelectorMatchesNothing() {
    LabelSelector s = LabelSelector.of(null);
    assertThat(s).as("of(null) is a selector, as upstream's labels.Nothing()").isNotNull();
    assertThat(s.matches(WEB)).as("a null selector selects nothing").isFalse();
    assertThat(s.matches(Map.of())).as("not even an object without labels").isFalse();
    assertThat(s.isEmpty()).as("isEmpty() means 'selects everything', which a null selector does not").isFalse();
    assertThat(s.toString()).isEmpty();
  }

  @Test
  void unknownOperatorIsBadRequest() {
    var sel = new LabelSelectorBuilder().addNewMatchExpression().withKey("a").withOperator("Gt").withValues("1")
        .endMatchExpression().build();
    ApiException e = catchThrowableOfType(ApiException.class, () -> LabelSelector.of(sel));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).contains("\"Gt\" is not a valid label selector operator");
  }
}
