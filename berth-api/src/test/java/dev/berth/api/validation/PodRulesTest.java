package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PodRulesTest {

  static final PodRules RULES = new PodRules();

  static final String MINIMAL = """
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
       "spec":{"containers":[{"name":"app","image":"nginx","command":["/usr/bin/python3","-m","http.server","8080"],
         "ports":[{"containerPort":8080,"name":"http"}],
         "env":[{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
         "readinessProbe":{"httpGet":{"port":"http"}},
         "volumeMounts":[{"name":"cfg","mountPath":"/etc/app"},{"name":"tmp","mountPath":"/tmp"}]}],
        "volumes":[{"name":"cfg","configMap":{"name":"app-config"}},{"name":"tmp","emptyDir":{}},{"name":"cache"}]}}
      """;

  static final String DEFAULTED = """
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
       "spec":{"containers":[{"name":"app","image":"nginx","command":["/usr/bin/python3","-m","http.server","8080"],
         "imagePullPolicy":"Always","terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",
         "resources":{},
         "ports":[{"containerPort":8080,"name":"http","protocol":"TCP"}],
         "env":[{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}}],
         "readinessProbe":{"httpGet":{"port":"http","path":"/","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,
           "successThreshold":1,"failureThreshold":3},
         "volumeMounts":[{"name":"cfg","mountPath":"/etc/app"},{"name":"tmp","mountPath":"/tmp"}]}],
        "volumes":[{"name":"cfg","configMap":{"name":"app-config","defaultMode":420}},{"name":"tmp","emptyDir":{}},
          {"name":"cache","emptyDir":{}}],
        "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
        "schedulerName":"default-scheduler","securityContext":{},"enableServiceLinks":true,"priority":0,
        "preemptionPolicy":"PreemptLowerPriority","serviceAccountName":"default","serviceAccount":"default"}}
      """;

  static Pod valid() {
    Pod pod = parse(MINIMAL, Pod.class);
    RULES.applyDefaults(pod);
    return pod;
  }

  @Test
  void defaultsAMinimalPodLikeTheKubeApiserver() {
    Pod pod = parse(MINIMAL, Pod.class);
    RULES.applyDefaults(pod);
    assertThat(Json.MAPPER.readTree(Json.string(pod))).isEqualTo(Json.MAPPER.readTree(DEFAULTED));
  }

  @Test
  void pullPolicyFollowsTheTag() {
    assertThat(PodTemplateDefaults.pullPolicyFor("nginx")).isEqualTo("Always");
    assertThat(PodTemplateDefaults.pullPolicyFor("nginx:latest")).isEqualTo("Always");
    assertThat(PodTemplateDefaults.pullPolicyFor("nginx:1.27")).isEqualTo("IfNotPresent");
    assertThat(PodTemplateDefaults.pullPolicyFor("registry.local:5000/team/app")).isEqualTo("Always");
    assertThat(PodTemplateDefaults.pullPolicyFor("registry.local:5000/team/app:v2")).isEqualTo("IfNotPresent");
    assertThat(PodTemplateDefaults.pullPolicyFor("nginx@sha256:" + "a".repeat(64))).isEqualTo("IfNotPresent");
  }

  @Test
  void limitsBecomeRequestsOnPodsOnly() {
    Pod pod = parse(MINIMAL, Pod.class);
    pod.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
        .withLimits(Map.of("cpu", new Quantity("500m"))).build());
    RULES.applyDefaults(pod);
    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests()).containsEntry("cpu", new Quantity("500m"));
  }

  @Test
  void aValidPodHasNoErrors() {
    assertThat(RULES.validateCreate(valid())).isEmpty();
  }

  record Case(String name, Consumer<Pod> change, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Probe probe() {
    return new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(8080)).endTcpSocket().build();
  }

  static Stream<Case> invalid() {
    String label = NameValidationTest.LABEL;
    return Stream.of(
        new Case("no containers", p -> p.getSpec().setContainers(List.of()), List.of("spec.containers: Required value")),
        new Case("no image", p -> p.getSpec().getContainers().get(0).setImage(null), List.of("spec.containers[0].image: Required value")),
        new Case("bad container name", p -> p.getSpec().getContainers().get(0).setName("Web_1"),
            List.of("spec.containers[0].name: Invalid value: \"Web_1\": " + label)),
        new Case("init container reuses a container name", p -> p.getSpec().setInitContainers(List.of(
            new ContainerBuilder().withName("app").withImage("busybox").withImagePullPolicy("IfNotPresent").withTerminationMessagePolicy("File").build())),
            List.of("spec.initContainers[0].name: Duplicate value: \"app\"")),
        new Case("port out of range", p -> p.getSpec().getContainers().get(0).getPorts().get(0).setContainerPort(70000),
            List.of("spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive")),
        new Case("port name too long", p -> p.getSpec().getContainers().get(0).getPorts().get(0).setName("a-very-long-port"),
            List.of("spec.containers[0].ports[0].name: Invalid value: \"a-very-long-port\": must be no more than 15 characters")),
        new Case("duplicate port name", p -> p.getSpec().getContainers().get(0).getPorts().add(
            new io.fabric8.kubernetes.api.model.ContainerPortBuilder().withName("http").withContainerPort(9090).withProtocol("TCP").build()),
            List.of("spec.containers[0].ports[1].name: Duplicate value: \"http\"")),
        new Case("env name", p -> p.getSpec().getContainers().get(0).getEnv().get(0).setName("1POD"),
            List.of("spec.containers[0].env[0].name: Invalid value: \"1POD\": a valid environment variable name must consist of "
                + "alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or "
                + "'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")),
        new Case("mount of a missing volume", p -> p.getSpec().getContainers().get(0).getVolumeMounts().add(
            new VolumeMountBuilder().withName("data").withMountPath("/data").build()),
            List.of("spec.containers[0].volumeMounts[2].name: Not found: \"data\"")),
        new Case("two volume sources", p -> p.getSpec().getVolumes().get(1).setHostPath(
            new io.fabric8.kubernetes.api.model.HostPathVolumeSource("/srv", "")),
            List.of("spec.volumes[1].hostPath: Forbidden: may not specify more than 1 volume type",
                "spec.containers[0].volumeMounts[1].name: Not found: \"tmp\"")),
        new Case("duplicate volume", p -> p.getSpec().getVolumes().add(new VolumeBuilder().withName("cfg").withNewEmptyDir().endEmptyDir().build()),
            List.of("spec.volumes[3].name: Duplicate value: \"cfg\"")),
        new Case("restart policy", p -> p.getSpec().setRestartPolicy("Sometimes"),
            List.of("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"")),
        new Case("dns policy", p -> p.getSpec().setDnsPolicy("Cluster"), List.of("spec.dnsPolicy: Unsupported value: \"Cluster\": "
            + "supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"")),
        new Case("negative grace period", p -> p.getSpec().setTerminationGracePeriodSeconds(-1L),
            List.of("spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0")),
        new Case("liveness success threshold", p -> {
          Probe probe = probe();
          PodTemplateDefaults.applyProbe(probe);
          probe.setSuccessThreshold(2);
          p.getSpec().getContainers().get(0).setLivenessProbe(probe);
        }, List.of("spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1")),
        new Case("probe without handler", p -> p.getSpec().getContainers().get(0).setReadinessProbe(new ProbeBuilder()
            .withPeriodSeconds(10).withTimeoutSeconds(1).withSuccessThreshold(1).withFailureThreshold(3).build()),
            List.of("spec.containers[0].readinessProbe: Required value: must specify a handler type")),
        new Case("restartPolicy on a regular container", p -> p.getSpec().getContainers().get(0).setRestartPolicy("Always"),
            List.of("spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers")),
        new Case("init container restartPolicy other than Always", p -> p.getSpec().setInitContainers(List.of(init("OnFailure", null))),
            List.of("spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"")),
        new Case("probe on a plain init container", p -> p.getSpec().setInitContainers(List.of(init(null, probe()))),
            List.of("spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always")),
        new Case("runAsUser", p -> p.getSpec().getSecurityContext().setRunAsUser(-1L),
            List.of("spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive")),
        new Case("container runAsGroup", p -> p.getSpec().getContainers().get(0).setSecurityContext(
            new io.fabric8.kubernetes.api.model.SecurityContextBuilder().withRunAsGroup(-5L).build()),
            List.of("spec.containers[0].securityContext.runAsGroup: Invalid value: -5: must be between 0 and 2147483647, inclusive")),
        new Case("request above limit", p -> p.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .withLimits(Map.of("cpu", new Quantity("1"))).withRequests(Map.of("cpu", new Quantity("2"))).build()),
            List.of("spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1")),
        new Case("unknown resource", p -> p.getSpec().getContainers().get(0).setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .withRequests(Map.of("gpu", new Quantity("1"))).build()),
            List.of("spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified",
                "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource for containers")),
        new Case("toleration without key", p -> p.getSpec().setTolerations(List.of(new TolerationBuilder().withOperator("Equal").withValue("x").build())),
            List.of("spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means "
                + "\"match all values and all keys\"")),
        new Case("hostname", p -> p.getSpec().setHostname("web.0"), List.of("spec.hostname: Invalid value: \"web.0\": must not contain dots")),
        new Case("image with spaces", p -> p.getSpec().getContainers().get(0).setImage(" nginx"),
            List.of("spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace")));
  }

  static io.fabric8.kubernetes.api.model.Container init(String restartPolicy, Probe readiness) {
    var c = new ContainerBuilder().withName("setup").withImage("busybox").withCommand("true").withRestartPolicy(restartPolicy)
        .withReadinessProbe(readiness).build();
    PodTemplateDefaults.applyContainer(c);
    return c;
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsWithUpstreamPathAndMessage(Case c) {
    Pod pod = valid();
    c.change().accept(pod);
    assertThat(lines(RULES.validateCreate(pod))).as("errors for %s", c).isEqualTo(c.expected());
  }

  @Test
  void acceptsASidecarInitContainerWithProbes() {
    Pod pod = valid();
    pod.getSpec().setInitContainers(List.of(init("Always", probe())));
    PodTemplateDefaults.applyProbe(pod.getSpec().getInitContainers().get(0).getReadinessProbe());
    assertThat(RULES.validateCreate(pod)).isEmpty();
  }

  static Pod stored() {
    Pod pod = valid();
    pod.getMetadata().setUid("u-1");
    pod.getMetadata().setResourceVersion("5");
    return pod;
  }

  @Test
  void updatesMayChangeImagesLabelsAndAddTolerations() {
    Pod old = stored();
    Pod pod = Manifests.copy(old, Pod.class);
    pod.getSpec().getContainers().get(0).setImage("nginx:1.27");
    pod.getMetadata().setLabels(Map.of("tier", "web"));
    pod.getSpec().setTolerations(List.of(new TolerationBuilder().withKey("k").withOperator("Exists").build()));
    pod.getSpec().setActiveDeadlineSeconds(60L);
    assertThat(RULES.validateUpdate(pod, old)).isEmpty();
  }

  @Test
  void zeroValuesSentExplicitlyAreNoChange() {
    Pod old = stored();
    Pod pod = Manifests.copy(old, Pod.class);
    pod.getSpec().setHostNetwork(false);
    pod.getSpec().getContainers().get(0).setStdin(false);
    pod.getSpec().getContainers().get(0).getVolumeMounts().get(0).setReadOnly(false);
    assertThat(RULES.validateUpdate(pod, old)).as("Go sees false and absent alike").isEmpty();
  }

  @Test
  void updatesMayNotChangeOtherSpecFields() {
    Pod old = stored();
    Pod pod = Manifests.copy(old, Pod.class);
    pod.getSpec().setRestartPolicy("Never");
    List<String> errors = lines(RULES.validateUpdate(pod, old));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
        + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
        + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n");
    assertThat(errors.get(0)).contains("- \t\"restartPolicy\": \"Always\",", "+ \t\"restartPolicy\": \"Never\",");
  }

  @Test
  void updatesMayNotAddContainersOrRaiseTheDeadline() {
    Pod old = stored();
    old.getSpec().setActiveDeadlineSeconds(30L);
    Pod more = Manifests.copy(old, Pod.class);
    more.getSpec().getContainers().add(init(null, null));
    assertThat(lines(RULES.validateUpdate(more, old))).containsExactly("spec.containers: Forbidden: pod updates may not add or remove containers");
    Pod later = Manifests.copy(old, Pod.class);
    later.getSpec().setActiveDeadlineSeconds(60L);
    assertThat(lines(RULES.validateUpdate(later, old)))
        .containsExactly("spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value");
  }

  @Test
  void warnsAboutImagesAndMissingCommands() {
    Pod pod = valid();
    pod.getSpec().getContainers().add(init(null, null));
    pod.getSpec().getContainers().get(1).setCommand(List.of());
    pod.getSpec().getContainers().get(1).setImage("nginx:1.27");
    pod.getSpec().setNodeSelector(Map.of("disk", "ssd"));
    assertThat(RULES.warnings(pod)).containsExactly(
        "spec.containers[0].image: berth runs no images; \"nginx\" is recorded but not pulled, and the container's command runs as a host process",
        "spec.containers[1].image: berth runs no images; \"nginx:1.27\" is recorded but not pulled, and the container's command runs as a host process",
        "spec.containers[1].command: not set: berth has no image entrypoint to fall back on, so container \"setup\" cannot run; "
            + "set command to a program on this host (the node agent reports the same)",
        "spec.nodeSelector: has no effect: berth is a single node and every pod runs on it");
  }
}
