package dev.berth.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Compares berth's generated documents with upstream's (test resources
 * {@code upstream-openapi-v3/}, kubectl testdata v0.32.4) for every definition both contain:
 * fields and their types, patch metadata, list and map types, required fields. Every difference
 * is either explained by a rule below or listed in an allow-list with its reason.
 */
class UpstreamConformanceTest {
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  private static final List<String> EXTENSIONS = List.of(
      "x-kubernetes-patch-strategy", "x-kubernetes-patch-merge-key", "x-kubernetes-list-type",
      "x-kubernetes-list-map-keys", "x-kubernetes-map-type");

  /** A known difference between fabric8/berth and the upstream reference document. */
  record Gap(String definition, String field, String reason) {}

  /** Upstream fields that berth's schema lacks because fabric8 8.0.0 (k8s 1.3x) no longer has them. */
  private static final List<Gap> MISSING_FIELDS = List.of(
      new Gap(CORE + "PodResourceClaim", "source",
          "removed in Kubernetes 1.31 (replaced by resourceClaimName/resourceClaimTemplateName);"
              + " the reference predates that, fabric8 8.0.0 follows it"),
      new Gap(CORE + "PersistentVolumeClaimStatus", "resizeStatus",
          "alpha field replaced by allocatedResourceStatuses in Kubernetes 1.28+; fabric8 8.0.0 has"
              + " no resizeStatus"));

  /** Patch metadata that changed upstream after the reference document was generated. */
  private static final List<Gap> METADATA = List.of(
      new Gap(META + "LabelSelectorRequirement", "key",
          "the reference carries patchStrategy=merge/patchMergeKey=key on this string field; upstream"
              + " removed the invalid merge key (apimachinery 'Remove invalid merge key'); 1.32 has none"));

  /** Fields whose required-ness changed upstream after the reference document was generated. */
  private static final List<Gap> REQUIRED = List.of(
      new Gap(CORE + "HostAlias", "ip", "+required since Kubernetes 1.30 (json tag lost omitempty)"),
      new Gap(CORE + "PodIP", "ip", "+required since Kubernetes 1.30 (json tag lost omitempty)"));

  /** One group-version: berth's document and upstream's. */
  record Pair(String groupVersion, JsonNode berth, JsonNode upstream) {
    @Override
    public String toString() {
      return groupVersion;
    }

    JsonNode berthSchemas() {
      return berth.get("components").get("schemas");
    }

    JsonNode upstreamSchemas() {
      return upstream.get("components").get("schemas");
    }

    Set<String> common() {
      Set<String> both = new TreeSet<>(berthSchemas().propertyNames());
      both.retainAll(upstreamSchemas().propertyNames());
      return both;
    }
  }

  static Stream<Pair> pairs() {
    ResourceRegistry r = ResourceRegistry.standard();
    return Stream.of(
        new Pair("v1", OpenApiV3.document(r, "v1"), upstream("api/v1.json")),
        new Pair("apps/v1", OpenApiV3.document(r, "apps/v1"), upstream("apis/apps/v1.json")),
        new Pair("autoscaling/v1", OpenApiV3.document(r, "autoscaling/v1"), upstream("apis/autoscaling/v1.json")));
  }

