package dev.berth.api.validation;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defaults of a pod spec as {@code pkg/apis/core/v1/defaults.go} sets them on a Pod and on every
 * pod template (StatefulSet, Deployment, ReplicaSet), plus the pod-only values the kube-apiserver's
 * admission adds to every Pod (priority, preemption policy, service account).
 *
 * <p>Template and pod: {@code restartPolicy: Always}, {@code dnsPolicy: ClusterFirst},
 * {@code terminationGracePeriodSeconds: 30}, {@code schedulerName: default-scheduler},
 * {@code securityContext: {}}; containers: {@code imagePullPolicy}, termination message path and
 * policy, {@code resources: {}}, port protocol TCP, {@code fieldRef.apiVersion: v1}, probe timings
 * (1 s timeout, 10 s period, thresholds 1 and 3), httpGet {@code scheme: HTTP} and {@code path: /};
 * volumes: a volume with no source becomes {@code emptyDir: {}}, configMap/secret/downwardAPI/projected
 * {@code defaultMode: 420}, hostPath {@code type: ""}, token projections 3600 s.
 *
 * <p>Pod only: {@code enableServiceLinks: true}, requests copied from limits, {@code priority: 0},
 * {@code preemptionPolicy: PreemptLowerPriority}, {@code serviceAccountName}/{@code serviceAccount:
 * default}, host ports equal to container ports under {@code hostNetwork}.
 */
public final class PodTemplateDefaults {
  private PodTemplateDefaults() {}

  public static final long DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
  public static final int DEFAULT_MODE = 0644;

  /** Defaults a workload's template in place, creating {@code metadata} and {@code spec} if absent. */
  public static PodTemplateSpec applyTemplate(PodTemplateSpec template) {
    PodTemplateSpec t = template == null ? new PodTemplateSpec() : template;
    if (t.getMetadata() == null) {
      t.setMetadata(new ObjectMeta());
    }
    if (t.getSpec() == null) {
      t.setSpec(new PodSpec());
    }
    applyPodSpec(t.getSpec());
    return t;
  }

  /** Defaults a Pod in place: the template defaults plus the pod-only ones. */
  public static void applyPod(Pod pod) {
    if (pod.getSpec() == null) {
      pod.setSpec(new PodSpec());
    }
    PodSpec spec = pod.getSpec();
    applyPodSpec(spec);
    for (Container c : all(spec.getContainers(), spec.getInitContainers())) {
      ResourceRequirements r = c.getResources();
      if (r != null && r.getLimits() != null && !r.getLimits().isEmpty()) {
        Map<String, Quantity> requests = r.getRequests() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(r.getRequests());
        r.getLimits().forEach((k, v) -> requests.putIfAbsent(k, new Quantity(v.getAmount(), v.getFormat())));
        r.setRequests(requests);
      }
    }
    if (spec.getEnableServiceLinks() == null) {
      spec.setEnableServiceLinks(true);
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      for (Container c : all(spec.getContainers(), spec.getInitContainers())) {
        for (ContainerPort p : orEmpty(c.getPorts())) {
          if (p.getHostPort() == null || p.getHostPort() == 0) {
            p.setHostPort(p.getContainerPort());
          }
        }
      }
    }
    // Admission (Priority plugin): no PriorityClass means priority 0, preempting lower priorities.
    if (spec.getPriority() == null && isBlank(spec.getPriorityClassName())) {
      spec.setPriority(0);
    }
    if (spec.getPreemptionPolicy() == null) {
      spec.setPreemptionPolicy("PreemptLowerPriority");
    }
    // Admission (ServiceAccount plugin): every pod runs as a service account, "default" unless named.
    if (isBlank(spec.getServiceAccountName())) {
      spec.setServiceAccountName("default");
    }
    spec.setServiceAccount(spec.getServiceAccountName());
  }

