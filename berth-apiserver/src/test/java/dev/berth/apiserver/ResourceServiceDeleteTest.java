package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.apiError;
import static dev.berth.apiserver.ServiceFixture.configMap;
import static dev.berth.apiserver.ServiceFixture.jsonNode;
import static dev.berth.apiserver.ServiceFixture.opts;
import static dev.berth.apiserver.ServiceFixture.pod;
import static dev.berth.apiserver.ServiceFixture.rv;
import static dev.berth.apiserver.ServiceFixture.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.selector.FieldSelector;
import dev.berth.api.selector.LabelSelector;
import dev.berth.apiserver.ResourceService.DeleteResult;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Preconditions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** DELETE: immediate removal, finalizers, propagation policies, preconditions, grace periods, namespaces ({@code spec/api-server.md} §12). */
class ResourceServiceDeleteTest {
  private final ServiceFixture f = new ServiceFixture();

  private DeleteResult delete(DeleteOptions o, String name) {
    return f.service.delete(f.configMaps, "default", name, o);
  }

  @Test
  void configMapIsRemovedAtOnce() {
    ObjectNode cm = f.create(f.configMaps, configMap("cfg"));
    DeleteResult d = delete(null, "cfg");
    assertThat(d.removed()).isTrue();
    assertThat(f.exists(f.configMaps, "cfg")).isFalse();
    assertThat(d.object().path("metadata").path("uid")).isEqualTo(cm.path("metadata").path("uid"));
    assertThat(rv(d.object())).as("the last state carries the deletion's resourceVersion")
        .isEqualTo(String.valueOf(f.store.currentRevision()));
    assertThat(apiError(() -> delete(null, "cfg")).code()).as("a second delete").isEqualTo(404);
  }

  record Policy(String policy, String finalizer) {}

  static Stream<Policy> policies() {
    return Stream.of(new Policy("Orphan", "orphan"), new Policy("Foreground", "foregroundDeletion"));
  }

  @ParameterizedTest
  @MethodSource("policies")
  void propagationPolicyAddsItsFinalizer(Policy c) {
    f.clock.advance(Duration.ofMinutes(1));
    f.create(f.statefulSets, statefulSet("web", 1));
    f.clock.advance(Duration.ofMinutes(1));
    DeleteResult d = f.service.delete(f.statefulSets, "default", "web",
        new DeleteOptionsBuilder().withPropagationPolicy(c.policy()).build());
    assertThat(d.removed()).as("%s defers removal to the garbage collector", c.policy()).isFalse();
    ObjectNode web = f.get(f.statefulSets, "web");
    assertThat(web.path("metadata").path("finalizers")).isEqualTo(jsonNode("['" + c.finalizer() + "']"));
    assertThat(web.path("metadata").path("deletionTimestamp").asString()).isEqualTo("2026-01-01T00:02:00Z");
    assertThat(web.path("metadata").path("deletionGracePeriodSeconds").asInt()).isEqualTo(0);
    assertThat(web.path("metadata").path("generation").asLong()).as("the first deletionTimestamp bumps generation, as upstream")
        .isEqualTo(2);
  }

  @Test
  void unknownPropagationPolicyIs422() {
    f.create(f.configMaps, configMap("cfg"));
    ApiException e = apiError(() -> delete(new DeleteOptionsBuilder().withPropagationPolicy("Sideways").build(), "cfg"));
    assertThat(e.code()).isEqualTo(422);
  }

  @Test
  void customFinalizerHoldsTheObjectUntilAnUpdateRemovesIt() {
    ObjectNode cm = configMap("cfg");
    cm.withObjectProperty("metadata").putArray("finalizers").add("example.com/hold");
    f.create(f.configMaps, cm);

    assertThat(delete(null, "cfg").removed()).isFalse();
    ObjectNode held = f.get(f.configMaps, "cfg");
    assertThat(held.path("metadata").has("deletionTimestamp")).isTrue();

    ObjectNode release = held.deepCopy();
    release.withObjectProperty("metadata").remove("finalizers");
    f.service.update(f.configMaps, "default", "cfg", null, release, opts());
    assertThat(f.exists(f.configMaps, "cfg")).as("the last finalizer gone, the object is removed").isFalse();
  }

