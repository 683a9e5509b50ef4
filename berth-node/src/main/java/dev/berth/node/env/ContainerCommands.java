package dev.berth.node.env;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code $(VAR)} expansion of what a container runs ({@code spec/kubelet.md} §6.2; upstream {@code
 * ExpandContainerCommandAndArgs}, {@code ExpandContainerCommandOnlyStatic}, {@code
 * ExpandContainerVolumeMounts}).
 */
public final class ContainerCommands {
  private ContainerCommands() {}

  /** {@code command} and {@code args} after expansion; either list empty when the spec leaves it unset. */
  public record Argv(List<String> command, List<String> args) {
    public Argv {
      command = List.copyOf(command);
      args = List.copyOf(args);
    }
  }

  /**
   * {@code command} and {@code args} expanded against the container's whole environment ({@link
   * ContainerEnv#build}: every entry regardless of order, plus service links). With {@code
   * GREETING=hi}: {@code ["sh", "-c", "echo $(GREETING) $$(GREETING) $(NOPE)"]} → {@code ["sh", "-c",
   * "echo hi $(GREETING) $(NOPE)"]}.
   */
  public static Argv expand(Container container, List<EnvVar> env) {
    Map<String, String> m = toMap(env);
    return new Argv(expandAll(container.getCommand(), m), expandAll(container.getArgs(), m));
  }

  /**
   * {@code probe} as it runs: an exec probe with its command expanded as {@link #expandProbeCommand}
   * says, any other probe (and null) as it is.
   */
  public static Probe expandProbe(Probe probe, Container container) {
    if (probe == null || probe.getExec() == null || probe.getExec().getCommand() == null) {
      return probe;
    }
    return new ProbeBuilder(probe).editExec().withCommand(expandProbeCommand(probe.getExec().getCommand(), container))
        .endExec().build();
  }

  /**
   * An exec probe's command, expanded against the container's literal {@code env} values only (no
   * {@code valueFrom}, {@code envFrom} or service links, §4.4); a {@code valueFrom} variable is
   * defined but empty here.
   */
  public static List<String> expandProbeCommand(List<String> command, Container container) {
    Map<String, String> m = new HashMap<>();
    for (EnvVar e : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      m.put(e.getName(), e.getValue() == null ? "" : e.getValue());
    }
    return expandAll(command, m);
  }

  /**
   * A {@code subPathExpr} expanded against the container's environment; an undefined or empty variable
   * is an error, e.g. {@code missing value for POD_NAME} ({@code CreateContainerConfigError}).
   */
  public static String expandSubPath(String subPathExpr, List<EnvVar> env) throws EnvException {
    Map<String, String> m = toMap(env);
    TreeSet<String> missing = new TreeSet<>();
    String out = Expansion.expand(subPathExpr, name -> {
      String v = m.get(name);
      if (v == null || v.isEmpty()) {
        missing.add(name);
        return "";
      }
      return v;
    });
    if (!missing.isEmpty()) {
      throw new EnvException("missing value for " + String.join(", ", missing));
    }
    return out;
  }

  private static List<String> expandAll(List<String> in, Map<String, String> env) {
    if (in == null) {
      return List.of();
    }
    return in.stream().map(s -> Expansion.expand(s, Expansion.lookupIn(env))).toList();
  }

  private static Map<String, String> toMap(List<EnvVar> env) {
    Map<String, String> m = new HashMap<>();
    for (EnvVar e : env) {
      m.put(e.getName(), e.getValue() == null ? "" : e.getValue());
    }
    return m;
  }
}
