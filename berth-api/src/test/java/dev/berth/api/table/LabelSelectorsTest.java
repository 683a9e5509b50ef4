package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorsTest {
  record Case(String why, LabelSelector selector, String deployment, String replicaSet) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("no selector", null, "", "<none>"),
        new Case("empty selector", new LabelSelector(), "", "<none>"),
        new Case("labels sorted by key",
            new LabelSelectorBuilder().withMatchLabels(Map.of("tier", "web", "app", "api")).build(),
            "app=api,tier=web", "app=api,tier=web"),
        new Case("expressions sorted with labels, values sorted",
            new LabelSelectorBuilder()
                .withMatchLabels(Map.of("b", "1"))
                .addNewMatchExpression().withKey("c").withOperator("In").withValues("y", "x").endMatchExpression()
                .addNewMatchExpression().withKey("a").withOperator("NotIn").withValues("z").endMatchExpression()
                .addNewMatchExpression().withKey("e").withOperator("Exists").endMatchExpression()
                .addNewMatchExpression().withKey("d").withOperator("DoesNotExist").endMatchExpression()
                .build(),
            "a notin (z),b=1,c in (x,y),!d,e", "a notin (z),b=1,c in (x,y),!d,e"),
        new Case("In without values is invalid",
            new LabelSelectorBuilder().addNewMatchExpression().withKey("a").withOperator("In").endMatchExpression().build(),
            "<invalid>", "<error>"),
        new Case("unknown operator is invalid",
            new LabelSelectorBuilder().addNewMatchExpression().withKey("a").withOperator("Gt").withValues("1").endMatchExpression().build(),
            "<invalid>", "<error>"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void selectorStrings(Case c) {
    assertThat(LabelSelectors.asString(c.selector()).orElse("<invalid>")).as("deployment form").isEqualTo(c.deployment());
    assertThat(LabelSelectors.format(c.selector())).as("FormatLabelSelector form").isEqualTo(c.replicaSet());
  }
}
