package dev.berth.api.patch;

import dev.berth.api.Json;
import dev.berth.api.schema.Schema;
import dev.berth.api.schema.Schema.Field;
import dev.berth.api.schema.Schema.ListOf;
import dev.berth.api.schema.Schema.MapOf;
import dev.berth.api.schema.Schema.Scalar;
import dev.berth.api.schema.Schema.Struct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Small hand-built schemas with the patch metadata of the in-scope kinds (k8s.io/api v0.32 struct
 * tags, {@code spec/api-server.md} §11.6): StatefulSet, Deployment, Service, ConfigMap and Pod.
 * Only the fields the tests touch are declared; anything else is "unknown" to the engines.
 */
final class TestSchemas {
  static final Scalar STRING = new Scalar("string", null, "");
  static final Scalar INT = new Scalar("integer", "int32", "");
  static final Scalar BOOL = new Scalar("boolean", null, "");
  static final Schema INT_OR_STRING = new Schema.IntOrString("");
  static final Schema UNTYPED = new Schema.Untyped("");

  static final Struct OWNER_REFERENCE =
      struct(
          "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
          plain("apiVersion", STRING),
          plain("kind", STRING),
          plain("name", STRING),
          plain("uid", STRING),
          plain("controller", BOOL),
          plain("blockOwnerDeletion", BOOL));

  static final Struct OBJECT_META =
      struct(
          "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
          plain("name", STRING),
          plain("namespace", STRING),
          plain("uid", STRING),
          plain("resourceVersion", STRING),
          plain("generation", INT),
          plain("creationTimestamp", STRING),
          plain("labels", new MapOf(STRING, "")),
          plain("annotations", new MapOf(STRING, "")),
          mergeSet("finalizers", new ListOf(STRING, "")),
          merge("ownerReferences", OWNER_REFERENCE, "uid"),
          plain("managedFields", new ListOf(UNTYPED, "")));

  static final Struct ENV_VAR =
      struct(
          "io.k8s.api.core.v1.EnvVar",
          plain("name", STRING),
          plain("value", STRING),
          plain("valueFrom", UNTYPED));

  static final Struct CONTAINER_PORT =
      struct(
          "io.k8s.api.core.v1.ContainerPort",
          plain("name", STRING),
          plain("containerPort", INT),
          plain("protocol", STRING),
          plain("hostPort", INT));

  static final Struct VOLUME_MOUNT =
      struct(
          "io.k8s.api.core.v1.VolumeMount",
          plain("name", STRING),
          plain("mountPath", STRING),
          plain("readOnly", BOOL));

  static final Struct RESOURCES =
      struct(
          "io.k8s.api.core.v1.ResourceRequirements",
          plain("limits", new MapOf(new Schema.Quantity(""), "")),
          plain("requests", new MapOf(new Schema.Quantity(""), "")));

  static final Struct CONTAINER =
      struct(
          "io.k8s.api.core.v1.Container",
          plain("name", STRING),
          plain("image", STRING),
          plain("imagePullPolicy", STRING),
          plain("args", new ListOf(STRING, "")),
          plain("command", new ListOf(STRING, "")),
          merge("env", ENV_VAR, "name"),
          plain("envFrom", new ListOf(UNTYPED, "")),
          mapList("ports", CONTAINER_PORT, "containerPort", List.of("containerPort", "protocol")),
          merge("volumeMounts", VOLUME_MOUNT, "mountPath"),
          plain("resources", RESOURCES),
          plain("terminationMessagePath", STRING));

  static final Struct VOLUME =
      struct(
          "io.k8s.api.core.v1.Volume",
          plain("name", STRING),
          plain(
              "emptyDir",
              struct(
                  "io.k8s.api.core.v1.EmptyDirVolumeSource",
                  plain("medium", STRING),
                  plain("sizeLimit", new Schema.Quantity("")))),
          plain(
              "hostPath",
              struct(
                  "io.k8s.api.core.v1.HostPathVolumeSource",
                  plain("path", STRING),
                  plain("type", STRING))),
          plain(
              "configMap",
              struct(
                  "io.k8s.api.core.v1.ConfigMapVolumeSource",
                  plain("name", STRING),
                  plain("defaultMode", INT))),
          plain(
              "persistentVolumeClaim",
              struct(
                  "io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource",
                  plain("claimName", STRING))));

