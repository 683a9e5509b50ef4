package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetOrdinals;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatefulSetRulesTest {

  static final StatefulSetRules RULES = new StatefulSetRules();

  /** The StatefulSet "web" of the Kubernetes StatefulSet tutorial, as kubectl sends it (namespace set by the server). */
  static final String WEB = """
      {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web","namespace":"default"},
       "spec":{"serviceName":"nginx","replicas":2,"selector":{"matchLabels":{"app":"nginx"}},
        "template":{"metadata":{"labels":{"app":"nginx"}},
          "spec":{"containers":[{"name":"nginx","image":"registry.k8s.io/nginx-slim:0.21",
            "ports":[{"containerPort":80,"name":"web"}],
            "volumeMounts":[{"name":"www","mountPath":"/usr/share/nginx/html"}]}]}},
        "volumeClaimTemplates":[{"metadata":{"name":"www"},
          "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
      """;

  static final String MINIMAL = """
      {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"default"},
       "spec":{"selector":{"matchLabels":{"app":"db"}},"serviceName":"db",
        "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"redis:7","command":["redis-server"]}]}},
        "volumeClaimTemplates":[{"metadata":{"name":"data"},
          "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
      """;

  static final String MINIMAL_DEFAULTED = """
      {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"default"},
       "spec":{"selector":{"matchLabels":{"app":"db"}},"serviceName":"db","replicas":1,"podManagementPolicy":"OrderedReady",
        "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},"revisionHistoryLimit":10,
        "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Retain"},
        "template":{"metadata":{"labels":{"app":"db"}},"spec":{
          "containers":[{"name":"db","image":"redis:7","command":["redis-server"],"imagePullPolicy":"IfNotPresent",
            "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","resources":{}}],
          "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},
          "schedulerName":"default-scheduler"}},
        "volumeClaimTemplates":[{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},
          "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"volumeMode":"Filesystem"},
          "status":{"phase":"Pending"}}]}}
      """;

  static StatefulSet defaulted(String json) {
    StatefulSet sts = parse(json, StatefulSet.class);
    RULES.applyDefaults(sts);
    return sts;
  }

  @Test
  void defaultsAMinimalStatefulSetLikeTheKubeApiserver() {
    assertThat(Json.MAPPER.readTree(Json.string(defaulted(MINIMAL)))).isEqualTo(Json.MAPPER.readTree(MINIMAL_DEFAULTED));
  }

  @Test
  void anExplicitRollingUpdateTypeGetsNoBlock() {
    StatefulSet sts = parse(MINIMAL, StatefulSet.class);
    sts.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy(null, "RollingUpdate"));
    RULES.applyDefaults(sts);
    assertThat(sts.getSpec().getUpdateStrategy().getRollingUpdate()).as("spec/statefulset.md §2 step 2").isNull();
  }

  @Test
  void theTutorialStatefulSetIsValid() {
    assertThat(RULES.validateCreate(defaulted(WEB))).isEmpty();
    assertThat(RULES.warnings(defaulted(WEB))).containsExactly(
        "spec.template.spec.containers[0].image: berth runs no images; \"registry.k8s.io/nginx-slim:0.21\" is recorded but not "
            + "pulled, and the container's command runs as a host process",
        "spec.template.spec.containers[0].command: not set: berth has no image entrypoint to fall back on, so container \"nginx\" "
            + "cannot run; set command to a program on this host (the node agent reports the same)");
  }

  record Case(String name, Consumer<StatefulSet> change, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> invalid() {
    return Stream.of(
        new Case("negative replicas", s -> s.getSpec().setReplicas(-1),
            List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
        new Case("selector does not match", s -> s.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "x")),
            List.of("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`")),
        new Case("empty selector", s -> s.getSpec().setSelector(new LabelSelector()),
            List.of("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
                + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset")),
        new Case("no selector", s -> s.getSpec().setSelector(null), List.of("spec.selector: Required value",
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"db\"}: `selector` does not match template `labels`")),
        new Case("pod management policy", s -> s.getSpec().setPodManagementPolicy("Sequential"),
            List.of("spec.podManagementPolicy: Invalid value: \"Sequential\": must be 'OrderedReady' or 'Parallel'")),
        new Case("update strategy type", s -> {
          s.getSpec().getUpdateStrategy().setType("Blue");
          s.getSpec().getUpdateStrategy().setRollingUpdate(null);
        }, List.of("spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Blue\", "
            + "RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'")),
        new Case("OnDelete with rollingUpdate", s -> {
          s.getSpec().getUpdateStrategy().setType("OnDelete");
          s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(2);
        }, List.of("spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:2, "
            + "MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'")),
        new Case("negative partition", s -> s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(-1),
            List.of("spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0")),
        new Case("maxUnavailable 0", s -> s.getSpec().getUpdateStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString(0)),
            List.of("spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: cannot be 0")),
        new Case("maxUnavailable above 100%", s -> s.getSpec().getUpdateStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString("150%")),
            List.of("spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: "
                + "must not be greater than 100%")),
        new Case("restart policy", s -> s.getSpec().getTemplate().getSpec().setRestartPolicy("Never"),
            List.of("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"")),
        new Case("active deadline", s -> s.getSpec().getTemplate().getSpec().setActiveDeadlineSeconds(10L),
            List.of("spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported")),
        new Case("retention policy", s -> s.getSpec().getPersistentVolumeClaimRetentionPolicy().setWhenDeleted("Keep"),
            List.of("spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\"")),
        new Case("ordinals start", s -> s.getSpec().setOrdinals(new StatefulSetOrdinals(-1)),
            List.of("spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0")),
        new Case("name with dots", s -> s.getMetadata().setName("db.v1"),
            List.of("metadata.name: Invalid value: \"db.v1\": must not contain dots")),
        new Case("service name", s -> s.getSpec().setServiceName("Db_svc"),
            List.of("spec.serviceName: Invalid value: \"Db_svc\": " + NameValidationTest.LABEL)),
        new Case("claim template without a name", s -> s.getSpec().getVolumeClaimTemplates().get(0).getMetadata().setName(null),
            List.of("spec.volumeClaimTemplates[0].metadata.name: Required value")),
        new Case("template labels", s -> {
          s.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "db", "bad key!", "x"));
        }, List.of("spec.template.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' "
            + "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
            + "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsWithUpstreamPathAndMessage(Case c) {
    StatefulSet sts = defaulted(MINIMAL);
    c.change().accept(sts);
    assertThat(lines(RULES.validateCreate(sts))).as("errors for %s", c).isEqualTo(c.expected());
  }

  static StatefulSet stored() {
    StatefulSet sts = defaulted(WEB);
    sts.getMetadata().setUid("u-1");
    sts.getMetadata().setResourceVersion("10");
    return sts;
  }

  @Test
  void updatesMayScaleRollAndChangeTheTemplate() {
    StatefulSet old = stored();
    StatefulSet sts = Manifests.copy(old, StatefulSet.class);
    sts.getSpec().setReplicas(5);
    sts.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.k8s.io/nginx-slim:0.24");
    sts.getSpec().getUpdateStrategy().setRollingUpdate(new RollingUpdateStatefulSetStrategy(null, 3));
    sts.getSpec().setMinReadySeconds(5);
    sts.getSpec().getPersistentVolumeClaimRetentionPolicy().setWhenScaled("Delete");
    assertThat(RULES.validateUpdate(sts, old)).isEmpty();
  }

  record UpdateCase(String name, Consumer<StatefulSet> change) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<UpdateCase> forbiddenUpdates() {
    return Stream.of(
        new UpdateCase("serviceName", s -> s.getSpec().setServiceName("web")),
        new UpdateCase("podManagementPolicy", s -> s.getSpec().setPodManagementPolicy("Parallel")),
        new UpdateCase("claim size", s -> s.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
            .setRequests(Map.of("storage", new Quantity("2Gi")))),
        new UpdateCase("revisionHistoryLimit (mutable only from 1.33)", s -> s.getSpec().setRevisionHistoryLimit(3)));
  }

  @ParameterizedTest
  @MethodSource("forbiddenUpdates")
  void otherSpecFieldsAreImmutable(UpdateCase c) {
    StatefulSet old = stored();
    StatefulSet sts = Manifests.copy(old, StatefulSet.class);
    c.change().accept(sts);
    assertThat(lines(RULES.validateUpdate(sts, old))).as("errors for changing %s", c).containsExactly(
        "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', "
            + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  }
}
