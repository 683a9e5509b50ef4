package dev.berth.node.restart;

import dev.berth.node.probe.timing.ProbeResult;
import dev.berth.node.restart.SyncAction.KillContainer;
import dev.berth.node.restart.SyncAction.KillPod;
import dev.berth.node.restart.SyncAction.KillPodReason;
import dev.berth.node.restart.SyncAction.KillReason;
import dev.berth.node.status.ContainerFacts;
import dev.berth.node.status.ContainerInstance;
import dev.berth.node.status.InstanceState;
import dev.berth.node.status.PodContainers;
import dev.berth.node.status.PodFacts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sync of a running (not terminating) pod should do: upstream's {@code computePodActions},
 * {@code computeInitContainerActions} and the {@code doBackOff} check of every start ({@code
 * spec/kubelet.md} §2.1, §2.2, §3.1). Pure: same pod, facts, back-off table and instant, same plan.
 *
 * <p>Worked example, init containers {@code [migrate, proxy(sidecar)]} and container {@code app}:
 * sync 1 on a new pod plans {@code CreateSandbox, StartContainer(migrate)}; once {@code migrate}
 * exited 0, {@code StartContainer(proxy)}; once {@code proxy} runs (and its startup probe, if any,
 * succeeded) {@code StartContainer(app)}. If {@code migrate} exits 1 under {@code Always}, the next
 * sync restarts {@code migrate} itself — immediately the first time, then {@code Wait} in back-off;
 * under {@code Never} it plans {@code KillPod(INIT_CONTAINER_FAILED)}.
 */
public final class SyncPlanner {
  private SyncPlanner() {}

