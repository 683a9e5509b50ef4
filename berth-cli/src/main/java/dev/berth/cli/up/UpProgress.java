package dev.berth.cli.up;

import dev.berth.api.selector.LabelSelector;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code berth up} prints while it waits, computed from what the watches show (level
 * triggered: each call looks at the whole current state and reports what changed since the last
 * call). Pure: no I/O, no clock; tests feed it objects.
 *
 * <p>It reports, one line each: a pod of an applied workload appearing and every change of its
 * state ({@code Pending}, {@code Running}, {@code Ready 127.1.0.3}, {@code CrashLoopBackOff},
 * restarts, {@code Terminating}, {@code deleted}); a workload's progress ({@code 2/3 ready});
 * and Warning events about those pods and workloads ({@code BackOff}, {@code Unhealthy} from the
 * third failure on, {@code FailedMount} from the second ...), each distinct message once.
 */
public final class UpProgress {
  private final List<Workload> workloads;
  private final Instant since;
  private final Map<String, String> podStates = new LinkedHashMap<>();
  private final Map<Workload, String> workloadProgress = new HashMap<>();
  private final Set<String> eventsShown = new HashSet<>();
  private final Map<Workload, Boolean> ready = new LinkedHashMap<>();
  private List<Pod> pods = List.of();

  /**
   * @param applied every applied object, in apply order; only those that run pods are waited for
   * @param since events older than this are history, not news
   */
  public UpProgress(List<Workload> applied, Instant since) {
    this.workloads = applied.stream().filter(Workload::runsPods).toList();
    this.since = since;
    for (Workload w : workloads) {
      ready.put(w, false);
    }
  }

