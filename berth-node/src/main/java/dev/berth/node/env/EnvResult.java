package dev.berth.node.env;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

/** A container's environment, or why it cannot be built. */
public sealed interface EnvResult {
  /** The waiting reason of a container whose environment cannot be built. */
  String CONFIG_ERROR_REASON = "CreateContainerConfigError";

  /**
   * The kubelet's environment for the container, in order, each name once; {@code warnings} are
   * events to record on the pod (type Warning).
   */
  record Resolved(List<EnvVar> env, List<Warning> warnings) implements EnvResult {
    public Resolved {
      env = List.copyOf(env);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * The container cannot start: waiting {@code CreateContainerConfigError} with {@code message}, and a
   * Warning {@code Failed} event {@code Error: <message>}, e.g. {@code configmap "cfg" not found}.
   */
  record ConfigError(String message) implements EnvResult {}

  /** An event-worthy note, e.g. reason {@code InvalidEnvironmentVariableNames}. */
  record Warning(String reason, String message) {}
}
