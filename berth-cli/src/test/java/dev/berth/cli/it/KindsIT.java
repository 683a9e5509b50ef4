package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind in scope through kubectl's everyday commands (spec/api-server.md §1–§2): apply
 * (created, then unchanged), get with Table output and -o wide|yaml|json|name, -l, label,
 * annotate, the three patch types, and delete.
 */
class KindsIT extends ServerFixture {

  static java.util.List<Manifests.Case> kinds() {
    return Manifests.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everydayCommandsWorkOn(Manifests.Case c) throws InterruptedException {
    assertThat(apply(c.yaml()).out()).as("first apply of %s", c.resource()).contains(" created");
    if (c.resource().equals("persistentvolumes")) {
      // the PV controller writes status.phase Available once; wait for it before comparing versions
      assertThat(eventually(java.time.Duration.ofSeconds(10),
          () -> k("get", c.resource(), c.name(), "-o", "jsonpath={.status.phase}").equals("Available"))).isTrue();
    }
    if (c.resource().equals("statefulsets")) {
      // the StatefulSet controller writes status (observedGeneration, revisions) once; wait for it
      assertThat(eventually(java.time.Duration.ofSeconds(10), () -> !k("get", c.resource(), c.name(), "-o",
          "jsonpath={.status.updateRevision}").isEmpty() && k("get", c.resource(), c.name(), "-o",
          "jsonpath={.status.observedGeneration}/{.metadata.generation}").equals("1/1"))).isTrue();
    }
    String generationAndVersion = k("get", c.resource(), c.name(), "-o", "jsonpath={.metadata.generation}/{.metadata.resourceVersion}");
    if (c.resource().equals("statefulsets")) {
      // volumeClaimTemplates is an atomic list that the server defaults (volumeMode, status.phase), as
      // upstream's generated defaulters do, so kubectl re-sends it; the server must see no change
      assertThat(apply(c.yaml()).exit()).isZero();
    } else {
      assertThat(apply(c.yaml()).out()).as("second apply of %s", c.resource()).contains(" unchanged");
    }
    if (!c.resource().equals("pods")) { // the node agent writes a pod's status meanwhile
      assertThat(k("get", c.resource(), c.name(), "-o", "jsonpath={.metadata.generation}/{.metadata.resourceVersion}"))
          .as("a re-apply of the same manifest writes nothing").isEqualTo(generationAndVersion);
    }
    String table = k("get", c.resource(), c.name());
    assertThat(table.lines().findFirst().orElseThrow()).as("Table header").startsWith(c.resource().equals("events") || c.resource().startsWith("events.") ? "LAST SEEN" : "NAME");
    String wide = k("get", c.resource(), "-o", "wide");
    assertThat(wide).contains(c.name());
    assertThat(k("get", c.resource(), c.name(), "-o", "yaml")).contains("name: " + c.name()).contains("uid: ").contains("resourceVersion: ");
    assertThat(k("get", c.resource(), c.name(), "-o", "json")).contains("\"creationTimestamp\"");
    assertThat(k("get", c.resource(), c.name(), "-o", "name")).contains("/" + c.name());
    k("label", c.resource(), c.name(), "it-label=yes");
    assertThat(k("get", c.resource(), "-l", "it-label=yes", "-o", "name")).contains("/" + c.name());
    assertThat(k("get", c.resource(), "-l", "it-label=no", "-o", "name")).doesNotContain("/" + c.name());
    k("annotate", c.resource(), c.name(), "it/note=hello");
    assertThat(k("get", c.resource(), c.name(), "-o", "jsonpath={.metadata.annotations.it/note}")).isEqualTo("hello");
    k("patch", c.resource(), c.name(), "-p", "{\"metadata\":{\"labels\":{\"smp\":\"1\"}}}");
    k("patch", c.resource(), c.name(), "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"merge\":\"1\"}}}");
    k("patch", c.resource(), c.name(), "--type=json", "-p", "[{\"op\":\"add\",\"path\":\"/metadata/labels/json\",\"value\":\"1\"}]");
    assertThat(k("get", c.resource(), c.name(), "-o", "jsonpath={.metadata.labels.smp}{.metadata.labels.merge}{.metadata.labels.json}"))
        .isEqualTo("111");
    k("label", c.resource(), c.name(), "it-label-");
    assertThat(k("get", c.resource(), c.name(), "--show-labels")).doesNotContain("it-label=yes");
    assertThat(k("delete", c.resource(), c.name())).contains("deleted");
    assertThat(kr("get", c.resource(), c.name()).err()).contains("NotFound");
  }
}
