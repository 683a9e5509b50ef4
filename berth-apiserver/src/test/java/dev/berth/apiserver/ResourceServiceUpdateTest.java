package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.apiError;
import static dev.berth.apiserver.ServiceFixture.configMap;
import static dev.berth.apiserver.ServiceFixture.json;
import static dev.berth.apiserver.ServiceFixture.opts;
import static dev.berth.apiserver.ServiceFixture.rv;
import static dev.berth.apiserver.ServiceFixture.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** PUT on objects and their status / finalize subresources ({@code spec/api-server.md} §7.2, §7.3, §11.2). */
class ResourceServiceUpdateTest {
  private final ServiceFixture f = new ServiceFixture();
  private ObjectNode web;

  @BeforeEach
  void createWeb() {
    web = f.create(f.statefulSets, statefulSet("web", 2));
  }

  private WriteResult put(ObjectNode body) {
    return f.service.update(f.statefulSets, "default", "web", null, body, opts());
  }

  private WriteResult putStatus(ObjectNode body) {
    return f.service.update(f.statefulSets, "default", "web", "status", body, opts());
  }

  private static long generation(ObjectNode o) {
    return o.path("metadata").path("generation").asLong();
  }

  @Test
  void staleResourceVersionIs409() {
    ObjectNode first = web.deepCopy();
    first.withObjectProperty("spec").put("replicas", 3);
    put(first);
    ObjectNode stale = web.deepCopy();
    stale.withObjectProperty("spec").put("replicas", 4);

    ApiException e = apiError(() -> put(stale));
    assertThat(e.code()).isEqualTo(409);
    assertThat(e.reason()).isEqualTo("Conflict");
    assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on statefulsets.apps \"web\": the object has been "
        + "modified; please apply your changes to the latest version and try again");
    assertThat(f.get(f.statefulSets, "web").path("spec").path("replicas").asInt()).as("the first write stands").isEqualTo(3);
  }

  @Test
  void updateWithoutResourceVersionIsUnconditional() {
    f.clock.advance(Duration.ofMinutes(5));
    ObjectNode body = statefulSet("web", 5);
    ObjectNode out = put(body).object();
    assertThat(out.path("spec").path("replicas").asInt()).isEqualTo(5);
    assertThat(Long.parseLong(rv(out))).as("a new resourceVersion").isGreaterThan(Long.parseLong(rv(web)));
    assertThat(out.path("metadata").path("uid")).as("uid survives updates").isEqualTo(web.path("metadata").path("uid"));
    assertThat(out.path("metadata").path("creationTimestamp")).as("creationTimestamp is immutable")
        .isEqualTo(web.path("metadata").path("creationTimestamp"));
  }

  @Test
  void nameMustMatchTheUrl() {
    ApiException e = apiError(() -> put(statefulSet("other", 2)));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("the name of the object (other) does not match the name on the URL (web)");
  }

  @Test
  void mainResourcePutKeepsStatus() {
    putStatus(withStatus(web, "{'replicas':2,'readyReplicas':1,'availableReplicas':1}"));
    ObjectNode body = withStatus(f.get(f.statefulSets, "web"), "{'replicas':9,'readyReplicas':9}");
    body.withObjectProperty("metadata").withObjectProperty("labels").put("x", "y");
    ObjectNode out = put(body).object();
    assertThat(out.path("metadata").path("labels").path("x").asString()).isEqualTo("y");
    assertThat(out.path("status")).as("a PUT of the main resource ignores .status")
        .isEqualTo(json("{'replicas':2,'readyReplicas':1,'availableReplicas':1}"));
  }

  @Test
  void statusSubresourceChangesOnlyStatus() {
    ObjectNode body = withStatus(web, "{'replicas':2,'readyReplicas':2}");
    body.withObjectProperty("spec").put("replicas", 7);
    body.withObjectProperty("metadata").withObjectProperty("labels").put("x", "y");
    ObjectNode out = putStatus(body).object();
    assertThat(out.path("status")).isEqualTo(json("{'replicas':2,'readyReplicas':2}"));
    assertThat(out.path("spec").path("replicas").asInt()).as("spec is ignored on /status").isEqualTo(2);
    assertThat(out.path("metadata").path("labels").has("x")).as("metadata is ignored on /status").isFalse();
    assertThat(generation(out)).as("status writes never bump generation").isEqualTo(1);
    assertThat(rv(out)).as("but they bump resourceVersion").isNotEqualTo(rv(web));
  }

  record GenerationCase(String change, Consumer<ObjectNode> edit, long expected) {
    @Override
    public String toString() {
      return change;
    }
  }

  static Stream<GenerationCase> generationCases() {
    return Stream.of(
        new GenerationCase("labels", o -> o.withObjectProperty("metadata").withObjectProperty("labels").put("x", "y"), 1),
        new GenerationCase("annotations", o -> o.withObjectProperty("metadata").withObjectProperty("annotations").put("a", "b"), 1),
        new GenerationCase("status", o -> o.putObject("status").put("replicas", 5), 1),
        new GenerationCase("spec.replicas", o -> o.withObjectProperty("spec").put("replicas", 3), 2),
        new GenerationCase("the pod template", o -> o.withObjectProperty("spec").withObjectProperty("template")
            .withObjectProperty("metadata").withObjectProperty("annotations").put("kubectl.kubernetes.io/restartedAt", "now"), 2));
  }

  @ParameterizedTest
  @MethodSource("generationCases")
  void generationBumpsOnSpecChangesOnly(GenerationCase c) {
    ObjectNode body = web.deepCopy();
    c.edit().accept(body);
    assertThat(generation(put(body).object())).as("generation after a change of %s", c.change()).isEqualTo(c.expected());
  }

  @Test
  void noOpUpdateDoesNotWrite() {
    long revision = f.store.currentRevision();
    WriteResult w = put(web.deepCopy());
    assertThat(rv(w.object())).as("an update that changes nothing keeps the resourceVersion").isEqualTo(rv(web));
    assertThat(f.store.currentRevision()).as("and writes nothing").isEqualTo(revision);
  }

  @Test
  void selectorIsImmutable() {
    ObjectNode body = web.deepCopy();
    body.withObjectProperty("spec").set("selector", json("{'matchLabels':{'app':'web','tier':'x'}}"));
    body.withObjectProperty("spec").withObjectProperty("template").withObjectProperty("metadata")
        .withObjectProperty("labels").put("tier", "x");
    ApiException e = apiError(() -> put(body));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.status().getDetails().getCauses()).extracting(StatusCause::getField).containsExactly("spec");
    assertThat(e.getMessage()).contains("updates to statefulset spec for fields other than 'replicas'");
  }

  @Test
  void immutableConfigMapIs422() {
    ObjectNode cm = configMap("frozen").put("immutable", true);
    f.create(f.configMaps, cm);
    ObjectNode body = cm.deepCopy();
    body.withObjectProperty("data").put("a", "2");
    ApiException e = apiError(() -> f.service.update(f.configMaps, "default", "frozen", null, body, opts()));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.status().getDetails().getCauses()).extracting(StatusCause::getField).containsExactly("data");
  }

  @Test
  void missingObjectIs404() {
    ApiException e = apiError(() -> f.service.update(f.configMaps, "default", "nope", null, configMap("nope"), opts()));
    assertThat(e.code()).isEqualTo(404);
    assertThat(e.getMessage()).isEqualTo("configmaps \"nope\" not found");
  }

  @Test
  void finalizeChangesOnlySpecFinalizers() {
    ObjectNode ns = f.createNamespace("team");
    ObjectNode body = ns.deepCopy();
    body.withObjectProperty("metadata").withObjectProperty("labels").put("x", "y");
    body.withObjectProperty("spec").putArray("finalizers");
    ObjectNode out = f.service.update(f.namespaces, null, "team", "finalize", body, opts()).object();
    assertThat(out.path("spec").path("finalizers").isEmpty()).isTrue();
    assertThat(out.path("metadata").path("labels").has("x")).isFalse();
  }

  private static ObjectNode withStatus(ObjectNode o, String status) {
    ObjectNode c = o.deepCopy();
    c.set("status", json(status));
    return c;
  }
}
