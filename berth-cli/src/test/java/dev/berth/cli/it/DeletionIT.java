package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Deletion as spec/api-server.md §12 describes it: propagation policies through the garbage
 * collector, finalizers holding an object with a deletionTimestamp, and namespace deletion.
 * Dependents are made by hand with ownerReferences (the workload controllers come later).
 */
class DeletionIT extends ServerFixture {

  private String owner(String name) {
    apply("""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: %s}
        spec:
          replicas: 0
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec: {containers: [{name: c, image: busybox, command: [sleep, "1"]}]}
        """.formatted(name, name, name));
    String uid = k("get", "rs", name, "-o", "jsonpath={.metadata.uid}");
    for (int i = 0; i < 2; i++) {
      apply("""
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: %s-dep-%d
            labels: {owner: %s}
            ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: %s, uid: %s, controller: true, blockOwnerDeletion: true}]
          """.formatted(name, i, name, name, uid));
    }
    return uid;
  }

  private int dependents(String name) {
    String out = k("get", "cm", "-l", "owner=" + name, "-o", "name");
    return (int) out.lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void backgroundDeletionRemovesTheOwnerAtOnceAndTheCollectorItsDependents() throws Exception {
    owner("bg");
    assertThat(dependents("bg")).isEqualTo(2);
    k("delete", "rs", "bg", "--cascade=background");
    assertThat(kr("get", "rs", "bg").exit()).isNotZero();
    assertThat(eventually(Duration.ofSeconds(20), () -> dependents("bg") == 0)).isTrue();
  }

  @Test
  void foregroundDeletionRemovesDependentsFirst() {
    owner("fg");
    String out = k("delete", "rs", "fg", "--cascade=foreground", "--timeout=60s");
    assertThat(out).contains("deleted");
    assertThat(dependents("fg")).isZero();
    assertThat(kr("get", "rs", "fg").exit()).isNotZero();
  }

  @Test
  void orphanDeletionKeepsDependentsAndDropsTheirOwnerReference() {
    owner("or");
    k("delete", "rs", "or", "--cascade=orphan", "--timeout=60s");
    assertThat(kr("get", "rs", "or").exit()).isNotZero();
    assertThat(dependents("or")).isEqualTo(2);
    assertThat(k("get", "cm", "or-dep-0", "-o", "jsonpath={.metadata.ownerReferences}")).isEmpty();
  }

  @Test
  void aFinalizerHoldsTheObjectUntilItIsRemoved() throws Exception {
    apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\n");
    k("delete", "cm", "held", "--wait=false");
    assertThat(k("get", "cm", "held", "-o", "jsonpath={.metadata.deletionTimestamp}")).isNotEmpty();
    assertThat(kr("patch", "cm", "held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":[\"example.com/hold\",\"example.com/new\"]}}").exit())
        .as("no new finalizers once deletion started").isNotZero();
    k("patch", "cm", "held", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    assertThat(eventually(Duration.ofSeconds(5), () -> kr("get", "cm", "held").exit() != 0)).isTrue();
  }

  @Test
  void deleteWithPreconditionsAndDryRun() throws Exception {
    apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: pre}\n");
    assertThat(k("delete", "cm", "pre", "--dry-run=server")).contains("deleted (server dry run)");
    assertThat(k("get", "cm", "pre", "-o", "name")).contains("configmap/pre");
    RawHttp http = new RawHttp(server.dataDir, server.url());
    var r = http.send("DELETE", "/api/v1/namespaces/default/configmaps/pre", server.token(), "application/json",
        "{\"preconditions\":{\"uid\":\"00000000-0000-0000-0000-000000000000\"}}");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("Precondition failed");
  }

  @Test
  void deletingANamespaceRemovesWhatItHolds() {
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: doomed}\n");
    apply("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a, namespace: doomed}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: b, namespace: doomed}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: c, namespace: doomed}
        spec: {ports: [{port: 80}]}
        """);
    assertThat(k("delete", "namespace", "doomed", "--timeout=60s")).contains("namespace \"doomed\" deleted");
    assertThat(kr("get", "ns", "doomed").exit()).isNotZero();
    assertThat(k("get", "cm,secret,svc", "-n", "doomed", "-o", "name")).isEmpty();
  }

  @Test
  void creatingInATerminatingNamespaceIsForbidden() throws Exception {
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: closing}\n");
    apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: pin, namespace: closing, finalizers: [example.com/hold]}\n");
    k("delete", "namespace", "closing", "--wait=false");
    assertThat(eventually(Duration.ofSeconds(10), () -> k("get", "ns", "closing", "-o", "jsonpath={.status.phase}").equals("Terminating"))).isTrue();
    Kubectl.Result r = apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: late, namespace: closing}\n");
    assertThat(r.err()).contains("Forbidden").contains("because it is being terminated");
    k("patch", "cm", "pin", "-n", "closing", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    assertThat(eventually(Duration.ofSeconds(30), () -> kr("get", "ns", "closing").exit() != 0)).isTrue();
  }
}