  public static SyncPlan plan(Pod pod, PodFacts facts, CrashLoopBackOff backOff, Instant now) {
    List<SyncAction> actions = new ArrayList<>();
    List<Container> inits = PodContainers.init(pod);
    List<Container> regular = PodContainers.regular(pod);
    boolean restartOnFailure = !"Never".equals(PodContainers.restartPolicy(pod));

    if (facts.sandbox() != PodFacts.Sandbox.READY) {
      boolean lost = facts.sandbox() == PodFacts.Sandbox.LOST;
      boolean anyInstance = facts.containers().values().stream().anyMatch(f -> !f.instances().isEmpty());
      if (lost) {
        actions.add(new KillPod(KillPodReason.SANDBOX_CHANGED));
        if (!restartOnFailure && anyInstance) {
          return new SyncPlan(actions, backOff);
        }
      }
      List<Container> toStart = regular.stream()
          .filter(c -> !("OnFailure".equals(PodContainers.restartPolicy(pod)) && succeeded(facts.container(c.getName()))))
          .toList();
      if (toStart.isEmpty() && anyRegularCreated(regular, facts)) {
        return new SyncPlan(actions, backOff);
      }
      actions.add(new SyncAction.CreateSandbox(lost));
      return inits.isEmpty() ? withStarts(pod, facts, backOff, now, actions, List.of(), toStart)
          : withStarts(pod, facts, backOff, now, actions, List.of(inits.get(0)), List.of());
    }

    // Initialization (§3.1): walk the init containers backwards from the last one seen.
    List<Integer> initToStart = new ArrayList<>();
    boolean initialized = inits.isEmpty();
    if (!inits.isEmpty()) {
      boolean podHasInitialized = regular.stream().anyMatch(c -> facts.container(c.getName()).newest()
          .map(i -> isRunning(i.state())).orElse(false));
      boolean previouslyInitialized = podHasInitialized;
      for (int i = inits.size() - 1; i >= 0; i--) {
        Container c = inits.get(i);
        boolean sidecar = PodContainers.isSidecar(c);
        ContainerFacts f = facts.container(c.getName());
        Optional<ContainerInstance> newest = f.newest();
        if (newest.isEmpty()) {
          if (previouslyInitialized && sidecar) {
            initToStart.add(i);
          }
          continue;
        }
        if (previouslyInitialized && !sidecar) {
          continue;
        }
        switch (newest.get().state()) {
          case InstanceState.Starting s -> {
            // Still in its postStart hook: not started yet, whatever it is.
          }
          case InstanceState.Running r -> {
            if (sidecar) {
              podHasInitialized |= sidecarStep(pod, c, i, f, newest.get(), previouslyInitialized, actions, initToStart);
            }
          }
          case InstanceState.Exited e -> {
            if (sidecar) {
              initToStart.add(i);
            } else if (isInitContainerFailed(e)) {
              if (!restartOnFailure) {
                return killPod(actions, KillPodReason.INIT_CONTAINER_FAILED, backOff);
              }
              initToStart.add(i);
            } else if (i == inits.size() - 1) {
              podHasInitialized = true;
            } else {
              initToStart.add(i + 1);
            }
          }
          case InstanceState.Unknown u -> {
            if (!sidecar && !restartOnFailure) {
              return killPod(actions, KillPodReason.INIT_CONTAINER_FAILED, backOff);
            }
            actions.add(new KillContainer(c.getName(), "Init container is in \"unknown\" state, try killing it before restart",
                KillReason.UNKNOWN_STATE));
            initToStart.add(i);
          }
        }
        previouslyInitialized = true;
      }
      if (!previouslyInitialized) {
        initToStart.add(0);
      }
      Collections.reverse(initToStart);
      initialized = podHasInitialized;
    }
    List<Container> initStarts = initToStart.stream().map(inits::get).toList();
    if (!initialized) {
      return withStarts(pod, facts, backOff, now, actions, initStarts, List.of());
    }

    // Regular containers (§2.1).
    int keep = 0;
    List<Container> starts = new ArrayList<>();
    for (Container c : regular) {
      ContainerFacts f = facts.container(c.getName());
      Optional<ContainerInstance> newest = f.newest();
      if (newest.isEmpty() || !isRunning(newest.get().state())) {
        if (ContainerRestarts.shouldContainerBeRestarted(pod, c, newest)) {
          starts.add(c);
          if (newest.isPresent() && newest.get().state() instanceof InstanceState.Unknown) {
            actions.add(new KillContainer(c.getName(), "Container is in \"unknown\" state, try killing it before restart",
                KillReason.UNKNOWN_STATE));
          }
        }
        continue;
      }
      String message;
      KillReason reason;
      boolean restart = restartOnFailure;
      if (!Objects.equals(newest.get().image(), c.getImage())) {
        message = "Container " + c.getName() + " definition changed";
        reason = KillReason.DEFINITION_CHANGED;
        restart = true;
      } else if (c.getLivenessProbe() != null && f.liveness() == ProbeResult.FAILURE) {
        message = "Container " + c.getName() + " failed liveness probe";
        reason = KillReason.LIVENESS_PROBE;
      } else if (c.getStartupProbe() != null && f.startup() == ProbeResult.FAILURE) {
        message = "Container " + c.getName() + " failed startup probe";
        reason = KillReason.STARTUP_PROBE;
      } else {
        keep++;
        continue;
      }
      if (restart) {
        message += ", will be restarted";
        starts.add(c);
      }
      actions.add(new KillContainer(c.getName(), message, reason));
    }
    if (keep == 0 && starts.isEmpty()) {
      return killPod(actions, KillPodReason.ALL_CONTAINERS_DEAD, backOff);
    }
    return withStarts(pod, facts, backOff, now, actions, initStarts, starts);
  }

  /** Stopping the whole pod makes single kills moot, and nothing starts after it. */
  private static SyncPlan killPod(List<SyncAction> actions, KillPodReason reason, CrashLoopBackOff backOff) {
    List<SyncAction> out = new ArrayList<>(actions.stream().filter(a -> !(a instanceof KillContainer)).toList());
    out.add(new KillPod(reason));
    return new SyncPlan(out, backOff);
  }

  /** A running sidecar: restart it on probe failure or changed definition; once started, let the next init container go. */
  private static boolean sidecarStep(Pod pod, Container c, int i, ContainerFacts f, ContainerInstance newest,
      boolean previouslyInitialized, List<SyncAction> actions, List<Integer> initToStart) {
    if (c.getStartupProbe() != null && f.startup() != ProbeResult.SUCCESS) {
      if (f.startup() == ProbeResult.FAILURE) {
        actions.add(new KillContainer(c.getName(), "Init container " + c.getName() + " failed startup probe",
            KillReason.STARTUP_PROBE));
        initToStart.add(i);
      }
      return false;
    }
    boolean initializedNow = false;
    if (i == PodContainers.init(pod).size() - 1) {
      initializedNow = true;
    } else if (!previouslyInitialized) {
      initToStart.add(i + 1);
    }
    if (!Objects.equals(newest.image(), c.getImage())) {
      actions.add(new KillContainer(c.getName(), "Init container " + c.getName() + " definition changed",
          KillReason.DEFINITION_CHANGED));
      initToStart.add(i);
    } else if (c.getLivenessProbe() != null && f.liveness() == ProbeResult.FAILURE) {
      actions.add(new KillContainer(c.getName(), "Init container " + c.getName() + " failed liveness probe",
          KillReason.LIVENESS_PROBE));
      initToStart.add(i);
    }
    return initializedNow;
  }

