package dev.berth.controllers.statefulset;

import dev.berth.api.Json;
import dev.berth.controllers.history.ControllerRevisions;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a StatefulSet's ControllerRevision holds and how it is restored ({@code spec/statefulset.md}
 * §8.1): only the pod template is versioned, as a strategic merge patch that replaces it:
 *
 * <pre>{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,…},"spec":{…}}}}</pre>
 *
 * serialised canonically ({@link ControllerRevisions#canonicalJson}), so the same template always
 * gives the same bytes and the same revision name. {@code kubectl rollout undo} sends these bytes
 * back as a strategic merge patch of the set.
 */
public final class StatefulSetRevisions {

  private StatefulSetRevisions() {}

  /** The patch bytes for {@code set}'s current template. */
  public static byte[] patch(StatefulSet set) {
    ObjectNode template = Json.toTree(set.getSpec().getTemplate() == null ? new PodTemplateSpec() : set.getSpec().getTemplate());
    ObjectNode meta = template.has("metadata") && template.get("metadata").isObject()
        ? (ObjectNode) template.get("metadata") : template.putObject("metadata");
    if (!meta.has("creationTimestamp")) {
      meta.putNull("creationTimestamp");
    }
    template.put("$patch", "replace");
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putObject("spec").set("template", template);
    return ControllerRevisions.canonicalJson(root);
  }

  /**
   * Upstream's {@code newRevision}: a revision of {@code set} numbered {@code revision}, named and
   * hash-labelled for {@code collisionCount}, with the template's labels, the set's annotations and
   * the set as controller.
   */
  public static ControllerRevision newRevision(StatefulSet set, long revision, int collisionCount) {
    byte[] data = patch(set);
    String hash = ControllerRevisions.hash(data, collisionCount);
    Map<String, String> labels = new LinkedHashMap<>();
    PodTemplateSpec t = set.getSpec().getTemplate();
    if (t != null && t.getMetadata() != null && t.getMetadata().getLabels() != null) {
      labels.putAll(t.getMetadata().getLabels());
    }
    labels.put(ControllerRevisions.HASH_LABEL, hash);
    Map<String, String> annotations = set.getMetadata().getAnnotations() == null ? null : new LinkedHashMap<>(set.getMetadata().getAnnotations());
    return new ControllerRevisionBuilder().withNewMetadata().withName(ControllerRevisions.name(set.getMetadata().getName(), hash))
        .withNamespace(set.getMetadata().getNamespace()).withLabels(labels).withAnnotations(annotations)
        .withOwnerReferences(StatefulSetPods.controllerRef(set)).endMetadata()
        .withData(Json.MAPPER.readTree(data)).withRevision(revision).build();
  }

  /** A copy of {@code set} whose template is the one {@code revision} stores; everything else is the live set's. */
  public static StatefulSet applyRevision(StatefulSet set, ControllerRevision revision) {
    JsonNode data = Json.MAPPER.readTree(ControllerRevisions.dataBytes(revision));
    JsonNode template = data.path("spec").path("template");
    StatefulSet copy = new StatefulSetBuilder(set).build();
    if (template.isObject()) {
      ObjectNode t = ((ObjectNode) template).deepCopy();
      t.remove("$patch");
      copy.getSpec().setTemplate(Json.toTyped(t, PodTemplateSpec.class));
    }
    return copy;
  }
}
