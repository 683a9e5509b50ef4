package dev.berth.api.patch;

import static dev.berth.api.patch.TestSchemas.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class JsonMergePatchTest {
  record Case(String name, String target, String patch, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // RFC 7386 appendix A
        new Case("replace member", "{'a':'b'}", "{'a':'c'}", "{'a':'c'}"),
        new Case("add member", "{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"),
        new Case("null deletes", "{'a':'b'}", "{'a':null}", "{}"),
        new Case("null deletes one of two", "{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"),
        new Case("array replaces scalar", "{'a':['b']}", "{'a':'c'}", "{'a':'c'}"),
        new Case("scalar replaces array", "{'a':'c'}", "{'a':['b']}", "{'a':['b']}"),
        new Case(
            "nested merge with delete",
            "{'a':{'b':'c'}}",
            "{'a':{'b':'d','c':null}}",
            "{'a':{'b':'d'}}"),
        new Case("arrays are replaced, not merged", "{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"),
        new Case("non-object patch replaces the document", "['a','b']", "['c','d']", "['c','d']"),
        new Case("object patch on an array target", "['a']", "{'a':'c'}", "{'a':'c'}"),
        new Case(
            "a null already in the target is kept", "{'e':null}", "{'a':1}", "{'e':null,'a':1}"),
        new Case(
            "null inside an added map is dropped",
            "{}",
            "{'a':{'bb':{'ccc':null}}}",
            "{'a':{'bb':{}}}"),
        // what berth receives
        new Case(
            "kubectl scale",
            "{'spec':{'replicas':1},'status':{'replicas':1}}",
            "{'spec':{'replicas':3}}",
            "{'spec':{'replicas':3},'status':{'replicas':1}}"),
        new Case(
            "kubectl label --overwrite and remove",
            "{'metadata':{'labels':{'a':'1','b':'2'}}}",
            "{'metadata':{'labels':{'a':'9','b':null}}}",
            "{'metadata':{'labels':{'a':'9'}}}"),
        new Case("empty patch is identity", "{'a':{'b':[1,2]}}", "{}", "{'a':{'b':[1,2]}}"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void appliesMergePatch(Case c) {
    JsonNode target = node(c.target());
    JsonNode before = target.deepCopy();
    JsonNode result = JsonMergePatch.apply(target, node(c.patch()));
    assertThat(result)
        .withFailMessage("%s: expected %s but got %s", c.name(), node(c.expected()), result)
        .isEqualTo(node(c.expected()));
    assertThat(target).withFailMessage("%s: the target was mutated", c.name()).isEqualTo(before);
  }

  static LongStream seeds() {
    return Seeds.spread(1000);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void emptyPatchIsIdentity(long seed) {
    JsonNode x = RandomJson.object(new Random(seed), 4);
    Seeds.replayable(
        seed,
        "x = " + x,
        () ->
            assertThat(JsonMergePatch.apply(x, node("{}")))
                .withFailMessage("apply(x, {}) should equal x")
                .isEqualTo(x));
  }
}