  static JsonNode upstream(String path) {
    try (InputStream in = UpstreamConformanceTest.class.getResourceAsStream("/upstream-openapi-v3/" + path)) {
      return Json.parse(Objects.requireNonNull(in, path).readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void everyServedKindOfTheGroupVersionIsInBothDocuments(Pair p) {
    List<String> missing = new ArrayList<>();
    for (ResourceType t : ResourceRegistry.standard().types()) {
      if (!t.apiVersion().equals(p.groupVersion())) {
        continue;
      }
      for (String kind : List.of(t.kind(), t.listKind())) {
        String def = definitionOf(p.upstreamSchemas(), t.group(), t.version(), kind);
        if (def == null) {
          missing.add(kind + " (upstream)");
        } else if (!p.berthSchemas().has(def)) {
          missing.add(kind + " (berth: " + def + ")");
        } else {
          assertThat(p.berthSchemas().get(def).get("x-kubernetes-group-version-kind"))
              .as("GVK of %s", def).isEqualTo(p.upstreamSchemas().get(def).get("x-kubernetes-group-version-kind"));
        }
      }
    }
    assertThat(missing).as("served kinds of %s without a definition", p.groupVersion()).isEmpty();
    assertThat(p.common()).as("definitions shared with upstream").hasSizeGreaterThan(10);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void hasEveryUpstreamFieldWithTheSameType(Pair p) {
    List<String> problems = new ArrayList<>();
    for (String def : p.common()) {
      JsonNode mine = p.berthSchemas().get(def).path("properties");
      for (Map.Entry<String, JsonNode> e : p.upstreamSchemas().get(def).path("properties").properties()) {
        String field = e.getKey();
        if (!mine.has(field)) {
          if (!isGap(MISSING_FIELDS, def, field)) {
            problems.add(def + "." + field + ": missing");
          }
          continue;
        }
        String theirs = shape(e.getValue(), p.upstreamSchemas());
        String ours = shape(mine.get(field), p.berthSchemas());
        if (!theirs.equals(ours)) {
          problems.add(def + "." + field + ": upstream " + theirs + ", berth " + ours);
        }
      }
    }
    assertThat(problems).as("fields that differ from upstream (type/format after resolving $ref)").isEmpty();
    for (Gap g : MISSING_FIELDS) {
      assertThat(p.berthSchemas().path(g.definition()).path("properties").has(g.field()))
          .as("allow-listed gap %s.%s is still a gap", g.definition(), g.field()).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void hasUpstreamPatchMetadata(Pair p) {
    List<String> problems = new ArrayList<>();
    for (String def : p.common()) {
      JsonNode mine = p.berthSchemas().get(def);
      JsonNode theirs = p.upstreamSchemas().get(def);
      if (!Objects.equals(mine.get("x-kubernetes-map-type"), theirs.get("x-kubernetes-map-type"))) {
        problems.add(def + ": x-kubernetes-map-type " + theirs.get("x-kubernetes-map-type") + " vs "
            + mine.get("x-kubernetes-map-type"));
      }
      for (Map.Entry<String, JsonNode> e : theirs.path("properties").properties()) {
        JsonNode ours = mine.path("properties").get(e.getKey());
        if (ours == null || isGap(METADATA, def, e.getKey())) {
          continue;
        }
        String why = metadataDifference(e.getValue(), ours);
        if (why != null) {
          problems.add(def + "." + e.getKey() + ": " + why);
        }
      }
    }
    assertThat(problems).as("patch metadata that differs from upstream").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void requiresWhatUpstreamRequires(Pair p) {
    List<String> problems = new ArrayList<>();
    for (String def : p.common()) {
      Set<String> theirs = strings(p.upstreamSchemas().get(def).get("required"));
      Set<String> ours = strings(p.berthSchemas().get(def).get("required"));
      for (String f : symmetricDifference(theirs, ours)) {
        if (!isGap(REQUIRED, def, f)) {
          problems.add(def + "." + f + (theirs.contains(f) ? " required upstream only" : " required by berth only"));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /**
   * Why the extensions of a property differ, or null if they agree. The reference predates the
   * 1.29–1.32 sweep that added list markers to k8s.io/api, so berth may add exactly those that
   * restate what the patch metadata already implies (structured-merge-diff reads them the same):
   * {@code atomic} on a list without a patch strategy, {@code set} on a merged primitive list, and
   * {@code map} keyed by the merge key on a merged list of objects.
   */
  static String metadataDifference(JsonNode theirs, JsonNode ours) {
    for (String x : EXTENSIONS) {
      JsonNode t = theirs.get(x);
      JsonNode o = ours.get(x);
      if (Objects.equals(t, o)) {
        continue;
      }
      if (t != null) {
        return x + " upstream " + t + ", berth " + o;
      }
      boolean implied = switch (x) {
        case "x-kubernetes-list-type" -> switch (o.asString()) {
          case "atomic" -> !ours.has("x-kubernetes-patch-strategy");
          case "set" -> "merge".equals(ours.path("x-kubernetes-patch-strategy").asString(null))
              && !ours.has("x-kubernetes-patch-merge-key");
          case "map" -> ours.has("x-kubernetes-patch-merge-key") && (theirs.has("x-kubernetes-list-map-keys")
              || ours.path("x-kubernetes-list-map-keys").equals(
                  Json.MAPPER.createArrayNode().add(ours.get("x-kubernetes-patch-merge-key").asString())));
          default -> false;
        };
        case "x-kubernetes-list-map-keys" -> "map".equals(ours.path("x-kubernetes-list-type").asString(null))
            && o.equals(Json.MAPPER.createArrayNode().add(ours.path("x-kubernetes-patch-merge-key").asString("")));
        default -> false;
      };
      if (!implied) {
        return x + " upstream absent, berth " + o;
      }
    }
    return null;
  }

  /**
   * The type of a property after resolving {@code allOf}/{@code $ref}: e.g. {@code string/date-time},
   * {@code array<object>}, {@code map<quantity>}. Definitions without a {@code type} (Quantity,
   * IntOrString) are named.
   */
  static String shape(JsonNode p, JsonNode schemas) {
    if (p.has("allOf")) {
      return shape(p.get("allOf").get(0), schemas);
    }
    if (p.has("$ref")) {
      String name = p.get("$ref").asString().substring(ComponentSchemas.REF_PREFIX.length());
      JsonNode d = schemas.get(name);
      if (!d.has("type")) {
        return name.substring(name.lastIndexOf('.') + 1);
      }
      if (d.path("type").asString().equals("object")) {
        return "object";
      }
      return shape(d, schemas);
    }
    String type = p.path("type").asString("?");
    return switch (type) {
      case "array" -> "array<" + shape(p.get("items"), schemas) + ">";
      case "object" -> p.has("additionalProperties")
          ? "map<" + shape(p.get("additionalProperties"), schemas) + ">" : "object";
      default -> p.has("format") ? type + "/" + p.get("format").asString() : type;
    };
  }

  private static String definitionOf(JsonNode schemas, String group, String version, String kind) {
    for (Map.Entry<String, JsonNode> e : schemas.properties()) {
      for (JsonNode g : e.getValue().path("x-kubernetes-group-version-kind")) {
        if (g.path("group").asString().equals(group) && g.path("version").asString().equals(version)
            && g.path("kind").asString().equals(kind)) {
          return e.getKey();
        }
      }
    }
    return null;
  }

  private static boolean isGap(List<Gap> gaps, String def, String field) {
    return gaps.stream().anyMatch(g -> g.definition().equals(def) && g.field().equals(field));
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new TreeSet<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asString()));
    }
    return out;
  }

  private static Set<String> symmetricDifference(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream().filter(x -> !b.contains(x)), b.stream().filter(x -> !a.contains(x)))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
