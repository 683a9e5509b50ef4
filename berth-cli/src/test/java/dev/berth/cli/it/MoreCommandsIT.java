package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rest of spec/api-server.md §2's kubectl paths: sort, chunking, describe, delete -f, wait for delete, generateName, immutability. */
class MoreCommandsIT extends ServerFixture {

  @Test
  void generateNameGivesAFiveCharacterSuffix() {
    Kubectl.Result r;
    try {
      r = kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: gen-}\n", "create", "-f", "-", "-o", "name");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(r.out().trim()).matches("configmap/gen-[bcdfghjklmnpqrstvwxz2456789]{5}");
  }

  @Test
  void immutableFieldsStayImmutable() {
    apply(Manifests.STATEFULSET.replace("name: web", "name: imm").replace("serviceName: web", "serviceName: imm"));
    Kubectl.Result r = kr("patch", "sts", "imm", "--type=merge", "-p", "{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"other\"}}}}");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("is invalid").contains("spec");
    apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: frozen}\nimmutable: true\ndata: {a: \"1\"}\n");
    Kubectl.Result c = kr("patch", "cm", "frozen", "--type=merge", "-p", "{\"data\":{\"a\":\"2\"}}");
    assertThat(c.exit()).isNotZero();
    assertThat(c.err()).contains("field is immutable when `immutable` is set");
  }

  @Test
  void sortByChunkSizeAndCustomColumns() {
    apply("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: s-b, labels: {sort: x}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: s-a, labels: {sort: x}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: s-c, labels: {sort: x}}
        """);
    assertThat(k("get", "cm", "-l", "sort=x", "--sort-by=.metadata.name", "-o", "name").lines().toList())
        .containsExactly("configmap/s-a", "configmap/s-b", "configmap/s-c");
    assertThat(k("get", "cm", "-l", "sort=x", "--sort-by=.metadata.name")).contains("s-a").contains("DATA");
    assertThat(k("get", "cm", "-l", "sort=x", "--chunk-size=1", "-o", "name").lines().count()).isEqualTo(3);
    assertThat(k("get", "cm", "-l", "sort=x", "-o", "custom-columns=N:.metadata.name,L:.metadata.labels.sort", "--no-headers").lines().toList())
        .contains("s-a   x");
  }

  @Test
  void describeWorkloadsClaimsAndEvents() {
    apply(Manifests.STATEFULSET.replace("name: web", "name: desc").replace("serviceName: web", "serviceName: desc"));
    assertThat(k("describe", "sts", "desc")).contains("Name:").contains("desc").contains("Replicas:").contains("Update Strategy:");
    apply("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: dclaim}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
        """);
    assertThat(k("describe", "pvc", "dclaim")).contains("StorageClass:").contains("local-path").contains("Pending");
    apply("""
        apiVersion: v1
        kind: Event
        metadata: {name: desc.1}
        involvedObject: {kind: StatefulSet, name: desc, namespace: default, apiVersion: apps/v1}
        reason: Described
        message: seen by describe
        type: Normal
        source: {component: it}
        """);
    assertThat(k("get", "events", "--field-selector", "involvedObject.name=desc,reason=Described", "-o", "name")).contains("desc.1");
    assertThat(k("get", "events.events.k8s.io", "--field-selector", "regarding.name=desc", "-o", "name")).contains("desc.1");
  }

  @Test
  void deleteFromAFileAndWaitForDelete() throws Exception {
    String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: byfile}\n";
    apply(cm);
    Kubectl.Result del = kubectl.runWithInput(cm, "delete", "-f", "-");
    assertThat(del.out()).contains("configmap \"byfile\" deleted");
    Kubectl.Result missing = kubectl.runWithInput(cm, "delete", "-f", "-");
    assertThat(missing.err()).contains("NotFound").contains("configmaps \"byfile\" not found");
    apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone-soon, finalizers: [example.com/hold]}\n");
    k("delete", "cm", "gone-soon", "--wait=false");
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(1000);
        kubectl.run("patch", "cm", "gone-soon", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
      } catch (Exception e) {
        // the wait below fails if this did not happen
      }
    });
    assertThat(k("wait", "--for=delete", "cm/gone-soon", "--timeout=30s")).contains("condition met");
  }

  @Test
  void aWatchEndsCleanlyAfterTimeoutSeconds() throws Exception {
    RawHttp http = new RawHttp(server.dataDir, server.url());
    long start = System.nanoTime();
    HttpResponse<String> r = http.send("GET", "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2", server.token(), null, null);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"type\":\"ADDED\"");
    assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(15));
  }

  @Test
  void theSchedulerBindsNewPodsOnceAndBoundPodsDeleteGracefully() throws Exception {
    apply("apiVersion: v1\nkind: Pod\nmetadata: {name: bindme}\nspec: {containers: [{name: c, image: busybox, command: [sleep, \"60\"]}]}\n");
    assertThat(eventually(Duration.ofSeconds(20), () -> k("get", "pod", "bindme", "-o",
        "jsonpath={.spec.nodeName} {.status.conditions[?(@.type==\"PodScheduled\")].status}").equals("berth True"))).isTrue();
    assertThat(k("get", "events", "--field-selector", "involvedObject.name=bindme,reason=Scheduled", "-o", "jsonpath={.items[0].message}"))
        .isEqualTo("Successfully assigned default/bindme to berth");
    RawHttp http = new RawHttp(server.dataDir, server.url());
    String binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bindme\"},\"target\":{\"kind\":\"Node\",\"name\":\"berth\"}}";
    HttpResponse<String> again = http.send("POST", "/api/v1/namespaces/default/pods/bindme/binding", server.token(), "application/json", binding);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("is already assigned to node \\\"berth\\\"");
    // a bound pod is deleted gracefully: deletionTimestamp now + 30 s, then the node agent finishes it
    k("delete", "pod", "bindme", "--wait=false");
    assertThat(k("get", "pod", "bindme", "-o", "jsonpath={.metadata.deletionGracePeriodSeconds}")).isEqualTo("30");
    assertThat(kr("delete", "pod", "bindme", "--grace-period=0", "--force").exit()).isZero();
    assertThat(kr("get", "pod", "bindme").exit()).isNotZero();
  }
}
