package dev.berth.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Endpoints and EndpointSlices (issue 5; spec/services-dns.md §2) through kubectl: a Service over
 * two real pods publishes both pod IPs once their readiness probes pass, and forgets a pod that is
 * deleted.
 */
class EndpointsIT extends ServerFixture {

  private static String pod(String name) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, labels: {app: web}}
        spec:
          containers:
          - name: c
            image: python
            command: ["python3", "-m", "http.server", "--bind", "$(POD_IP)", "8080"]
            env: [{name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
            ports: [{name: http, containerPort: 8080}]
            readinessProbe: {httpGet: {port: http, path: /}, periodSeconds: 1}
        """.formatted(name);
  }

  private static List<String> words(String s) {
    return s.isBlank() ? List.of() : Arrays.stream(s.trim().split("\\s+")).sorted().toList();
  }

  @Test
  void aServicePublishesItsReadyPodsAndForgetsADeletedOne() throws Exception {
    apply(pod("web-a") + "---\n" + pod("web-b") + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, labels: {tier: front}}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: http}]
        """);
    assertThat(k("wait", "--for=condition=Ready", "pod/web-a", "pod/web-b", "--timeout=90s")).contains("condition met");
    String a = k("get", "pod", "web-a", "-o", "jsonpath={.status.podIP}");
    String b = k("get", "pod", "web-b", "-o", "jsonpath={.status.podIP}");
    List<String> both = List.of(a, b).stream().sorted().toList();

    String readyInSlice = "jsonpath={.items[*].endpoints[?(@.conditions.ready==true)].addresses[0]}";
    assertThat(eventually(Duration.ofSeconds(30), () -> words(k("get", "endpointslices", "-l",
        "kubernetes.io/service-name=web", "-o", readyInSlice)).equals(both)))
        .as("both pod IPs ready in the slice: %s", k("get", "endpointslices", "-o", "yaml")).isTrue();
    assertThat(words(k("get", "endpoints", "web", "-o", "jsonpath={.subsets[*].addresses[*].ip}"))).isEqualTo(both);
    assertThat(k("get", "endpoints", "web", "-o", "jsonpath={.subsets[0].ports[0].port}")).isEqualTo("8080");

    String slices = k("get", "endpointslices", "-l", "kubernetes.io/service-name=web");
    assertThat(slices).containsPattern("NAME\\s+ADDRESSTYPE\\s+PORTS\\s+ENDPOINTS\\s+AGE")
        // the endpoints in a slice come in the controller's order, as upstream's (no order is promised)
        .containsPattern("web-[a-z0-9]{5}\\s+IPv4\\s+8080\\s+(" + String.join(",", both).replace(".", "\\.") + "|"
            + String.join(",", both.reversed()).replace(".", "\\.") + ")\\s");
    String endpoints = k("get", "endpoints", "web");
    assertThat(endpoints).containsPattern("NAME\\s+ENDPOINTS\\s+AGE").contains(both.get(0) + ":8080").contains(both.get(1) + ":8080");
    assertThat(k("get", "endpointslices", "-l", "kubernetes.io/service-name=web", "-o",
        "jsonpath={.items[0].metadata.labels.endpointslice\\.kubernetes\\.io/managed-by} {.items[0].metadata.labels.tier} "
            + "{.items[0].metadata.ownerReferences[0].kind}/{.items[0].metadata.ownerReferences[0].name}"))
        .isEqualTo("endpointslice-controller.k8s.io front Service/web");

    k("delete", "pod", "web-a", "--timeout=60s");
    assertThat(eventually(Duration.ofSeconds(30), () -> words(k("get", "endpointslices", "-l",
        "kubernetes.io/service-name=web", "-o", "jsonpath={.items[*].endpoints[*].addresses[0]}")).equals(List.of(b))))
        .as("the deleted pod is gone from the slice").isTrue();
    assertThat(eventually(Duration.ofSeconds(30), () -> words(k("get", "endpoints", "web", "-o",
        "jsonpath={.subsets[*].addresses[*].ip} {.subsets[*].notReadyAddresses[*].ip}")).equals(List.of(b)))).isTrue();

    k("delete", "service", "web");
    assertThat(eventually(Duration.ofSeconds(30), () -> kr("get", "endpoints", "web").exit() != 0
        && k("get", "endpointslices", "-l", "kubernetes.io/service-name=web", "-o", "name").isBlank()))
        .as("the Endpoints deleted with the service, the slices collected through their owner").isTrue();
    k("delete", "pod", "web-b", "--timeout=60s");
  }
}
