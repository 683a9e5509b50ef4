package dev.berth.api.selector;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields each kind can be selected by, read from the stored JSON, as upstream's
 * {@code GetAttrs}/{@code ToSelectableFields} ({@code spec/api-server.md} §10.1).
 */
public final class SelectableFields {
  private static final Map<String, List<String>> BY_KIND = Map.ofEntries(
      Map.entry("v1/Pod", List.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
          "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName")),
      Map.entry("v1/Event", List.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
          "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
          "reason", "reportingComponent", "source", "type")),
      Map.entry("events.k8s.io/v1/Event", List.of("regarding.kind", "regarding.namespace", "regarding.name",
          "regarding.uid", "regarding.apiVersion", "regarding.resourceVersion", "regarding.fieldPath",
          "reason", "reportingController", "type", "deprecatedSource", "source",
          "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid")),
      Map.entry("v1/Namespace", List.of("status.phase")),
      Map.entry("v1/Node", List.of("spec.unschedulable")),
      Map.entry("v1/Secret", List.of("type")),
      Map.entry("apps/v1/ReplicaSet", List.of("status.replicas")));

  private SelectableFields() {}

  /**
   * Checks that every field of {@code selector} is supported for {@code type}.
   *
   * @throws ApiException 400 {@code field label not supported: f}
   */
  public static void check(ResourceType type, FieldSelector selector) {
    List<String> extra = BY_KIND.getOrDefault(type.apiVersion() + "/" + type.kind(), List.of());
    for (FieldSelector.Term t : selector.terms()) {
      if (!t.field().equals("metadata.name") && !t.field().equals("metadata.namespace") && !extra.contains(t.field())) {
        throw ApiException.badRequest("field label not supported: " + t.field());
      }
    }
  }

  /**
   * The field values of a stored object. Stored events are core/v1; their
   * {@code events.k8s.io} names ({@code regarding.*}) map onto {@code involvedObject.*}.
   */
  public static Map<String, String> of(ResourceType type, ObjectNode obj) {
    Map<String, String> f = new HashMap<>();
    JsonNode md = obj.path("metadata");
    f.put("metadata.name", md.path("name").asString(""));
    f.put("metadata.namespace", md.path("namespace").asString(""));
    String key = type.apiVersion() + "/" + type.kind();
    switch (key) {
      case "v1/Pod" -> {
        JsonNode spec = obj.path("spec");
        JsonNode st = obj.path("status");
        f.put("spec.nodeName", spec.path("nodeName").asString(""));
        f.put("spec.restartPolicy", spec.path("restartPolicy").asString(""));
        f.put("spec.schedulerName", spec.path("schedulerName").asString(""));
        f.put("spec.serviceAccountName", spec.path("serviceAccountName").asString(""));
        f.put("spec.hostNetwork", String.valueOf(spec.path("hostNetwork").asBoolean(false)));
        f.put("status.phase", st.path("phase").asString(""));
        f.put("status.podIP", st.path("podIP").asString(""));
        f.put("status.nominatedNodeName", st.path("nominatedNodeName").asString(""));
        StringBuilder ips = new StringBuilder();
        for (JsonNode ip : st.path("podIPs")) {
          if (!ips.isEmpty()) {
            ips.append(',');
          }
          ips.append(ip.path("ip").asString(""));
        }
        f.put("status.podIPs", ips.toString());
      }
      case "v1/Event", "events.k8s.io/v1/Event" -> {
        JsonNode io = obj.path("involvedObject");
        for (String k : List.of("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")) {
          String v = io.path(k).asString("");
          f.put("involvedObject." + k, v);
          f.put("regarding." + k, v);
        }
        f.put("reason", obj.path("reason").asString(""));
        f.put("reportingComponent", obj.path("reportingComponent").asString(""));
        f.put("reportingController", obj.path("reportingComponent").asString(""));
        f.put("source", obj.path("source").path("component").asString(""));
        f.put("deprecatedSource", obj.path("source").path("component").asString(""));
        f.put("type", obj.path("type").asString(""));
      }
      case "v1/Namespace" -> f.put("status.phase", obj.path("status").path("phase").asString(""));
      case "v1/Node" -> f.put("spec.unschedulable", String.valueOf(obj.path("spec").path("unschedulable").asBoolean(false)));
      case "v1/Secret" -> f.put("type", obj.path("type").asString(""));
      case "apps/v1/ReplicaSet" -> f.put("status.replicas", String.valueOf(obj.path("status").path("replicas").asInt(0)));
      default -> {}
    }
    return f;
  }
}
