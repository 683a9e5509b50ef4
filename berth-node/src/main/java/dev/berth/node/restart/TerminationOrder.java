package dev.berth.node.restart;

import dev.berth.node.status.PodContainers;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who waits for whom when a pod is torn down ({@code spec/kubelet.md} §3.3, upstream {@code
 * kuberuntime_termination_order.go}). All containers are killed at once — every preStop hook starts
 * immediately — but a sidecar gets its stop signal only after every regular container that was
 * running has exited and after the next sidecar (in spec order) has exited: sidecars stop in reverse
 * spec order, after the regular containers.
 *
 * <p>Example, init containers {@code [log(sidecar), migrate, mesh(sidecar)]}, containers {@code [app,
 * worker]}, all running: {@code app} and {@code worker} wait for nobody; {@code mesh} waits for {@code
 * [app, worker]}; {@code log} for {@code [app, worker, mesh]}. A container that was not running is
 * nobody's prerequisite.
 *
 * @param prerequisites by container name: the running containers that must exit before it is signalled
 */
public record TerminationOrder(Map<String, List<String>> prerequisites) {

  public TerminationOrder {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    prerequisites.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    prerequisites = java.util.Collections.unmodifiableMap(copy);
  }

  /** The order for tearing down {@code pod} while the containers named {@code running} run. */
  public static TerminationOrder of(Pod pod, Set<String> running) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    List<String> regularRunning = new ArrayList<>();
    for (Container c : PodContainers.regular(pod)) {
      m.put(c.getName(), List.of());
      if (running.contains(c.getName())) {
        regularRunning.add(c.getName());
      }
    }
    List<Container> inits = PodContainers.init(pod);
    String laterSidecar = null;
    for (int i = inits.size() - 1; i >= 0; i--) {
      Container c = inits.get(i);
      if (!PodContainers.isSidecar(c)) {
        m.put(c.getName(), List.of());
        continue;
      }
      List<String> waits = new ArrayList<>(regularRunning);
      if (laterSidecar != null && running.contains(laterSidecar)) {
        waits.add(laterSidecar);
      }
      m.put(c.getName(), waits);
      laterSidecar = c.getName();
    }
    return new TerminationOrder(m);
  }

  /** The containers {@code name} waits for; empty for regular containers and unknown names. */
  public List<String> prerequisitesOf(String name) {
    return prerequisites.getOrDefault(name, List.of());
  }

  /** Whether {@code name} may get its stop signal now that only {@code stillRunning} run. */
  public boolean mayStop(String name, Collection<String> stillRunning) {
    return prerequisitesOf(name).stream().noneMatch(stillRunning::contains);
  }
}
