package dev.berth.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every resource berth serves, in discovery order. Immutable. */
public final class ResourceRegistry {
  private final List<ResourceType> types;
  private final Map<String, ResourceType> byGroupPlural = new LinkedHashMap<>();
  private final Map<String, ResourceType> byApiVersionKind = new LinkedHashMap<>();

  public ResourceRegistry(List<ResourceType> types) {
    this.types = List.copyOf(types);
    for (ResourceType t : types) {
      byGroupPlural.put(t.group() + "/" + t.plural(), t);
      byApiVersionKind.put(t.apiVersion() + "/" + t.kind(), t);
    }
  }

  /** The resources of {@code spec/api-server.md} §5.3. */
  public static ResourceRegistry standard() {
    List<ResourceType> t = new ArrayList<>();
    List<String> all = List.of("all");
    List<String> none = List.of();
    List<String> verbs = ResourceType.ALL_VERBS;
    List<String> nsVerbs = List.of("create", "delete", "get", "list", "patch", "update", "watch");
    t.add(core("namespaces", "namespace", "Namespace", false, List.of("ns"), none, nsVerbs, Set.of("status", "finalize"), Namespace.class));
    t.add(core("nodes", "node", "Node", false, List.of("no"), none, verbs, Set.of("status"), Node.class));
    t.add(core("pods", "pod", "Pod", true, List.of("po"), all, verbs, Set.of("status", "log", "exec", "binding"), Pod.class));
    t.add(core("services", "service", "Service", true, List.of("svc"), all, verbs, Set.of("status"), Service.class));
    t.add(core("endpoints", "endpoints", "Endpoints", true, List.of("ep"), none, verbs, Set.of(), Endpoints.class));
    t.add(core("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, List.of("pvc"), none, verbs, Set.of("status"), PersistentVolumeClaim.class));
    t.add(core("persistentvolumes", "persistentvolume", "PersistentVolume", false, List.of("pv"), none, verbs, Set.of("status"), PersistentVolume.class));
    t.add(core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), none, verbs, Set.of(), ConfigMap.class));
    t.add(core("secrets", "secret", "Secret", true, none, none, verbs, Set.of(), Secret.class));
    t.add(core("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), none, verbs, Set.of("token"), ServiceAccount.class));
    t.add(core("events", "event", "Event", true, List.of("ev"), none, verbs, Set.of(), Event.class));
    t.add(new ResourceType("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, List.of("sts"), all, verbs, Set.of("status", "scale"), StatefulSet.class));
    t.add(new ResourceType("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"), all, verbs, Set.of("status", "scale"), Deployment.class));
    t.add(new ResourceType("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, List.of("rs"), all, verbs, Set.of("status", "scale"), ReplicaSet.class));
    t.add(new ResourceType("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true, none, none, verbs, Set.of(), ControllerRevision.class));
    t.add(new ResourceType("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, none, none, verbs, Set.of(), EndpointSlice.class));
    t.add(new ResourceType("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), none, verbs, Set.of(), io.fabric8.kubernetes.api.model.events.v1.Event.class));
    t.add(new ResourceType("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, List.of("sc"), none, verbs, Set.of(), StorageClass.class));
    t.add(new ResourceType("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, none, none, verbs, Set.of(), Lease.class));
    return new ResourceRegistry(t);
  }

  private static ResourceType core(String plural, String singular, String kind, boolean namespaced, List<String> shortNames,
      List<String> categories, List<String> verbs, Set<String> subresources, Class<? extends HasMetadata> type) {
    return new ResourceType("", "v1", plural, singular, kind, namespaced, shortNames, categories, verbs, subresources, type);
  }

  public List<ResourceType> types() {
    return types;
  }

  public Optional<ResourceType> byPlural(String group, String plural) {
    return Optional.ofNullable(byGroupPlural.get(group + "/" + plural));
  }

  public Optional<ResourceType> byKind(String apiVersion, String kind) {
    return Optional.ofNullable(byApiVersionKind.get(apiVersion + "/" + kind));
  }

  /** The resource whose fabric8 class is {@code type}; core wins over events.k8s.io for shared names. */
  public Optional<ResourceType> byJavaType(Class<?> type) {
    return types.stream().filter(t -> t.javaType().equals(type)).findFirst();
  }

  /** Group-versions in discovery order, e.g. {@code v1}, {@code apps/v1}. */
  public List<String> groupVersions() {
    return types.stream().map(ResourceType::apiVersion).distinct().toList();
  }
}
