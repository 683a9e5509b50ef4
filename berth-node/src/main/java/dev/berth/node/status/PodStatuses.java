package dev.berth.node.status;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code PodStatus} a kubelet publishes ({@code spec/kubelet.md} §1; upstream {@code
 * generateAPIPodStatus} and the status manager's normalisation). Pure: the same pod, previous
 * status, facts and instant give the same status.
 *
 * <p>The pod worker calls {@link #generate} on every sync and writes the result only when {@link
 * #sameIgnoringTimes} says it differs from what it wrote last.
 */
public final class PodStatuses {
  /** Upstream's {@code MaxPodTerminationMessageLogLength}: all termination messages of a pod share 12 KiB. */
  static final int MAX_POD_TERMINATION_MESSAGE_BYTES = 12 * 1024;

  private static final List<String> TIMESTAMPED = List.of(PodConditions.CONTAINERS_READY, PodConditions.READY,
      PodConditions.INITIALIZED, PodConditions.READY_TO_START_CONTAINERS, PodConditions.POD_SCHEDULED);

  private PodStatuses() {}

  /**
   * The status of {@code pod} now.
   *
   * @param previous what the agent published last for this pod, or null to start from {@code
   *     pod.status} (the first sync after admission or after a restart of berth)
   * @param now the time for {@code startTime} (first status only) and for conditions that flip
   */
  public static PodStatus generate(Pod pod, PodStatus previous, PodFacts facts, Instant now) {
    PodStatus api = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    PodStatus old = previous != null ? previous : api;

    PodStatus s = new PodStatus();
    s.setQosClass(QosClasses.of(pod));
    s.setContainerStatuses(ContainerStatuses.regular(pod, old.getContainerStatuses(), facts));
    s.setInitContainerStatuses(ContainerStatuses.init(pod, old.getInitContainerStatuses(), facts));

    List<ContainerStatus> all = new ArrayList<>(s.getContainerStatuses());
    all.addAll(s.getInitContainerStatuses());
    boolean podHasInitialized = PodContainers.regular(pod).stream()
        .anyMatch(c -> !facts.container(c.getName()).instances().isEmpty());
    String phase = PodPhases.phase(pod, all, facts.terminal(), podHasInitialized);
    if (!PodPhases.isTerminal(phase)) {
      if (PodPhases.isTerminal(old.getPhase())) {
        phase = old.getPhase();
      } else if (PodPhases.isTerminal(api.getPhase())) {
        phase = api.getPhase();
      }
    }
    s.setPhase(phase);
    if (phase.equals(old.getPhase())) {
      s.setReason(firstNonEmpty(old.getReason(), api.getReason()));
      s.setMessage(firstNonEmpty(old.getMessage(), api.getMessage()));
    }
    if (facts.failure().isPresent()) {
      s.setPhase(PodPhases.FAILED);
      s.setReason(facts.failure().get().reason());
      s.setMessage(facts.failure().get().message());
    }
    if (PodPhases.isTerminal(api.getPhase()) && !api.getPhase().equals(s.getPhase())) {
      s.setPhase(api.getPhase());
    }

    List<PodCondition> conditions = new ArrayList<>();
    for (PodCondition c : orEmpty(api.getConditions())) {
      if (!PodConditions.OWNED_BY_KUBELET.contains(c.getType())) {
        conditions.add(new PodConditionBuilder(c).build());
      }
    }
    orEmpty(old.getConditions()).stream().filter(c -> PodConditions.DISRUPTION_TARGET.equals(c.getType())).findFirst()
        .ifPresent(d -> {
          conditions.removeIf(c -> PodConditions.DISRUPTION_TARGET.equals(c.getType()));
          conditions.add(new PodConditionBuilder(d).build());
        });
    List<ContainerStatus> initFirst = new ArrayList<>(s.getInitContainerStatuses());
    initFirst.addAll(s.getContainerStatuses());
    conditions.add(PodConditions.readyToStartContainers(facts.sandbox() == PodFacts.Sandbox.READY));
    conditions.add(PodConditions.initialized(pod, initFirst, s.getPhase()));
    conditions.add(PodConditions.ready(pod, conditions, initFirst, s.getPhase()));
    conditions.add(PodConditions.containersReady(pod, initFirst, s.getPhase()));
    conditions.add(PodConditions.scheduled());
    String nowText = Rfc3339.format(now);
    for (PodCondition c : conditions) {
      if (TIMESTAMPED.contains(c.getType())) {
        c.setLastTransitionTime(orEmpty(old.getConditions()).stream()
            .filter(o -> c.getType().equals(o.getType()) && Objects.equals(c.getStatus(), o.getStatus()))
            .map(PodCondition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(nowText));
      }
    }
    s.setConditions(conditions);

    List<String> hostIps = facts.hostIps();
    List<String> podIps = facts.podIps();
    if (podIps.isEmpty() && pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) && !hostIps.isEmpty()) {
      podIps = List.of(hostIps.get(0));
    }
    if (!hostIps.isEmpty()) {
      s.setHostIP(hostIps.get(0));
      s.setHostIPs(hostIps.stream().map(HostIP::new).toList());
    }
    if (!podIps.isEmpty()) {
      s.setPodIP(podIps.get(0));
      s.setPodIPs(podIps.stream().map(PodIP::new).toList());
    }
    s.setStartTime(old.getStartTime() != null && !old.getStartTime().isEmpty() ? old.getStartTime() : nowText);
    truncateTerminationMessages(s);
    return s;
  }

  /**
   * Whether {@code a} and {@code b} publish the same status, ignoring the timestamps of conditions
   * (upstream {@code isPodStatusByKubeletEqual}): conditions are compared by type on status, reason
   * and message, everything else exactly — a new {@code startedAt} or {@code restartCount} is a change.
   */
  public static boolean sameIgnoringTimes(PodStatus a, PodStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    Map<String, List<String>> ca = conditionsByType(a);
    if (!ca.equals(conditionsByType(b))) {
      return false;
    }
    PodStatus ra = new PodStatusBuilder(a).withConditions(List.of()).build();
    PodStatus rb = new PodStatusBuilder(b).withConditions(List.of()).build();
    return ra.equals(rb);
  }

  private static Map<String, List<String>> conditionsByType(PodStatus s) {
    Map<String, List<String>> m = new HashMap<>();
    for (PodCondition c : orEmpty(s.getConditions())) {
      m.put(c.getType(), java.util.Arrays.asList(c.getStatus(), emptyToNull(c.getReason()), emptyToNull(c.getMessage())));
    }
    return m;
  }

  /**
   * Cuts every terminated {@code message} to {@code 12 KiB / number of containers} bytes (§1.2), at a
   * character boundary: with 3 containers each keeps at most 4096 bytes.
   */
  private static void truncateTerminationMessages(PodStatus s) {
    int n = s.getContainerStatuses().size() + s.getInitContainerStatuses().size();
    int perContainer = n == 0 ? MAX_POD_TERMINATION_MESSAGE_BYTES : MAX_POD_TERMINATION_MESSAGE_BYTES / n;
    List<ContainerStatus> all = new ArrayList<>(s.getContainerStatuses());
    all.addAll(s.getInitContainerStatuses());
    for (ContainerStatus c : all) {
      truncate(c.getState(), perContainer);
      truncate(c.getLastState(), perContainer);
    }
  }

  private static void truncate(ContainerState state, int maxBytes) {
    if (state == null || state.getTerminated() == null || state.getTerminated().getMessage() == null) {
      return;
    }
    String m = state.getTerminated().getMessage();
    if (m.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return;
    }
    int bytes = 0;
    int end = 0;
    while (end < m.length()) {
      int cp = m.codePointAt(end);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > maxBytes) {
        break;
      }
      bytes += len;
      end += Character.charCount(cp);
    }
    state.getTerminated().setMessage(m.substring(0, end));
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static String firstNonEmpty(String a, String b) {
    return a != null && !a.isEmpty() ? a : emptyToNull(b);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
