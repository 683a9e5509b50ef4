package dev.berth.node.env;

import dev.berth.api.validation.NameValidation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The environment of a container ({@code spec/kubelet.md} §6.1; upstream {@code
 * makeEnvironmentVariables}), in upstream's order of precedence:
 *
 * <ol>
 *   <li>{@code envFrom}, in list order, each source's keys (sorted) with their {@code prefix}; a later
 *       source overwrites an earlier key; keys that are not valid variable names are skipped with an
 *       {@code InvalidEnvironmentVariableNames} warning;
 *   <li>{@code env}, in list order, overwriting same-named earlier values: {@code value} with {@code
 *       $(VAR)} expanded against what is defined so far and then the service variables (Appendix E
 *       12: a forward reference stays literal), or {@code valueFrom};
 *   <li>the service variables (Appendix E 13) whose names are not defined yet.
 * </ol>
 *
 * <p>A variable keeps the position of its first definition. Example: {@code envFrom: [configMapRef:
 * {name: cfg}]} with {@code cfg.data = {MODE: prod}}, then {@code env: [{name: URL, value:
 * "http://$(HOST):$(PORT)"}, {name: HOST, value: db}]} gives {@code MODE=prod}, {@code
 * URL=http://$(HOST):$(PORT)} ({@code HOST} is defined later, {@code PORT} never), {@code HOST=db},
 * then {@code KUBERNETES_SERVICE_HOST=...} and the other service links.
 */
public final class ContainerEnv {
  /** The runtime's default {@code PATH} (containerd), §6.1 step 5. */
  public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private ContainerEnv() {}

  /**
   * The environment the kubelet hands to the runtime for {@code container} of {@code pod}.
   *
   * @param podIps the pod's addresses, primary first ({@code status.podIP}); known before containers start
   * @param hostIps the node's addresses ({@code status.hostIP})
   * @param nodeAllocatable what {@code resourceFieldRef} reads for a limit that is not set
   */
  public static EnvResult build(Pod pod, Container container, EnvSources sources, List<String> podIps, List<String> hostIps,
      Map<String, Quantity> nodeAllocatable) {
    if (!sources.servicesSynced() && !isStatic(pod)) {
      return new EnvResult.ConfigError("services have not yet been read at least once, cannot construct envvars");
    }
    String namespace = pod.getMetadata().getNamespace();
    boolean links = pod.getSpec().getEnableServiceLinks() == null || pod.getSpec().getEnableServiceLinks();
    Map<String, String> serviceEnv = ServiceLinks.forPod(sources.services(), namespace, links);

    Map<String, ConfigMap> configMaps = new HashMap<>();
    Map<String, Secret> secrets = new HashMap<>();
    Map<String, String> env = new LinkedHashMap<>();
    List<EnvResult.Warning> warnings = new ArrayList<>();
    try {
      for (EnvFromSource from : list(container.getEnvFrom())) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
          String name = from.getConfigMapRef().getName();
          Optional<ConfigMap> cm = configMap(sources, configMaps, namespace, name, isTrue(from.getConfigMapRef().getOptional()));
          if (cm.isPresent()) {
            addAll(env, warnings, prefix, map(cm.get().getData()), "configMap", namespace, name);
          }
        } else if (from.getSecretRef() != null) {
          String name = from.getSecretRef().getName();
          Optional<Secret> s = secret(sources, secrets, namespace, name, isTrue(from.getSecretRef().getOptional()));
          if (s.isPresent()) {
            addAll(env, warnings, prefix, decoded(s.get()), "secret", namespace, name);
          }
        }
      }
      for (EnvVar var : list(container.getEnv())) {
        String value = var.getValue();
        if (value != null && !value.isEmpty()) {
          value = Expansion.expand(value, Expansion.lookupIn(env, serviceEnv));
        } else if (var.getValueFrom() != null) {
          Optional<String> resolved = valueFrom(var.getValueFrom(), pod, container, sources, configMaps, secrets, podIps, hostIps,
              nodeAllocatable);
          if (resolved.isEmpty()) {
            continue;
          }
          value = resolved.get();
        } else {
          value = "";
        }
        env.put(var.getName(), value);
      }
    } catch (EnvException e) {
      return new EnvResult.ConfigError(e.getMessage());
    }
    List<EnvVar> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(new EnvVar(k, v, null)));
    serviceEnv.forEach((k, v) -> {
      if (!env.containsKey(k)) {
        out.add(new EnvVar(k, v, null));
      }
    });
    return new EnvResult.Resolved(out, warnings);
  }

  /**
   * The process environment the runtime builds from the kubelet's list (§6.1 step 5, containerd):
   * {@code PATH} and {@code HOSTNAME} first, then the list; a name the list defines again keeps its
   * first position with the list's value.
   */
  public static Map<String, String> processEnvironment(List<EnvVar> kubeletEnv, String hostname) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("PATH", DEFAULT_PATH);
    out.put("HOSTNAME", hostname);
    for (EnvVar e : kubeletEnv) {
      out.put(e.getName(), e.getValue() == null ? "" : e.getValue());
    }
    return out;
  }

  /** One {@code valueFrom}; empty when an optional source or key is missing (the variable is then not set at all). */
  private static Optional<String> valueFrom(EnvVarSource from, Pod pod, Container container, EnvSources sources,
      Map<String, ConfigMap> configMaps, Map<String, Secret> secrets, List<String> podIps, List<String> hostIps,
      Map<String, Quantity> nodeAllocatable) throws EnvException {
    String namespace = pod.getMetadata().getNamespace();
    if (from.getFieldRef() != null) {
      return Optional.of(DownwardApi.fieldRef(from.getFieldRef(), pod, podIps, hostIps));
    }
    if (from.getResourceFieldRef() != null) {
      return Optional.of(DownwardApi.resourceFieldRef(from.getResourceFieldRef(), pod, container, nodeAllocatable));
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      boolean optional = isTrue(ref.getOptional());
      Optional<ConfigMap> cm = configMap(sources, configMaps, namespace, ref.getName(), optional);
      if (cm.isEmpty()) {
        return Optional.empty();
      }
      String v = map(cm.get().getData()).get(ref.getKey());
      if (v == null) {
        if (optional) {
          return Optional.empty();
        }
        throw new EnvException("couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
      }
      return Optional.of(v);
    }
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      boolean optional = isTrue(ref.getOptional());
      Optional<Secret> s = secret(sources, secrets, namespace, ref.getName(), optional);
      if (s.isEmpty()) {
        return Optional.empty();
      }
      String v = decoded(s.get()).get(ref.getKey());
      if (v == null) {
        if (optional) {
          return Optional.empty();
        }
        throw new EnvException("couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
      }
      return Optional.of(v);
    }
    return Optional.of("");
  }

  private static void addAll(Map<String, String> env, List<EnvResult.Warning> warnings, String prefix, Map<String, String> data,
      String kind, String namespace, String name) {
    List<String> invalid = new ArrayList<>();
    for (var e : new TreeMap<>(data).entrySet()) {
      String key = prefix + e.getKey();
      if (!NameValidation.envVarName(key).isEmpty()) {
        invalid.add(key);
        continue;
      }
      env.put(key, e.getValue());
    }
    if (!invalid.isEmpty()) {
      warnings.add(new EnvResult.Warning("InvalidEnvironmentVariableNames", "Keys [" + String.join(", ", invalid)
          + "] from the EnvFrom " + kind + " " + namespace + "/" + name
          + " were skipped since they are considered invalid environment variable names."));
    }
  }

  private static Optional<ConfigMap> configMap(EnvSources sources, Map<String, ConfigMap> cache, String namespace, String name,
      boolean optional) throws EnvException {
    ConfigMap cm = cache.get(name);
    if (cm == null) {
      Optional<ConfigMap> found = sources.configMap(namespace, name);
      if (found.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw new EnvException("configmap \"" + name + "\" not found");
      }
      cm = found.get();
      cache.put(name, cm);
    }
    return Optional.of(cm);
  }

  private static Optional<Secret> secret(EnvSources sources, Map<String, Secret> cache, String namespace, String name,
      boolean optional) throws EnvException {
    Secret s = cache.get(name);
    if (s == null) {
      Optional<Secret> found = sources.secret(namespace, name);
      if (found.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw new EnvException("secret \"" + name + "\" not found");
      }
      s = found.get();
      cache.put(name, s);
    }
    return Optional.of(s);
  }

  /** A Secret's {@code data}, base64-decoded. */
  private static Map<String, String> decoded(Secret s) {
    Map<String, String> out = new LinkedHashMap<>();
    map(s.getData()).forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v.strip()), StandardCharsets.UTF_8)));
    return out;
  }

  private static boolean isStatic(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a != null && "file".equals(a.get("kubernetes.io/config.source"));
  }

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  private static Map<String, String> map(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
