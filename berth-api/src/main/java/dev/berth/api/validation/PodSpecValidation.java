package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeDevice;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ValidatePodSpec} and {@code ValidatePodTemplateSpec} of
 * {@code pkg/apis/core/validation/validation.go}, with upstream's field paths and messages:
 * volumes (unique DNS-1123 names, exactly one source), containers and init containers (names
 * unique across both, image required, ports, env, mounts referring to volumes, probes, lifecycle,
 * resources, security context), restart and DNS policies, scheduling fields and the pod security
 * context. Expects a defaulted spec (see {@link PodTemplateDefaults}): missing defaulted fields
 * are reported as {@code Required}, as upstream would.
 *
 * <p>Differences from upstream, on purpose: {@code terminationGracePeriodSeconds} must be
 * non-negative (upstream accepts a negative value and later treats it as 1); privileged containers
 * are allowed (as with {@code --allow-privileged=true}); Windows, AppArmor, topology-spread and
 * resource-claim fields are not checked in depth.
 */
public final class PodSpecValidation {
  private PodSpecValidation() {}

  /** {@code ResourceIsPod}: a Pod, not a template embedded in a workload. */
  public record Options(boolean resourceIsPod) {
    public static final Options POD = new Options(true);
    public static final Options TEMPLATE = new Options(false);
  }

