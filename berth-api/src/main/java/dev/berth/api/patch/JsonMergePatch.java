package dev.berth.api.patch;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch, RFC 7386 ({@code application/merge-patch+json}): what {@code kubectl scale},
 * {@code label}, {@code annotate} and {@code patch --type=merge} send.
 *
 * <p>Contract: an object patch merges member by member, recursively; a {@code null} member deletes
 * that member; any other patch value (scalar or array) replaces the target wholesale. A target that
 * is not an object is treated as {@code {}} when the patch is an object. Inputs are never mutated.
 *
 * <p>Example: target {@code {"spec":{"replicas":1,"paused":true},"x":[1,2]}} and patch {@code
 * {"spec":{"replicas":3,"paused":null},"x":[3]}} give {@code {"spec":{"replicas":3},"x":[3]}}.
 */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      return patch == null ? target : patch.deepCopy();
    }
    ObjectNode out =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonValues.NODES.objectNode();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (value.isNull()) {
        out.remove(key);
      } else {
        out.set(key, apply(out.get(key), value));
      }
    }
    return out;
  }
}