  @Test
  void preconditionsMustMatch() {
    ObjectNode cm = f.create(f.configMaps, configMap("cfg"));
    ApiException uid = apiError(() -> delete(withPreconditions(null, "other-uid"), "cfg"));
    assertThat(uid.code()).isEqualTo(409);
    assertThat(uid.getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"cfg\": Precondition failed: "
        + "UID in precondition: other-uid, UID in object meta: " + cm.path("metadata").path("uid").asString());
    ApiException version = apiError(() -> delete(withPreconditions("1", null), "cfg"));
    assertThat(version.code()).isEqualTo(409);
    assertThat(version.getMessage()).endsWith("Precondition failed: ResourceVersion in precondition: 1, "
        + "ResourceVersion in object meta: " + rv(cm));
    assertThat(f.exists(f.configMaps, "cfg")).isTrue();

    assertThat(delete(withPreconditions(rv(cm), cm.path("metadata").path("uid").asString()), "cfg").removed()).isTrue();
  }

  @Test
  void dryRunChangesNothing() {
    f.create(f.configMaps, configMap("cfg"));
    long revision = f.store.currentRevision();
    DeleteResult d = delete(new DeleteOptionsBuilder().withDryRun("All").build(), "cfg");
    assertThat(d.removed()).isFalse();
    assertThat(f.exists(f.configMaps, "cfg")).isTrue();
    assertThat(f.store.currentRevision()).isEqualTo(revision);
  }

  private ObjectNode scheduledPod(String name, Integer grace) {
    ObjectNode p = pod(name);
    p.withObjectProperty("spec").put("nodeName", "berth");
    if (grace != null) {
      p.withObjectProperty("spec").put("terminationGracePeriodSeconds", grace);
    }
    return f.create(f.pods, p);
  }

  @Test
  void scheduledPodGetsAGracePeriodAndStays() {
    scheduledPod("web-0", null);
    f.clock.advance(Duration.ofMinutes(1));
    DeleteResult d = f.service.delete(f.pods, "default", "web-0", null);
    assertThat(d.removed()).as("the node agent stops the containers first").isFalse();
    ObjectNode meta = (ObjectNode) f.get(f.pods, "web-0").get("metadata");
    assertThat(meta.path("deletionTimestamp").asString()).as("now + terminationGracePeriodSeconds (30)")
        .isEqualTo("2026-01-01T00:01:30Z");
    assertThat(meta.path("deletionGracePeriodSeconds").asInt()).isEqualTo(30);

    f.service.delete(f.pods, "default", "web-0", new DeleteOptionsBuilder().withGracePeriodSeconds(5L).build());
    meta = (ObjectNode) f.get(f.pods, "web-0").get("metadata");
    assertThat(meta.path("deletionTimestamp").asString()).as("a shorter grace shortens it").isEqualTo("2026-01-01T00:01:05Z");
    assertThat(meta.path("deletionGracePeriodSeconds").asInt()).isEqualTo(5);

    f.service.delete(f.pods, "default", "web-0", new DeleteOptionsBuilder().withGracePeriodSeconds(60L).build());
    assertThat(f.get(f.pods, "web-0").path("metadata").path("deletionGracePeriodSeconds").asInt())
        .as("a longer grace does not extend it").isEqualTo(5);

    assertThat(f.service.delete(f.pods, "default", "web-0", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build())
        .removed()).as("grace 0 removes it").isTrue();
    assertThat(f.exists(f.pods, "web-0")).isFalse();
  }

  @Test
  void forceDeletingATerminatingPodThatAFinalizerHoldsEndsItsGrace() {
    ObjectNode p = pod("web-0");
    p.withObjectProperty("spec").put("nodeName", "berth");
    p.withObjectProperty("metadata").putArray("finalizers").add("example.com/hold");
    f.create(f.pods, p);
    f.service.delete(f.pods, "default", "web-0", null);
    f.clock.advance(Duration.ofSeconds(5));

    assertThat(f.service.delete(f.pods, "default", "web-0", new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build())
        .removed()).as("the finalizer still holds it").isFalse();
    ObjectNode meta = (ObjectNode) f.get(f.pods, "web-0").get("metadata");
    assertThat(meta.path("deletionGracePeriodSeconds").asInt()).as("grace 0 shortens the grace to 0, as upstream").isEqualTo(0);
    assertThat(meta.path("deletionTimestamp").asString()).isEqualTo("2026-01-01T00:00:05Z");

    ObjectNode release = f.get(f.pods, "web-0");
    ((ObjectNode) release.get("metadata")).remove("finalizers");
    f.service.update(f.pods, "default", "web-0", null, release, ServiceFixture.opts());
    assertThat(f.exists(f.pods, "web-0")).as("no grace left and no finalizer: removed").isFalse();
  }

