package dev.berth.node.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code $(VAR)} syntax, case by case ({@code spec/kubelet.md} §6.2). */
class ExpansionTest {
  private static final Map<String, String> VARS = Map.of("HOST", "db", "PORT", "5432", "EMPTY", "", "REF", "$(HOST)");

  record Case(String name, String input, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a whole value", "$(HOST)", "db"),
        new Case("twice", "$(HOST)/$(HOST)", "db/db"),
        new Case("at the start", "$(HOST):1", "db:1"),
        new Case("in the middle", "tcp://$(HOST):$(PORT)/x", "tcp://db:5432/x"),
        new Case("at the end", "host=$(HOST)", "host=db"),
        new Case("an empty value expands to nothing", "a$(EMPTY)b", "ab"),
        new Case("an undefined name stays literal", "$(NOPE)", "$(NOPE)"),
        new Case("undefined next to defined", "$(NOPE)-$(HOST)", "$(NOPE)-db"),
        new Case("$$ escapes a reference", "$$(HOST)", "$(HOST)"),
        new Case("escape then expand", "$$(HOST)_$(PORT)", "$(HOST)_5432"),
        new Case("$$ before a plain name", "cost-$$HOST", "cost-$HOST"),
        new Case("an even run of $ before (: all escapes", "$$$$(HOST)", "$$(HOST)"),
        new Case("an odd run of $ before (: escapes then a reference", "$$$(HOST)", "$db"),
        new Case("an odd run before an undefined name", "$$$$$(NOPE)", "$$$(NOPE)"),
        new Case("values are not expanded again", "$(REF)", "$(HOST)"),
        new Case("shell form $NAME is left alone", "$HOST", "$HOST"),
        new Case("shell form ${NAME} is left alone", "${HOST}", "${HOST}"),
        new Case("shell specials pass through", "$?-$!-$#", "$?-$!-$#"),
        new Case("a closing parenthesis without opener", "$HOST)", "$HOST)"),
        new Case("parentheses without operator", "f(HOST)", "f(HOST)"),
        new Case("an unterminated reference", "x$(HOST", "x$(HOST"),
        new Case("an unterminated reference after a good one", "$(PORT)..$(", "5432..$("),
        new Case("a final $ stays", "$(HOST)$", "db$"),
        new Case("a lone $", "$", "$"),
        new Case("nested references are one odd name", "$(HOST$(PORT))", "$(HOST$(PORT))"),
        new Case("nested, unbalanced", "$(HOST$(PORT)", "$(HOST$(PORT)"),
        new Case("escapes inside a name are not escapes", "$(a$$b)", "$(a$$b)"),
        new Case("backslashes are not escapes", "a\\$(HOST)b", "a\\dbb"),
        new Case("many openers", "--$($($(--", "--$($($(--"),
        new Case("an empty name", "$()", "$()"),
        new Case("no references at all", "plain\ntext", "plain\ntext"),
        new Case("non-ASCII around references", "é$(HOST)ü", "édbü"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void expand(Case c) {
    assertThat(Expansion.expand(c.input(), Expansion.lookupIn(VARS))).as("%s: %s", c.name(), c.input()).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void expandWithTheVariablesSplitOverTwoMaps(Case c) {
    Function<String, String> split = Expansion.lookupIn(Map.of("HOST", "db", "EMPTY", ""), Map.of("PORT", "5432", "REF", "$(HOST)",
        "HOST", "shadowed"));
    assertThat(Expansion.expand(c.input(), split)).as("the first map wins: %s", c.name()).isEqualTo(c.expected());
  }
}
