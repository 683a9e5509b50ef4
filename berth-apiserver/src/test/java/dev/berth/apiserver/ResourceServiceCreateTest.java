package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.apiError;
import static dev.berth.apiserver.ServiceFixture.configMap;
import static dev.berth.apiserver.ServiceFixture.json;
import static dev.berth.apiserver.ServiceFixture.opts;
import static dev.berth.apiserver.ServiceFixture.pod;
import static dev.berth.apiserver.ServiceFixture.rv;
import static dev.berth.apiserver.ServiceFixture.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceType;
import dev.berth.apiserver.WriteOptions.FieldValidation;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** POST: metadata the server owns, namespace rules, type checks, unknown fields, defaults, 422 ({@code spec/api-server.md} §7, §11.1). */
class ResourceServiceCreateTest {
  private final ServiceFixture f = new ServiceFixture();

  @Test
  void createSetsServerOwnedMetadata() {
    ObjectNode body = configMap("cfg");
    body.withObjectProperty("metadata").put("uid", "client-uid").put("resourceVersion", "999")
        .put("creationTimestamp", "2000-01-01T00:00:00Z").put("generation", 7);
    WriteResult w = f.service.create(f.configMaps, "default", body, opts());

    ObjectNode m = (ObjectNode) w.object().get("metadata");
    assertThat(w.created()).as("a create answers 201").isTrue();
    assertThat(UUID.fromString(m.path("uid").asString())).as("a random uid, not the client's").isNotNull();
    assertThat(m.path("uid").asString()).isNotEqualTo("client-uid");
    assertThat(m.path("creationTimestamp").asString()).as("now from the injected clock, RFC 3339 seconds")
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(m.path("resourceVersion").asString()).as("the store's revision of this write")
        .isEqualTo(String.valueOf(f.store.currentRevision()));
    assertThat(m.has("generation")).as("only apps workloads carry a generation").isFalse();
    assertThat(m.path("namespace").asString()).isEqualTo("default");
    assertThat(w.object().path("data").path("a").asString()).isEqualTo("1");
    assertThat(f.get(f.configMaps, "cfg")).as("what GET returns is what create returned").isEqualTo(w.object());
  }

  record Generation(String kind, ResourceType type, ObjectNode body, boolean hasGeneration) {
    @Override
    public String toString() {
      return kind;
    }
  }

  static Stream<Generation> generations() {
    ServiceFixture f = new ServiceFixture();
    return Stream.of(
        new Generation("StatefulSet", f.statefulSets, statefulSet("web", 1), true),
        new Generation("Deployment", f.deployments, json("{'metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'d'}},"
            + "'template':{'metadata':{'labels':{'app':'d'}},'spec':{'containers':[{'name':'c','image':'i'}]}}}}"), true),
        new Generation("Pod", f.pods, pod("p"), false),
        new Generation("ConfigMap", f.configMaps, configMap("c"), false));
  }

  @ParameterizedTest
  @MethodSource("generations")
  void generationOneOnlyForAppsWorkloads(Generation c) {
    ObjectNode o = f.create(c.type(), c.body());
    if (c.hasGeneration()) {
      assertThat(o.path("metadata").path("generation").asLong()).as("%s starts at generation 1", c.kind()).isEqualTo(1);
    } else {
      assertThat(o.path("metadata").has("generation")).as("%s has no generation", c.kind()).isFalse();
    }
  }

