package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * {@code berth server} as the issue "Control plane" describes it: HTTPS with a generated CA and
 * token, the kubeconfig, the objects every cluster has, 401 without a token, clean SIGTERM and
 * restart with every object kept.
 */
class ServerLifecycleIT extends ServerFixture {

  @Test
  void readyzThroughKubectlPrintsOk() {
    assertThat(k("get", "--raw", "/readyz")).isEqualTo("ok");
    assertThat(k("get", "--raw", "/livez")).isEqualTo("ok");
    assertThat(k("get", "--raw", "/healthz")).isEqualTo("ok");
  }

  @Test
  void kubeconfigNamesClusterUserAndContextBerthWithTheRealPortAndEmbeddedCa() throws Exception {
    String cfg = Files.readString(server.kubeconfig());
    assertThat(cfg).contains("name: berth").contains("current-context: berth")
        .contains("server: https://127.0.0.1:" + server.port()).contains("certificate-authority-data: ");
    assertThat(server.output()).anySatisfy(l -> assertThat(l).contains(server.kubeconfig().toString()));
    assertThat(Files.exists(server.dataDir.resolve("pki/ca.crt"))).isTrue();
    assertThat(Files.exists(server.dataDir.resolve("pki/apiserver.key"))).isTrue();
  }

  @Test
  void createsTheFourNamespacesTheReadyNodeTheDefaultStorageClassAndTheKubernetesService() {
    assertThat(k("get", "ns", "-o", "name").lines())
        .contains("namespace/default", "namespace/kube-system", "namespace/kube-public", "namespace/kube-node-lease");
    assertThat(k("get", "node", "berth", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).isEqualTo("True");
    assertThat(k("get", "nodes")).contains("berth").contains("Ready").contains("control-plane");
    assertThat(k("get", "sc")).contains("local-path (default)").contains("WaitForFirstConsumer").contains("Delete");
    assertThat(k("get", "svc", "kubernetes", "-o", "jsonpath={.spec.clusterIP}")).isEqualTo("127.2.0.1");
    assertThat(k("get", "sa", "default", "-n", "kube-system", "-o", "name")).isEqualTo("serviceaccount/default\n");
  }

  @Test
  void requestsWithoutAValidTokenGet401Status() throws Exception {
    RawHttp http = new RawHttp(server.dataDir, server.url());
    HttpResponse<String> none = http.send("GET", "/api/v1/namespaces", null, null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).contains("\"kind\":\"Status\"").contains("\"reason\":\"Unauthorized\"").contains("\"code\":401");
    HttpResponse<String> wrong = http.send("GET", "/api/v1/namespaces", "not-the-token", null, null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    Kubectl.Result r = kr("--token=wrong", "get", "pods");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("You must be logged in to the server");
    assertThat(http.send("GET", "/api/v1/namespaces", server.token(), null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void versionAndApiResources() {
    assertThat(k("version", "-o", "json")).contains("\"gitVersion\": \"v1.32.0\"");
    String resources = k("api-resources");
    assertThat(resources).contains("statefulsets").contains("sts").contains("apps/v1")
        .contains("endpointslices").contains("discovery.k8s.io/v1")
        .contains("storageclasses").contains("controllerrevisions").contains("events.k8s.io/v1");
    assertThat(k("api-resources", "--namespaced=false", "-o", "name")).contains("namespaces").contains("nodes")
        .contains("persistentvolumes").contains("storageclasses.storage.k8s.io");
  }
}
