package dev.berth.apiserver;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes the fields {@link dev.berth.api.schema.UnknownFields#find} reported, by their paths
 * ({@code spec.template.spec.containers[0].foo}), so that what is stored holds only fields of the
 * schema — as the kube-apiserver's decoding into Go structs drops them.
 */
final class UnknownFieldPruner {
  private UnknownFieldPruner() {}

  static void prune(ObjectNode root, List<String> paths) {
    for (String p : paths) {
      remove(root, segments(p));
    }
  }

  /** {@code a.b[0].c} → {@code [a, b, [0], c]}; an index segment is kept as {@code [n]}. */
  static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        if (!cur.isEmpty()) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else if (c == '[') {
        if (!cur.isEmpty()) {
          out.add(cur.toString());
          cur.setLength(0);
        }
        int end = path.indexOf(']', i);
        out.add(path.substring(i, end + 1));
        i = end;
      } else {
        cur.append(c);
      }
    }
    if (!cur.isEmpty()) {
      out.add(cur.toString());
    }
    return out;
  }

  private static void remove(JsonNode node, List<String> seg) {
    JsonNode cur = node;
    for (int i = 0; i < seg.size() - 1; i++) {
      String s = seg.get(i);
      cur = s.startsWith("[") ? cur.path(index(s)) : cur.path(s);
      if (cur.isMissingNode()) {
        return;
      }
    }
    String last = seg.get(seg.size() - 1);
    if (cur instanceof ObjectNode o && !last.startsWith("[")) {
      o.remove(last);
    } else if (cur instanceof ArrayNode a && last.startsWith("[")) {
      a.remove(index(last));
    }
  }

  private static int index(String s) {
    String inner = s.substring(1, s.length() - 1);
    try {
      return Integer.parseInt(inner);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
