package dev.berth.api.patch;

import static dev.berth.api.patch.TestSchemas.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.api.ApiException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

class JsonPatchTest {
  record Case(String name, String target, String patch, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("add member", "{'a':1}", "[{'op':'add','path':'/b','value':2}]", "{'a':1,'b':2}"),
        new Case(
            "add replaces an existing member",
            "{'a':1}",
            "[{'op':'add','path':'/a','value':[1]}]",
            "{'a':[1]}"),
        new Case(
            "add inserts into an array",
            "{'a':[1,3]}",
            "[{'op':'add','path':'/a/1','value':2}]",
            "{'a':[1,2,3]}"),
        new Case(
            "add at the end index",
            "{'a':[1]}",
            "[{'op':'add','path':'/a/1','value':2}]",
            "{'a':[1,2]}"),
        new Case(
            "add - appends",
            "{'a':[1]}",
            "[{'op':'add','path':'/a/-','value':{'x':null}}]",
            "{'a':[1,{'x':null}]}"),
        new Case(
            "add the whole document",
            "{'a':1}",
            "[{'op':'add','path':'','value':{'b':2}}]",
            "{'b':2}"),
        new Case("remove member", "{'a':1,'b':2}", "[{'op':'remove','path':'/a'}]", "{'b':2}"),
        new Case(
            "remove element", "{'a':[1,2,3]}", "[{'op':'remove','path':'/a/0'}]", "{'a':[2,3]}"),
        new Case(
            "replace member",
            "{'a':{'b':1}}",
            "[{'op':'replace','path':'/a/b','value':'x'}]",
            "{'a':{'b':'x'}}"),
        new Case(
            "replace element",
            "{'a':[1,2]}",
            "[{'op':'replace','path':'/a/1','value':9}]",
            "{'a':[1,9]}"),
        new Case(
            "replace of a member the object lacks adds it (as the kube-apiserver does)",
            "{'metadata':{'name':'api'}}",
            "[{'op':'replace','path':'/metadata/annotations','value':{'a':'1'}}]",
            "{'metadata':{'name':'api','annotations':{'a':'1'}}}"),
        new Case(
            "move",
            "{'a':{'b':1},'c':{}}",
            "[{'op':'move','from':'/a/b','path':'/c/d'}]",
            "{'a':{},'c':{'d':1}}"),
        new Case(
            "move within an array",
            "{'a':[1,2,3]}",
            "[{'op':'move','from':'/a/0','path':'/a/-'}]",
            "{'a':[2,3,1]}"),
        new Case(
            "copy",
            "{'a':{'b':[1]}}",
            "[{'op':'copy','from':'/a/b','path':'/c'}]",
            "{'a':{'b':[1]},'c':[1]}"),
        new Case(
            "test passes, numbers compare by value",
            "{'a':{'n':1.0,'s':'x'}}",
            "[{'op':'test','path':'/a','value':{'s':'x','n':1}},{'op':'add','path':'/ok','value':true}]",
            "{'a':{'n':1.0,'s':'x'},'ok':true}"),
        new Case(
            "~1 and ~0 escapes in annotation keys",
            "{'metadata':{'annotations':{'deployment.kubernetes.io/revision':'1','a~b':'x'}}}",
            "[{'op':'replace','path':'/metadata/annotations/deployment.kubernetes.io~1revision','value':'2'},"
                + "{'op':'remove','path':'/metadata/annotations/a~0b'}]",
            "{'metadata':{'annotations':{'deployment.kubernetes.io/revision':'2'}}}"),
        new Case(
            "fabric8 edit(): resourceVersion lock plus change",
            "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'f8cm','resourceVersion':'112'},'data':{'a':'1'}}",
            "[{'op':'add','path':'/metadata/resourceVersion','value':'111'},{'op':'add','path':'/data/b','value':'2'}]",
            "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'f8cm','resourceVersion':'111'},'data':{'a':'1','b':'2'}}"),
        new Case(
            "kubectl rollout undo deploy (null creationTimestamp accepted)",
            "{'metadata':{'name':'api','annotations':{'deployment.kubernetes.io/revision':'2'}},"
                + "'spec':{'template':{'metadata':{'labels':{'app':'api'}},'spec':{'containers':[{'name':'api','image':'nginx:1.28'}]}}}}",
            "[{'op':'replace','path':'/spec/template','value':{'metadata':{'creationTimestamp':null,'labels':{'app':'api'}},"
                + "'spec':{'containers':[{'name':'api','image':'nginx:1.27','resources':{}}]}}},"
                + "{'op':'replace','path':'/metadata/annotations','value':{'deployment.kubernetes.io/revision':'1'}}]",
            "{'metadata':{'name':'api','annotations':{'deployment.kubernetes.io/revision':'1'}},"
                + "'spec':{'template':{'metadata':{'creationTimestamp':null,'labels':{'app':'api'}},"
                + "'spec':{'containers':[{'name':'api','image':'nginx:1.27','resources':{}}]}}}}"),
        new Case("empty patch is identity", "{'a':1}", "[]", "{'a':1}"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void appliesJsonPatch(Case c) {
    JsonNode target = node(c.target());
    JsonNode before = target.deepCopy();
    JsonNode result = JsonPatch.apply(target, node(c.patch()));
    assertThat(JsonValues.equal(result, node(c.expected())))
        .withFailMessage("%s: expected %s but got %s", c.name(), node(c.expected()), result)
        .isTrue();
    assertThat(target).withFailMessage("%s: the target was mutated", c.name()).isEqualTo(before);
  }

  record Failure(String name, String target, String patch, int code, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Failure> failures() {
    return Stream.of(
        // malformed: 400
        new Failure(
            "patch is an object",
            "{}",
            "{'op':'add'}",
            400,
            "json: cannot unmarshal object into Go value of type jsonpatch.Patch"),
        new Failure(
            "operation is not an object",
            "{}",
            "[1]",
            400,
            "json: cannot unmarshal number into Go value of type jsonpatch.Operation"),
        new Failure(
            "unknown op", "{}", "[{'op':'merge','path':'/a'}]", 400, "Unexpected kind: merge"),
        new Failure("missing op", "{}", "[{'path':'/a'}]", 400, "Unexpected kind: unknown"),
        new Failure(
            "missing path",
            "{}",
            "[{'op':'remove'}]",
            400,
            "remove operation failed to decode path: missing value"),
        new Failure(
            "missing value",
            "{}",
            "[{'op':'add','path':'/a'}]",
            400,
            "add operation missing value: missing value"),
        new Failure(
            "missing from",
            "{}",
            "[{'op':'copy','path':'/a'}]",
            400,
            "copy operation failed to decode from: missing value"),
        new Failure(
            "pointer without leading slash",
            "{}",
            "[{'op':'add','path':'a','value':1}]",
            400,
            "JSON pointer must be empty or start with \"/\": \"a\""),
        new Failure(
            "bad escape",
            "{}",
            "[{'op':'add','path':'/a~2','value':1}]",
            400,
            "invalid JSON pointer escape in \"/a~2\""),
        // operation failures: 422
        new Failure(
            "add below a missing parent",
            "{'spec':{}}",
            "[{'op':'add','path':'/spec/nope/x','value':1}]",
            422,
            "add operation does not apply: doc is missing path: \"/spec/nope/x\": missing value"),
        new Failure(
            "remove a missing member",
            "{'a':{}}",
            "[{'op':'remove','path':'/a/b'}]",
            422,
            "error in remove for path: '/a/b': Unable to remove nonexistent key: b: missing value"),
        new Failure(
            "remove an index out of range",
            "{'a':[1]}",
            "[{'op':'remove','path':'/a/1'}]",
            422,
            "error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index"
                + " referenced"),
        new Failure(
            "add an index out of range",
            "{'a':[1]}",
            "[{'op':'add','path':'/a/5','value':0}]",
            422,
            "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index"
                + " referenced"),
        new Failure(
            "add a non-numeric index",
            "{'a':[1]}",
            "[{'op':'add','path':'/a/x','value':0}]",
            422,
            "error in add for path: '/a/x': Unable to access invalid index: x: invalid index"
                + " referenced"),
        new Failure(
            "replace below a missing parent",
            "{}",
            "[{'op':'replace','path':'/a/b','value':0}]",
            422,
            "replace operation does not apply: doc is missing path: /a/b: missing value"),
        new Failure(
            "replace an index out of range",
            "{'a':[]}",
            "[{'op':'replace','path':'/a/0','value':0}]",
            422,
            "error in replace for path: '/a/0': Unable to access invalid index: 0: invalid index"
                + " referenced"),
        new Failure(
            "test fails",
            "{'a':'x'}",
            "[{'op':'test','path':'/a','value':'y'}]",
            422,
            "testing value /a failed: test failed"),
        new Failure(
            "test a missing member",
            "{}",
            "[{'op':'test','path':'/a','value':null}]",
            422,
            "testing value /a failed: test failed"),
        new Failure(
            "move from a missing member",
            "{}",
            "[{'op':'move','from':'/a','path':'/b'}]",
            422,
            "error in move for path: '/a': Unable to remove nonexistent key: a: missing value"),
        new Failure(
            "move into its own child",
            "{'a':{}}",
            "[{'op':'move','from':'/a','path':'/a/b'}]",
            422,
            "move operation does not apply: from \"/a\" is a prefix of path \"/a/b\""),
        new Failure(
            "copy from a missing member",
            "{}",
            "[{'op':'copy','from':'/a','path':'/b'}]",
            422,
            "copy operation does not apply: doc is missing path: \"/a\": missing value"),
        new Failure(
            "a later op fails: nothing applies",
            "{'a':1}",
            "[{'op':'add','path':'/b','value':2},{'op':'test','path':'/a','value':2}]",
            422,
            "testing value /a failed: test failed"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void rejectsWithUpstreamStatus(Failure f) {
    JsonNode target = node(f.target());
    JsonNode before = target.deepCopy();
    ApiException e =
        catchThrowableOfType(ApiException.class, () -> JsonPatch.apply(target, node(f.patch())));
    assertThat(e)
        .withFailMessage("%s: expected a %d ApiException, got none", f.name(), f.code())
        .isNotNull();
    assertThat(e.code())
        .withFailMessage(
            "%s: expected HTTP %d but got %d (%s)", f.name(), f.code(), e.code(), e.getMessage())
        .isEqualTo(f.code());
    assertThat(e.getMessage())
        .withFailMessage(
            "%s: expected message <%s> but got <%s>", f.name(), f.message(), e.getMessage())
        .isEqualTo(f.message());
    if (f.code() == 422) {
      assertThat(e.reason())
          .withFailMessage("%s: a failed operation is a 422 without a reason", f.name())
          .isNull();
    }
    assertThat(target).withFailMessage("%s: the target was mutated", f.name()).isEqualTo(before);
  }

  @Test
  void moreThanTenThousandOperationsIsTooLarge() {
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
      patch.addObject().put("op", "test").put("path", "/a").put("value", 1);
    }
    ApiException e =
        catchThrowableOfType(ApiException.class, () -> JsonPatch.apply(node("{'a':1}"), patch));
    assertThat(e).withFailMessage("10001 operations should be refused").isNotNull();
    assertThat(e.code()).withFailMessage("expected 413, got %d", e.code()).isEqualTo(413);
    assertThat(e.getMessage())
        .isEqualTo("The allowed maximum operations in a JSON patch is 10000, got 10001");
  }

  @Test
  void exactlyTenThousandOperationsApply() {
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < JsonPatch.MAX_OPERATIONS; i++) {
      patch.addObject().put("op", "test").put("path", "/a").put("value", 1);
    }
    assertThat(JsonPatch.apply(node("{'a':1}"), patch)).isEqualTo(node("{'a':1}"));
  }
}