  /**
   * Appends the starts, init containers first, each checked against back-off: in back-off it becomes
   * a {@link SyncAction.Wait}, and a regular init container in back-off ends the plan (upstream's
   * {@code SyncPod} returns when an init container cannot start).
   */
  private static SyncPlan withStarts(Pod pod, PodFacts facts, CrashLoopBackOff backOff, Instant now, List<SyncAction> actions,
      List<Container> initStarts, List<Container> regularStarts) {
    CrashLoopBackOff table = backOff;
    for (Container c : initStarts) {
      SyncAction a = startOrWait(pod, c, true, facts.container(c.getName()), table, now);
      actions.add(a);
      if (a instanceof SyncAction.Wait) {
        if (!PodContainers.isSidecar(c)) {
          return new SyncPlan(actions, table);
        }
      } else {
        table = recorded(pod, c, facts.container(c.getName()), table, now);
      }
    }
    for (Container c : regularStarts) {
      SyncAction a = startOrWait(pod, c, false, facts.container(c.getName()), table, now);
      actions.add(a);
      if (!(a instanceof SyncAction.Wait)) {
        table = recorded(pod, c, facts.container(c.getName()), table, now);
      }
    }
    return new SyncPlan(actions, table);
  }

  private static SyncAction startOrWait(Pod pod, Container c, boolean init, ContainerFacts f, CrashLoopBackOff table,
      Instant now) {
    Optional<ContainerInstance> exited = f.newestExited();
    if (exited.isEmpty()) {
      return new SyncAction.StartContainer(c.getName(), init);
    }
    InstanceState.Exited e = (InstanceState.Exited) exited.get().state();
    return switch (table.decide(key(pod, c), e.finishedAt(), now)) {
      case CrashLoopBackOff.Decision.Start s -> new SyncAction.StartContainer(c.getName(), init);
      case CrashLoopBackOff.Decision.Wait w -> new SyncAction.Wait(c.getName(), w.until(), w.delay(),
          "back-off " + GoDurations.format(w.delay()) + " restarting failed container=" + c.getName() + " pod="
              + PodContainers.describe(pod),
          "Back-off restarting failed container " + c.getName() + " in pod " + PodContainers.describe(pod));
    };
  }

  private static CrashLoopBackOff recorded(Pod pod, Container c, ContainerFacts f, CrashLoopBackOff table, Instant now) {
    Optional<ContainerInstance> exited = f.newestExited();
    if (exited.isEmpty()) {
      return table;
    }
    return table.next(key(pod, c), ((InstanceState.Exited) exited.get().state()).finishedAt(), now);
  }

  /** The back-off key of {@code c} in {@code pod}. */
  public static BackOffKey key(Pod pod, Container c) {
    return new BackOffKey(pod.getMetadata().getUid(), c.getName(), c.getImage());
  }

  private static boolean isRunning(InstanceState s) {
    return s instanceof InstanceState.Running || s instanceof InstanceState.Starting;
  }

  /** Upstream's {@code isInitContainerFailed}: an OOM kill fails an init container even with exit code 0. */
  private static boolean isInitContainerFailed(InstanceState.Exited e) {
    return "OOMKilled".equals(e.reason()) || e.exitCode() != 0;
  }

  private static boolean succeeded(ContainerFacts f) {
    return f.newest().map(i -> i.state() instanceof InstanceState.Exited e && e.exitCode() == 0).orElse(false);
  }

  private static boolean anyRegularCreated(List<Container> regular, PodFacts facts) {
    return regular.stream().anyMatch(c -> facts.container(c.getName()).newest().map(i -> !(i.state() instanceof InstanceState.Unknown))
        .orElse(false));
  }
}
