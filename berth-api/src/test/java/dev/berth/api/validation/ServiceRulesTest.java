package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceRulesTest {

  static final ServiceRules RULES = new ServiceRules();

  /** The governing headless Service of the StatefulSet tutorial. */
  static final String HEADLESS = """
      {"apiVersion":"v1","kind":"Service","metadata":{"name":"nginx","namespace":"default","labels":{"app":"nginx"}},
       "spec":{"ports":[{"port":80,"name":"web"}],"clusterIP":"None","selector":{"app":"nginx"}}}
      """;

  /** The NodePort example of the Service concept page. */
  static final String NODE_PORT = """
      {"apiVersion":"v1","kind":"Service","metadata":{"name":"my-service","namespace":"default"},
       "spec":{"type":"NodePort","selector":{"app.kubernetes.io/name":"MyApp"},
        "ports":[{"port":80,"targetPort":80,"nodePort":30007}]}}
      """;

  static final String CLUSTER_IP = """
      {"apiVersion":"v1","kind":"Service","metadata":{"name":"api","namespace":"default"},
       "spec":{"selector":{"app":"api"},"ports":[{"port":80}]}}
      """;

  static Service defaulted(String json) {
    Service svc = parse(json, Service.class);
    RULES.applyDefaults(svc);
    return svc;
  }

  @Test
  void defaultsAClusterIpService() {
    assertThat(Json.MAPPER.readTree(Json.string(defaulted(CLUSTER_IP)).getBytes()).get("spec")).isEqualTo(Json.MAPPER.readTree("""
        {"selector":{"app":"api"},"ports":[{"port":80,"protocol":"TCP","targetPort":80}],"type":"ClusterIP",
         "sessionAffinity":"None","internalTrafficPolicy":"Cluster","ipFamilyPolicy":"SingleStack","ipFamilies":["IPv4"]}
        """));
  }

  @Test
  void defaultsHeadlessNodePortClientIpAndExternalNameServices() {
    Service headless = defaulted(HEADLESS);
    assertThat(headless.getSpec().getClusterIPs()).containsExactly("None");
    assertThat(headless.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
    Service noSelector = defaulted(HEADLESS.replace(",\"selector\":{\"app\":\"nginx\"}", ""));
    assertThat(noSelector.getSpec().getIpFamilyPolicy()).as("upstream's allocator for selector-less headless services").isEqualTo("RequireDualStack");
    assertThat(noSelector.getSpec().getIpFamilies()).containsExactly("IPv4");
    Service nodePort = defaulted(NODE_PORT);
    assertThat(nodePort.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(nodePort.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
    Service sticky = defaulted(CLUSTER_IP.replace("\"selector\"", "\"sessionAffinity\":\"ClientIP\",\"selector\""));
    assertThat(sticky.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds()).isEqualTo(10800);
    Service lb = defaulted(NODE_PORT.replace("NodePort", "LoadBalancer"));
    assertThat(lb.getSpec().getAllocateLoadBalancerNodePorts()).isTrue();
    assertThat(lb.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(RULES.validateCreate(lb)).isEmpty();
    Service external = defaulted("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"db","namespace":"default"},
         "spec":{"type":"ExternalName","externalName":"db.example.com"}}
        """);
    assertThat(external.getSpec().getIpFamilies()).isEmpty();
    assertThat(external.getSpec().getIpFamilyPolicy()).isNull();
    assertThat(external.getSpec().getInternalTrafficPolicy()).isNull();
    assertThat(RULES.validateCreate(external)).isEmpty();
  }

  @Test
  void upstreamStyleServicesAreValid() {
    assertThat(RULES.validateCreate(defaulted(HEADLESS))).isEmpty();
    assertThat(RULES.validateCreate(defaulted(NODE_PORT))).isEmpty();
    assertThat(RULES.validateCreate(defaulted(CLUSTER_IP))).isEmpty();
  }

  record Case(String name, String json, Consumer<Service> change, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> invalid() {
    return Stream.of(
        new Case("name with underscore", CLUSTER_IP, s -> s.getMetadata().setName("my_svc"),
            List.of("metadata.name: Invalid value: \"my_svc\": a DNS-1035 label must consist of lower case alphanumeric characters "
                + "or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
                + "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")),
        new Case("no ports", CLUSTER_IP, s -> s.getSpec().setPorts(List.of()), List.of("spec.ports: Required value")),
        new Case("unnamed ports", CLUSTER_IP, s -> s.getSpec().getPorts().add(port(null, 81)),
            List.of("spec.ports[0].name: Required value", "spec.ports[1].name: Required value")),
        new Case("duplicate port names", HEADLESS, s -> s.getSpec().getPorts().add(port("web", 81)),
            List.of("spec.ports[1].name: Duplicate value: \"web\"")),
        new Case("protocol", CLUSTER_IP, s -> s.getSpec().getPorts().get(0).setProtocol("HTTP"),
            List.of("spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")),
        new Case("port out of range", CLUSTER_IP, s -> s.getSpec().getPorts().get(0).setPort(70000),
            List.of("spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive")),
        new Case("target port name", CLUSTER_IP, s -> s.getSpec().getPorts().get(0).setTargetPort(new IntOrString("http_port")),
            List.of("spec.ports[0].targetPort: Invalid value: \"http_port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")),
        new Case("nodePort on ClusterIP", CLUSTER_IP, s -> s.getSpec().getPorts().get(0).setNodePort(30080),
            List.of("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'")),
        new Case("nodePort out of range", NODE_PORT, s -> s.getSpec().getPorts().get(0).setNodePort(80),
            List.of("spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767")),
        new Case("headless NodePort", HEADLESS.replace("\"ports\"", "\"type\":\"NodePort\",\"ports\""), s -> {},
            List.of("spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services")),
        new Case("ExternalName without a name", CLUSTER_IP.replace("\"selector\":{\"app\":\"api\"},", "\"type\":\"ExternalName\","), s -> {},
            List.of("spec.externalName: Required value")),
        new Case("session affinity", CLUSTER_IP, s -> s.getSpec().setSessionAffinity("Sticky"),
            List.of("spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\"")),
        new Case("affinity timeout", CLUSTER_IP.replace("\"selector\"", "\"sessionAffinity\":\"ClientIP\",\"selector\""),
            s -> s.getSpec().getSessionAffinityConfig().getClientIP().setTimeoutSeconds(0),
            List.of("spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400")),
        new Case("same port twice", HEADLESS, s -> s.getSpec().getPorts().add(port("web2", 80)),
            List.of("spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, "
                + "TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}")),
        new Case("type", CLUSTER_IP.replace("\"selector\"", "\"type\":\"Ingress\",\"selector\""), s -> {},
            List.of("spec.type: Unsupported value: \"Ingress\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")),
        new Case("clusterIP not an IP", CLUSTER_IP.replace("\"selector\"", "\"clusterIP\":\"10.0.0.300\",\"selector\""), s -> {},
            List.of("spec.clusterIPs[0]: Invalid value: \"10.0.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")));
  }

  static io.fabric8.kubernetes.api.model.ServicePort port(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP").withTargetPort(new IntOrString(port)).build();
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsWithUpstreamPathAndMessage(Case c) {
    Service svc = defaulted(c.json());
    svc.getSpec().setPorts(new ArrayList<>(svc.getSpec().getPorts()));
    c.change().accept(svc);
    assertThat(lines(RULES.validateCreate(svc))).as("errors for %s", c).isEqualTo(c.expected());
  }

  static Service allocated() {
    Service svc = defaulted(CLUSTER_IP);
    svc.getSpec().setClusterIP("127.2.0.5");
    svc.getSpec().setClusterIPs(List.of("127.2.0.5"));
    svc.getMetadata().setUid("u-1");
    return svc;
  }

  @Test
  void theClusterIpIsImmutable() {
    Service old = allocated();
    Service svc = Manifests.copy(old, Service.class);
    svc.getSpec().setClusterIP("127.2.0.6");
    svc.getSpec().setClusterIPs(List.of("127.2.0.6"));
    assertThat(lines(RULES.validateUpdate(svc, old))).containsExactly("spec.clusterIPs[0]: Invalid value: []string{\"127.2.0.6\"}: may not change once set");
  }

  @Test
  void aPutWithoutTheClusterIpKeepsTheAllocatedOne() {
    Service old = allocated();
    Service svc = defaulted(CLUSTER_IP);
    ServiceRules.keepAllocatedValues(svc, old);
    assertThat(svc.getSpec().getClusterIP()).isEqualTo("127.2.0.5");
    assertThat(RULES.validateUpdate(svc, old)).isEmpty();
  }

  @Test
  void theClusterIpMayGoToAndComeFromExternalName() {
    Service old = allocated();
    Service external = defaulted("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"api","namespace":"default","uid":"u-1"},
         "spec":{"type":"ExternalName","externalName":"api.example.com"}}
        """);
    assertThat(RULES.validateUpdate(external, old)).isEmpty();
    Service back = Manifests.copy(old, Service.class);
    back.getSpec().setClusterIP("127.2.0.9");
    back.getSpec().setClusterIPs(List.of("127.2.0.9"));
    assertThat(RULES.validateUpdate(back, external)).isEmpty();
  }
}