  static final Struct HOST_ALIAS =
      struct(
          "io.k8s.api.core.v1.HostAlias",
          plain("ip", STRING),
          plain("hostnames", new ListOf(STRING, "")));

  static final Struct TOPOLOGY_SPREAD =
      struct(
          "io.k8s.api.core.v1.TopologySpreadConstraint",
          plain("topologyKey", STRING),
          plain("whenUnsatisfiable", STRING),
          plain("maxSkew", INT));

  static final Struct LOCAL_OBJECT_REFERENCE =
      struct("io.k8s.api.core.v1.LocalObjectReference", plain("name", STRING));

  static final Struct POD_SPEC =
      struct(
          "io.k8s.api.core.v1.PodSpec",
          merge("containers", CONTAINER, "name"),
          merge("initContainers", CONTAINER, "name"),
          merge("ephemeralContainers", CONTAINER, "name"),
          field("volumes", new ListOf(VOLUME, ""), "merge,retainKeys", "name", null, null),
          merge("imagePullSecrets", LOCAL_OBJECT_REFERENCE, "name"),
          merge("hostAliases", HOST_ALIAS, "ip"),
          mapList(
              "topologySpreadConstraints",
              TOPOLOGY_SPREAD,
              "topologyKey",
              List.of("topologyKey", "whenUnsatisfiable")),
          plain("tolerations", new ListOf(UNTYPED, "")),
          plain("restartPolicy", STRING),
          plain("terminationGracePeriodSeconds", INT),
          plain("nodeSelector", new MapOf(STRING, "")));

  static final Struct POD_TEMPLATE =
      struct(
          "io.k8s.api.core.v1.PodTemplateSpec",
          plain("metadata", OBJECT_META),
          plain("spec", POD_SPEC));

  static final Struct LABEL_SELECTOR =
      struct(
          "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
          plain("matchLabels", new MapOf(STRING, "")),
          plain("matchExpressions", new ListOf(UNTYPED, "")));

  static final Struct CONDITION =
      struct(
          "Condition",
          plain("type", STRING),
          plain("status", STRING),
          plain("reason", STRING),
          plain("message", STRING));

  static final Struct STATEFUL_SET =
      struct(
          "io.k8s.api.apps.v1.StatefulSet",
          plain("apiVersion", STRING),
          plain("kind", STRING),
          plain("metadata", OBJECT_META),
          plain(
              "spec",
              struct(
                  "io.k8s.api.apps.v1.StatefulSetSpec",
                  plain("replicas", INT),
                  plain("serviceName", STRING),
                  plain("selector", LABEL_SELECTOR),
                  plain("template", POD_TEMPLATE),
                  plain("volumeClaimTemplates", new ListOf(UNTYPED, "")),
                  plain("podManagementPolicy", STRING),
                  plain(
                      "updateStrategy",
                      struct(
                          "io.k8s.api.apps.v1.StatefulSetUpdateStrategy",
                          plain("type", STRING),
                          plain(
                              "rollingUpdate",
                              struct(
                                  "io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy",
                                  plain("partition", INT))))))),
          plain(
              "status",
              struct(
                  "io.k8s.api.apps.v1.StatefulSetStatus",
                  plain("replicas", INT),
                  plain("readyReplicas", INT),
                  plain("observedGeneration", INT),
                  merge("conditions", CONDITION, "type"))));

  static final Struct DEPLOYMENT_STRATEGY =
      struct(
          "io.k8s.api.apps.v1.DeploymentStrategy",
          plain("type", STRING),
          plain(
              "rollingUpdate",
              struct(
                  "io.k8s.api.apps.v1.RollingUpdateDeployment",
                  plain("maxSurge", INT_OR_STRING),
                  plain("maxUnavailable", INT_OR_STRING))));