  private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
  private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
  private static final List<String> TERMINATION_MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
  private static final List<String> HTTP_SCHEMES = List.of("HTTP", "HTTPS");
  private static final List<String> HOST_PATH_TYPES =
      List.of("", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket");
  private static final List<String> MOUNT_PROPAGATIONS = List.of("Bidirectional", "HostToContainer", "None");
  private static final List<String> PREEMPTION_POLICIES = List.of("PreemptLowerPriority", "Never");
  private static final List<String> FS_GROUP_CHANGE_POLICIES = List.of("Always", "OnRootMismatch");
  private static final List<String> SECCOMP_TYPES = List.of("Localhost", "RuntimeDefault", "Unconfined");
  private static final List<String> PROC_MOUNTS = List.of("Default", "Unmasked");
  private static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Set<String> ENV_FIELD_PATHS = new TreeSet<>(List.of("metadata.name", "metadata.namespace",
      "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
      "status.podIPs"));
  private static final Set<String> VOLUME_FIELD_PATHS = new TreeSet<>(List.of("metadata.annotations", "metadata.labels",
      "metadata.name", "metadata.namespace", "metadata.uid"));
  private static final Set<String> RESOURCE_FIELD_PATHS = new TreeSet<>(List.of("limits.cpu", "limits.ephemeral-storage",
      "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"));
  private static final String FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";
  private static final String MORE_THAN_ONE_VOLUME = "may not specify more than 1 volume type";

  /**
   * The volume sources in the order upstream checks them, as (JSON key, path segment in the
   * "more than 1 volume type" error). Upstream's own path spellings are kept ({@code cephFS},
   * {@code downwarAPI}).
   */
  private static final List<String[]> VOLUME_SOURCES = List.of(
      new String[] {"emptyDir", "emptyDir"}, new String[] {"hostPath", "hostPath"}, new String[] {"gitRepo", "gitRepo"},
      new String[] {"gcePersistentDisk", "gcePersistentDisk"}, new String[] {"awsElasticBlockStore", "awsElasticBlockStore"},
      new String[] {"secret", "secret"}, new String[] {"nfs", "nfs"}, new String[] {"iscsi", "iscsi"},
      new String[] {"glusterfs", "glusterfs"}, new String[] {"flocker", "flocker"},
      new String[] {"persistentVolumeClaim", "persistentVolumeClaim"}, new String[] {"rbd", "rbd"},
      new String[] {"cinder", "cinder"}, new String[] {"cephfs", "cephFS"}, new String[] {"quobyte", "quobyte"},
      new String[] {"downwardAPI", "downwarAPI"}, new String[] {"fc", "fc"}, new String[] {"flexVolume", "flexVolume"},
      new String[] {"configMap", "configMap"}, new String[] {"azureFile", "azureFile"},
      new String[] {"vsphereVolume", "vsphereVolume"}, new String[] {"photonPersistentDisk", "photonPersistentDisk"},
      new String[] {"portworxVolume", "portworxVolume"}, new String[] {"azureDisk", "azureDisk"},
      new String[] {"storageos", "storageos"}, new String[] {"projected", "projected"}, new String[] {"scaleIO", "scaleIO"},
      new String[] {"csi", "csi"}, new String[] {"ephemeral", "ephemeral"}, new String[] {"image", "image"});

  /**
   * {@code ValidatePodTemplateSpec}: template labels and annotations, the pod spec, and no
   * ephemeral containers.
   */
  public static List<FieldError> validateTemplate(PodTemplateSpec template, FieldPath path, Options opts) {
    List<FieldError> errs = new ArrayList<>();
    var meta = template.getMetadata();
    errs.addAll(ObjectMetaValidation.labels(meta == null ? null : meta.getLabels(), path.child("labels")));
    errs.addAll(ObjectMetaValidation.annotations(meta == null ? null : meta.getAnnotations(), path.child("annotations")));
    errs.addAll(podSpecificAnnotations(meta == null ? null : meta.getAnnotations(), path.child("annotations")));
    PodSpec spec = template.getSpec() == null ? new PodSpec() : template.getSpec();
    errs.addAll(validate(spec, path.child("spec"), opts, Set.of()));
    if (spec.getEphemeralContainers() != null && !spec.getEphemeralContainers().isEmpty()) {
      errs.add(FieldError.forbidden(path.child("spec", "ephemeralContainers").toString(), "ephemeral containers not allowed in pod template"));
    }
    return errs;
  }

  /** {@code ValidatePodSpecificAnnotations}: the pod deletion cost must be a 32-bit integer. */
  public static List<FieldError> podSpecificAnnotations(Map<String, String> annotations, FieldPath path) {
    if (annotations == null) {
      return List.of();
    }
    String cost = annotations.get("controller.kubernetes.io/pod-deletion-cost");
    if (cost != null) {
      try {
        Integer.parseInt(cost);
      } catch (NumberFormatException e) {
        return List.of(FieldError.invalid(path.key("controller.kubernetes.io/pod-deletion-cost").toString(), cost, "must be a 32bit integer"));
      }
    }
    return List.of();
  }

  /**
   * {@code ValidatePodSpec}. {@code extraVolumes} names volumes that exist outside the spec (a
   * StatefulSet's claim templates), so mounts of them are not "not found".
   */
  public static List<FieldError> validate(PodSpec spec, FieldPath path, Options opts, Set<String> extraVolumes) {
    List<FieldError> errs = new ArrayList<>();
    Long grace = spec.getTerminationGracePeriodSeconds();
    if (grace == null) {
      errs.add(FieldError.required(path.child("terminationGracePeriodSeconds").toString(), ""));
    } else if (grace < 0) {
      errs.add(FieldError.invalid(path.child("terminationGracePeriodSeconds").toString(), grace, "must be greater than or equal to 0"));
    }
    Map<String, Volume> volumes = new LinkedHashMap<>();
    errs.addAll(volumes(spec.getVolumes(), path.child("volumes"), volumes));
    Set<String> volumeNames = new HashSet<>(volumes.keySet());
    volumeNames.addAll(extraVolumes);
    Set<String> pvcVolumes = new HashSet<>(extraVolumes);
    volumes.forEach((n, v) -> {
      if (v.getPersistentVolumeClaim() != null || v.getEphemeral() != null) {
        pvcVolumes.add(n);
      }
    });
    String restartPolicy = spec.getRestartPolicy() == null ? "" : spec.getRestartPolicy();
    errs.addAll(containers(orEmpty(spec.getContainers()), volumeNames, pvcVolumes, grace, path.child("containers")));
    errs.addAll(initContainers(orEmpty(spec.getInitContainers()), orEmpty(spec.getContainers()), volumeNames, pvcVolumes, grace,
        path.child("initContainers")));
    errs.addAll(hostNetworkDeps(spec, path, opts));
    errs.addAll(oneOf(restartPolicy, RESTART_POLICIES, path.child("restartPolicy")));
    errs.addAll(oneOf(spec.getDnsPolicy() == null ? "" : spec.getDnsPolicy(), DNS_POLICIES, path.child("dnsPolicy")));
    errs.addAll(ObjectMetaValidation.labels(spec.getNodeSelector(), path.child("nodeSelector")));
    errs.addAll(podSecurityContext(spec.getSecurityContext(), spec, path.child("securityContext")));
    errs.addAll(imagePullSecrets(spec.getImagePullSecrets(), path.child("imagePullSecrets")));
    errs.addAll(affinity(spec.getAffinity(), path.child("affinity")));
    errs.addAll(dnsConfig(spec.getDnsConfig(), spec.getDnsPolicy(), path.child("dnsConfig")));
    if (spec.getReadinessGates() != null) {
      for (int i = 0; i < spec.getReadinessGates().size(); i++) {
        String t = nz(spec.getReadinessGates().get(i).getConditionType());
        for (String msg : NameValidation.qualifiedName(t)) {
          errs.add(FieldError.invalid(path.child("readinessGates").index(i).child("conditionType").toString(), t, msg));
        }
      }
    }
    if (!nz(spec.getServiceAccountName()).isEmpty()) {
      for (String msg : NameValidation.dns1123Subdomain(spec.getServiceAccountName())) {
        errs.add(FieldError.invalid(path.child("serviceAccountName").toString(), spec.getServiceAccountName(), msg));
      }
    }
    if (!nz(spec.getNodeName()).isEmpty()) {
      for (String msg : NameValidation.dns1123Subdomain(spec.getNodeName())) {
        errs.add(FieldError.invalid(path.child("nodeName").toString(), spec.getNodeName(), msg));
      }
    }
    if (spec.getActiveDeadlineSeconds() != null) {
      long v = spec.getActiveDeadlineSeconds();
      if (v < 1 || v > Integer.MAX_VALUE) {
        errs.add(FieldError.invalid(path.child("activeDeadlineSeconds").toString(), v, NameValidation.inclusiveRangeError(1, Integer.MAX_VALUE)));
      }
    }
    if (!nz(spec.getHostname()).isEmpty()) {
      errs.addAll(dns1123Label(spec.getHostname(), path.child("hostname")));
    }
    if (!nz(spec.getSubdomain()).isEmpty()) {
      errs.addAll(dns1123Label(spec.getSubdomain(), path.child("subdomain")));
    }
    errs.addAll(tolerations(spec.getTolerations(), path.child("tolerations")));
    if (spec.getHostAliases() != null) {
      for (int i = 0; i < spec.getHostAliases().size(); i++) {
        HostAlias a = spec.getHostAliases().get(i);
        errs.addAll(validIp(nz(a.getIp()), path.child("hostAliases").index(i).child("ip")));
        List<String> hostnames = orEmpty(a.getHostnames());
        for (int j = 0; j < hostnames.size(); j++) {
          errs.addAll(dns1123Subdomain(nz(hostnames.get(j)), path.child("hostAliases").index(i).child("hostnames").index(j)));
        }
      }
    }
    if (!nz(spec.getPriorityClassName()).isEmpty()) {
      for (String msg : NameValidation.dns1123Subdomain(spec.getPriorityClassName())) {
        errs.add(FieldError.invalid(path.child("priorityClassName").toString(), spec.getPriorityClassName(), msg));
      }
    }
    if (spec.getRuntimeClassName() != null) {
      errs.addAll(dns1123Subdomain(spec.getRuntimeClassName(), path.child("runtimeClassName")));
    }
    if (spec.getPreemptionPolicy() != null) {
      errs.addAll(oneOf(spec.getPreemptionPolicy(), PREEMPTION_POLICIES, path.child("preemptionPolicy")));
    }
    if (spec.getOs() != null) {
      String os = nz(spec.getOs().getName());
      if (os.isEmpty()) {
        errs.add(FieldError.required(path.child("os", "name").toString(), "cannot be empty"));
      } else if (!os.equals("linux") && !os.equals("windows")) {
        errs.add(FieldError.notSupported(path.child("os").toString(), os, List.of("linux", "windows")));
      }
    }
    return errs;
  }

  // ---- volumes ----

  static List<FieldError> volumes(List<Volume> vols, FieldPath path, Map<String, Volume> valid) {
    List<FieldError> errs = new ArrayList<>();
    if (vols == null) {
      return errs;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < vols.size(); i++) {
      Volume v = vols.get(i);
      FieldPath idx = path.index(i);
      List<FieldError> el = new ArrayList<>(volumeSource(v, idx));
      String name = nz(v.getName());
      if (name.isEmpty()) {
        el.add(FieldError.required(idx.child("name").toString(), ""));
      } else {
        el.addAll(dns1123Label(name, idx.child("name")));
      }
      if (names.contains(name)) {
        el.add(FieldError.duplicate(idx.child("name").toString(), name));
      }
      if (el.isEmpty()) {
        names.add(name);
        valid.put(name, v);
      } else {
        errs.addAll(el);
      }
    }
    return errs;
  }

  static List<FieldError> volumeSource(Volume v, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    ObjectNode tree = SpecDiff.tree(v);
    int count = 0;
    for (String[] src : VOLUME_SOURCES) {
      if (!tree.has(src[0]) || tree.get(src[0]).isNull()) {
        continue;
      }
      if (count > 0) {
        errs.add(FieldError.forbidden(path.child(src[1]).toString(), MORE_THAN_ONE_VOLUME));
        continue;
      }
      count++;
      errs.addAll(sourceDetails(v, src[0], path));
    }
    if (count == 0) {
      errs.add(FieldError.required(path.toString(), "must specify a volume type"));
    }
    return errs;
  }

  private static List<FieldError> sourceDetails(Volume v, String source, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    switch (source) {
      case "emptyDir" -> {
        Quantity limit = v.getEmptyDir().getSizeLimit();
        if (limit != null && Quantities.value(limit).map(x -> x.signum() < 0).orElse(true)) {
          errs.add(FieldError.forbidden(path.child("emptyDir", "sizeLimit").toString(), "SizeLimit field must be a valid resource quantity"));
        }
      }
      case "hostPath" -> {
        String p = nz(v.getHostPath().getPath());
        FieldPath hp = path.child("hostPath");
        if (p.isEmpty()) {
          errs.add(FieldError.required(hp.child("path").toString(), ""));
        } else {
          errs.addAll(noBacksteps(p, hp.child("path")));
          String type = v.getHostPath().getType();
          if (type != null && !HOST_PATH_TYPES.contains(type)) {
            errs.add(FieldError.notSupported(hp.child("type").toString(), type, HOST_PATH_TYPES));
          }
        }
      }
      case "secret" -> {
        FieldPath sp = path.child("secret");
        if (nz(v.getSecret().getSecretName()).isEmpty()) {
          errs.add(FieldError.required(sp.child("secretName").toString(), ""));
        }
        errs.addAll(fileMode(v.getSecret().getDefaultMode(), sp.child("defaultMode")));
        errs.addAll(keyToPaths(v.getSecret().getItems(), sp.child("items")));
      }
      case "configMap" -> {
        FieldPath cp = path.child("configMap");
        if (nz(v.getConfigMap().getName()).isEmpty()) {
          errs.add(FieldError.required(cp.child("name").toString(), ""));
        }
        errs.addAll(fileMode(v.getConfigMap().getDefaultMode(), cp.child("defaultMode")));
        errs.addAll(keyToPaths(v.getConfigMap().getItems(), cp.child("items")));
      }
      case "persistentVolumeClaim" -> {
        if (nz(v.getPersistentVolumeClaim().getClaimName()).isEmpty()) {
          errs.add(FieldError.required(path.child("persistentVolumeClaim", "claimName").toString(), ""));
        }
      }
      case "downwardAPI" -> {
        FieldPath dp = path.child("downwardAPI");
        errs.addAll(fileMode(v.getDownwardAPI().getDefaultMode(), dp.child("defaultMode")));
        for (DownwardAPIVolumeFile f : orEmpty(v.getDownwardAPI().getItems())) {
          errs.addAll(downwardApiFile(f, dp));
        }
      }
      case "projected" -> errs.addAll(projected(v, path.child("projected")));
      case "nfs" -> {
        FieldPath np = path.child("nfs");
        if (nz(v.getNfs().getServer()).isEmpty()) {
          errs.add(FieldError.required(np.child("server").toString(), ""));
        }
        String p = nz(v.getNfs().getPath());
        if (p.isEmpty()) {
          errs.add(FieldError.required(np.child("path").toString(), ""));
        }
        if (!p.startsWith("/")) {
          errs.add(FieldError.invalid(np.child("path").toString(), p, "must be an absolute path"));
        }
      }
      case "csi" -> {
        String driver = nz(v.getCsi().getDriver());
        FieldPath dp = path.child("csi", "driver");
        if (driver.isEmpty()) {
          errs.add(FieldError.required(dp.toString(), ""));
        }
        if (driver.length() > 63) {
          errs.add(FieldError.tooLong(dp.toString(), driver, 63));
        }
        for (String msg : NameValidation.dns1123Subdomain(driver.toLowerCase(Locale.ROOT))) {
          errs.add(FieldError.invalid(dp.toString(), driver, msg));
        }
      }
      case "ephemeral" -> {
        if (v.getEphemeral().getVolumeClaimTemplate() == null) {
          errs.add(FieldError.required(path.child("ephemeral", "volumeClaimTemplate").toString(), ""));
        }
      }
      case "gitRepo" -> {
        if (nz(v.getGitRepo().getRepository()).isEmpty()) {
          errs.add(FieldError.required(path.child("gitRepo", "repository").toString(), ""));
        }
      }
      default -> {
        // Cloud and network volume sources: counted, not checked in depth; berth cannot mount them.
      }
    }
    return errs;
  }

  private static List<FieldError> projected(Volume v, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    errs.addAll(fileMode(v.getProjected().getDefaultMode(), path.child("defaultMode")));
    Set<String> allPaths = new HashSet<>();
    List<VolumeProjection> sources = orEmpty(v.getProjected().getSources());
    for (int i = 0; i < sources.size(); i++) {
      VolumeProjection s = sources.get(i);
      FieldPath src = path.child("sources").index(i);
      int n = 0;
      if (s.getSecret() != null) {
        n++;
        if (nz(s.getSecret().getName()).isEmpty()) {
          errs.add(FieldError.required(src.child("secret", "name").toString(), ""));
        }
        errs.addAll(projectedItems(s.getSecret().getItems(), src.child("secret", "items"), path, nz(s.getSecret().getName()), allPaths));
      }
      if (s.getConfigMap() != null) {
        n++;
        if (nz(s.getConfigMap().getName()).isEmpty()) {
          errs.add(FieldError.required(src.child("configMap", "name").toString(), ""));
        }
        errs.addAll(projectedItems(s.getConfigMap().getItems(), src.child("configMap", "items"), path, nz(s.getConfigMap().getName()), allPaths));
      }
      if (s.getDownwardAPI() != null) {
        n++;
        for (DownwardAPIVolumeFile f : orEmpty(s.getDownwardAPI().getItems())) {
          errs.addAll(downwardApiFile(f, src.child("downwardAPI")));
          if (!nz(f.getPath()).isEmpty() && !allPaths.add(f.getPath())) {
            errs.add(FieldError.invalid(path.toString(), f.getPath(), "conflicting duplicate paths"));
          }
        }
      }
      if (s.getServiceAccountToken() != null) {
        n++;
        FieldPath tp = src.child("serviceAccountToken");
        Long exp = s.getServiceAccountToken().getExpirationSeconds();
        if (exp != null && exp < 600) {
          errs.add(FieldError.invalid(tp.child("expirationSeconds").toString(), exp, "may not specify a duration less than 10 minutes"));
        }
        if (exp != null && exp > (1L << 32)) {
          errs.add(FieldError.invalid(tp.child("expirationSeconds").toString(), exp, "may not specify a duration larger than 2^32 seconds"));
        }
        if (nz(s.getServiceAccountToken().getPath()).isEmpty()) {
          errs.add(FieldError.required(path.child("path").toString(), ""));
        } else {
          errs.addAll(localNonReservedPath(s.getServiceAccountToken().getPath(), path.child("path")));
        }
      }
      if (s.getClusterTrustBundle() != null) {
        n++;
      }
      if (n > 1) {
        errs.add(FieldError.forbidden(src.toString(), MORE_THAN_ONE_VOLUME));
      }
    }
    return errs;
  }

  private static List<FieldError> projectedItems(List<KeyToPath> items, FieldPath itemsPath, FieldPath volumePath, String sourceName,
      Set<String> allPaths) {
    List<FieldError> errs = new ArrayList<>();
    List<KeyToPath> l = orEmpty(items);
    for (int i = 0; i < l.size(); i++) {
      errs.addAll(keyToPath(l.get(i), itemsPath.index(i)));
      String p = nz(l.get(i).getPath());
      if (!p.isEmpty() && !allPaths.add(p)) {
        errs.add(FieldError.invalid(volumePath.toString(), sourceName, "conflicting duplicate paths"));
      }
    }
    return errs;
  }

  private static List<FieldError> keyToPaths(List<KeyToPath> items, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<KeyToPath> l = orEmpty(items);
    for (int i = 0; i < l.size(); i++) {
      errs.addAll(keyToPath(l.get(i), path.index(i)));
    }
    return errs;
  }

  private static List<FieldError> keyToPath(KeyToPath kp, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (nz(kp.getKey()).isEmpty()) {
      errs.add(FieldError.required(path.child("key").toString(), ""));
    }
    if (nz(kp.getPath()).isEmpty()) {
      errs.add(FieldError.required(path.child("path").toString(), ""));
    }
    errs.addAll(localNonReservedPath(nz(kp.getPath()), path.child("path")));
    errs.addAll(fileMode(kp.getMode(), path.child("mode")));
    return errs;
  }

  private static List<FieldError> downwardApiFile(DownwardAPIVolumeFile f, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (nz(f.getPath()).isEmpty()) {
      errs.add(FieldError.required(path.child("path").toString(), ""));
    }
    errs.addAll(localNonReservedPath(nz(f.getPath()), path.child("path")));
    if (f.getFieldRef() != null) {
      errs.addAll(objectFieldSelector(f.getFieldRef(), VOLUME_FIELD_PATHS, path.child("fieldRef")));
      if (f.getResourceFieldRef() != null) {
        errs.add(FieldError.invalid(path.toString(), "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
      }
    } else if (f.getResourceFieldRef() != null) {
      errs.addAll(resourceFieldSelector(f.getResourceFieldRef(), path.child("resourceFieldRef"), true));
    } else {
      errs.add(FieldError.required(path.toString(), "one of fieldRef and resourceFieldRef is required"));
    }
    errs.addAll(fileMode(f.getMode(), path.child("mode")));
    return errs;
  }

  private static List<FieldError> fileMode(Integer mode, FieldPath path) {
    if (mode != null && (mode > 0777 || mode < 0)) {
      return List.of(FieldError.invalid(path.toString(), mode, FILE_MODE_ERROR));
    }
    return List.of();
  }

  /** {@code validatePathNoBacksteps}: no {@code ..} element. */
  static List<FieldError> noBacksteps(String p, FieldPath path) {
    for (String part : p.replace('\\', '/').split("/", -1)) {
      if (part.equals("..")) {
        return List.of(FieldError.invalid(path.toString(), p, "must not contain '..'"));
      }
    }
    return List.of();
  }

  /** {@code validateLocalDescendingPath}: relative, without backsteps. */
  static List<FieldError> localDescendingPath(String p, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (p.startsWith("/")) {
      errs.add(FieldError.invalid(path.toString(), p, "must be a relative path"));
    }
    errs.addAll(noBacksteps(p, path));
    return errs;
  }

  static List<FieldError> localNonReservedPath(String p, FieldPath path) {
    List<FieldError> errs = new ArrayList<>(localDescendingPath(p, path));
    if (p.startsWith("..") && !p.startsWith("../")) {
      errs.add(FieldError.invalid(path.toString(), p, "must not start with '..'"));
    }
    return errs;
  }

  // ---- containers ----

  static List<FieldError> containers(List<Container> cs, Set<String> volumes, Set<String> pvcVolumes, Long grace, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (cs.isEmpty()) {
      errs.add(FieldError.required(path.toString(), ""));
      return errs;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < cs.size(); i++) {
      Container c = cs.get(i);
      FieldPath p = path.index(i);
      errs.addAll(containerCommon(c, volumes, pvcVolumes, p));
      if (!names.add(nz(c.getName()))) {
        errs.add(FieldError.duplicate(p.child("name").toString(), nz(c.getName())));
      }
      if (c.getLifecycle() != null) {
        errs.addAll(lifecycle(c.getLifecycle(), grace, p.child("lifecycle")));
      }
      errs.addAll(livenessProbe(c.getLivenessProbe(), grace, p.child("livenessProbe")));
      errs.addAll(readinessProbe(c.getReadinessProbe(), grace, p.child("readinessProbe")));
      errs.addAll(startupProbe(c.getStartupProbe(), grace, p.child("startupProbe")));
      if (c.getRestartPolicy() != null) {
        errs.add(FieldError.forbidden(p.child("restartPolicy").toString(), "may not be set for non-init containers"));
      }
    }
    errs.addAll(hostPortConflicts(cs, path));
    return errs;
  }

  static List<FieldError> initContainers(List<Container> cs, List<Container> regular, Set<String> volumes, Set<String> pvcVolumes,
      Long grace, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Container c : regular) {
      names.add(nz(c.getName()));
    }
    for (int i = 0; i < cs.size(); i++) {
      Container c = cs.get(i);
      FieldPath p = path.index(i);
      errs.addAll(containerCommon(c, volumes, pvcVolumes, p));
      boolean restartAlways = false;
      if (c.getRestartPolicy() != null) {
        // Sidecars: an init container with restartPolicy Always keeps running next to the containers.
        if (!c.getRestartPolicy().equals("Always")) {
          errs.add(FieldError.notSupported(p.child("restartPolicy").toString(), c.getRestartPolicy(), List.of("Always")));
        }
        restartAlways = c.getRestartPolicy().equals("Always");
      }
      String name = nz(c.getName());
      if (names.contains(name)) {
        errs.add(FieldError.duplicate(p.child("name").toString(), name));
      } else if (!name.isEmpty()) {
        names.add(name);
      }
      errs.addAll(hostPortConflicts(List.of(c), path));
      if (restartAlways) {
        if (c.getLifecycle() != null) {
          errs.addAll(lifecycle(c.getLifecycle(), grace, p.child("lifecycle")));
        }
        errs.addAll(livenessProbe(c.getLivenessProbe(), grace, p.child("livenessProbe")));
        errs.addAll(readinessProbe(c.getReadinessProbe(), grace, p.child("readinessProbe")));
        errs.addAll(startupProbe(c.getStartupProbe(), grace, p.child("startupProbe")));
      } else {
        String why = "may not be set for init containers without restartPolicy=Always";
        if (c.getLifecycle() != null) {
          errs.add(FieldError.forbidden(p.child("lifecycle").toString(), why));
        }
        if (c.getLivenessProbe() != null) {
          errs.add(FieldError.forbidden(p.child("livenessProbe").toString(), why));
        }
        if (c.getReadinessProbe() != null) {
          errs.add(FieldError.forbidden(p.child("readinessProbe").toString(), why));
        }
        if (c.getStartupProbe() != null) {
          errs.add(FieldError.forbidden(p.child("startupProbe").toString(), why));
        }
      }
      if (c.getResizePolicy() != null && !c.getResizePolicy().isEmpty()) {
        errs.add(FieldError.invalid(p.child("resizePolicy").toString(), GoSyntax.raw("[]core.ContainerResizePolicy{...}"),
            "must not be set for init containers"));
      }
    }
    return errs;
  }

  /** {@code validateContainerCommon}: what every container needs, regular or init. */
  static List<FieldError> containerCommon(Container c, Set<String> volumes, Set<String> pvcVolumes, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String name = nz(c.getName());
    if (name.isEmpty()) {
      errs.add(FieldError.required(path.child("name").toString(), ""));
    } else {
      errs.addAll(dns1123Label(name, path.child("name")));
    }
    if (nz(c.getImage()).isEmpty()) {
      errs.add(FieldError.required(path.child("image").toString(), ""));
    }
    String tmp = nz(c.getTerminationMessagePolicy());
    if (tmp.isEmpty()) {
      errs.add(FieldError.required(path.child("terminationMessagePolicy").toString(), ""));
    } else if (!TERMINATION_MESSAGE_POLICIES.contains(tmp)) {
      errs.add(FieldError.notSupported(path.child("terminationMessagePolicy").toString(), tmp, TERMINATION_MESSAGE_POLICIES));
    }
    errs.addAll(ports(orEmpty(c.getPorts()), path.child("ports")));
    errs.addAll(env(orEmpty(c.getEnv()), path.child("env")));
    errs.addAll(envFrom(orEmpty(c.getEnvFrom()), path.child("envFrom")));
    Map<String, String> devices = new HashMap<>();
    for (VolumeDevice d : orEmpty(c.getVolumeDevices())) {
      devices.put(nz(d.getName()), nz(d.getDevicePath()));
    }
    Map<String, String> mounts = new HashMap<>();
    for (VolumeMount m : orEmpty(c.getVolumeMounts())) {
      mounts.put(nz(m.getName()), nz(m.getMountPath()));
    }
    errs.addAll(volumeMounts(orEmpty(c.getVolumeMounts()), devices, volumes, c, path.child("volumeMounts")));
    errs.addAll(volumeDevices(orEmpty(c.getVolumeDevices()), mounts, volumes, pvcVolumes, path.child("volumeDevices")));
    String pull = nz(c.getImagePullPolicy());
    if (pull.isEmpty()) {
      errs.add(FieldError.required(path.child("imagePullPolicy").toString(), ""));
    } else if (!PULL_POLICIES.contains(pull)) {
      errs.add(FieldError.notSupported(path.child("imagePullPolicy").toString(), pull, PULL_POLICIES));
    }
    errs.addAll(resources(c.getResources(), path.child("resources")));
    errs.addAll(securityContext(c.getSecurityContext(), path.child("securityContext")));
    return errs;
  }

  static List<FieldError> ports(List<ContainerPort> ports, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ContainerPort p = ports.get(i);
      FieldPath idx = path.index(i);
      String name = nz(p.getName());
      if (!name.isEmpty()) {
        List<String> msgs = NameValidation.portName(name);
        if (!msgs.isEmpty()) {
          for (String msg : msgs) {
            errs.add(FieldError.invalid(idx.child("name").toString(), name, msg));
          }
        } else if (!names.add(name)) {
          errs.add(FieldError.duplicate(idx.child("name").toString(), name));
        }
      }
      int cp = p.getContainerPort() == null ? 0 : p.getContainerPort();
      if (cp == 0) {
        errs.add(FieldError.required(idx.child("containerPort").toString(), ""));
      } else {
        for (String msg : NameValidation.portNumber(cp)) {
          errs.add(FieldError.invalid(idx.child("containerPort").toString(), cp, msg));
        }
      }
      int hp = p.getHostPort() == null ? 0 : p.getHostPort();
      if (hp != 0) {
        for (String msg : NameValidation.portNumber(hp)) {
          errs.add(FieldError.invalid(idx.child("hostPort").toString(), hp, msg));
        }
      }
      String proto = nz(p.getProtocol());
      if (proto.isEmpty()) {
        errs.add(FieldError.required(idx.child("protocol").toString(), ""));
      } else if (!PROTOCOLS.contains(proto)) {
        errs.add(FieldError.notSupported(idx.child("protocol").toString(), proto, PROTOCOLS));
      }
    }
    return errs;
  }

  static List<FieldError> hostPortConflicts(List<Container> cs, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int ci = 0; ci < cs.size(); ci++) {
      List<ContainerPort> ports = orEmpty(cs.get(ci).getPorts());
      for (int pi = 0; pi < ports.size(); pi++) {
        ContainerPort p = ports.get(pi);
        int hp = p.getHostPort() == null ? 0 : p.getHostPort();
        if (hp == 0) {
          continue;
        }
        String key = nz(p.getProtocol()) + "/" + nz(p.getHostIP()) + "/" + hp;
        if (!seen.add(key)) {
          errs.add(FieldError.duplicate(path.index(ci).child("ports").index(pi).child("hostPort").toString(), key));
        }
      }
    }
    return errs;
  }

