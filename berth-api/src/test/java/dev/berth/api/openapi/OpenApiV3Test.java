package dev.berth.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.schema.Schema;
import dev.berth.api.schema.Schemas;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenApiV3Test {
  private static final ResourceRegistry REGISTRY = ResourceRegistry.standard();

  static List<String> groupVersions() {
    return OpenApiV3.groupVersions(REGISTRY);
  }

  static List<ResourceType> servedKinds() {
    return REGISTRY.types();
  }

  @Test
  void listsTheRegistryGroupVersionsAndAutoscalingForScale() {
    assertThat(OpenApiV3.groupVersions(REGISTRY)).containsExactly(
        "v1", "apps/v1", "discovery.k8s.io/v1", "events.k8s.io/v1", "storage.k8s.io/v1",
        "coordination.k8s.io/v1", "autoscaling/v1");
  }

  @Test
  void indexPointsAtEachDocumentWithItsHash() {
    ObjectNode index = OpenApiV3.index(REGISTRY);

    assertThat(index.get("paths").propertyNames()).containsExactly(
        "api/v1", "apis/apps/v1", "apis/discovery.k8s.io/v1", "apis/events.k8s.io/v1",
        "apis/storage.k8s.io/v1", "apis/coordination.k8s.io/v1", "apis/autoscaling/v1");
    String url = index.get("paths").get("apis/apps/v1").get("serverRelativeURL").asString();
    String hash = OpenApiV3.hash(REGISTRY, "apps/v1");
    assertThat(url).isEqualTo("/openapi/v3/apis/apps/v1?hash=" + hash);
    assertThat(hash).matches("[0-9A-F]{128}").isEqualTo(OpenApiV3.hash(OpenApiV3.document(REGISTRY, "apps/v1")));
    assertThat(Json.parse(OpenApiV3.bytes(REGISTRY, "apps/v1"))).isEqualTo(OpenApiV3.document(REGISTRY, "apps/v1"));
  }

  @Test
  void documentsAreDeterministicAndCallersGetCopies() {
    ResourceRegistry other = ResourceRegistry.standard();
    assertThat(OpenApiV3.hash(other, "v1")).isEqualTo(OpenApiV3.hash(REGISTRY, "v1"));

    ObjectNode doc = OpenApiV3.document(REGISTRY, "v1");
    doc.putObject("paths").put("x", 1);
    assertThat(OpenApiV3.document(REGISTRY, "v1").get("paths").has("x")).isFalse();
    assertThat(OpenApiV3.hash(OpenApiV3.document(REGISTRY, "v1"))).isEqualTo(OpenApiV3.hash(REGISTRY, "v1"));
  }

  @Test
  void mapsUrlPathsToGroupVersions() {
    assertThat(OpenApiV3.urlPath("v1")).isEqualTo("api/v1");
    assertThat(OpenApiV3.urlPath("apps/v1")).isEqualTo("apis/apps/v1");
    assertThat(OpenApiV3.groupVersionOf("/openapi/v3/api/v1")).isEqualTo("v1");
    assertThat(OpenApiV3.groupVersionOf("/openapi/v3/apis/discovery.k8s.io/v1")).isEqualTo("discovery.k8s.io/v1");
    assertThat(OpenApiV3.groupVersionOf("apis/apps/v1")).isEqualTo("apps/v1");
    assertThat(OpenApiV3.groupVersionOf("/openapi/v3/apis/apps")).isNull();
    assertThatThrownBy(() -> OpenApiV3.document(REGISTRY, "batch/v1")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("groupVersions")
  void isValidJsonWithEveryRefResolvable(String gv) {
    JsonNode doc = Json.parse(Json.bytes(OpenApiV3.document(REGISTRY, gv)));
    assertThat(doc.get("openapi").asString()).isEqualTo("3.0.0");
    assertThat(doc.get("info").get("version").asString()).isEqualTo(OpenApiV3.KUBERNETES_VERSION);
    JsonNode schemas = doc.get("components").get("schemas");
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith(ComponentSchemas.REF_PREFIX);
      assertThat(schemas.has(ref.substring(ComponentSchemas.REF_PREFIX.length()))).as("%s resolves", ref).isTrue();
    }
  }

  /**
   * kubectl's {@code --validate=strict} probe (cli-runtime {@code supportsQueryParamV3}): the
   * first PATCH operation tagged with the kind decides, so every one must list fieldValidation.
   * Client-side apply then needs strategic merge patch among the PATCH content types and a
   * component schema tagged with the kind.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("servedKinds")
  void satisfiesKubectlsValidationProbeAndApply(ResourceType t) {
    JsonNode doc = OpenApiV3.document(REGISTRY, t.apiVersion());
    int patches = 0;
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      JsonNode patch = path.getValue().get("patch");
      if (patch == null || !isGvk(patch.get("x-kubernetes-group-version-kind"), t)) {
        continue;
      }
      patches++;
      assertThat(hasQueryParam(patch, "fieldValidation")).as("fieldValidation on PATCH %s", path.getKey()).isTrue();
      assertThat(patch.get("requestBody").get("content").propertyNames())
          .as("patch types of %s", path.getKey())
          .contains("application/strategic-merge-patch+json", "application/merge-patch+json",
              "application/json-patch+json", "application/apply-patch+yaml");
    }
    assertThat(patches).as("PATCH operations for %s", t.kind()).isPositive();
    long tagged = doc.get("components").get("schemas").valueStream()
        .filter(s -> stream(s.get("x-kubernetes-group-version-kind")).anyMatch(g -> isGvk(g, t)))
        .count();
    assertThat(tagged).as("component schemas tagged %s", t.kind()).isEqualTo(1);
  }

  @Test
  void shapesOperationsLikeKubeApiserver() {
    JsonNode paths = OpenApiV3.document(REGISTRY, "apps/v1").get("paths");
    JsonNode item = paths.get("/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}");
    assertThat(item.get("patch").get("operationId").asString()).isEqualTo("patchAppsV1NamespacedStatefulSet");
    assertThat(item.get("patch").get("x-kubernetes-action").asString()).isEqualTo("patch");
    assertThat(paramNames(item.get("patch"))).containsExactly("dryRun", "fieldManager", "fieldValidation", "force");
    assertThat(paramNames(item.get("put"))).containsExactly("dryRun", "fieldManager", "fieldValidation");
    assertThat(item.get("get").get("operationId").asString()).isEqualTo("readAppsV1NamespacedStatefulSet");
    assertThat(item.get("delete").get("operationId").asString()).isEqualTo("deleteAppsV1NamespacedStatefulSet");
    assertThat(paramNames(item)).containsExactly("name", "namespace", "pretty");

    JsonNode coll = paths.get("/apis/apps/v1/namespaces/{namespace}/statefulsets");
    assertThat(coll.get("get").get("operationId").asString()).isEqualTo("listAppsV1NamespacedStatefulSet");
    assertThat(paramNames(coll.get("get"))).contains("labelSelector", "fieldSelector", "limit", "continue",
        "resourceVersion", "watch", "allowWatchBookmarks", "timeoutSeconds");
    assertThat(coll.get("get").get("responses").get("200").get("content").get("application/json")
        .get("schema").get("$ref").asString()).endsWith("io.k8s.api.apps.v1.StatefulSetList");
    assertThat(coll.get("post").get("operationId").asString()).isEqualTo("createAppsV1NamespacedStatefulSet");
    assertThat(coll.get("delete").get("x-kubernetes-action").asString()).isEqualTo("deletecollection");
    assertThat(coll.get("delete").get("operationId").asString()).isEqualTo("deleteAppsV1CollectionNamespacedStatefulSet");
    assertThat(paths.get("/apis/apps/v1/statefulsets").get("get").get("operationId").asString())
        .isEqualTo("listAppsV1StatefulSetForAllNamespaces");

    JsonNode scale = paths.get("/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/scale");
    assertThat(scale.get("patch").get("operationId").asString()).isEqualTo("patchAppsV1NamespacedStatefulSetScale");
    assertThat(scale.get("patch").get("x-kubernetes-group-version-kind"))
        .isEqualTo(Json.parse("{\"group\":\"autoscaling\",\"kind\":\"Scale\",\"version\":\"v1\"}".getBytes()));
    assertThat(scale.get("get").get("responses").get("200").get("content").get("application/json")
        .get("schema").get("$ref").asString()).endsWith("io.k8s.api.autoscaling.v1.Scale");
    assertThat(paths.get("/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/status").get("put")
        .get("operationId").asString()).isEqualTo("replaceAppsV1NamespacedStatefulSetStatus");

    JsonNode core = OpenApiV3.document(REGISTRY, "v1").get("paths");
    assertThat(core.get("/api/v1/nodes/{name}").get("patch").get("operationId").asString()).isEqualTo("patchCoreV1Node");
    assertThat(core.get("/api/v1/pods").get("get").get("operationId").asString()).isEqualTo("listCoreV1PodForAllNamespaces");
    assertThat(core.get("/api/v1/namespaces").has("delete")).as("namespaces have no deletecollection").isFalse();
    assertThat(core.get("/api/v1/namespaces/{name}/status").has("patch")).isTrue();
    assertThat(core.get("/api/v1/").get("get").get("operationId").asString()).isEqualTo("getCoreV1APIResources");
    assertThat(OpenApiV3.document(REGISTRY, "discovery.k8s.io/v1").get("paths")
        .get("/apis/discovery.k8s.io/v1/namespaces/{namespace}/endpointslices/{name}").get("patch")
        .get("operationId").asString()).isEqualTo("patchDiscoveryV1NamespacedEndpointSlice");
    assertThat(OpenApiV3.document(REGISTRY, "autoscaling/v1").get("paths").isEmpty()).isTrue();
    assertThat(OpenApiV3.document(REGISTRY, "autoscaling/v1").get("components").get("schemas")
        .has("io.k8s.api.autoscaling.v1.Scale")).isTrue();
  }

  @Test
  void rendersComponentSchemasLikeKubeOpenapi() {
    JsonNode schemas = OpenApiV3.document(REGISTRY, "apps/v1").get("components").get("schemas");
    JsonNode sts = schemas.get("io.k8s.api.apps.v1.StatefulSet");
    assertThat(sts.get("type").asString()).isEqualTo("object");
    assertThat(sts.get("x-kubernetes-group-version-kind").get(0))
        .isEqualTo(Json.parse("{\"group\":\"apps\",\"kind\":\"StatefulSet\",\"version\":\"v1\"}".getBytes()));
    assertThat(sts.get("properties").get("spec").get("allOf").get(0).get("$ref").asString())
        .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.StatefulSetSpec");

    JsonNode containers = schemas.get("io.k8s.api.core.v1.PodSpec").get("properties").get("containers");
    assertThat(containers.get("type").asString()).isEqualTo("array");
    assertThat(containers.get("items").get("allOf").get(0).get("$ref").asString()).endsWith("io.k8s.api.core.v1.Container");
    assertThat(containers.get("x-kubernetes-patch-merge-key").asString()).isEqualTo("name");
    assertThat(containers.get("x-kubernetes-patch-strategy").asString()).isEqualTo("merge");
    assertThat(containers.get("x-kubernetes-list-type").asString()).isEqualTo("map");
    assertThat(containers.get("x-kubernetes-list-map-keys").get(0).asString()).isEqualTo("name");

    JsonNode ports = schemas.get("io.k8s.api.core.v1.ContainerPort");
    assertThat(ports.get("required").get(0).asString()).isEqualTo("containerPort");
    assertThat(ports.get("properties").get("protocol").get("default").asString()).isEqualTo("TCP");
    assertThat(ports.get("properties").get("containerPort").get("format").asString()).isEqualTo("int32");
    assertThat(schemas.get("io.k8s.api.core.v1.ResourceRequirements").get("properties").get("limits")
        .get("additionalProperties").get("$ref").asString())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity");
    assertThat(schemas.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString").get("format").asString())
        .isEqualTo("int-or-string");
    assertThat(schemas.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString").get("x-kubernetes-int-or-string")
        .asBoolean()).isTrue();
    assertThat(schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").get("properties")
        .get("creationTimestamp").get("format").asString()).isEqualTo("date-time");
    assertThat(schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector").get("x-kubernetes-map-type")
        .asString()).isEqualTo("atomic");
    assertThat(schemas.get("io.k8s.api.apps.v1.DeploymentSpec").get("properties").get("strategy")
        .get("x-kubernetes-patch-strategy").asString()).isEqualTo("retainKeys");
    assertThat(schemas.get("io.k8s.api.apps.v1.StatefulSetList").get("required").get(0).asString()).isEqualTo("items");
    assertThat(stream(schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")
        .get("x-kubernetes-group-version-kind")).map(g -> g.get("group").asString()))
        .contains("", "apps", "discovery.k8s.io", "autoscaling");
  }

  /**
   * Walks every kind's schema through the document the way kubectl's
   * {@code PatchMetaFromOpenAPIV3} does (property, then {@code allOf[0]}, then {@code $ref}; list
   * items likewise) and checks that the extensions found equal the {@link Schema.Field} metadata:
   * what client-side apply reads is what the server's patch engine uses.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("servedKinds")
  void patchMetadataSurvivesRendering(ResourceType t) {
    JsonNode schemas = OpenApiV3.document(REGISTRY, t.apiVersion()).get("components").get("schemas");
    Set<String> seen = new HashSet<>();
    List<String> problems = new ArrayList<>();
    check(Schemas.of(t.javaType()), schemas, seen, problems);
    assertThat(problems).isEmpty();
    assertThat(seen).hasSizeGreaterThan(3);
  }

  private static void check(Schema.Struct s, JsonNode schemas, Set<String> seen, List<String> problems) {
    if (!seen.add(s.name())) {
      return;
    }
    JsonNode def = schemas.get(s.name());
    if (def == null) {
      problems.add(s.name() + " missing");
      return;
    }
    for (Schema.Field f : s.fields().values()) {
      JsonNode p = def.get("properties").get(f.name());
      String where = s.name() + "." + f.name();
      if (p == null) {
        problems.add(where + " missing");
        continue;
      }
      expect(problems, where, "x-kubernetes-patch-strategy", f.patchStrategy(), p);
      expect(problems, where, "x-kubernetes-patch-merge-key", f.patchMergeKey(), p);
      expect(problems, where, "x-kubernetes-list-type", f.listType(), p);
      Schema inner = f.schema() instanceof Schema.ListOf l ? l.items()
          : f.schema() instanceof Schema.MapOf m ? m.values() : f.schema();
      JsonNode resolved = resolve(f.schema() instanceof Schema.ListOf ? p.get("items")
          : f.schema() instanceof Schema.MapOf ? p.get("additionalProperties") : p, schemas);
      if (inner instanceof Schema.Struct st) {
        if (resolved == null || !resolved.has("properties")) {
          problems.add(where + " does not resolve to " + st.name());
        } else {
          check(st, schemas, seen, problems);
        }
      }
    }
  }

  private static JsonNode resolve(JsonNode p, JsonNode schemas) {
    JsonNode n = p.has("allOf") ? p.get("allOf").get(0) : p;
    return n.has("$ref") ? schemas.get(n.get("$ref").asString().substring(ComponentSchemas.REF_PREFIX.length())) : n;
  }

  private static void expect(List<String> problems, String where, String ext, String want, JsonNode p) {
    String got = p.has(ext) ? p.get(ext).asString() : null;
    if (want == null ? got != null : !want.equals(got)) {
      problems.add(where + " " + ext + ": schema " + want + ", document " + got);
    }
  }

  /** {@code kubectl explain statefulsets.spec.updateStrategy} walks these steps. */
  @Test
  void explainCanWalkFromAKindToNestedFields() {
    JsonNode schemas = OpenApiV3.document(REGISTRY, "apps/v1").get("components").get("schemas");
    JsonNode n = schemas.get("io.k8s.api.apps.v1.StatefulSet");
    for (String step : List.of("spec", "updateStrategy")) {
      n = resolve(n.get("properties").get(step), schemas);
    }
    assertThat(n.get("properties").propertyNames()).containsExactlyInAnyOrder("type", "rollingUpdate");
    JsonNode rolling = resolve(n.get("properties").get("rollingUpdate"), schemas);
    assertThat(resolve(rolling.get("properties").get("maxUnavailable"), schemas).get("format").asString())
        .isEqualTo("int-or-string");
  }

  private static boolean isGvk(JsonNode g, ResourceType t) {
    return g != null && g.path("group").asString().equals(t.group())
        && g.path("version").asString().equals(t.version()) && g.path("kind").asString().equals(t.kind());
  }

  private static boolean hasQueryParam(JsonNode op, String name) {
    return stream(op.get("parameters"))
        .anyMatch(p -> p.path("name").asString().equals(name) && p.path("in").asString().equals("query"));
  }

  private static List<String> paramNames(JsonNode opOrPath) {
    return stream(opOrPath.get("parameters")).map(p -> p.get("name").asString()).toList();
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    return array == null ? Stream.empty() : array.valueStream();
  }

  private static void collectRefs(JsonNode n, List<String> out) {
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (e.getKey().equals("$ref")) {
          out.add(e.getValue().asString());
        } else {
          collectRefs(e.getValue(), out);
        }
      }
    } else if (n.isArray()) {
      n.forEach(c -> collectRefs(c, out));
    }
  }
}