  @Test
  void explicitGraceOnAScheduledPod() {
    scheduledPod("web-0", 30);
    f.service.delete(f.pods, "default", "web-0", new DeleteOptionsBuilder().withGracePeriodSeconds(10L).build());
    assertThat(f.get(f.pods, "web-0").path("metadata").path("deletionTimestamp").asString()).isEqualTo("2026-01-01T00:00:10Z");
  }

  @Test
  void unscheduledPodIsRemovedAtOnce() {
    f.create(f.pods, pod("web-0"));
    assertThat(f.service.delete(f.pods, "default", "web-0", null).removed()).isTrue();
  }

  @Test
  void namespaceTerminatesAndIsHeldUntilItsFinalizersAreEmptied() {
    f.createNamespace("team");
    DeleteResult d = f.service.delete(f.namespaces, null, "team", null);
    assertThat(d.removed()).isFalse();
    ObjectNode ns = f.service.get(f.namespaces, null, "team");
    assertThat(ns.path("status").path("phase").asString()).isEqualTo("Terminating");
    assertThat(ns.path("metadata").path("deletionTimestamp").asString()).isEqualTo("2026-01-01T00:00:00Z");

    ObjectNode labelled = ns.deepCopy();
    labelled.withObjectProperty("metadata").withObjectProperty("labels").put("x", "y");
    f.service.update(f.namespaces, null, "team", null, labelled, opts());
    assertThat(f.store.get("namespaces", "", "team")).as("still held by spec.finalizers").isPresent();

    ObjectNode finalize = f.service.get(f.namespaces, null, "team");
    finalize.withObjectProperty("spec").putArray("finalizers");
    f.service.update(f.namespaces, null, "team", "finalize", finalize, opts());
    assertThat(f.store.get("namespaces", "", "team")).as("removed once spec.finalizers is empty").isEmpty();
  }

  @Test
  void aPlainUpdateKeepsANamespacesSpecFinalizersOnlyFinalizeChangesThem() {
    // upstream's namespace strategy: PrepareForUpdate keeps spec.finalizers; /finalize sets them
    f.createNamespace("team");
    f.service.delete(f.namespaces, null, "team", null);
    ObjectNode ns = f.service.get(f.namespaces, null, "team");
    ns.withObjectProperty("spec").putArray("finalizers");
    f.service.update(f.namespaces, null, "team", null, ns, opts());
    assertThat(f.store.get("namespaces", "", "team")).as("a plain update does not release the namespace").isPresent();
    assertThat(f.service.get(f.namespaces, null, "team").path("spec").path("finalizers").toString()).isEqualTo("[\"kubernetes\"]");
    // a finalize body without spec.finalizers (fabric8 omits empty lists) empties them too
    ns.withObjectProperty("spec").remove("finalizers");
    f.service.update(f.namespaces, null, "team", "finalize", ns, opts());
    assertThat(f.store.get("namespaces", "", "team")).isEmpty();
  }


  @Test
  void deleteCollectionDeletesTheMatches() {
    for (String n : List.of("a", "b", "c")) {
      ObjectNode cm = configMap(n);
      cm.withObjectProperty("metadata").putObject("labels").put("keep", n.equals("c") ? "yes" : "no");
      f.create(f.configMaps, cm);
    }
    List<ObjectNode> gone = f.service.deleteCollection(f.configMaps, "default", LabelSelector.parse("keep=no"),
        FieldSelector.EVERYTHING, null);
    assertThat(gone).extracting(o -> o.path("metadata").path("name").asString()).containsExactly("a", "b");
    assertThat(f.service.list(f.configMaps, "default", LabelSelector.EVERYTHING, FieldSelector.EVERYTHING).items())
        .extracting(o -> o.path("metadata").path("name").asString()).containsExactly("c");
  }

  private static DeleteOptions withPreconditions(String resourceVersion, String uid) {
    DeleteOptions o = new DeleteOptions();
    o.setPreconditions(new Preconditions(resourceVersion, uid));
    return o;
  }
}
