package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** kubectl flows on top of CRUD, and the error cases with the kube-apiserver's shapes (spec/api-server.md §2, §8). */
class ApiBehaviourIT extends ServerFixture {

  @Test
  void clientSideApplyCreatesConfiguresAndPrunesAField() {
    String v1 = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: prune, labels: {app: prune, extra: "yes"}}
        spec:
          replicas: 0
          selector: {matchLabels: {app: prune}}
          template:
            metadata: {labels: {app: prune}}
            spec:
              containers:
              - {name: c, image: busybox, command: [sleep, "1"], env: [{name: A, value: "1"}, {name: B, value: "2"}]}
        """;
    assertThat(apply(v1).out()).contains("deployment.apps/prune created");
    String v2 = v1.replace(", extra: \"yes\"", "").replace(", {name: B, value: \"2\"}", "").replace("value: \"1\"", "value: \"9\"");
    assertThat(apply(v2).out()).contains("deployment.apps/prune configured");
    assertThat(k("get", "deploy", "prune", "-o", "jsonpath={.metadata.labels}")).doesNotContain("extra");
    assertThat(k("get", "deploy", "prune", "-o", "jsonpath={.spec.template.spec.containers[0].env}"))
        .contains("\"value\":\"9\"").doesNotContain("\"B\"");
    assertThat(k("get", "deploy", "prune", "-o", "jsonpath={.metadata.generation}")).isEqualTo("2");
    assertThat(apply(v2).out()).contains("unchanged");
  }

  @Test
  void serverSideApplyCreatesThenMerges() {
    String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: \"1\", b: \"2\"}\n";
    assertThat(apply(cm, "--server-side").out()).contains("configmap/ssa serverside-applied");
    assertThat(apply(cm.replace(", b: \"2\"", ""), "--server-side").out()).contains("serverside-applied");
    assertThat(k("get", "cm", "ssa", "-o", "jsonpath={.data}")).isEqualTo("{\"a\":\"1\"}");
    assertThat(k("get", "cm", "ssa", "-o", "yaml", "--show-managed-fields")).contains("manager: kubectl").contains("operation: Apply");
  }

  @Test
  void workloadsAreDefaultedAndScaleThroughTheScaleSubresource() {
    apply(Manifests.STATEFULSET.replace("name: web", "name: scaled").replace("app: web", "app: scaled")
        .replace("serviceName: web", "serviceName: scaled"));
    assertThat(k("get", "sts", "scaled", "-o", "jsonpath={.spec.updateStrategy.type} {.spec.podManagementPolicy} {.spec.revisionHistoryLimit}"))
        .isEqualTo("RollingUpdate OrderedReady 10");
    assertThat(k("scale", "sts", "scaled", "--replicas=3")).contains("statefulset.apps/scaled scaled");
    assertThat(k("get", "sts", "scaled", "-o", "jsonpath={.spec.replicas} {.metadata.generation}")).isEqualTo("3 2");
    assertThat(k("get", "--raw", "/apis/apps/v1/namespaces/default/statefulsets/scaled/scale"))
        .contains("\"kind\":\"Scale\"").contains("\"replicas\":3").contains("\"selector\":\"app=scaled\"");
    assertThat(kr("scale", "sts", "scaled", "--replicas=2", "--resource-version=1").err()).contains("Expected resource version to be 1");
    // the StatefulSet controller writes status while its pods start, so a version read a moment ago
    // may be stale already: a fresh one must succeed within a few attempts
    Kubectl.Result scaled = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      String rv = k("get", "sts", "scaled", "-o", "jsonpath={.metadata.resourceVersion}");
      scaled = kr("scale", "sts", "scaled", "--replicas=2", "--resource-version=" + rv);
      if (scaled.exit() == 0) {
        break;
      }
      assertThat(scaled.err()).as("only a stale version may refuse it").contains("Expected resource version to be " + rv);
    }
    assertThat(scaled.exit()).as("scale with a fresh resourceVersion: %s", scaled).isZero();
    assertThat(scaled.out()).contains("scaled");
    assertThat(kr("scale", "sts", "scaled", "--replicas=-1").err()).contains("replicas");
    // the server's own precondition: a Scale PUT with a stale resourceVersion is a 409
    try {
      RawHttp http = new RawHttp(server.dataDir, server.url());
      var r = http.send("PUT", "/apis/apps/v1/namespaces/default/statefulsets/scaled/scale", server.token(), null,
          "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"scaled\",\"namespace\":\"default\",\"resourceVersion\":\"1\"},\"spec\":{\"replicas\":5}}");
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(r.body()).contains("\"reason\":\"Conflict\"");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void selectorsAllNamespacesAndGetAll() {
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: sel}\n");
    apply("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: one, namespace: sel, labels: {tier: front, env: prod}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: two, namespace: sel, labels: {tier: back, env: prod}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: three, namespace: default, labels: {tier: front, env: dev}}
        """);
    assertThat(k("get", "cm", "-A", "-l", "tier=front", "-o", "name").lines().toList())
        .containsExactlyInAnyOrder("configmap/three", "configmap/one");
    assertThat(k("get", "cm", "-A", "-l", "tier=front")).startsWith("NAMESPACE");
    assertThat(k("get", "cm", "-n", "sel", "-l", "env in (prod),tier!=front", "-o", "name").trim()).isEqualTo("configmap/two");
    assertThat(k("get", "cm", "-n", "sel", "--field-selector", "metadata.name=one", "-o", "name").trim()).isEqualTo("configmap/one");
    assertThat(kr("get", "cm", "--field-selector", "data.a=1").err()).contains("field label not supported: data.a");
    apply(Manifests.STATEFULSET.replace("name: web", "name: allsts").replace("serviceName: web", "serviceName: allsts"));
    assertThat(k("get", "all")).contains("service/kubernetes").contains("statefulset.apps/allsts");
    assertThat(kr("get", "pods", "-n", "sel").err()).contains("No resources found in sel namespace.");
  }

  @Test
  void watchStreamsAddedModifiedAndDeletedToKubectl() throws Exception {
    Process w = kubectl.start("get", "cm", "-w", "--output-watch-events", "-l", "watched=yes");
    List<String> lines = new ArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(w.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          synchronized (lines) {
            lines.add(l);
          }
        }
      } catch (Exception e) {
        // stream closed
      }
    });
    Thread.sleep(1500);
    apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: w1, labels: {watched: \"yes\"}}\ndata: {a: \"1\"}\n");
    k("patch", "cm", "w1", "--type=merge", "-p", "{\"data\":{\"a\":\"2\"}}");
    k("delete", "cm", "w1");
    boolean seen = eventually(Duration.ofSeconds(15), () -> {
      synchronized (lines) {
        return lines.stream().anyMatch(l -> l.startsWith("DELETED") && l.contains("w1"));
      }
    });
    w.destroy();
    w.waitFor(5, TimeUnit.SECONDS);
    reader.join(5000);
    assertThat(seen).as("watch lines: %s", lines).isTrue();
    synchronized (lines) {
      assertThat(lines.stream().filter(l -> l.contains("w1")).map(l -> l.split("\\s+")[0]).toList())
          .containsSubsequence("ADDED", "MODIFIED", "DELETED");
    }
  }

  @Test
  void waitDescribeExplain() {
    apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: waitme}\ndata: {ready: \"yes\"}\n");
    assertThat(k("wait", "--for=jsonpath={.data.ready}=yes", "cm/waitme", "--timeout=20s")).contains("condition met");
    assertThat(k("describe", "node", "berth")).contains("Name:").contains("berth").contains("Ready");
    assertThat(k("describe", "svc", "kubernetes")).contains("127.2.0.1");
    assertThat(k("describe", "ns", "default")).contains("Active");
    assertThat(k("explain", "statefulsets.spec.updateStrategy")).contains("rollingUpdate").contains("type");
    assertThat(k("explain", "pods.spec.containers")).contains("command").contains("image");
  }

  @Test
  void invalidNamesNegativeReplicasAndSelectorMismatchAre422WithFieldPaths() {
    Kubectl.Result badName = apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n");
    assertThat(badName.exit()).isNotZero();
    assertThat(badName.err()).contains("is invalid").contains("metadata.name: Invalid value: \"Bad_Name\"");
    Kubectl.Result negative = apply(Manifests.STATEFULSET.replace("name: web", "name: neg").replace("replicas: 0", "replicas: -1"));
    assertThat(negative.err()).contains("spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    Kubectl.Result mismatch = apply(Manifests.STATEFULSET.replace("name: web", "name: mis").replace("matchLabels: {app: web}", "matchLabels: {app: other}"));
    assertThat(mismatch.err()).contains("spec.template.metadata.labels").contains("`selector` does not match template `labels`");
  }

  @Test
  void unknownFieldsAreRejectedUnderStrictAndWarnedUnderWarn() {
    String bad = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: strict}\ndata: {a: \"1\"}\nbogus: 1\n";
    Kubectl.Result strict = apply(bad);
    assertThat(strict.exit()).isNotZero();
    assertThat(strict.err()).contains("unknown field \"bogus\"");
    Kubectl.Result warn = apply(bad, "--validate=warn");
    assertThat(warn.exit()).isZero();
    assertThat(warn.err()).contains("unknown field \"bogus\"");
  }

  @Test
  void aStaleResourceVersionIsA409Conflict() {
    apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stale}\ndata: {a: \"1\"}\n");
    String yaml = k("get", "cm", "stale", "-o", "yaml");
    k("patch", "cm", "stale", "--type=merge", "-p", "{\"data\":{\"a\":\"2\"}}");
    Kubectl.Result r;
    try {
      r = kubectl.runWithInput(yaml.replace("a: \"1\"", "a: \"3\""), "replace", "-f", "-");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("Conflict").contains("the object has been modified");
    Kubectl.Result exists;
    try {
      exists = kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stale}\n", "create", "-f", "-");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(exists.exit()).isNotZero();
    assertThat(exists.err()).contains("AlreadyExists").contains("configmaps \"stale\" already exists");
  }

  @Test
  void imagesAreAcceptedWithAWarning() {
    Kubectl.Result r = apply("""
        apiVersion: v1
        kind: Pod
        metadata: {name: warned}
        spec:
          containers: [{name: c, image: nginx:1.27, command: [sleep, "1"]}]
        """);
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("Warning:").contains("nginx:1.27");
  }

  @Test
  void protobufGeneratorsGetA415WithTheWorkaround() {
    Kubectl.Result r = kr("create", "configmap", "pb", "--from-literal=a=b");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("failed to create configmap").contains("application/vnd.kubernetes.protobuf")
        .contains("--dry-run=client -o yaml | kubectl apply -f -");
  }
}