  static final Struct DEPLOYMENT =
      struct(
          "io.k8s.api.apps.v1.Deployment",
          plain("apiVersion", STRING),
          plain("kind", STRING),
          plain("metadata", OBJECT_META),
          plain(
              "spec",
              struct(
                  "io.k8s.api.apps.v1.DeploymentSpec",
                  plain("replicas", INT),
                  plain("selector", LABEL_SELECTOR),
                  plain("template", POD_TEMPLATE),
                  field("strategy", DEPLOYMENT_STRATEGY, "retainKeys", null, null, null),
                  plain("paused", BOOL),
                  plain("minReadySeconds", INT))),
          plain(
              "status",
              struct(
                  "io.k8s.api.apps.v1.DeploymentStatus", merge("conditions", CONDITION, "type"))));

  static final Struct SERVICE_PORT =
      struct(
          "io.k8s.api.core.v1.ServicePort",
          plain("name", STRING),
          plain("port", INT),
          plain("protocol", STRING),
          plain("targetPort", INT_OR_STRING));

  static final Struct SERVICE =
      struct(
          "io.k8s.api.core.v1.Service",
          plain("apiVersion", STRING),
          plain("kind", STRING),
          plain("metadata", OBJECT_META),
          plain(
              "spec",
              struct(
                  "io.k8s.api.core.v1.ServiceSpec",
                  mapList("ports", SERVICE_PORT, "port", List.of("port", "protocol")),
                  plain("selector", new MapOf(STRING, "")),
                  plain("type", STRING),
                  plain("clusterIP", STRING),
                  plain("externalIPs", new ListOf(STRING, "")))));

  static final Struct CONFIG_MAP =
      struct(
          "io.k8s.api.core.v1.ConfigMap",
          plain("apiVersion", STRING),
          plain("kind", STRING),
          plain("metadata", OBJECT_META),
          plain("data", new MapOf(STRING, "")));

  static final Struct POD =
      struct(
          "io.k8s.api.core.v1.Pod",
          plain("apiVersion", STRING),
          plain("kind", STRING),
          plain("metadata", OBJECT_META),
          plain("spec", POD_SPEC),
          plain(
              "status",
              struct(
                  "io.k8s.api.core.v1.PodStatus",
                  plain("phase", STRING),
                  merge("conditions", CONDITION, "type"))));

  private TestSchemas() {}

  static Struct struct(String name, Field... fields) {
    Map<String, Field> map = new LinkedHashMap<>();
    for (Field f : fields) {
      map.put(f.name(), f);
    }
    return new Struct(name, "", map);
  }

  static Field field(
      String name,
      Schema schema,
      String strategy,
      String mergeKey,
      String listType,
      List<String> keys) {
    return new Field(name, schema, "", false, strategy, mergeKey, listType, keys);
  }

  static Field plain(String name, Schema schema) {
    return field(name, schema, null, null, null, null);
  }

  /** A list merged by {@code mergeKey} (patchStrategy merge, no list type). */
  static Field merge(String name, Struct items, String mergeKey) {
    return field(name, new ListOf(items, ""), "merge", mergeKey, null, null);
  }

  /**
   * A list merged by {@code mergeKey} under SMP and by {@code keys} under SSA ({@code listType:
   * map}).
   */
  static Field mapList(String name, Struct items, String mergeKey, List<String> keys) {
    return field(name, new ListOf(items, ""), "merge", mergeKey, "map", keys);
  }

  /** A scalar list with patchStrategy merge: a set. */
  static Field mergeSet(String name, ListOf list) {
    return field(name, list, "merge", null, null, null);
  }

  /** Parses JSON written with single quotes, for readable test tables: {@code {'a':1}}. */
  static ObjectNode json(String singleQuoted) {
    return (ObjectNode) node(singleQuoted);
  }

  static JsonNode node(String singleQuoted) {
    return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
  }
}