  @Test
  void generateNameAppendsFiveCharactersOfTheSafeAlphabet() {
    ObjectNode body = json("{'metadata':{'generateName':'web-'},'data':{}}");
    String a = f.create(f.configMaps, body).path("metadata").path("name").asString();
    String b = f.create(f.configMaps, body).path("metadata").path("name").asString();
    assertThat(a).as("generateName + 5 chars of bcdfghjklmnpqrstvwxz2456789").matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(b).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}").isNotEqualTo(a);
  }

  @Test
  void namespaceInTheBodyMustMatchTheUrl() {
    ObjectNode body = configMap("cfg");
    body.withObjectProperty("metadata").put("namespace", "other");
    ApiException e = apiError(() -> f.service.create(f.configMaps, "default", body, opts()));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("the namespace of the provided object does not match the namespace sent on the request");
  }

  @Test
  void missingNamespaceIs404() {
    ApiException e = apiError(() -> f.service.create(f.configMaps, "nope", configMap("cfg"), opts()));
    assertThat(e.code()).isEqualTo(404);
    assertThat(e.getMessage()).isEqualTo("namespaces \"nope\" not found");
    assertThat(e.status().getDetails().getKind()).isEqualTo("namespaces");
  }

  @Test
  void terminatingNamespaceIs403() {
    f.createNamespace("doomed");
    f.service.delete(f.namespaces, null, "doomed", null);
    ApiException e = apiError(() -> f.service.create(f.configMaps, "doomed", configMap("cfg"), opts()));
    assertThat(e.code()).isEqualTo(403);
    assertThat(e.reason()).isEqualTo("Forbidden");
    assertThat(e.getMessage()).isEqualTo("configmaps \"cfg\" is forbidden: unable to create new content in namespace doomed "
        + "because it is being terminated");
  }

  @Test
  void takenNameIs409AlreadyExists() {
    f.create(f.configMaps, configMap("cfg"));
    ApiException e = apiError(() -> f.create(f.configMaps, configMap("cfg")));
    assertThat(e.code()).isEqualTo(409);
    assertThat(e.reason()).isEqualTo("AlreadyExists");
    assertThat(e.getMessage()).isEqualTo("configmaps \"cfg\" already exists");
  }

  record TypeMeta(String apiVersion, String kind, String message) {}

  static Stream<TypeMeta> typeMetas() {
    return Stream.of(
        new TypeMeta("v1", "Secret", "the kind of the provided object (Secret) does not match the kind of the resource (ConfigMap)"),
        new TypeMeta("apps/v1", "ConfigMap", "the API version in the data (apps/v1) does not match the expected API version (v1)"));
  }

  @ParameterizedTest
  @MethodSource("typeMetas")
  void kindAndApiVersionMustMatchTheResource(TypeMeta c) {
    ObjectNode body = configMap("cfg").put("apiVersion", c.apiVersion()).put("kind", c.kind());
    ApiException e = apiError(() -> f.create(f.configMaps, body));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo(c.message());
  }

  @Test
  void unknownFieldUnderStrictIs400() {
    ObjectNode body = statefulSet("web", 1);
    body.withObjectProperty("spec").put("foo", "bar");
    ApiException e = apiError(() -> f.service.create(f.statefulSets, "default", body, opts(FieldValidation.STRICT)));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.reason()).isEqualTo("BadRequest");
    assertThat(e.getMessage()).isEqualTo("strict decoding error: unknown field \"spec.foo\"");
    assertThat(f.exists(f.statefulSets, "web")).as("nothing stored").isFalse();
  }

  @Test
  void unknownFieldUnderWarnIsAWarningAndPruned() {
    ObjectNode body = statefulSet("web", 1);
    body.withObjectProperty("spec").put("foo", "bar");
    WriteResult w = f.service.create(f.statefulSets, "default", body, opts(FieldValidation.WARN));
    assertThat(w.warnings()).contains("unknown field \"spec.foo\"");
    assertThat(w.object().path("spec").has("foo")).as("the unknown field is not stored").isFalse();
    assertThat(f.get(f.statefulSets, "web").path("spec").has("foo")).isFalse();
  }

  @Test
  void unknownFieldUnderIgnoreIsPrunedSilently() {
    ObjectNode body = statefulSet("web", 1);
    ((ObjectNode) body.withObjectProperty("spec").withObjectProperty("template").withObjectProperty("spec")
        .withArrayProperty("containers").get(0)).put("colour", "blue");
    WriteResult w = f.service.create(f.statefulSets, "default", body, opts(FieldValidation.IGNORE));
    assertThat(w.warnings()).noneMatch(s -> s.contains("unknown field"));
    assertThat(w.object().path("spec").path("template").path("spec").path("containers").path(0).has("colour")).isFalse();
  }

  @Test
  void statefulSetDefaults() {
    ObjectNode spec = (ObjectNode) f.create(f.statefulSets, json("{'metadata':{'name':'web'},'spec':{'serviceName':'web',"
        + "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},"
        + "'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}")).get("spec");
    assertThat(spec.path("replicas").asInt()).isEqualTo(1);
    assertThat(spec.path("podManagementPolicy").asString()).isEqualTo("OrderedReady");
    assertThat(spec.path("updateStrategy")).as("kubectl rollout status needs RollingUpdate")
        .isEqualTo(json("{'type':'RollingUpdate','rollingUpdate':{'partition':0}}"));
    assertThat(spec.path("revisionHistoryLimit").asInt()).isEqualTo(10);
    assertThat(spec.path("persistentVolumeClaimRetentionPolicy"))
        .isEqualTo(json("{'whenDeleted':'Retain','whenScaled':'Retain'}"));
    ObjectNode podSpec = (ObjectNode) spec.path("template").path("spec");
    assertThat(podSpec.path("restartPolicy").asString()).isEqualTo("Always");
    assertThat(podSpec.path("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
    assertThat(podSpec.path("dnsPolicy").asString()).isEqualTo("ClusterFirst");
    assertThat(podSpec.path("containers").path(0).path("imagePullPolicy").asString()).as("no tag means latest").isEqualTo("Always");
  }

  @Test
  void deploymentServiceSecretAndNamespaceDefaults() {
    ObjectNode d = f.create(f.deployments, json("{'metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'d'}},"
        + "'template':{'metadata':{'labels':{'app':'d'}},'spec':{'containers':[{'name':'c','image':'i:1'}]}}}}"));
    assertThat(d.path("spec").path("strategy"))
        .isEqualTo(json("{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':'25%','maxSurge':'25%'}}"));
    assertThat(d.path("spec").path("progressDeadlineSeconds").asInt()).isEqualTo(600);
    assertThat(d.has("status")).as("a new workload has no status until its controller writes one").isFalse();

    ObjectNode svc = f.create(f.services, ServiceFixture.service("s", "{'ports':[{'port':80}]}"));
    assertThat(svc.path("spec").path("type").asString()).isEqualTo("ClusterIP");
    assertThat(svc.path("spec").path("sessionAffinity").asString()).isEqualTo("None");
    assertThat(svc.path("spec").path("ports").path(0)).as("protocol TCP, targetPort = port")
        .isEqualTo(json("{'port':80,'protocol':'TCP','targetPort':80}"));
    assertThat(svc.path("status")).isEqualTo(json("{'loadBalancer':{}}"));

    assertThat(f.create(f.secrets, json("{'metadata':{'name':'s'}}")).path("type").asString()).isEqualTo("Opaque");

    ObjectNode ns = f.createNamespace("team");
    assertThat(ns.path("spec").path("finalizers")).isEqualTo(ServiceFixture.jsonNode("['kubernetes']"));
    assertThat(ns.path("status").path("phase").asString()).isEqualTo("Active");
    assertThat(ns.path("metadata").path("labels").path("kubernetes.io/metadata.name").asString()).isEqualTo("team");
  }

  @Test
  void negativeReplicasIs422WithCauses() {
    ApiException e = apiError(() -> f.create(f.statefulSets, statefulSet("web", -1)));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.reason()).isEqualTo("Invalid");
    assertThat(e.getMessage()).isEqualTo("StatefulSet.apps \"web\" is invalid: spec.replicas: Invalid value: -1: "
        + "must be greater than or equal to 0");
    assertThat(e.status().getDetails().getKind()).as("details.kind is the Kind for Invalid").isEqualTo("StatefulSet");
    assertThat(e.status().getDetails().getGroup()).isEqualTo("apps");
    List<StatusCause> causes = e.status().getDetails().getCauses();
    assertThat(causes).extracting(StatusCause::getField, StatusCause::getReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("spec.replicas", "FieldValueInvalid"));
    assertThat(f.exists(f.statefulSets, "web")).isFalse();
  }

  @Test
  void invalidNameIs422() {
    ApiException e = apiError(() -> f.create(f.configMaps, configMap("A_B")));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.status().getDetails().getCauses()).extracting(StatusCause::getField).containsExactly("metadata.name");
  }

  @Test
  void dryRunStoresNothing() {
    long before = f.store.currentRevision();
    WriteResult w = f.service.create(f.configMaps, "default", configMap("cfg"), ServiceFixture.dryRun());
    assertThat(w.object().path("metadata").path("name").asString()).isEqualTo("cfg");
    assertThat(f.exists(f.configMaps, "cfg")).isFalse();
    assertThat(f.store.currentRevision()).as("no write").isEqualTo(before);
  }

  record Qos(String resources, String qosClass) {}

  static Stream<Qos> qosClasses() {
    return Stream.of(
        new Qos("{}", "BestEffort"),
        new Qos("{'requests':{'cpu':'100m'}}", "Burstable"),
        new Qos("{'limits':{'cpu':'1','memory':'1Gi'}}", "Guaranteed"),
        new Qos("{'requests':{'cpu':'1','memory':'1Gi'},'limits':{'cpu':'1','memory':'1Gi'}}", "Guaranteed"),
        new Qos("{'requests':{'cpu':'500m','memory':'1Gi'},'limits':{'cpu':'1','memory':'1Gi'}}", "Burstable"));
  }

  @ParameterizedTest
  @MethodSource("qosClasses")
  void podStatusStartsPendingWithItsQosClass(Qos c) {
    ObjectNode body = pod("p");
    ((ObjectNode) body.withObjectProperty("spec").withArrayProperty("containers").get(0)).set("resources", json(c.resources()));
    body.putObject("status").put("phase", "Running").put("podIP", "1.2.3.4");
    ObjectNode p = f.create(f.pods, body);
    assertThat(p.path("status")).as("a client's status is replaced on create")
        .isEqualTo(json("{'phase':'Pending','qosClass':'" + c.qosClass() + "'}"));
  }

  @Test
  void claimGetsTheDefaultStorageClass() {
    ObjectNode claim = json("{'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce'],"
        + "'resources':{'requests':{'storage':'1Gi'}}}}");
    assertThat(f.create(f.pvcs, claim.deepCopy()).path("spec").has("storageClassName"))
        .as("no default StorageClass, no class").isFalse();

    f.service.create(f.storageClasses, null, json("{'metadata':{'name':'local-path','annotations':"
        + "{'storageclass.kubernetes.io/is-default-class':'true'}},'provisioner':'berth.dev/local-path'}"), opts());
    f.service.create(f.storageClasses, null, json("{'metadata':{'name':'slow'},'provisioner':'x'}"), opts());
    claim.withObjectProperty("metadata").put("name", "data2");
    ObjectNode pvc = f.create(f.pvcs, claim.deepCopy());
    assertThat(pvc.path("spec").path("storageClassName").asString()).isEqualTo("local-path");
    assertThat(pvc.path("spec").path("volumeMode").asString()).isEqualTo("Filesystem");
    assertThat(pvc.path("status").path("phase").asString()).isEqualTo("Pending");
    assertThat(pvc.path("metadata").path("finalizers")).as("StorageObjectInUseProtection")
        .isEqualTo(ServiceFixture.jsonNode("['kubernetes.io/pvc-protection']"));

    claim.withObjectProperty("metadata").put("name", "data3");
    claim.withObjectProperty("spec").put("storageClassName", "slow");
    assertThat(f.create(f.pvcs, claim).path("spec").path("storageClassName").asString()).as("an explicit class is kept")
        .isEqualTo("slow");
  }

  @Test
  void aVolumeGetsThePvProtectionFinalizer() {
    ObjectNode pv = f.service.create(f.type("", "persistentvolumes"), null, json("{'metadata':{'name':'pv1'},'spec':{"
        + "'capacity':{'storage':'1Gi'},'accessModes':['ReadWriteOnce'],'hostPath':{'path':'/tmp/pv1'}}}"), opts()).object();
    assertThat(pv.path("metadata").path("finalizers")).as("StorageObjectInUseProtection")
        .isEqualTo(ServiceFixture.jsonNode("['kubernetes.io/pv-protection']"));
  }

  @Test
  void clusterScopedObjectsHaveNoNamespace() {
    ObjectNode sc = f.service.create(f.storageClasses, "default",
        json("{'metadata':{'name':'fast','namespace':'default'},'provisioner':'x'}"), opts()).object();
    assertThat(sc.path("metadata").has("namespace")).isFalse();
    assertThat(rv(sc)).isNotEmpty();
    assertThat(sc.path("reclaimPolicy").asString()).isEqualTo("Delete");
    assertThat(sc.path("volumeBindingMode").asString()).isEqualTo("Immediate");
  }
}
