package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * In-cluster API access and service environment variables (issue 5; spec/kubelet.md §7.6,
 * spec/services-dns.md §5): a new namespace gets its {@code default} ServiceAccount and the
 * {@code kube-root-ca.crt} ConfigMap; a pod gets the {@code kube-api-access} volume, and the real
 * kubectl inside it, with no kubeconfig, reaches the API through the {@code kubernetes} Service
 * (127.2.0.1:443, served by the service proxy), authenticates with the pod's token and trusts the
 * API by the projected {@code ca.crt}.
 */
class InClusterIT extends ServerFixture {

  @Test
  void aNewNamespaceGetsTheDefaultServiceAccountAndTheRootCa() throws Exception {
    apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n");
    assertThat(eventually(Duration.ofSeconds(30), () -> kr("get", "serviceaccount", "default", "-n", "team").exit() == 0
        && kr("get", "configmap", "kube-root-ca.crt", "-n", "team").exit() == 0)).isTrue();
    String ca = Files.readString(server.dataDir.resolve("pki/ca.crt"));
    assertThat(k("get", "configmap", "kube-root-ca.crt", "-n", "team", "-o", "jsonpath={.data.ca\\.crt}").strip())
        .isEqualTo(ca.strip());
    // kubectl create token sends protobuf, which berth does not decode: the same TokenRequest as JSON
    Path request = Files.createTempFile("token-request", ".json");
    Files.writeString(request, "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\","
        + "\"spec\":{\"expirationSeconds\":600}}");
    String token = dev.berth.api.Json.parse(k("create", "--raw", "/api/v1/namespaces/team/serviceaccounts/default/token", "-f",
        request.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("status").path("token").asString();
    assertThat(token).startsWith("eyJ");
    assertThat(k("--token", token, "get", "namespaces", "-o", "name")).as("a service-account token is cluster-admin")
        .contains("namespace/team");
  }

  @Test
  void kubectlInsideAPodUsesTheServiceAccountTokenAndSeesTheServiceVariables() throws Exception {
    apply("""
        apiVersion: v1
        kind: Service
        metadata: {name: web-front}
        spec:
          selector: {app: nothing}
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client}
        spec:
          restartPolicy: Never
          containers:
          - name: c
            image: bitnami/kubectl
            env: [{name: HOME, value: /tmp}, {name: API, value: "%s"}]
            command:
            - sh
            - -c
            - |
              d=/var/run/secrets/kubernetes.io/serviceaccount
              echo "files: $(ls $d | tr '\\n' ' ')"
              echo "namespace: $(cat $d/namespace)"
              env | grep -E '^(KUBERNETES|WEB_FRONT)_' | sort
              # no kubeconfig: in-cluster config, https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT (the proxy
              # serves the kubernetes Service), the token and ca.crt of the kube-api-access volume
              kubectl get pods -o name && echo "in-cluster kubectl: ok"
              kubectl --server "$API" --token "$(cat $d/token)" --certificate-authority $d/ca.crt get pods -o name >/dev/null \
                && echo "kubectl to the API's own address: ok"
        """.formatted(server.url()));
    String svcIp = k("get", "service", "web-front", "-o", "jsonpath={.spec.clusterIP}");
    assertThat(eventually(Duration.ofSeconds(90), () -> k("get", "pod", "client", "-o", "jsonpath={.status.phase}")
        .equals("Succeeded"))).as("the client pod ends well: %s", kr("logs", "client").out()).isTrue();
    String logs = k("logs", "client");
    assertThat(logs).contains("files: ca.crt namespace token").contains("namespace: default")
        .contains("KUBERNETES_SERVICE_HOST=127.2.0.1").contains("KUBERNETES_SERVICE_PORT=443")
        .contains("KUBERNETES_SERVICE_PORT_HTTPS=443").contains("KUBERNETES_PORT=tcp://127.2.0.1:443")
        .contains("WEB_FRONT_SERVICE_HOST=" + svcIp).contains("WEB_FRONT_SERVICE_PORT_HTTP=80")
        .contains("WEB_FRONT_PORT_80_TCP=tcp://" + svcIp + ":80")
        .contains("pod/client").contains("in-cluster kubectl: ok").contains("kubectl to the API's own address: ok");
    assertThat(k("get", "pod", "client", "-o", "jsonpath={.spec.volumes[0].name} {.spec.containers[0].volumeMounts[0].mountPath}"))
        .matches("kube-api-access-[a-z0-9]{5} /var/run/secrets/kubernetes.io/serviceaccount");
    k("delete", "pod", "client", "--timeout=60s");
  }

  @Test
  void withoutAutomountAndServiceLinksAPodGetsNeitherTokenNorOtherServices() throws Exception {
    apply("""
        apiVersion: v1
        kind: Service
        metadata: {name: other}
        spec:
          ports: [{port: 81}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: quiet}
        spec:
          restartPolicy: Never
          automountServiceAccountToken: false
          enableServiceLinks: false
          containers:
          - name: c
            image: busybox
            command: [sh, -c, "ls /var/run/secrets/kubernetes.io/serviceaccount/token 2>&1 || true; env | grep -E '_SERVICE_HOST=' | sort"]
        """);
    assertThat(eventually(Duration.ofSeconds(60), () -> k("get", "pod", "quiet", "-o", "jsonpath={.status.phase}")
        .equals("Succeeded"))).isTrue();
    String logs = k("logs", "quiet");
    assertThat(logs).contains("KUBERNETES_SERVICE_HOST=127.2.0.1").doesNotContain("OTHER_SERVICE_HOST");
    assertThat(k("get", "pod", "quiet", "-o", "jsonpath={.spec.volumes}")).isEmpty();
    k("delete", "pod", "quiet", "--timeout=60s");
  }
}
