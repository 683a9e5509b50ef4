package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentRulesTest {

  static final DeploymentRules RULES = new DeploymentRules();

  /** The nginx-deployment of the Kubernetes Deployment concept page. */
  static final String NGINX = """
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"nginx-deployment","namespace":"default","labels":{"app":"nginx"}},
       "spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},
        "template":{"metadata":{"labels":{"app":"nginx"}},
          "spec":{"containers":[{"name":"nginx","image":"nginx:1.14.2","ports":[{"containerPort":80}]}]}}}}
      """;

  static final String MINIMAL = """
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api","namespace":"default"},
       "spec":{"selector":{"matchLabels":{"app":"api"}},
        "template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"name":"api","image":"api:1","command":["api"]}]}}}}
      """;

  static Deployment defaulted(String json) {
    Deployment d = parse(json, Deployment.class);
    RULES.applyDefaults(d);
    return d;
  }

  @Test
  void defaultsAMinimalDeploymentLikeTheKubeApiserver() {
    var spec = Json.toTree(defaulted(MINIMAL)).get("spec");
    assertThat(spec.get("replicas").asInt()).isEqualTo(1);
    assertThat(spec.get("revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(spec.get("progressDeadlineSeconds").asInt()).isEqualTo(600);
    assertThat(spec.get("strategy")).isEqualTo(Json.MAPPER.readTree(
        "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}}"));
    assertThat(spec.get("template").get("spec").get("restartPolicy").asString()).isEqualTo("Always");
    assertThat(spec.get("template").get("spec").has("enableServiceLinks")).as("a pod-only default").isFalse();
  }

  @Test
  void aRecreateStrategyGetsNoRollingUpdateDefaults() {
    Deployment d = parse(MINIMAL, Deployment.class);
    d.getSpec().setStrategy(new DeploymentStrategy(null, "Recreate"));
    RULES.applyDefaults(d);
    assertThat(d.getSpec().getStrategy().getRollingUpdate()).isNull();
    assertThat(RULES.validateCreate(d)).isEmpty();
  }

  @Test
  void theDocumentationDeploymentIsValid() {
    assertThat(RULES.validateCreate(defaulted(NGINX))).isEmpty();
  }

  record Case(String name, Consumer<Deployment> change, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> invalid() {
    return Stream.of(
        new Case("negative replicas", d -> d.getSpec().setReplicas(-1),
            List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
        new Case("surge and unavailable both 0", d -> d.getSpec().getStrategy().setRollingUpdate(
            new RollingUpdateDeployment(new IntOrString(0), new IntOrString(0))),
            List.of("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: "
                + "may not be 0 when `maxSurge` is 0")),
        new Case("bad percent", d -> d.getSpec().getStrategy().getRollingUpdate().setMaxSurge(new IntOrString("abc")),
            List.of("spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: "
                + "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for "
                + "validation is '[0-9]+%')")),
        new Case("Recreate with rollingUpdate", d -> d.getSpec().getStrategy().setType("Recreate"),
            List.of("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'")),
        new Case("unknown strategy", d -> d.getSpec().setStrategy(new DeploymentStrategy(null, "BlueGreen")),
            List.of("spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", "
                + "RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"")),
        new Case("progress deadline", d -> {
          d.getSpec().setMinReadySeconds(20);
          d.getSpec().setProgressDeadlineSeconds(10);
        }, List.of("spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds")),
        new Case("missing image", d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(""),
            List.of("spec.template.spec.containers[0].image: Required value")),
        new Case("template restart policy", d -> d.getSpec().getTemplate().getSpec().setRestartPolicy("OnFailure"),
            List.of("spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"")),
        new Case("selector mismatch", d -> d.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "x")),
            List.of("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`")),
        new Case("empty selector", d -> d.getSpec().setSelector(new LabelSelector()),
            List.of("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment")),
        new Case("bad selector operator", d -> d.getSpec().setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
            .addNewMatchExpression().withKey("app").withOperator("Equals").withValues("api").endMatchExpression().build()),
            List.of("spec.selector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator",
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement"
                    + "{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"Equals\", Values:[]string{\"api\"}}}}: invalid label selector")));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsWithUpstreamPathAndMessage(Case c) {
    Deployment d = defaulted(MINIMAL);
    c.change().accept(d);
    assertThat(lines(RULES.validateCreate(d))).as("errors for %s", c).isEqualTo(c.expected());
  }

  @Test
  void theSelectorIsImmutable() {
    Deployment old = defaulted(NGINX);
    Deployment d = Manifests.copy(old, Deployment.class);
    d.getSpec().setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().withMatchLabels(Map.of("app", "web")).build());
    d.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "web"));
    assertThat(lines(RULES.validateUpdate(d, old))).containsExactly("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:"
        + "map[string]string{\"app\":\"web\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
    Deployment scaled = Manifests.copy(old, Deployment.class);
    scaled.getSpec().setReplicas(0);
    assertThat(RULES.validateUpdate(scaled, old)).isEmpty();
  }

  @Test
  void replicaSetsDefaultAndValidateLikeDeploymentTemplates() {
    ReplicaSetRules rules = new ReplicaSetRules();
    ReplicaSet rs = parse("""
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"frontend","namespace":"default","labels":{"tier":"frontend"}},
         "spec":{"selector":{"matchLabels":{"tier":"frontend"}},
          "template":{"metadata":{"labels":{"tier":"frontend"}},
            "spec":{"containers":[{"name":"php-redis","image":"us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5"}]}}}}
        """, ReplicaSet.class);
    rules.applyDefaults(rs);
    assertThat(rs.getSpec().getReplicas()).isEqualTo(1);
    assertThat(rules.validateCreate(rs)).isEmpty();
    rs.getSpec().setSelector(new LabelSelector());
    assertThat(lines(rules.validateCreate(rs))).containsExactly("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:"
        + "map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment");
  }
}