  /**
   * @param current the applied objects as the API has them now (absent: not seen yet)
   * @param allPods pods of the namespaces involved; those of other workloads are ignored
   * @param events Events of the namespaces involved
   * @return the lines to print, possibly none
   */
  public List<String> observe(Map<Workload, HasMetadata> current, Collection<Pod> allPods, Collection<Event> events) {
    List<String> lines = new ArrayList<>();
    List<Pod> mine = allPods.stream().filter(p -> ownerOf(current, p) != null)
        .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getNamespace()).thenComparing(p -> p.getMetadata().getName(), UpProgress::compareNames))
        .toList();
    Set<String> present = new HashSet<>();
    for (Pod p : mine) {
      String key = podName(p);
      present.add(key);
      String state = podState(p);
      if (!state.equals(podStates.get(key))) {
        podStates.put(key, state);
        lines.add(line(key, state));
      }
    }
    for (String gone : new ArrayList<>(podStates.keySet())) {
      if (!present.contains(gone)) {
        podStates.remove(gone);
        lines.add(line(gone, "deleted"));
      }
    }
    this.pods = mine;
    for (Event e : events) {
      String subject = eventSubject(e, current);
      if (subject == null || !"Warning".equals(e.getType()) || isHistory(e) || isStartupNoise(e)) {
        continue;
      }
      String key = subject + "\0" + e.getReason() + "\0" + e.getMessage();
      if (eventsShown.add(key)) {
        lines.add(line(subject, "Warning " + e.getReason() + ": " + oneLine(e.getMessage())));
      }
    }
    for (Workload w : workloads) {
      HasMetadata o = current.get(w);
      if (o == null) {
        continue;
      }
      Readiness r = Readiness.of(o);
      String shown = r.ready() ? "ready (" + r.progress() + ")" : r.progress();
      if (!shown.equals(workloadProgress.get(w))) {
        workloadProgress.put(w, shown);
        if (!(o instanceof Pod)) {
          lines.add("berth: " + w.displayName() + " " + shown);
        }
      }
      ready.put(w, r.ready());
    }
    return lines;
  }

  /** True once every applied workload is ready (and at once when none runs pods). */
  public boolean allReady() {
    return ready.values().stream().allMatch(b -> b);
  }

  /** The workloads not ready yet, with their progress, for a message when {@code up} stops waiting. */
  public List<String> waitingFor() {
    List<String> out = new ArrayList<>();
    ready.forEach((w, r) -> {
      if (!r) {
        out.add(w.displayName() + (workloadProgress.containsKey(w) ? " (" + workloadProgress.get(w) + ")" : " (not seen yet)"));
      }
    });
    return out;
  }

  /** The applied workloads' pods as last observed, by namespace and then ordinal-aware name. */
  public List<Pod> pods() {
    return pods;
  }

  public List<Workload> workloads() {
    return workloads;
  }

  /** The applied workload {@code pod} belongs to: by name for a bare pod, else by label selector. */
  public Workload ownerOf(Map<Workload, HasMetadata> current, Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    for (Workload w : workloads) {
      if (!w.namespace().equals(ns)) {
        continue;
      }
      if (w.kind().equals("Pod")) {
        if (w.name().equals(pod.getMetadata().getName())) {
          return w;
        }
        continue;
      }
      io.fabric8.kubernetes.api.model.LabelSelector selector = switch (current.get(w)) {
        case StatefulSet s -> s.getSpec().getSelector();
        case Deployment d -> d.getSpec().getSelector();
        case ReplicaSet r -> r.getSpec().getSelector();
        case null, default -> null;
      };
      if (selector != null && LabelSelector.of(selector).matches(labels)) {
        return w;
      }
    }
    return null;
  }

  /**
   * A pod's state in a few words: {@code Pending}, {@code Running 127.1.0.3, not ready},
   * {@code Ready 127.1.0.3}, {@code CrashLoopBackOff}, {@code Terminating}, each with {@code
   * restarts: N} once a container restarted.
   */
  public static String podState(Pod p) {
    if (p.getMetadata().getDeletionTimestamp() != null) {
      return "Terminating";
    }
    String phase = Readiness.phase(p) == null ? "Pending" : Readiness.phase(p);
    String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
    int restarts = 0;
    String waiting = null;
    List<ContainerStatus> statuses = new ArrayList<>();
    if (p.getStatus() != null) {
      if (p.getStatus().getInitContainerStatuses() != null) {
        statuses.addAll(p.getStatus().getInitContainerStatuses());
      }
      if (p.getStatus().getContainerStatuses() != null) {
        statuses.addAll(p.getStatus().getContainerStatuses());
      }
    }
    for (ContainerStatus c : statuses) {
      restarts += c.getRestartCount() == null ? 0 : c.getRestartCount();
      if (waiting == null && c.getState() != null && c.getState().getWaiting() != null) {
        String reason = c.getState().getWaiting().getReason();
        if (reason != null && !reason.equals("ContainerCreating") && !reason.equals("PodInitializing")) {
          waiting = reason;
        }
      }
    }
    String s;
    if (waiting != null) {
      s = waiting;
    } else if (Readiness.isPodReady(p)) {
      s = "Ready" + (ip == null ? "" : " " + ip);
    } else if (phase.equals("Running")) {
      s = "Running" + (ip == null ? "" : " " + ip) + ", not ready";
    } else {
      s = phase;
    }
    return restarts > 0 ? s + ", restarts: " + restarts : s;
  }

  private String eventSubject(Event e, Map<Workload, HasMetadata> current) {
    var o = e.getInvolvedObject();
    if (o == null || o.getName() == null) {
      return null;
    }
    String ns = o.getNamespace() == null ? e.getMetadata().getNamespace() : o.getNamespace();
    if ("Pod".equals(o.getKind())) {
      String key = (ns == null || ns.equals("default") ? "" : ns + "/") + "pod/" + o.getName();
      return podStates.containsKey(key) ? key : null;
    }
    for (Workload w : workloads) {
      if (w.kind().equals(o.getKind()) && w.name().equals(o.getName()) && w.namespace().equals(ns)) {
        return w.displayName();
      }
    }
    return null;
  }

  /**
   * Warnings that are most often a start-up transient: a probe that failed once or twice (a server
   * still starting; shown from the third failure on, the default {@code failureThreshold}) and a
   * first {@code FailedMount} (shown when the mount fails again; a claim that "is not bound" yet,
   * which the provisioner binds within moments of the pod's scheduling, from the fifth time on).
   */
  static boolean isStartupNoise(Event e) {
    int count = e.getCount() == null ? 1 : e.getCount();
    return switch (e.getReason() == null ? "" : e.getReason()) {
      case "Unhealthy" -> count < 3;
      // a claim still being bound when the pod is first synced; a real mount problem repeats on the retry
      case "FailedMount" -> count < (e.getMessage() != null && e.getMessage().contains("is not bound") ? 5 : 2);
      default -> false;
    };
  }

  private boolean isHistory(Event e) {
    String t = e.getLastTimestamp() != null ? e.getLastTimestamp()
        : e.getEventTime() != null ? e.getEventTime().getTime()
        : e.getFirstTimestamp();
    if (t == null) {
      return false;
    }
    try {
      // a second's slack: Event timestamps have second precision
      return Instant.parse(t).isBefore(since.minusSeconds(1));
    } catch (DateTimeParseException notRfc3339) {
      return false;
    }
  }

  static String podName(Pod p) {
    String ns = p.getMetadata().getNamespace();
    return (ns == null || ns.equals("default") ? "" : ns + "/") + "pod/" + p.getMetadata().getName();
  }

  private static String line(String subject, String text) {
    return String.format("  %-18s %s", subject, text);
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip().replace('\n', ' ');
    return t.length() > 160 ? t.substring(0, 157) + "..." : t;
  }

  /** {@code web-2} before {@code web-10}: names that differ only in a trailing number sort by it. */
  static int compareNames(String a, String b) {
    int i = a.lastIndexOf('-');
    int j = b.lastIndexOf('-');
    if (i > 0 && j > 0 && a.substring(0, i).equals(b.substring(0, j))) {
      try {
        return Integer.compare(Integer.parseInt(a.substring(i + 1)), Integer.parseInt(b.substring(j + 1)));
      } catch (NumberFormatException notOrdinals) {
        // fall through
      }
    }
    return a.compareTo(b);
  }
}