  /** {@code SetDefaults_PodSpec} and the defaults of everything a pod spec contains. */
  public static void applyPodSpec(PodSpec spec) {
    if (isBlank(spec.getDnsPolicy())) {
      spec.setDnsPolicy("ClusterFirst");
    }
    if (isBlank(spec.getRestartPolicy())) {
      spec.setRestartPolicy("Always");
    }
    if (spec.getSecurityContext() == null) {
      spec.setSecurityContext(new PodSecurityContext());
    }
    if (spec.getTerminationGracePeriodSeconds() == null) {
      spec.setTerminationGracePeriodSeconds(DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
    }
    if (isBlank(spec.getSchedulerName())) {
      spec.setSchedulerName("default-scheduler");
    }
    // v1 <-> internal conversion keeps the deprecated serviceAccount field equal to serviceAccountName.
    if (isBlank(spec.getServiceAccountName()) && !isBlank(spec.getServiceAccount())) {
      spec.setServiceAccountName(spec.getServiceAccount());
    }
    if (!isBlank(spec.getServiceAccountName())) {
      spec.setServiceAccount(spec.getServiceAccountName());
    }
    for (Container c : all(spec.getContainers(), spec.getInitContainers())) {
      applyContainer(c);
    }
    if (spec.getEphemeralContainers() != null) {
      spec.getEphemeralContainers().forEach(ec -> {
        if (isBlank(ec.getImagePullPolicy())) {
          ec.setImagePullPolicy(pullPolicyFor(ec.getImage()));
        }
        if (isBlank(ec.getTerminationMessagePath())) {
          ec.setTerminationMessagePath("/dev/termination-log");
        }
        if (isBlank(ec.getTerminationMessagePolicy())) {
          ec.setTerminationMessagePolicy("File");
        }
      });
    }
    for (Volume v : orEmpty(spec.getVolumes())) {
      applyVolume(v);
    }
  }

  /** {@code SetDefaults_Container} and the defaults of its ports, env, probes and handlers. */
  public static void applyContainer(Container c) {
    if (isBlank(c.getImagePullPolicy())) {
      c.setImagePullPolicy(pullPolicyFor(c.getImage()));
    }
    if (isBlank(c.getTerminationMessagePath())) {
      c.setTerminationMessagePath("/dev/termination-log");
    }
    if (isBlank(c.getTerminationMessagePolicy())) {
      c.setTerminationMessagePolicy("File");
    }
    if (c.getResources() == null) {
      c.setResources(new ResourceRequirements());
    }
    for (ContainerPort p : orEmpty(c.getPorts())) {
      if (isBlank(p.getProtocol())) {
        p.setProtocol("TCP");
      }
    }
    for (EnvVar e : orEmpty(c.getEnv())) {
      if (e.getValueFrom() != null) {
        applyFieldRef(e.getValueFrom().getFieldRef());
      }
    }
    applyProbe(c.getLivenessProbe());
    applyProbe(c.getReadinessProbe());
    applyProbe(c.getStartupProbe());
    Lifecycle l = c.getLifecycle();
    if (l != null) {
      applyHandler(l.getPostStart());
      applyHandler(l.getPreStop());
    }
  }

  /**
   * {@code Always} when the image names the {@code latest} tag or no tag and no digest, else
   * {@code IfNotPresent} (also for an image that is not a valid reference, as upstream does).
   */
  public static String pullPolicyFor(String image) {
    if (image == null || image.isEmpty() || !image.strip().equals(image) || image.chars().anyMatch(Character::isWhitespace)) {
      return "IfNotPresent";
    }
    String ref = image;
    boolean digest = false;
    int at = ref.indexOf('@');
    if (at >= 0) {
      digest = true;
      ref = ref.substring(0, at);
    }
    String last = ref.substring(ref.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    String tag = colon >= 0 ? last.substring(colon + 1) : "";
    String path = colon >= 0 ? ref.substring(0, ref.length() - last.length() + colon) : ref;
    String repoPath = path.contains("/") && looksLikeRegistry(path.substring(0, path.indexOf('/')))
        ? path.substring(path.indexOf('/') + 1) : path;
    if (!repoPath.equals(repoPath.toLowerCase(java.util.Locale.ROOT)) || repoPath.isEmpty()) {
      return "IfNotPresent";
    }
    if (tag.isEmpty() && !digest) {
      return "Always";
    }
    return tag.equals("latest") ? "Always" : "IfNotPresent";
  }

  private static boolean looksLikeRegistry(String first) {
    return first.contains(".") || first.contains(":") || first.equals("localhost");
  }

  static void applyProbe(Probe p) {
    if (p == null) {
      return;
    }
    if (p.getTimeoutSeconds() == null || p.getTimeoutSeconds() == 0) {
      p.setTimeoutSeconds(1);
    }
    if (p.getPeriodSeconds() == null || p.getPeriodSeconds() == 0) {
      p.setPeriodSeconds(10);
    }
    if (p.getSuccessThreshold() == null || p.getSuccessThreshold() == 0) {
      p.setSuccessThreshold(1);
    }
    if (p.getFailureThreshold() == null || p.getFailureThreshold() == 0) {
      p.setFailureThreshold(3);
    }
    applyHttpGet(p.getHttpGet());
  }

  static void applyHandler(LifecycleHandler h) {
    if (h != null) {
      applyHttpGet(h.getHttpGet());
    }
  }

  static void applyHttpGet(HTTPGetAction a) {
    if (a == null) {
      return;
    }
    if (isBlank(a.getPath())) {
      a.setPath("/");
    }
    if (isBlank(a.getScheme())) {
      a.setScheme("HTTP");
    }
  }

  static void applyFieldRef(ObjectFieldSelector f) {
    if (f != null && isBlank(f.getApiVersion())) {
      f.setApiVersion("v1");
    }
  }

  static void applyVolume(Volume v) {
    if (hasNoSource(v)) {
      v.setEmptyDir(new EmptyDirVolumeSource());
    }
    if (v.getSecret() != null && v.getSecret().getDefaultMode() == null) {
      v.getSecret().setDefaultMode(DEFAULT_MODE);
    }
    if (v.getConfigMap() != null && v.getConfigMap().getDefaultMode() == null) {
      v.getConfigMap().setDefaultMode(DEFAULT_MODE);
    }
    if (v.getDownwardAPI() != null) {
      if (v.getDownwardAPI().getDefaultMode() == null) {
        v.getDownwardAPI().setDefaultMode(DEFAULT_MODE);
      }
      for (DownwardAPIVolumeFile f : orEmpty(v.getDownwardAPI().getItems())) {
        applyFieldRef(f.getFieldRef());
      }
    }
    if (v.getProjected() != null) {
      if (v.getProjected().getDefaultMode() == null) {
        v.getProjected().setDefaultMode(DEFAULT_MODE);
      }
      for (VolumeProjection p : orEmpty(v.getProjected().getSources())) {
        if (p.getServiceAccountToken() != null && p.getServiceAccountToken().getExpirationSeconds() == null) {
          p.getServiceAccountToken().setExpirationSeconds(3600L);
        }
        if (p.getDownwardAPI() != null) {
          for (DownwardAPIVolumeFile f : orEmpty(p.getDownwardAPI().getItems())) {
            applyFieldRef(f.getFieldRef());
          }
        }
      }
    }
    if (v.getHostPath() != null && v.getHostPath().getType() == null) {
      v.getHostPath().setType("");
    }
    if (v.getEphemeral() != null && v.getEphemeral().getVolumeClaimTemplate() != null
        && v.getEphemeral().getVolumeClaimTemplate().getSpec() != null) {
      applyClaimSpec(v.getEphemeral().getVolumeClaimTemplate().getSpec());
    }
  }

  /** {@code SetDefaults_PersistentVolumeClaimSpec}: {@code volumeMode: Filesystem}. */
  public static void applyClaimSpec(PersistentVolumeClaimSpec spec) {
    if (spec.getVolumeMode() == null) {
      spec.setVolumeMode("Filesystem");
    }
  }

  private static boolean hasNoSource(Volume v) {
    return SpecDiff.tree(v).properties().stream().allMatch(e -> e.getKey().equals("name"));
  }

  static boolean isBlank(String s) {
    return s == null || s.isEmpty();
  }

  static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  @SafeVarargs
  static List<Container> all(List<Container>... lists) {
    return java.util.Arrays.stream(lists).filter(java.util.Objects::nonNull).flatMap(List::stream).toList();
  }
}
