package dev.berth.api.patch;

import dev.berth.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON patch, RFC 6902 ({@code application/json-patch+json}): what {@code kubectl rollout undo
 * deploy}, {@code kubectl patch --type=json} and fabric8's {@code edit()} send.
 *
 * <p>Contract: the operations {@code add, remove, replace, move, copy, test} apply in order to a
 * copy of the target; the result is returned only if every operation succeeded (atomic), and the
 * target is never mutated. Paths are JSON pointers (RFC 6901: {@code ~1} is {@code /}, {@code ~0}
 * is {@code ~}); {@code -} as the last token of an {@code add} appends to an array.
 *
 * <p>Errors, shaped like the kube-apiserver's (which uses evanphx/json-patch v4):
 *
 * <ul>
 *   <li>a malformed patch (not an array of objects, unknown {@code op}, missing {@code path},
 *       {@code from} or {@code value}, a pointer not starting with {@code /}) is 400 BadRequest;
 *   <li>more than {@value #MAX_OPERATIONS} operations is 413;
 *   <li>an operation that does not apply (missing parent, missing member for {@code remove}, index
 *       out of range, failed {@code test}) is 422 without a reason, e.g. {@code add operation does
 *       not apply: doc is missing path: "/spec/nope/x": missing value}.
 * </ul>
 *
 * <p>Like the upstream server, {@code replace} of a member that an existing object lacks adds it:
 * {@code [{"op":"replace","path":"/metadata/annotations","value":{}}]} works on an object without
 * annotations (kubectl's {@code rollout undo deploy} relies on it). Example of the fabric8 edit
 * lock: {@code [{"op":"add","path":"/metadata/resourceVersion","value":"111"}]} sets the version
 * the client read, and the server then compares it with the stored one.
 */
public final class JsonPatch {
  /** The kube-apiserver's limit ({@code maxJSONPatchOperations}). */
  public static final int MAX_OPERATIONS = 10_000;

  private static final Set<String> OPS = Set.of("add", "remove", "replace", "move", "copy", "test");

  private JsonPatch() {}

  /** One decoded operation; {@code from} and {@code value} are null when the op has none. */
  private record Operation(
      String op,
      List<String> path,
      String rawPath,
      List<String> from,
      String rawFrom,
      JsonNode value) {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    List<Operation> ops = decode(patch);
    if (ops.size() > MAX_OPERATIONS) {
      throw ApiException.tooLarge(
          "The allowed maximum operations in a JSON patch is "
              + MAX_OPERATIONS
              + ", got "
              + ops.size());
    }
    // The document is held in a one-slot array so that the root ("") can be replaced too.
    ArrayNode doc = JsonValues.NODES.arrayNode();
    doc.add(target == null ? JsonValues.NODES.nullNode() : target.deepCopy());
    for (Operation op : ops) {
      switch (op.op()) {
        case "add" -> add(doc, op.path(), op.rawPath(), op.value().deepCopy(), "add");
        case "remove" -> remove(doc, op);
        case "replace" -> replace(doc, op);
        case "move" -> move(doc, op);
        case "copy" -> copy(doc, op);
        case "test" -> test(doc, op);
        default -> throw new IllegalStateException("validated in decode: " + op.op());
      }
    }
    return doc.get(0);
  }

  private static List<Operation> decode(JsonNode patch) {
    if (patch == null || !patch.isArray()) {
      throw ApiException.badRequest(
          "json: cannot unmarshal " + kindOf(patch) + " into Go value of type jsonpatch.Patch");
    }
    List<Operation> out = new ArrayList<>();
    for (JsonNode n : patch.values()) {
      if (!n.isObject()) {
        throw ApiException.badRequest(
            "json: cannot unmarshal " + kindOf(n) + " into Go value of type jsonpatch.Operation");
      }
      JsonNode opNode = n.get("op");
      String op = opNode != null && opNode.isString() ? opNode.stringValue() : "unknown";
      if (!OPS.contains(op)) {
        throw ApiException.badRequest("Unexpected kind: " + op);
      }
      String rawPath =
          stringMember(n, "path", op + " operation failed to decode path: missing value");
      String rawFrom = null;
      if (op.equals("move") || op.equals("copy")) {
        rawFrom = stringMember(n, "from", op + " operation failed to decode from: missing value");
      }
      JsonNode value = n.get("value");
      if (value == null && (op.equals("add") || op.equals("replace") || op.equals("test"))) {
        throw ApiException.badRequest(op + " operation missing value: missing value");
      }
      out.add(
          new Operation(
              op,
              pointer(rawPath),
              rawPath,
              rawFrom == null ? null : pointer(rawFrom),
              rawFrom,
              value));
    }
    return out;
  }

  private static String stringMember(JsonNode op, String name, String missing) {
    JsonNode v = op.get(name);
    if (v == null || v.isNull()) {
      throw ApiException.badRequest(missing);
    }
    if (!v.isString()) {
      throw ApiException.badRequest(
          "json: cannot unmarshal " + kindOf(v) + " into Go value of type string");
    }
    return v.stringValue();
  }

  private static String kindOf(JsonNode n) {
    if (n == null || n.isNull()) {
      return "null";
    }
    if (n.isObject()) {
      return "object";
    }
    if (n.isArray()) {
      return "array";
    }
    if (n.isString()) {
      return "string";
    }
    if (n.isNumber()) {
      return "number";
    }
    return "bool";
  }

  /** RFC 6901 tokens of a pointer; "" is the whole document and has no tokens. */
  static List<String> pointer(String raw) {
    List<String> tokens = new ArrayList<>();
    if (raw.isEmpty()) {
      return tokens;
    }
    if (raw.charAt(0) != '/') {
      throw ApiException.badRequest(
          "JSON pointer must be empty or start with \"/\": \"" + raw + "\"");
    }
    for (String t : raw.substring(1).split("/", -1)) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (c != '~') {
          b.append(c);
          continue;
        }
        char next = i + 1 < t.length() ? t.charAt(i + 1) : ' ';
        if (next == '0') {
          b.append('~');
        } else if (next == '1') {
          b.append('/');
        } else {
          throw ApiException.badRequest("invalid JSON pointer escape in \"" + raw + "\"");
        }
        i++;
      }
      tokens.add(b.toString());
    }
    return tokens;
  }

  /** The container holding the last token, or null when some step of the path is missing. */
  private static JsonNode parent(ArrayNode doc, List<String> path) {
    JsonNode cur = doc.get(0);
    for (int i = 0; i < path.size() - 1; i++) {
      cur = child(cur, path.get(i));
      if (cur == null) {
        return null;
      }
    }
    return path.isEmpty() ? null : cur;
  }

  private static JsonNode child(JsonNode container, String token) {
    if (container.isObject()) {
      return container.get(token);
    }
    if (container.isArray()) {
      int i = index(token);
      return i >= 0 && i < container.size() ? container.get(i) : null;
    }
    return null;
  }

  /** An array index per RFC 6901 (digits, no leading zero), or -1. */
  private static int index(String token) {
    if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
      return -1;
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isDigit(token.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(token);
  }

  private static ApiException missingPath(String op, String rawPath) {
    return ApiException.unprocessable(
        op + " operation does not apply: doc is missing path: \"" + rawPath + "\": missing value");
  }

  private static ApiException invalidIndex(String op, String rawPath, String token) {
    return ApiException.unprocessable(
        "error in "
            + op
            + " for path: '"
            + rawPath
            + "': Unable to access invalid index: "
            + token
            + ": invalid index referenced");
  }

  private static void add(
      ArrayNode doc, List<String> path, String rawPath, JsonNode value, String op) {
    if (path.isEmpty()) {
      doc.set(0, value);
      return;
    }
    JsonNode parent = parent(doc, path);
    if (parent == null || !parent.isContainer()) {
      throw missingPath(op, rawPath);
    }
    String last = path.get(path.size() - 1);
    if (parent.isObject()) {
      ((ObjectNode) parent).set(last, value);
      return;
    }
    ArrayNode array = (ArrayNode) parent;
    if (last.equals("-")) {
      array.add(value);
      return;
    }
    int i = index(last);
    if (i < 0 || i > array.size()) {
      throw invalidIndex(op, rawPath, last);
    }
    array.insert(i, value);
  }

  /** Removes and returns the value at path; 422 if it is not there. */
  private static JsonNode take(ArrayNode doc, List<String> path, String rawPath, String op) {
    if (path.isEmpty()) {
      JsonNode whole = doc.get(0);
      doc.set(0, JsonValues.NODES.nullNode());
      return whole;
    }
    JsonNode parent = parent(doc, path);
    if (parent == null || !parent.isContainer()) {
      throw missingPath(op, rawPath);
    }
    String last = path.get(path.size() - 1);
    if (parent.isObject()) {
      if (!parent.has(last)) {
        throw ApiException.unprocessable(
            "error in "
                + op
                + " for path: '"
                + rawPath
                + "': Unable to remove nonexistent key: "
                + last
                + ": missing value");
      }
      return ((ObjectNode) parent).remove(last);
    }
    int i = index(last);
    if (i < 0 || i >= parent.size()) {
      throw invalidIndex(op, rawPath, last);
    }
    return ((ArrayNode) parent).remove(i);
  }

  /** The value at path; 422 if it is not there. */
  private static JsonNode get(ArrayNode doc, List<String> path, String rawPath, String op) {
    if (path.isEmpty()) {
      return doc.get(0);
    }
    JsonNode parent = parent(doc, path);
    if (parent == null || !parent.isContainer()) {
      throw missingPath(op, rawPath);
    }
    String last = path.get(path.size() - 1);
    if (parent.isArray() && (index(last) < 0 || index(last) >= parent.size())) {
      throw invalidIndex(op, rawPath, last);
    }
    JsonNode v = child(parent, last);
    if (v == null) {
      throw missingPath(op, rawPath);
    }
    return v;
  }

  private static void remove(ArrayNode doc, Operation op) {
    take(doc, op.path(), op.rawPath(), "remove");
  }

  private static void replace(ArrayNode doc, Operation op) {
    List<String> path = op.path();
    if (path.isEmpty()) {
      doc.set(0, op.value().deepCopy());
      return;
    }
    JsonNode parent = parent(doc, path);
    if (parent == null || !parent.isContainer()) {
      throw ApiException.unprocessable(
          "replace operation does not apply: doc is missing path: "
              + op.rawPath()
              + ": missing value");
    }
    String last = path.get(path.size() - 1);
    if (parent.isObject()) {
      ((ObjectNode) parent).set(last, op.value().deepCopy());
      return;
    }
    int i = index(last);
    if (i < 0 || i >= parent.size()) {
      throw invalidIndex("replace", op.rawPath(), last);
    }
    ((ArrayNode) parent).set(i, op.value().deepCopy());
  }

  private static void move(ArrayNode doc, Operation op) {
    if (op.rawPath().startsWith(op.rawFrom() + "/")) {
      throw ApiException.unprocessable(
          "move operation does not apply: from \""
              + op.rawFrom()
              + "\" is a prefix of path \""
              + op.rawPath()
              + "\"");
    }
    if (op.rawPath().equals(op.rawFrom())) {
      get(doc, op.from(), op.rawFrom(), "move");
      return;
    }
    JsonNode value = take(doc, op.from(), op.rawFrom(), "move");
    add(doc, op.path(), op.rawPath(), value, "move");
  }

  private static void copy(ArrayNode doc, Operation op) {
    JsonNode value = get(doc, op.from(), op.rawFrom(), "copy");
    add(doc, op.path(), op.rawPath(), value.deepCopy(), "copy");
  }

  private static void test(ArrayNode doc, Operation op) {
    JsonNode actual;
    try {
      actual = get(doc, op.path(), op.rawPath(), "test");
    } catch (ApiException e) {
      throw ApiException.unprocessable("testing value " + op.rawPath() + " failed: test failed");
    }
    if (!JsonValues.equal(actual, op.value())) {
      throw ApiException.unprocessable("testing value " + op.rawPath() + " failed: test failed");
    }
  }
}
