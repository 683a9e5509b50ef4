package dev.berth.node.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A container's environment ({@code spec/kubelet.md} §6.1). */
class ContainerEnvTest {
  static final Map<String, Quantity> ALLOCATABLE = Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"),
      "ephemeral-storage", new Quantity("100Gi"));

  static Pod pod(Container c) {
    return new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").withUid("uid-1")
        .addToLabels("app", "web").addToAnnotations("team", "core").endMetadata().withNewSpec().withNodeName("berth")
        .withServiceAccountName("web-sa").withEnableServiceLinks(true).withContainers(c).endSpec().build();
  }

  static EnvResult build(Container c, TestSources sources) {
    return ContainerEnv.build(pod(c), c, sources, List.of("127.1.0.5"), List.of("127.0.0.1"), ALLOCATABLE);
  }

  static Map<String, String> env(EnvResult r) {
    assertThat(r).isInstanceOf(EnvResult.Resolved.class);
    Map<String, String> m = new LinkedHashMap<>();
    for (EnvVar e : ((EnvResult.Resolved) r).env()) {
      assertThat(m).as("each name once").doesNotContainKey(e.getName());
      m.put(e.getName(), e.getValue());
    }
    return m;
  }

  static ContainerBuilder app() {
    return new ContainerBuilder().withName("app").withImage("busybox:1.36").withCommand("sleep", "1");
  }

  @Test
  void envFromThenEnvThenServiceLinksInUpstreamPrecedence() {
    TestSources s = new TestSources().kubernetes().service("shop", "db", "10.43.0.20", TestSources.port("pg", 5432, "TCP"))
        .configMap("shop", "base", Map.of("MODE", "dev", "LEVEL", "1"))
        .configMap("shop", "over", Map.of("MODE", "prod"))
        .secret("shop", "creds", Map.of("PASSWORD", "s3cret"));
    Container c = app().addNewEnvFrom().withNewConfigMapRef().withName("base").endConfigMapRef().endEnvFrom()
        .addNewEnvFrom().withNewConfigMapRef().withName("over").endConfigMapRef().endEnvFrom()
        .addNewEnvFrom().withPrefix("DB_").withNewSecretRef().withName("creds").endSecretRef().endEnvFrom()
        .addNewEnv().withName("LEVEL").withValue("2").endEnv()
        .addNewEnv().withName("URL").withValue("postgres://$(DB_SERVICE_HOST):$(DB_SERVICE_PORT)/$(MODE)").endEnv()
        .addNewEnv().withName("DB_SERVICE_PORT").withValue("6432").endEnv()
        .build();
    Map<String, String> env = env(build(c, s));
    assertThat(List.copyOf(env.keySet()).subList(0, 5)).as("first definitions keep their place")
        .containsExactly("LEVEL", "MODE", "DB_PASSWORD", "URL", "DB_SERVICE_PORT");
    assertThat(env).containsEntry("MODE", "prod").containsEntry("LEVEL", "2").containsEntry("DB_PASSWORD", "s3cret")
        .containsEntry("URL", "postgres://10.43.0.20:5432/prod")
        .containsEntry("DB_SERVICE_PORT", "6432")
        .containsEntry("DB_SERVICE_HOST", "10.43.0.20")
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.43.0.1");
    assertThat(List.copyOf(env.keySet()).indexOf("DB_SERVICE_HOST")).as("service links after the container's own variables")
        .isGreaterThan(4);
  }

  @Test
  void anEnvFromKeyReplacesTheServiceVariableOfTheSameName() {
    // services-dns.md §5.4: service variables < envFrom < env; the service copy is dropped, no duplicate names
    TestSources s = new TestSources().kubernetes().configMap("shop", "cfg", Map.of("KUBERNETES_SERVICE_HOST", "api.example"));
    Container c = app().addNewEnvFrom().withNewConfigMapRef().withName("cfg").endConfigMapRef().endEnvFrom().build();
    List<String> names = ((EnvResult.Resolved) build(c, s)).env().stream().map(e -> e.getName()).toList();
    assertThat(env(build(c, s))).containsEntry("KUBERNETES_SERVICE_HOST", "api.example").containsEntry("KUBERNETES_SERVICE_PORT", "443");
    assertThat(names).as("each name once").doesNotHaveDuplicates();
  }

  @Test
  void invalidKeysOfAnEnvFromSourceAreSkippedWithAWarning() {
    TestSources s = new TestSources().configMap("shop", "cfg", Map.of("1badkey", "x", "2alsobad", "y", "good", "z", "app.properties",
        "a=b")).secret("shop", "sec", Map.of("9lives", "x"));
    Container c = app().addNewEnvFrom().withNewConfigMapRef().withName("cfg").endConfigMapRef().endEnvFrom()
        .addNewEnvFrom().withNewSecretRef().withName("sec").endSecretRef().endEnvFrom()
        .addNewEnvFrom().withPrefix("P_").withNewSecretRef().withName("sec").endSecretRef().endEnvFrom().build();
    EnvResult r = build(c, s);
    assertThat(env(r)).containsOnlyKeys("app.properties", "good", "P_9lives");
    assertThat(((EnvResult.Resolved) r).warnings()).containsExactly(
        new EnvResult.Warning("InvalidEnvironmentVariableNames", "Keys [1badkey, 2alsobad] from the EnvFrom configMap shop/cfg "
            + "were skipped since they are considered invalid environment variable names."),
        new EnvResult.Warning("InvalidEnvironmentVariableNames", "Keys [9lives] from the EnvFrom secret shop/sec "
            + "were skipped since they are considered invalid environment variable names."));
  }

  record ErrorCase(String name, Container container, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ErrorCase> errorCases() {
    return Stream.of(
        new ErrorCase("missing envFrom configmap", app().addNewEnvFrom().withNewConfigMapRef().withName("cfg").endConfigMapRef()
            .endEnvFrom().build(), "configmap \"cfg\" not found"),
        new ErrorCase("missing envFrom secret", app().addNewEnvFrom().withNewSecretRef().withName("db").endSecretRef().endEnvFrom()
            .build(), "secret \"db\" not found"),
        new ErrorCase("missing configmap of a key ref", app().addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef()
            .withName("cfg").withKey("mode").endConfigMapKeyRef().endValueFrom().endEnv().build(), "configmap \"cfg\" not found"),
        new ErrorCase("missing key in a configmap", app().addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef()
            .withName("present").withKey("mode").endConfigMapKeyRef().endValueFrom().endEnv().build(),
            "couldn't find key mode in ConfigMap shop/present"),
        new ErrorCase("missing key in a secret", app().addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef()
            .withName("present").withKey("token").endSecretKeyRef().endValueFrom().endEnv().build(),
            "couldn't find key token in Secret shop/present"),
        new ErrorCase("missing secret of a key ref", app().addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef()
            .withName("db").withKey("token").endSecretKeyRef().endValueFrom().endEnv().build(), "secret \"db\" not found"),
        new ErrorCase("an unsupported field", app().addNewEnv().withName("X").withNewValueFrom().withNewFieldRef()
            .withFieldPath("status.phase").endFieldRef().endValueFrom().endEnv().build(), "unsupported fieldPath: status.phase"),
        new ErrorCase("a resource of another container that does not exist", app().addNewEnv().withName("X").withNewValueFrom()
            .withNewResourceFieldRef().withContainerName("ghost").withResource("limits.cpu").endResourceFieldRef().endValueFrom()
            .endEnv().build(), "container ghost not found"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorCases")
  void aRequiredRefThatIsMissingIsACreateContainerConfigError(ErrorCase c) {
    TestSources s = new TestSources().configMap("shop", "present", Map.of("other", "1")).secret("shop", "present", Map.of("o", "1"));
    assertThat(build(c.container(), s)).as(c.name()).isEqualTo(new EnvResult.ConfigError(c.message()));
    assertThat(EnvResult.CONFIG_ERROR_REASON).isEqualTo("CreateContainerConfigError");
  }

  @Test
  void optionalRefsThatAreMissingLeaveTheVariableUnset() {
    Container c = app().addNewEnvFrom().withNewConfigMapRef().withName("cfg").withOptional(true).endConfigMapRef().endEnvFrom()
        .addNewEnvFrom().withNewSecretRef().withName("sec").withOptional(true).endSecretRef().endEnvFrom()
        .addNewEnv().withName("A").withNewValueFrom().withNewConfigMapKeyRef().withName("cfg").withKey("a").withOptional(true)
        .endConfigMapKeyRef().endValueFrom().endEnv()
        .addNewEnv().withName("B").withNewValueFrom().withNewConfigMapKeyRef().withName("present").withKey("b").withOptional(true)
        .endConfigMapKeyRef().endValueFrom().endEnv()
        .addNewEnv().withName("C").withNewValueFrom().withNewSecretKeyRef().withName("present").withKey("c").withOptional(true)
        .endSecretKeyRef().endValueFrom().endEnv()
        .addNewEnv().withName("D").withValue("").endEnv().build();
    TestSources s = new TestSources().configMap("shop", "present", Map.of()).secret("shop", "present", Map.of());
    assertThat(env(build(c, s))).containsExactly(Map.entry("D", ""));
  }

  @Test
  void downwardApiFieldsAndResources() {
    Container c = app().withNewResources().addToLimits("memory", new Quantity("128Mi")).addToRequests("cpu", new Quantity("250m"))
        .endResources()
        .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom()
        .endEnv()
        .addNewEnv().withName("NS").withNewValueFrom().withNewFieldRef().withApiVersion("v1").withFieldPath("metadata.namespace")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom()
        .endEnv()
        .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['app']").endFieldRef()
        .endValueFrom().endEnv()
        .addNewEnv().withName("MEM_MI").withNewValueFrom().withNewResourceFieldRef().withResource("limits.memory")
        .withDivisor(new Quantity("1Mi")).endResourceFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("CPU_LIMIT").withNewValueFrom().withNewResourceFieldRef().withResource("limits.cpu")
        .endResourceFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("CPU_MILLI").withNewValueFrom().withNewResourceFieldRef().withResource("requests.cpu")
        .withDivisor(new Quantity("1m")).endResourceFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("ECHO").withValue("$(POD)@$(IP)").endEnv()
        .build();
    Map<String, String> env = env(build(c, new TestSources()));
    assertThat(env).containsEntry("POD", "web-0").containsEntry("NS", "shop").containsEntry("IP", "127.1.0.5")
        .containsEntry("APP", "web").containsEntry("MEM_MI", "128").containsEntry("CPU_LIMIT", "4").containsEntry("CPU_MILLI", "250")
        .containsEntry("ECHO", "web-0@127.1.0.5");
  }

  @Test
  void servicesNotYetListedBlockTheStart() {
    TestSources s = new TestSources();
    s.synced = false;
    assertThat(build(app().build(), s)).isEqualTo(new EnvResult.ConfigError(
        "services have not yet been read at least once, cannot construct envvars"));
  }

  @Test
  void theProcessEnvironmentStartsWithPathAndHostname() {
    Map<String, String> p = ContainerEnv.processEnvironment(List.of(new EnvVar("A", "1", null), new EnvVar("PATH", "/opt/bin", null)),
        "web-0");
    assertThat(p).containsExactly(Map.entry("PATH", "/opt/bin"), Map.entry("HOSTNAME", "web-0"), Map.entry("A", "1"));
  }
}
