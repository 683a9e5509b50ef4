package dev.berth.api.schema;

import java.util.Map;
import java.util.Set;

/**
 * Short descriptions for {@code kubectl explain}. fabric8's classes carry none, so berth keeps a
 * small table of its own: the served kinds, their lists, the common envelope fields and
 * {@code ObjectMeta}. Everything else has an empty description.
 */
final class Descriptions {
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String APPS = "io.k8s.api.apps.v1.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry(CORE + "Namespace", "Namespace provides a scope for names of namespaced objects."),
      Map.entry(CORE + "Node", "Node is a machine that runs pods; berth publishes one for the host it runs on."),
      Map.entry(CORE + "Pod", "Pod is a group of containers that run together on one node and share its network and volumes."),
      Map.entry(CORE + "PodSpec", "PodSpec is the desired state of a pod: its containers, volumes and scheduling constraints."),
      Map.entry(CORE + "PodStatus", "PodStatus is the most recently observed state of a pod."),
      Map.entry(CORE + "PodTemplateSpec", "PodTemplateSpec describes the pods a workload creates."),
      Map.entry(CORE + "Container", "Container is a single application container of a pod."),
      Map.entry(CORE + "Service", "Service gives a stable virtual address and DNS name to a set of pods chosen by a label selector."),
      Map.entry(CORE + "Endpoints", "Endpoints lists the addresses and ports that implement a service."),
      Map.entry(CORE + "PersistentVolumeClaim", "PersistentVolumeClaim is a user's request for storage."),
      Map.entry(CORE + "PersistentVolume", "PersistentVolume is a piece of storage provisioned for the cluster."),
      Map.entry(CORE + "ConfigMap", "ConfigMap holds non-confidential configuration data as key-value pairs."),
      Map.entry(CORE + "Secret", "Secret holds confidential data such as passwords, tokens or keys."),
      Map.entry(CORE + "ServiceAccount", "ServiceAccount is an identity for processes that run in pods."),
      Map.entry(CORE + "Event", "Event is a report of something that happened to an object."),
      Map.entry(APPS + "StatefulSet", "StatefulSet manages pods with stable identities (ordinal names) and stable per-pod storage."),
      Map.entry(APPS + "StatefulSetSpec", "StatefulSetSpec is the desired state of a StatefulSet."),
      Map.entry(APPS + "StatefulSetStatus", "StatefulSetStatus is the most recently observed state of a StatefulSet."),
      Map.entry(APPS + "StatefulSetUpdateStrategy", "StatefulSetUpdateStrategy says how the StatefulSet controller replaces pods when the template changes."),
      Map.entry(APPS + "RollingUpdateStatefulSetStrategy", "RollingUpdateStatefulSetStrategy parameterises the RollingUpdate update strategy."),
      Map.entry(APPS + "Deployment", "Deployment declaratively rolls out ReplicaSets of a pod template."),
      Map.entry(APPS + "DeploymentSpec", "DeploymentSpec is the desired state of a Deployment."),
      Map.entry(APPS + "DeploymentStrategy", "DeploymentStrategy says how a Deployment replaces old pods with new ones."),
      Map.entry(APPS + "ReplicaSet", "ReplicaSet keeps a given number of identical pods running."),
      Map.entry(APPS + "ControllerRevision", "ControllerRevision is an immutable snapshot of a workload's template, used for rollbacks."),
      Map.entry("io.k8s.api.discovery.v1.EndpointSlice", "EndpointSlice is a subset of the endpoints that implement a service."),
      Map.entry("io.k8s.api.events.v1.Event", "Event is a report of something that happened to an object."),
      Map.entry("io.k8s.api.storage.v1.StorageClass", "StorageClass describes a class of storage that claims can be dynamically provisioned from."),
      Map.entry("io.k8s.api.coordination.v1.Lease", "Lease is a lock held by one holder for a limited time, e.g. for leader election."),
      Map.entry("io.k8s.api.autoscaling.v1.Scale", "Scale is the scale subresource of a workload: desired and observed replicas."),
      Map.entry(META + "ObjectMeta", "ObjectMeta is the metadata every persisted object has."),
      Map.entry(META + "ListMeta", "ListMeta is the metadata of a list: its resourceVersion and continue token."),
      Map.entry(META + "LabelSelector", "LabelSelector selects objects by their labels; its requirements are ANDed."),
      Map.entry(META + "OwnerReference", "OwnerReference identifies an owning object; the garbage collector deletes owned objects after their owners."),
      Map.entry(META + "Status", "Status is the result of an operation that returns no object, such as an error or a deletion."),
      Map.entry(META + "DeleteOptions", "DeleteOptions may be provided when deleting an object."),
      Map.entry(META + "WatchEvent", "WatchEvent is one event of a watch stream."));

  /** Definitions that are API kinds (objects with apiVersion, kind, metadata), lists aside. */
  private static final Set<String> KINDS = Set.of(
      CORE + "Namespace", CORE + "Node", CORE + "Pod", CORE + "Service", CORE + "Endpoints",
      CORE + "PersistentVolumeClaim", CORE + "PersistentVolume", CORE + "ConfigMap", CORE + "Secret",
      CORE + "ServiceAccount", CORE + "Event", APPS + "StatefulSet", APPS + "Deployment",
      APPS + "ReplicaSet", APPS + "ControllerRevision", "io.k8s.api.discovery.v1.EndpointSlice",
      "io.k8s.api.events.v1.Event", "io.k8s.api.storage.v1.StorageClass",
      "io.k8s.api.coordination.v1.Lease", "io.k8s.api.autoscaling.v1.Scale", META + "Status",
      META + "DeleteOptions");

  /** Fields of the envelope every kind shares. */
  private static final Map<String, String> ENVELOPE = Map.of(
      "apiVersion", "APIVersion is the versioned schema of this object, e.g. apps/v1.",
      "kind", "Kind is the REST resource this object represents, in CamelCase, e.g. StatefulSet.",
      "spec", "Spec is the desired state of the object.",
      "status", "Status is the most recently observed state of the object; written by the system, read-only for users.");

  private static final Map<String, String> OBJECT_META = Map.ofEntries(
      Map.entry("name", "Name is unique within a namespace (or the cluster, for cluster-scoped kinds) and cannot be updated."),
      Map.entry("generateName", "GenerateName is a prefix from which the server generates a unique name when name is empty."),
      Map.entry("namespace", "Namespace scopes the name; empty for cluster-scoped kinds."),
      Map.entry("uid", "UID is unique in time and space; set by the server on creation."),
      Map.entry("resourceVersion", "ResourceVersion is an opaque version of this object, for optimistic concurrency and watches."),
      Map.entry("generation", "Generation is a sequence number of the desired state; the server increments it on every spec change."),
      Map.entry("creationTimestamp", "CreationTimestamp is the server time when the object was created."),
      Map.entry("deletionTimestamp", "DeletionTimestamp is when deletion was requested; the object is gone once its finalizers are empty."),
      Map.entry("deletionGracePeriodSeconds", "DeletionGracePeriodSeconds is the grace period the object has to terminate."),
      Map.entry("labels", "Labels are key-value pairs used to organise and select objects."),
      Map.entry("annotations", "Annotations are key-value pairs for arbitrary, non-identifying metadata."),
      Map.entry("ownerReferences", "OwnerReferences list the objects this one depends on; it is garbage collected after them."),
      Map.entry("finalizers", "Finalizers must all be removed before the object is deleted from storage."),
      Map.entry("managedFields", "ManagedFields records which field manager owns which fields (server-side apply)."),
      Map.entry("selfLink", "Deprecated; never set."));

  private static final Map<String, String> LIST_FIELDS = Map.of(
      "items", "Items is the list of objects.",
      "metadata", "Standard list metadata.");

  private Descriptions() {}

  static String ofType(String definition) {
    String d = TYPES.get(definition);
    if (d != null) {
      return d;
    }
    if (definition.endsWith("List") && KINDS.contains(definition.substring(0, definition.length() - 4))) {
      String item = DefinitionNames.simpleName(definition);
      return item + " is a list of " + item.substring(0, item.length() - 4) + " objects.";
    }
    return "";
  }

  static String ofField(String definition, String field) {
    if (definition.equals(META + "ObjectMeta")) {
      return OBJECT_META.getOrDefault(field, "");
    }
    boolean list = definition.endsWith("List") && KINDS.contains(definition.substring(0, definition.length() - 4));
    if (list && LIST_FIELDS.containsKey(field)) {
      return LIST_FIELDS.get(field);
    }
    if (!list && !KINDS.contains(definition)) {
      return "";
    }
    if (field.equals("metadata")) {
      return "Standard object metadata.";
    }
    if (definition.equals(META + "Status") && field.equals("status")) {
      return "Status of the operation: Success or Failure.";
    }
    return ENVELOPE.getOrDefault(field, "");
  }
}