  static List<FieldError> env(List<EnvVar> vars, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      EnvVar ev = vars.get(i);
      FieldPath idx = path.index(i);
      String name = nz(ev.getName());
      if (name.isEmpty()) {
        errs.add(FieldError.required(idx.child("name").toString(), ""));
      } else {
        for (String msg : NameValidation.envVarName(name)) {
          errs.add(FieldError.invalid(idx.child("name").toString(), name, msg));
        }
      }
      errs.addAll(envValueFrom(ev, idx.child("valueFrom")));
    }
    return errs;
  }

  private static List<FieldError> envValueFrom(EnvVar ev, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    EnvVarSource src = ev.getValueFrom();
    if (src == null) {
      return errs;
    }
    int n = 0;
    if (src.getFieldRef() != null) {
      n++;
      errs.addAll(objectFieldSelector(src.getFieldRef(), ENV_FIELD_PATHS, path.child("fieldRef")));
    }
    if (src.getResourceFieldRef() != null) {
      n++;
      errs.addAll(resourceFieldSelector(src.getResourceFieldRef(), path.child("resourceFieldRef"), false));
    }
    if (src.getConfigMapKeyRef() != null) {
      n++;
      errs.addAll(keySelector(nz(src.getConfigMapKeyRef().getName()), nz(src.getConfigMapKeyRef().getKey()), path.child("configMapKeyRef")));
    }
    if (src.getSecretKeyRef() != null) {
      n++;
      errs.addAll(keySelector(nz(src.getSecretKeyRef().getName()), nz(src.getSecretKeyRef().getKey()), path.child("secretKeyRef")));
    }
    if (src.getFileKeyRef() != null) {
      n++;
    }
    if (n == 0) {
      errs.add(FieldError.invalid(path.toString(), "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
    } else if (!nz(ev.getValue()).isEmpty()) {
      errs.add(FieldError.invalid(path.toString(), "", "may not be specified when `value` is not empty"));
    } else if (n > 1) {
      errs.add(FieldError.invalid(path.toString(), "", "may not have more than one field specified at a time"));
    }
    return errs;
  }

  private static List<FieldError> keySelector(String name, String key, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (String msg : NameValidation.dns1123Subdomain(name)) {
      errs.add(FieldError.invalid(path.child("name").toString(), name, msg));
    }
    if (key.isEmpty()) {
      errs.add(FieldError.required(path.child("key").toString(), ""));
    } else {
      for (String msg : NameValidation.configMapKey(key)) {
        errs.add(FieldError.invalid(path.child("key").toString(), key, msg));
      }
    }
    return errs;
  }

  private static List<FieldError> objectFieldSelector(ObjectFieldSelector fs, Set<String> expressions, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (nz(fs.getApiVersion()).isEmpty()) {
      errs.add(FieldError.required(path.child("apiVersion").toString(), ""));
      return errs;
    }
    String fp = nz(fs.getFieldPath());
    if (fp.isEmpty()) {
      errs.add(FieldError.required(path.child("fieldPath").toString(), ""));
      return errs;
    }
    if (!fs.getApiVersion().equals("v1")) {
      errs.add(FieldError.invalid(path.child("fieldPath").toString(), fp,
          "error converting fieldPath: unsupported pod version: " + fs.getApiVersion()));
      return errs;
    }
    int open = fp.indexOf('[');
    if (open > 0 && fp.endsWith("]") && fp.length() > open + 2 && fp.charAt(open + 1) == '\'' && fp.charAt(fp.length() - 2) == '\'') {
      String base = fp.substring(0, open);
      String subscript = fp.substring(open + 2, fp.length() - 2);
      switch (base) {
        case "metadata.annotations" -> {
          for (String msg : NameValidation.qualifiedName(subscript.toLowerCase(Locale.ROOT))) {
            errs.add(FieldError.invalid(path.toString(), subscript.toLowerCase(Locale.ROOT), msg));
          }
        }
        case "metadata.labels" -> {
          for (String msg : NameValidation.qualifiedName(subscript)) {
            errs.add(FieldError.invalid(path.toString(), subscript, msg));
          }
        }
        default -> errs.add(FieldError.invalid(path.toString(), base, "does not support subscript"));
      }
    } else if (!expressions.contains(fp)) {
      errs.add(FieldError.notSupported(path.child("fieldPath").toString(), fp, List.copyOf(expressions)));
    }
    return errs;
  }

  private static List<FieldError> resourceFieldSelector(ResourceFieldSelector fs, FieldPath path, boolean volume) {
    List<FieldError> errs = new ArrayList<>();
    String resource = nz(fs.getResource());
    if (volume && nz(fs.getContainerName()).isEmpty()) {
      errs.add(FieldError.required(path.child("containerName").toString(), ""));
    } else if (resource.isEmpty()) {
      errs.add(FieldError.required(path.child("resource").toString(), ""));
    } else if (!RESOURCE_FIELD_PATHS.contains(resource) && !resource.startsWith("requests.hugepages-")
        && !resource.startsWith("limits.hugepages-")) {
      errs.add(FieldError.notSupported(path.child("resource").toString(), resource, List.copyOf(RESOURCE_FIELD_PATHS)));
    }
    return errs;
  }

  static List<FieldError> envFrom(List<EnvFromSource> vars, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      EnvFromSource ev = vars.get(i);
      FieldPath idx = path.index(i);
      String prefix = nz(ev.getPrefix());
      if (!prefix.isEmpty()) {
        for (String msg : NameValidation.envVarName(prefix)) {
          errs.add(FieldError.invalid(idx.child("prefix").toString(), prefix, msg));
        }
      }
      int n = 0;
      if (ev.getConfigMapRef() != null) {
        n++;
        errs.addAll(envSourceName(nz(ev.getConfigMapRef().getName()), idx.child("configMapRef")));
      }
      if (ev.getSecretRef() != null) {
        n++;
        errs.addAll(envSourceName(nz(ev.getSecretRef().getName()), idx.child("secretRef")));
      }
      if (n == 0) {
        errs.add(FieldError.invalid(path.toString(), "", "must specify one of: `configMapRef` or `secretRef`"));
      } else if (n > 1) {
        errs.add(FieldError.invalid(path.toString(), "", "may not have more than one field specified at a time"));
      }
    }
    return errs;
  }

  private static List<FieldError> envSourceName(String name, FieldPath path) {
    if (name.isEmpty()) {
      return List.of(FieldError.required(path.child("name").toString(), ""));
    }
    List<FieldError> errs = new ArrayList<>();
    for (String msg : NameValidation.DNS1123_SUBDOMAIN.check(name, true)) {
      errs.add(FieldError.invalid(path.child("name").toString(), name, msg));
    }
    return errs;
  }

  static List<FieldError> volumeMounts(List<VolumeMount> mounts, Map<String, String> devices, Set<String> volumes, Container c,
      FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> mountPoints = new HashSet<>();
    for (int i = 0; i < mounts.size(); i++) {
      VolumeMount m = mounts.get(i);
      FieldPath idx = path.index(i);
      String name = nz(m.getName());
      String mountPath = nz(m.getMountPath());
      if (name.isEmpty()) {
        errs.add(FieldError.required(idx.child("name").toString(), ""));
      }
      if (!volumes.contains(name)) {
        errs.add(ErrorValues.notFound(idx.child("name"), name));
      }
      if (mountPath.isEmpty()) {
        errs.add(FieldError.required(idx.child("mountPath").toString(), ""));
      }
      if (!mountPoints.add(mountPath)) {
        errs.add(FieldError.invalid(idx.child("mountPath").toString(), mountPath, "must be unique"));
      }
      if (devices.containsKey(name)) {
        errs.add(FieldError.invalid(idx.child("name").toString(), name, "must not already exist in volumeDevices"));
      }
      if (devices.containsValue(mountPath)) {
        errs.add(FieldError.invalid(idx.child("mountPath").toString(), mountPath, "must not already exist as a path in volumeDevices"));
      }
      // Upstream reports subPath problems on the list path, not the item path; kept as it is.
      if (!nz(m.getSubPath()).isEmpty()) {
        errs.addAll(localDescendingPath(m.getSubPath(), path.child("subPath")));
      }
      if (!nz(m.getSubPathExpr()).isEmpty()) {
        if (!nz(m.getSubPath()).isEmpty()) {
          errs.add(FieldError.invalid(idx.child("subPathExpr").toString(), m.getSubPathExpr(), "subPathExpr and subPath are mutually exclusive"));
        }
        errs.addAll(localDescendingPath(m.getSubPathExpr(), path.child("subPathExpr")));
      }
      if (m.getMountPropagation() != null) {
        String mp = m.getMountPropagation();
        if (!MOUNT_PROPAGATIONS.contains(mp)) {
          errs.add(FieldError.notSupported(path.child("mountPropagation").toString(), mp, MOUNT_PROPAGATIONS));
        }
        boolean privileged = c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged());
        if (mp.equals("Bidirectional") && !privileged) {
          errs.add(FieldError.forbidden(path.child("mountPropagation").toString(),
              "Bidirectional mount propagation is available only to privileged containers"));
        }
      }
      if (m.getRecursiveReadOnly() != null) {
        String rro = m.getRecursiveReadOnly();
        FieldPath rp = path.child("recursiveReadOnly");
        switch (rro) {
          case "Disabled" -> {
          }
          case "Enabled", "IfPossible" -> {
            if (!Boolean.TRUE.equals(m.getReadOnly())) {
              errs.add(FieldError.forbidden(rp.toString(), "may only be specified when readOnly is true"));
            }
            if (m.getMountPropagation() != null && !m.getMountPropagation().equals("None")) {
              errs.add(FieldError.forbidden(rp.toString(), "may only be specified when mountPropagation is None or not specified"));
            }
          }
          default -> errs.add(FieldError.notSupported(rp.toString(), rro, List.of("Disabled", "Enabled", "IfPossible")));
        }
      }
    }
    return errs;
  }

  static List<FieldError> volumeDevices(List<VolumeDevice> devices, Map<String, String> mounts, Set<String> volumes,
      Set<String> pvcVolumes, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> paths = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < devices.size(); i++) {
      VolumeDevice d = devices.get(i);
      FieldPath idx = path.index(i);
      String name = nz(d.getName());
      String devPath = nz(d.getDevicePath());
      boolean matched = volumes.contains(name);
      if (name.isEmpty()) {
        errs.add(FieldError.required(idx.child("name").toString(), ""));
      }
      if (names.contains(name)) {
        errs.add(FieldError.invalid(idx.child("name").toString(), name, "must be unique"));
      }
      if (matched && !pvcVolumes.contains(name)) {
        errs.add(FieldError.invalid(idx.child("name").toString(), name,
            "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
      }
      if (!matched) {
        errs.add(ErrorValues.notFound(idx.child("name"), name));
      }
      if (devPath.isEmpty()) {
        errs.add(FieldError.required(idx.child("devicePath").toString(), ""));
      }
      if (paths.contains(devPath)) {
        errs.add(FieldError.invalid(idx.child("devicePath").toString(), devPath, "must be unique"));
      }
      if (!devPath.isEmpty() && !noBacksteps(devPath, idx).isEmpty()) {
        errs.add(FieldError.invalid(idx.child("devicePath").toString(), devPath, "can not contain backsteps ('..')"));
      } else {
        paths.add(devPath);
      }
      if (mounts.containsKey(name)) {
        errs.add(FieldError.invalid(idx.child("name").toString(), name, "must not already exist in volumeMounts"));
      }
      if (mounts.containsValue(devPath)) {
        errs.add(FieldError.invalid(idx.child("devicePath").toString(), devPath, "must not already exist as a path in volumeMounts"));
      }
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return errs;
  }

  // ---- probes and handlers ----

  static List<FieldError> livenessProbe(Probe p, Long grace, FieldPath path) {
    if (p == null) {
      return List.of();
    }
    List<FieldError> errs = new ArrayList<>(probe(p, grace, path));
    if (p.getSuccessThreshold() == null || p.getSuccessThreshold() != 1) {
      errs.add(FieldError.invalid(path.child("successThreshold").toString(), nzi(p.getSuccessThreshold()), "must be 1"));
    }
    return errs;
  }

  static List<FieldError> readinessProbe(Probe p, Long grace, FieldPath path) {
    if (p == null) {
      return List.of();
    }
    List<FieldError> errs = new ArrayList<>(probe(p, grace, path));
    if (p.getTerminationGracePeriodSeconds() != null) {
      errs.add(FieldError.invalid(path.child("terminationGracePeriodSeconds").toString(), p.getTerminationGracePeriodSeconds(),
          "must not be set for readinessProbes"));
    }
    return errs;
  }

  static List<FieldError> startupProbe(Probe p, Long grace, FieldPath path) {
    if (p == null) {
      return List.of();
    }
    List<FieldError> errs = new ArrayList<>(probe(p, grace, path));
    if (p.getSuccessThreshold() == null || p.getSuccessThreshold() != 1) {
      errs.add(FieldError.invalid(path.child("successThreshold").toString(), nzi(p.getSuccessThreshold()), "must be 1"));
    }
    return errs;
  }

  private static List<FieldError> probe(Probe p, Long grace, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    errs.addAll(handler(p.getExec() == null ? null : p.getExec().getCommand(), p.getExec() != null, p.getHttpGet(), p.getTcpSocket() == null
        ? null : p.getTcpSocket().getPort(), p.getTcpSocket() != null, p.getGrpc() == null ? null : p.getGrpc().getPort(),
        p.getGrpc() != null, null, false, grace, path));
    errs.addAll(nonNegative(nzi(p.getInitialDelaySeconds()), path.child("initialDelaySeconds")));
    errs.addAll(nonNegative(nzi(p.getTimeoutSeconds()), path.child("timeoutSeconds")));
    errs.addAll(nonNegative(nzi(p.getPeriodSeconds()), path.child("periodSeconds")));
    errs.addAll(nonNegative(nzi(p.getSuccessThreshold()), path.child("successThreshold")));
    errs.addAll(nonNegative(nzi(p.getFailureThreshold()), path.child("failureThreshold")));
    if (p.getTerminationGracePeriodSeconds() != null && p.getTerminationGracePeriodSeconds() <= 0) {
      errs.add(FieldError.invalid(path.child("terminationGracePeriodSeconds").toString(), p.getTerminationGracePeriodSeconds(),
          "must be greater than 0"));
    }
    return errs;
  }

  static List<FieldError> lifecycle(Lifecycle l, Long grace, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (l.getPostStart() != null) {
      errs.addAll(lifecycleHandler(l.getPostStart(), grace, path.child("postStart")));
    }
    if (l.getPreStop() != null) {
      errs.addAll(lifecycleHandler(l.getPreStop(), grace, path.child("preStop")));
    }
    return errs;
  }

  private static List<FieldError> lifecycleHandler(LifecycleHandler h, Long grace, FieldPath path) {
    return handler(h.getExec() == null ? null : h.getExec().getCommand(), h.getExec() != null, h.getHttpGet(),
        h.getTcpSocket() == null ? null : h.getTcpSocket().getPort(), h.getTcpSocket() != null, null, false,
        h.getSleep() == null ? null : h.getSleep().getSeconds(), h.getSleep() != null, grace, path);
  }

  private static List<FieldError> handler(List<String> execCommand, boolean exec, HTTPGetAction http, IntOrString tcpPort, boolean tcp,
      Integer grpcPort, boolean grpc, Long sleepSeconds, boolean sleep, Long grace, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    int n = 0;
    String more = "may not specify more than 1 handler type";
    if (exec) {
      n++;
      if (execCommand == null || execCommand.isEmpty()) {
        errs.add(FieldError.required(path.child("exec", "command").toString(), ""));
      }
    }
    if (http != null) {
      if (n++ > 0) {
        errs.add(FieldError.forbidden(path.child("httpGet").toString(), more));
      } else {
        FieldPath hp = path.child("httpGet");
        if (nz(http.getPath()).isEmpty()) {
          errs.add(FieldError.required(hp.child("path").toString(), ""));
        }
        errs.addAll(portNumOrName(http.getPort(), hp.child("port")));
        String scheme = nz(http.getScheme());
        if (!HTTP_SCHEMES.contains(scheme)) {
          errs.add(FieldError.notSupported(hp.child("scheme").toString(), scheme, HTTP_SCHEMES));
        }
        for (HTTPHeader h : orEmpty(http.getHttpHeaders())) {
          for (String msg : NameValidation.httpHeaderName(nz(h.getName()))) {
            errs.add(FieldError.invalid(hp.child("httpHeaders").toString(), nz(h.getName()), msg));
          }
        }
      }
    }
    if (tcp) {
      if (n++ > 0) {
        errs.add(FieldError.forbidden(path.child("tcpSocket").toString(), more));
      } else {
        errs.addAll(portNumOrName(tcpPort, path.child("tcpSocket", "port")));
      }
    }
    if (grpc) {
      if (n++ > 0) {
        errs.add(FieldError.forbidden(path.child("grpc").toString(), more));
      } else {
        int port = grpcPort == null ? 0 : grpcPort;
        for (String msg : NameValidation.portNumber(port)) {
          errs.add(FieldError.invalid(path.child("grpc", "port").toString(), port, msg));
        }
      }
    }
    if (sleep) {
      if (n++ > 0) {
        errs.add(FieldError.forbidden(path.child("sleep").toString(), more));
      } else {
        long s = sleepSeconds == null ? 0 : sleepSeconds;
        long g = grace == null ? 0 : grace;
        if (s <= 0 || s > g) {
          errs.add(FieldError.invalid(path.child("sleep").toString(), s,
              "must be greater than 0 and less than terminationGracePeriodSeconds (" + g + ")"));
        }
      }
    }
    if (n == 0) {
      errs.add(FieldError.required(path.toString(), "must specify a handler type"));
    }
    return errs;
  }

  /** {@code ValidatePortNumOrName}: 1-65535, or an IANA service name. */
  static List<FieldError> portNumOrName(IntOrString port, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (port != null && port.getStrVal() != null) {
      for (String msg : NameValidation.portName(port.getStrVal())) {
        errs.add(FieldError.invalid(path.toString(), port.getStrVal(), msg));
      }
    } else {
      int v = port == null || port.getIntVal() == null ? 0 : port.getIntVal();
      for (String msg : NameValidation.portNumber(v)) {
        errs.add(FieldError.invalid(path.toString(), v, msg));
      }
    }
    return errs;
  }

  // ---- resources and security ----

  private static final Set<String> CONTAINER_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");
  private static final Set<String> OTHER_STANDARD_RESOURCES = Set.of("storage", "pods", "services", "replicationcontrollers",
      "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "requests.cpu", "requests.memory", "requests.storage",
      "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage", "services.nodeports",
      "services.loadbalancers");

  static List<FieldError> resources(ResourceRequirements r, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (r == null) {
      return errs;
    }
    FieldPath limPath = path.child("limits");
    FieldPath reqPath = path.child("requests");
    boolean limCpuMem = false;
    boolean reqCpuMem = false;
    boolean hugePages = false;
    Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : new TreeMap<>(r.getLimits());
    Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : new TreeMap<>(r.getRequests());
    for (Map.Entry<String, Quantity> e : limits.entrySet()) {
      FieldPath p = limPath.key(e.getKey());
      errs.addAll(containerResourceName(e.getKey(), p));
      errs.addAll(quantityValue(e.getKey(), e.getValue(), p));
      hugePages |= e.getKey().startsWith("hugepages-");
      limCpuMem |= e.getKey().equals("cpu") || e.getKey().equals("memory");
    }
    for (Map.Entry<String, Quantity> e : requests.entrySet()) {
      String name = e.getKey();
      FieldPath p = reqPath.key(name);
      errs.addAll(containerResourceName(name, p));
      errs.addAll(quantityValue(name, e.getValue(), p));
      Quantity limit = limits.get(name);
      if (limit != null) {
        int cmp = Quantities.compare(e.getValue(), limit);
        if (cmp != 0 && !overcommitAllowed(name)) {
          errs.add(FieldError.invalid(reqPath.toString(), Quantities.text(e.getValue()),
              "must be equal to " + name + " limit of " + Quantities.text(limit)));
        } else if (cmp > 0) {
          errs.add(FieldError.invalid(reqPath.toString(), Quantities.text(e.getValue()),
              "must be less than or equal to " + name + " limit of " + Quantities.text(limit)));
        }
      } else if (!overcommitAllowed(name)) {
        errs.add(FieldError.required(limPath.toString(), "Limit must be set for non overcommitable resources"));
      }
      hugePages |= name.startsWith("hugepages-");
      reqCpuMem |= name.equals("cpu") || name.equals("memory");
    }
    if (!limCpuMem && !reqCpuMem && hugePages) {
      errs.add(FieldError.forbidden(path.toString(), "HugePages require cpu or memory"));
    }
    return errs;
  }

  private static boolean overcommitAllowed(String name) {
    boolean nativeName = !name.contains("/") || name.contains("kubernetes.io/");
    return nativeName && !name.startsWith("hugepages-");
  }

  private static List<FieldError> containerResourceName(String name, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (String msg : NameValidation.qualifiedName(name)) {
      errs.add(FieldError.invalid(path.toString(), name, msg));
    }
    if (!errs.isEmpty()) {
      return errs;
    }
    if (!name.contains("/")) {
      boolean container = CONTAINER_RESOURCES.contains(name) || name.startsWith("hugepages-");
      if (!container && !OTHER_STANDARD_RESOURCES.contains(name)) {
        errs.add(FieldError.invalid(path.toString(), name, "must be a standard resource type or fully qualified"));
      }
      if (!container) {
        errs.add(FieldError.invalid(path.toString(), name, "must be a standard resource for containers"));
      }
    } else if (!name.contains("kubernetes.io/") && (name.startsWith("requests.") || !NameValidation.qualifiedName("requests." + name).isEmpty())) {
      errs.add(FieldError.invalid(path.toString(), name, "doesn't follow extended resource name standard"));
    }
    return errs;
  }

  private static List<FieldError> quantityValue(String name, Quantity q, FieldPath path) {
    var value = Quantities.value(q);
    if (value.isEmpty()) {
      return List.of(FieldError.invalid(path.toString(), Quantities.text(q), Quantities.FORMAT_ERROR));
    }
    List<FieldError> errs = new ArrayList<>();
    if (value.get().signum() < 0) {
      errs.add(FieldError.invalid(path.toString(), Quantities.text(q), "must be greater than or equal to 0"));
    }
    boolean integerResource = name.contains("/") && !name.contains("kubernetes.io/");
    if (integerResource && value.get().stripTrailingZeros().scale() > 0) {
      errs.add(FieldError.invalid(path.toString(), GoSyntax.raw(Quantities.text(q)), "must be an integer"));
    }
    return errs;
  }

  static List<FieldError> securityContext(SecurityContext sc, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (sc == null) {
      return errs;
    }
    if (sc.getRunAsUser() != null) {
      for (String msg : NameValidation.unixId(sc.getRunAsUser())) {
        errs.add(FieldError.invalid(path.child("runAsUser").toString(), sc.getRunAsUser(), msg));
      }
    }
    if (sc.getRunAsGroup() != null) {
      for (String msg : NameValidation.unixId(sc.getRunAsGroup())) {
        errs.add(FieldError.invalid(path.child("runAsGroup").toString(), sc.getRunAsGroup(), msg));
      }
    }
    if (sc.getProcMount() != null && !PROC_MOUNTS.contains(sc.getProcMount())) {
      errs.add(FieldError.notSupported(path.child("procMount").toString(), sc.getProcMount(), PROC_MOUNTS));
    }
    errs.addAll(seccompProfile(sc.getSeccompProfile(), path.child("seccompProfile")));
    if (Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        errs.add(FieldError.invalid(path.toString(), GoSyntax.raw("core.SecurityContext{...}"),
            "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
      }
      if (sc.getCapabilities() != null && orEmpty(sc.getCapabilities().getAdd()).contains("CAP_SYS_ADMIN")) {
        errs.add(FieldError.invalid(path.toString(), GoSyntax.raw("core.SecurityContext{...}"),
            "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
      }
    }
    return errs;
  }

  private static List<FieldError> seccompProfile(SeccompProfile sp, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (sp == null) {
      return errs;
    }
    String type = nz(sp.getType());
    if (type.isEmpty()) {
      errs.add(FieldError.required(path.child("type").toString(), "type is required when seccompProfile is set"));
    } else if (!SECCOMP_TYPES.contains(type)) {
      errs.add(FieldError.notSupported(path.child("type").toString(), type, SECCOMP_TYPES));
    }
    if (type.equals("Localhost")) {
      if (sp.getLocalhostProfile() == null) {
        errs.add(FieldError.required(path.child("localhostProfile").toString(), "must be set when seccomp type is Localhost"));
      } else {
        errs.addAll(localDescendingPath(sp.getLocalhostProfile(), path.child("localhostProfile")));
      }
    } else if (sp.getLocalhostProfile() != null) {
      errs.add(FieldError.invalid(path.child("localhostProfile").toString(), GoSyntax.raw("core.SeccompProfile{...}"),
          "can only be set when seccomp type is Localhost"));
    }
    return errs;
  }

  static List<FieldError> podSecurityContext(PodSecurityContext sc, PodSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (sc == null) {
      return errs;
    }
    if (sc.getFsGroup() != null) {
      for (String msg : NameValidation.unixId(sc.getFsGroup())) {
        errs.add(FieldError.invalid(path.child("fsGroup").toString(), sc.getFsGroup(), msg));
      }
    }
    if (sc.getRunAsUser() != null) {
      for (String msg : NameValidation.unixId(sc.getRunAsUser())) {
        errs.add(FieldError.invalid(path.child("runAsUser").toString(), sc.getRunAsUser(), msg));
      }
    }
    if (sc.getRunAsGroup() != null) {
      for (String msg : NameValidation.unixId(sc.getRunAsGroup())) {
        errs.add(FieldError.invalid(path.child("runAsGroup").toString(), sc.getRunAsGroup(), msg));
      }
    }
    List<Long> groups = orEmpty(sc.getSupplementalGroups());
    for (int g = 0; g < groups.size(); g++) {
      long gid = groups.get(g) == null ? 0 : groups.get(g);
      for (String msg : NameValidation.unixId(gid)) {
        errs.add(FieldError.invalid(path.child("supplementalGroups").index(g).toString(), gid, msg));
      }
    }
    if (Boolean.TRUE.equals(spec.getShareProcessNamespace()) && Boolean.TRUE.equals(spec.getHostPID())) {
      errs.add(FieldError.invalid(path.child("shareProcessNamespace").toString(), true, "ShareProcessNamespace and HostPID cannot both be enabled"));
    }
    if (sc.getSysctls() != null) {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < sc.getSysctls().size(); i++) {
        String n = nz(sc.getSysctls().get(i).getName());
        FieldPath np = path.child("sysctls").index(i).child("name");
        if (n.isEmpty()) {
          errs.add(FieldError.required(np.toString(), ""));
        } else if (n.length() > 253 || !n.matches("([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?")) {
          errs.add(FieldError.invalid(np.toString(), n,
              "must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"));
        } else if (!names.add(n)) {
          errs.add(FieldError.duplicate(np.toString(), n));
        }
      }
    }
    if (sc.getFsGroupChangePolicy() != null && !FS_GROUP_CHANGE_POLICIES.contains(sc.getFsGroupChangePolicy())) {
      errs.add(FieldError.notSupported(path.child("fsGroupChangePolicy").toString(), sc.getFsGroupChangePolicy(), List.of("Always", "OnRootMismatch")));
    }
    errs.addAll(seccompProfile(sc.getSeccompProfile(), path.child("seccompProfile")));
    return errs;
  }

  private static List<FieldError> imagePullSecrets(List<LocalObjectReference> secrets, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<LocalObjectReference> l = orEmpty(secrets);
    for (int i = 0; i < l.size(); i++) {
      LocalObjectReference ref = l.get(i);
      if (ref.getAdditionalProperties() != null && !ref.getAdditionalProperties().isEmpty()) {
        errs.add(FieldError.invalid(path.index(i).toString(), GoSyntax.raw("core.LocalObjectReference{Name:" + GoSyntax.quote(nz(ref.getName())) + "}"),
            "only name may be set"));
      }
    }
    return errs;
  }

  private static List<FieldError> hostNetworkDeps(PodSpec spec, FieldPath path, Options opts) {
    List<FieldError> errs = new ArrayList<>();
    if (!Boolean.TRUE.equals(spec.getHostNetwork())) {
      return errs;
    }
    List<Container> cs = orEmpty(spec.getContainers());
    for (int i = 0; i < cs.size(); i++) {
      List<ContainerPort> ports = orEmpty(cs.get(i).getPorts());
      for (int j = 0; j < ports.size(); j++) {
        int hp = nzi(ports.get(j).getHostPort());
        int cp = nzi(ports.get(j).getContainerPort());
        if ((opts.resourceIsPod() || hp != 0) && hp != cp) {
          errs.add(FieldError.invalid(path.child("containers").index(i).child("ports").index(j).child("hostPort").toString(), hp,
              "must match `containerPort` when `hostNetwork` is true"));
        }
      }
    }
    return errs;
  }

  // ---- scheduling ----

  static List<FieldError> tolerations(List<Toleration> tolerations, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<Toleration> l = orEmpty(tolerations);
    for (int i = 0; i < l.size(); i++) {
      Toleration t = l.get(i);
      FieldPath idx = path.index(i);
      String key = nz(t.getKey());
      String op = nz(t.getOperator());
      String effect = nz(t.getEffect());
      if (!key.isEmpty()) {
        errs.addAll(ObjectMetaValidation.labelName(key, idx.child("key")));
      }
      if (key.isEmpty() && !op.equals("Exists")) {
        errs.add(FieldError.invalid(idx.child("operator").toString(), op,
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
      }
      if (t.getTolerationSeconds() != null && !effect.equals("NoExecute")) {
        errs.add(FieldError.invalid(idx.child("effect").toString(), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
      }
      switch (op) {
        case "Equal", "" -> {
          List<String> msgs = NameValidation.labelValue(nz(t.getValue()));
          if (!msgs.isEmpty()) {
            errs.add(FieldError.invalid(idx.child("operator").toString(), nz(t.getValue()), String.join(";", msgs)));
          }
        }
        case "Exists" -> {
          if (!nz(t.getValue()).isEmpty()) {
            errs.add(FieldError.invalid(idx.child("operator").toString(), GoSyntax.raw("core.Toleration{Key:" + GoSyntax.quote(key)
                + ", Operator:" + GoSyntax.quote(op) + ", Value:" + GoSyntax.quote(nz(t.getValue())) + ", Effect:" + GoSyntax.quote(effect)
                + ", TolerationSeconds:" + GoSyntax.pointer("int64", t.getTolerationSeconds()) + "}"),
                "value must be empty when `operator` is 'Exists'"));
          }
        }
        default -> errs.add(FieldError.notSupported(idx.child("operator").toString(), op, List.of("Equal", "Exists")));
      }
      if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
        errs.add(FieldError.notSupported(idx.child("effect").toString(), effect, TAINT_EFFECTS));
      }
    }
    return errs;
  }

  private static List<FieldError> affinity(Affinity a, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (a == null) {
      return errs;
    }
    if (a.getNodeAffinity() != null) {
      FieldPath np = path.child("nodeAffinity");
      NodeSelector required = a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
      if (required != null) {
        errs.addAll(nodeSelector(required, np.child("requiredDuringSchedulingIgnoredDuringExecution")));
      }
      List<PreferredSchedulingTerm> preferred = orEmpty(a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution());
      for (int i = 0; i < preferred.size(); i++) {
        FieldPath pp = np.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
        int w = nzi(preferred.get(i).getWeight());
        if (w <= 0 || w > 100) {
          errs.add(FieldError.invalid(pp.child("weight").toString(), w, "must be in the range 1-100"));
        }
        if (preferred.get(i).getPreference() != null) {
          errs.addAll(nodeSelectorTerm(preferred.get(i).getPreference(), pp.child("preference")));
        }
      }
    }
    if (a.getPodAffinity() != null) {
      errs.addAll(podAffinityTerms(a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
          a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(), path.child("podAffinity")));
    }
    if (a.getPodAntiAffinity() != null) {
      errs.addAll(podAffinityTerms(a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(),
          a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(), path.child("podAntiAffinity")));
    }
    return errs;
  }

  static List<FieldError> nodeSelector(NodeSelector ns, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    FieldPath terms = path.child("nodeSelectorTerms");
    List<NodeSelectorTerm> l = orEmpty(ns.getNodeSelectorTerms());
    if (l.isEmpty()) {
      errs.add(FieldError.required(terms.toString(), "must have at least one node selector term"));
      return errs;
    }
    for (int i = 0; i < l.size(); i++) {
      errs.addAll(nodeSelectorTerm(l.get(i), terms.index(i)));
    }
    return errs;
  }

  private static List<FieldError> nodeSelectorTerm(NodeSelectorTerm term, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<NodeSelectorRequirement> exprs = orEmpty(term.getMatchExpressions());
    for (int j = 0; j < exprs.size(); j++) {
      NodeSelectorRequirement r = exprs.get(j);
      FieldPath rp = path.child("matchExpressions").index(j);
      List<String> values = orEmpty(r.getValues());
      switch (nz(r.getOperator())) {
        case "In", "NotIn" -> {
          if (values.isEmpty()) {
            errs.add(FieldError.required(rp.child("values").toString(), "must be specified when `operator` is 'In' or 'NotIn'"));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (!values.isEmpty()) {
            errs.add(FieldError.forbidden(rp.child("values").toString(), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          }
        }
        case "Gt", "Lt" -> {
          if (values.size() != 1) {
            errs.add(FieldError.required(rp.child("values").toString(), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
          }
        }
        default -> errs.add(FieldError.invalid(rp.child("operator").toString(), nz(r.getOperator()), "not a valid selector operator"));
      }
      errs.addAll(ObjectMetaValidation.labelName(nz(r.getKey()), rp.child("key")));
    }
    List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
    for (int j = 0; j < fields.size(); j++) {
      NodeSelectorRequirement r = fields.get(j);
      FieldPath rp = path.child("matchFields").index(j);
      List<String> values = orEmpty(r.getValues());
      switch (nz(r.getOperator())) {
        case "In", "NotIn" -> {
          if (values.size() != 1) {
            errs.add(FieldError.required(rp.child("values").toString(),
                "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
          }
        }
        default -> errs.add(FieldError.invalid(rp.child("operator").toString(), nz(r.getOperator()), "not a valid selector operator"));
      }
      if (!nz(r.getKey()).equals("metadata.name")) {
        errs.add(FieldError.invalid(rp.child("key").toString(), nz(r.getKey()), "not a valid field selector key"));
      } else {
        for (int k = 0; k < values.size(); k++) {
          errs.addAll(dns1123Subdomain(nz(values.get(k)), rp.child("values").index(k)));
        }
      }
    }
    return errs;
  }

  private static List<FieldError> podAffinityTerms(List<PodAffinityTerm> required, List<WeightedPodAffinityTerm> preferred, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<PodAffinityTerm> r = orEmpty(required);
    for (int i = 0; i < r.size(); i++) {
      errs.addAll(podAffinityTerm(r.get(i), path.child("requiredDuringSchedulingIgnoredDuringExecution").index(i)));
    }
    List<WeightedPodAffinityTerm> p = orEmpty(preferred);
    for (int j = 0; j < p.size(); j++) {
      FieldPath wp = path.child("preferredDuringSchedulingIgnoredDuringExecution").index(j);
      int w = nzi(p.get(j).getWeight());
      if (w <= 0 || w > 100) {
        errs.add(FieldError.invalid(wp.child("weight").toString(), w, "must be in the range 1-100"));
      }
      if (p.get(j).getPodAffinityTerm() != null) {
        errs.addAll(podAffinityTerm(p.get(j).getPodAffinityTerm(), wp.child("podAffinityTerm")));
      }
    }
    return errs;
  }

  private static List<FieldError> podAffinityTerm(PodAffinityTerm t, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    errs.addAll(LabelSelectorValidation.validate(t.getLabelSelector(), path.child("labelSelector")));
    errs.addAll(LabelSelectorValidation.validate(t.getNamespaceSelector(), path.child("namespaceSelector")));
    for (String ns : orEmpty(t.getNamespaces())) {
      for (String msg : NameValidation.dns1123Label(nz(ns))) {
        errs.add(FieldError.invalid(path.child("namespace").toString(), nz(ns), msg));
      }
    }
    String key = nz(t.getTopologyKey());
    if (key.isEmpty()) {
      errs.add(FieldError.required(path.child("topologyKey").toString(), "can not be empty"));
    }
    errs.addAll(ObjectMetaValidation.labelName(key, path.child("topologyKey")));
    return errs;
  }

  private static List<FieldError> dnsConfig(PodDNSConfig cfg, String dnsPolicy, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if ("None".equals(dnsPolicy)) {
      if (cfg == null) {
        errs.add(FieldError.required(path.toString(), "must provide `dnsConfig` when `dnsPolicy` is None"));
        return errs;
      }
      if (orEmpty(cfg.getNameservers()).isEmpty()) {
        errs.add(FieldError.required(path.child("nameservers").toString(), "must provide at least one DNS nameserver when `dnsPolicy` is None"));
        return errs;
      }
    }
    if (cfg == null) {
      return errs;
    }
    List<String> ns = orEmpty(cfg.getNameservers());
    if (ns.size() > 3) {
      errs.add(FieldError.invalid(path.child("nameservers").toString(), GoSyntax.stringSlice(ns), "must not have more than 3 nameservers"));
    }
    for (int i = 0; i < ns.size(); i++) {
      errs.addAll(validIp(nz(ns.get(i)), path.child("nameservers").index(i)));
    }
    List<String> searches = orEmpty(cfg.getSearches());
    if (searches.size() > 32) {
      errs.add(FieldError.invalid(path.child("searches").toString(), GoSyntax.stringSlice(searches), "must not have more than 32 search paths"));
    }
    if (String.join(" ", searches).length() > 2048) {
      errs.add(FieldError.invalid(path.child("searches").toString(), GoSyntax.stringSlice(searches),
          "must not have more than 2048 characters (including spaces) in the search list"));
    }
    for (int i = 0; i < searches.size(); i++) {
      String s = nz(searches.get(i));
      if (s.endsWith(".")) {
        s = s.substring(0, s.length() - 1);
      }
      errs.addAll(dns1123Subdomain(s, path.child("searches").index(i)));
    }
    if (cfg.getOptions() != null) {
      for (int i = 0; i < cfg.getOptions().size(); i++) {
        if (nz(cfg.getOptions().get(i).getName()).isEmpty()) {
          errs.add(FieldError.required(path.child("options").index(i).toString(), "must not be empty"));
        }
      }
    }
    return errs;
  }

  // ---- small shared checks ----

  /** {@code IsValidIP}. */
  static List<FieldError> validIp(String ip, FieldPath path) {
    if (IpLiterals.parse(ip).isEmpty()) {
      return List.of(FieldError.invalid(path.toString(), ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    }
    return List.of();
  }

  static List<FieldError> dns1123Label(String value, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (String msg : NameValidation.dns1123Label(value)) {
      errs.add(FieldError.invalid(path.toString(), value, msg));
    }
    return errs;
  }

  static List<FieldError> dns1123Subdomain(String value, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (String msg : NameValidation.dns1123Subdomain(value)) {
      errs.add(FieldError.invalid(path.toString(), value, msg));
    }
    return errs;
  }

  static List<FieldError> nonNegative(long value, FieldPath path) {
    if (value < 0) {
      return List.of(FieldError.invalid(path.toString(), value, "must be greater than or equal to 0"));
    }
    return List.of();
  }

  /** Required when empty, NotSupported when not one of {@code valid}. */
  static List<FieldError> oneOf(String value, List<String> valid, FieldPath path) {
    if (value.isEmpty()) {
      return List.of(FieldError.required(path.toString(), ""));
    }
    if (!valid.contains(value)) {
      return List.of(FieldError.notSupported(path.toString(), value, valid));
    }
    return List.of();
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }

  static int nzi(Integer i) {
    return i == null ? 0 : i;
  }

  static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
