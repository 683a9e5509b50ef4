package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.apiError;
import static dev.berth.apiserver.ServiceFixture.json;
import static dev.berth.apiserver.ServiceFixture.jsonNode;
import static dev.berth.apiserver.ServiceFixture.opts;
import static dev.berth.apiserver.ServiceFixture.rv;
import static dev.berth.apiserver.ServiceFixture.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.time.FakeClock;
import dev.berth.apiserver.ResourceService.PatchType;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Preconditions;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Another client's write landing between a request's read and its write: update, patch and apply
 * retry it internally and report 409 only when the client asked for a specific resourceVersion
 * ({@code spec/api-server.md} §11.3, {@code docs/architecture.md}).
 */
class ResourceServiceRaceTest {
  private final InterleavingStore store = new InterleavingStore();
  private final ResourceRegistry registry = ResourceRegistry.standard();
  private final ResourceService service = new ResourceService(registry, store, new FakeClock(), IpRange.parse("127.2.0.0/16"));
  private final ResourceType sts = registry.byPlural("apps", "statefulsets").orElseThrow();
  private ObjectNode web;

  @BeforeEach
  void createWeb() {
    service.create(registry.byPlural("", "namespaces").orElseThrow(), null, json("{'metadata':{'name':'default'}}"), opts());
    web = service.create(sts, "default", statefulSet("web", 2), opts()).object();
  }

  /** A controller's concurrent write: an annotation on {@code web}, straight into the store. */
  private void raceAnAnnotation() {
    store.beforeNextWrite(() -> {
      ObjectNode now = store.get(sts.storageKey(), "default", "web").orElseThrow().deepCopy();
      now.withObjectProperty("metadata").withObjectProperty("annotations").put("raced", "yes");
      store.delegate().update(sts.storageKey(), "default", "web", 0, now);
    });
  }

  record Write(String name, Function<ResourceService, ObjectNode> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Write> writesWithoutAResourceVersion() {
    return Stream.of(
        new Write("merge patch", s -> s.patch(s.registry().byPlural("apps", "statefulsets").orElseThrow(), "default", "web", null,
            PatchType.MERGE, jsonNode("{'spec':{'replicas':3}}"), opts()).object()),
        new Write("strategic merge patch", s -> s.patch(s.registry().byPlural("apps", "statefulsets").orElseThrow(), "default",
            "web", null, PatchType.STRATEGIC, jsonNode("{'spec':{'replicas':3}}"), opts()).object()),
        new Write("JSON patch", s -> s.patch(s.registry().byPlural("apps", "statefulsets").orElseThrow(), "default", "web", null,
            PatchType.JSON, jsonNode("[{'op':'replace','path':'/spec/replicas','value':3}]"), opts()).object()),
        new Write("server-side apply", s -> s.patch(s.registry().byPlural("apps", "statefulsets").orElseThrow(), "default", "web",
            null, PatchType.APPLY, statefulSet("web", 3), new WriteOptions(false, "kubectl", WriteOptions.FieldValidation.STRICT,
                true)).object()),
        new Write("scale patch", s -> {
          var t = s.registry().byPlural("apps", "statefulsets").orElseThrow();
          s.updateScale(t, "default", "web", PatchType.MERGE, jsonNode("{'spec':{'replicas':3}}"), opts());
          return s.get(t, "default", "web");
        }));
  }

  @ParameterizedTest
  @MethodSource("writesWithoutAResourceVersion")
  void writesWithoutAResourceVersionRetryARace(Write w) {
    raceAnAnnotation();
    ObjectNode out = w.call().apply(service);
    assertThat(store.interleaved()).as("the race happened").isEqualTo(1);
    assertThat(out.path("spec").path("replicas").asInt()).as("%s applied", w.name()).isEqualTo(3);
    assertThat(out.path("metadata").path("annotations").path("raced").asString())
        .as("%s applied to the latest version, keeping the other client's write", w.name()).isEqualTo("yes");
  }

  @Test
  void aRetriedPatchWarnsOnce() {
    WriteResult calm = service.patch(sts, "default", "web", null, PatchType.MERGE,
        jsonNode("{'spec':{'replicas':4,'foo':1}}"), opts());
    raceAnAnnotation();
    WriteResult raced = service.patch(sts, "default", "web", null, PatchType.MERGE,
        jsonNode("{'spec':{'replicas':3,'foo':1}}"), opts());
    assertThat(store.interleaved()).isEqualTo(1);
    assertThat(raced.warnings()).as("the same warnings as without a race, each once").isEqualTo(calm.warnings())
        .contains("unknown field \"spec.foo\"").doesNotHaveDuplicates();
  }

  @Test
  void putWithAResourceVersionLosesTheRace() {
    raceAnAnnotation();
    ObjectNode body = web.deepCopy();
    body.withObjectProperty("spec").put("replicas", 3);
    ApiException e = apiError(() -> service.update(sts, "default", "web", null, body, opts()));
    assertThat(e.code()).isEqualTo(409);
  }

  @Test
  void jsonPatchWithAResourceVersionLockLosesTheRace() {
    raceAnAnnotation();
    ApiException e = apiError(() -> service.patch(sts, "default", "web", null, PatchType.JSON,
        jsonNode("[{'op':'add','path':'/metadata/resourceVersion','value':'" + rv(web) + "'},"
            + "{'op':'replace','path':'/spec/replicas','value':3}]"), opts()));
    assertThat(e.code()).isEqualTo(409);
    assertThat(service.get(sts, "default", "web").path("spec").path("replicas").asInt()).isEqualTo(2);
  }

  @Test
  void deleteRetriesARaceButNotAStalePrecondition() {
    raceAnAnnotation();
    DeleteOptions stale = new DeleteOptions();
    stale.setPreconditions(new Preconditions(rv(web), null));
    ApiException e = apiError(() -> service.delete(sts, "default", "web", stale));
    assertThat(e.code()).isEqualTo(409);

    raceAnAnnotation();
    assertThat(service.delete(sts, "default", "web", null).removed()).isTrue();
  }
}
