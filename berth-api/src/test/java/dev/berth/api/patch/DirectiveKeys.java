package dev.berth.api.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Finds strategic-merge directive keys ({@code $patch}, {@code $retainKeys}, ...) left in a
 * document.
 */
final class DirectiveKeys {
  private DirectiveKeys() {}

  static List<String> in(JsonNode node) {
    List<String> found = new ArrayList<>();
    collect(node, "", found);
    return found;
  }

  private static void collect(JsonNode node, String path, List<String> found) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().startsWith("$")) {
          found.add(path + "/" + e.getKey());
        }
        collect(e.getValue(), path + "/" + e.getKey(), found);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(node.get(i), path + "/" + i, found);
      }
    }
  }
}
