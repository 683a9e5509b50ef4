package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SIGTERM stops the server cleanly (exit 0) and a restart on the same data dir keeps every object. */
class RestartIT extends ServerFixture {

  @Test
  void sigtermStopsCleanlyAndARestartKeepsEveryObject() throws Exception {
    apply("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: keepme}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: kept, namespace: keepme, labels: {a: b}}
        data: {k: v}
        """);
    String uid = k("get", "cm", "kept", "-n", "keepme", "-o", "jsonpath={.metadata.uid}");
    String rv = k("get", "cm", "kept", "-n", "keepme", "-o", "jsonpath={.metadata.resourceVersion}");
    int exit = server.stop();
    assertThat(exit).isZero();
    assertThat(server.output()).anySatisfy(l -> assertThat(l).contains("berth: stopped"));
    server.startProcess();
    kubectl = new Kubectl(server.kubeconfig(), Kubectl.tempCache());
    assertThat(k("get", "cm", "kept", "-n", "keepme", "-o", "jsonpath={.metadata.uid} {.data.k} {.metadata.resourceVersion}"))
        .isEqualTo(uid + " v " + rv);
    apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: after, namespace: keepme}\n");
    long newRv = Long.parseLong(k("get", "cm", "after", "-n", "keepme", "-o", "jsonpath={.metadata.resourceVersion}"));
    assertThat(newRv).as("resourceVersion keeps growing across restarts").isGreaterThan(Long.parseLong(rv));
  }
}
