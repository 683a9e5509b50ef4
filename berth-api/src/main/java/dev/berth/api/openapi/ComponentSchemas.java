package dev.berth.api.openapi;

import dev.berth.api.Json;
import dev.berth.api.schema.DefinitionNames;
import dev.berth.api.schema.Schema;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders {@link Schema} values as OpenAPI v3 schema objects the way kube-openapi does: a struct
 * property is {@code {"allOf":[{"$ref":…}]}} with its description and extensions beside it,
 * list items of structs default to {@code {}} and of strings to {@code ""}, map values of
 * quantities are a bare {@code $ref}, and patch metadata appears as {@code x-kubernetes-*}
 * extensions on the property.
 */
final class ComponentSchemas {
  static final String REF_PREFIX = "#/components/schemas/";
  static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ComponentSchemas() {}

  /**
   * The definition of {@code s} for {@code components.schemas}.
   *
   * @param gvks the kinds this definition is, for {@code x-kubernetes-group-version-kind}; may be
   *     empty
   */
  static ObjectNode definition(Schema.Struct s, List<Gvk> gvks) {
    ObjectNode d = F.objectNode();
    if (!s.description().isEmpty()) {
      d.put("description", s.description());
    }
    d.put("type", "object");
    ObjectNode props = d.putObject("properties");
    ArrayNode required = F.arrayNode();
    for (Schema.Field f : s.fields().values()) {
      props.set(f.name(), property(f));
      if (f.required()) {
        required.add(f.name());
      }
    }
    if (!required.isEmpty()) {
      d.set("required", required);
    }
    if (!gvks.isEmpty()) {
      ArrayNode a = d.putArray("x-kubernetes-group-version-kind");
      for (Gvk g : gvks) {
        a.add(g.json());
      }
    }
    if (s.mapType() != null) {
      d.put("x-kubernetes-map-type", s.mapType());
    }
    return d;
  }

  /** The well-known definitions that are not structs: Quantity, IntOrString, Patch. */
  static Map<String, ObjectNode> scalarDefinitions() {
    ObjectNode quantity = F.objectNode();
    quantity.put("description", "Quantity is a fixed-point number with an optional SI or binary suffix,"
        + " serialised as a string, e.g. 500m, 1Gi, 2.");
    quantity.putArray("oneOf").add(F.objectNode().put("type", "string"))
        .add(F.objectNode().put("type", "number"));
    ObjectNode intOrString = F.objectNode();
    intOrString.put("description", "IntOrString holds either an int32 or a string, e.g. 8080 or \"http\", or \"25%\".");
    intOrString.put("format", "int-or-string");
    intOrString.putArray("oneOf").add(F.objectNode().put("type", "integer"))
        .add(F.objectNode().put("type", "string"));
    intOrString.put("x-kubernetes-int-or-string", true);
    ObjectNode patch = F.objectNode();
    patch.put("description", "Patch is the body of a PATCH request; its shape depends on the content type.");
    patch.put("type", "object");
    return Map.of(DefinitionNames.QUANTITY, quantity, DefinitionNames.INT_OR_STRING, intOrString,
        PATCH, patch);
  }

  static ObjectNode ref(String definition) {
    return F.objectNode().put("$ref", REF_PREFIX + definition);
  }

  private static ObjectNode allOf(String definition) {
    ObjectNode n = F.objectNode();
    n.putArray("allOf").add(ref(definition));
    return n;
  }

  private static ObjectNode property(Schema.Field f) {
    ObjectNode p = shape(f.schema());
    if (!f.description().isEmpty()) {
      p.put("description", f.description());
    }
    if (f.defaultValue() != null) {
      p.set("default", Json.MAPPER.readTree(f.defaultValue()));
    }
    if (!f.listMapKeys().isEmpty()) {
      ArrayNode keys = p.putArray("x-kubernetes-list-map-keys");
      f.listMapKeys().forEach(keys::add);
    }
    if (f.listType() != null) {
      p.put("x-kubernetes-list-type", f.listType());
    }
    if (f.mapType() != null) {
      p.put("x-kubernetes-map-type", f.mapType());
    }
    if (f.patchMergeKey() != null) {
      p.put("x-kubernetes-patch-merge-key", f.patchMergeKey());
    }
    if (f.patchStrategy() != null) {
      p.put("x-kubernetes-patch-strategy", f.patchStrategy());
    }
    return p;
  }

  /** The type part of a property, list item or map value. */
  private static ObjectNode shape(Schema s) {
    return switch (s) {
      case Schema.Struct st -> allOf(st.name());
      case Schema.ListOf l -> {
        ObjectNode n = F.objectNode().put("type", "array");
        n.set("items", element(l.items()));
        yield n;
      }
      case Schema.MapOf m -> {
        ObjectNode n = F.objectNode().put("type", "object");
        n.set("additionalProperties", m.values() instanceof Schema.Quantity
            ? ref(DefinitionNames.QUANTITY) : element(m.values()));
        yield n;
      }
      case Schema.Scalar sc -> {
        ObjectNode n = F.objectNode().put("type", sc.type());
        if (sc.format() != null) {
          n.put("format", sc.format());
        }
        yield n;
      }
      case Schema.IntOrString i -> allOf(DefinitionNames.INT_OR_STRING);
      case Schema.Quantity q -> allOf(DefinitionNames.QUANTITY);
      case Schema.Untyped u -> F.objectNode().put("type", "object");
    };
  }

  /** A list item or map value: Go's non-pointer elements default to their zero value. */
  private static ObjectNode element(Schema s) {
    ObjectNode n = shape(s);
    if (s instanceof Schema.Struct) {
      n.set("default", F.objectNode());
    } else if (s instanceof Schema.Scalar sc && sc.type().equals("string") && sc.format() == null) {
      n.put("default", "");
    }
    return n;
  }

  /** A group-version-kind as the {@code x-kubernetes-group-version-kind} extension spells it. */
  record Gvk(String group, String version, String kind) {
    JsonNode json() {
      return F.objectNode().put("group", group).put("kind", kind).put("version", version);
    }

    static Gvk of(String groupVersion, String kind) {
      int slash = groupVersion.indexOf('/');
      return slash < 0 ? new Gvk("", groupVersion, kind)
          : new Gvk(groupVersion.substring(0, slash), groupVersion.substring(slash + 1), kind);
    }
  }
}
