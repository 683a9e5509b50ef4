package dev.berth.node.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pods, containers, instances and statuses for tests, with one fixed start instant. */
public final class TestPods {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestPods() {}

  public static Instant at(int seconds) {
    return T0.plus(Duration.ofSeconds(seconds));
  }

  /** A pod {@code web-0} in {@code default} with uid {@code uid-1}. */
  public static Pod pod(String restartPolicy, List<Container> initContainers, List<Container> containers) {
    return new PodBuilder().withNewMetadata().withName("web-0").withNamespace("default").withUid("uid-1").endMetadata()
        .withNewSpec().withRestartPolicy(restartPolicy).withInitContainers(initContainers).withContainers(containers)
        .withNodeName("berth").endSpec().build();
  }

  public static Pod pod(String restartPolicy, Container... containers) {
    return pod(restartPolicy, List.of(), List.of(containers));
  }

  public static Pod deleting(Pod pod) {
    return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:10:00Z").withDeletionGracePeriodSeconds(30L)
        .endMetadata().build();
  }

  public static Container container(String name) {
    return new ContainerBuilder().withName(name).withImage("busybox:1.36").withCommand("sleep", "3600").build();
  }

  public static Container sidecar(String name) {
    return new ContainerBuilder(container(name)).withRestartPolicy("Always").build();
  }

  public static ContainerInstance running(String name, int restartCount, Instant startedAt) {
    return new ContainerInstance("process://" + name + "-" + restartCount, restartCount, "busybox:1.36", "",
        new InstanceState.Running(startedAt));
  }

  public static ContainerInstance starting(String name, int restartCount, Instant startedAt) {
    return new ContainerInstance("process://" + name + "-" + restartCount, restartCount, "busybox:1.36", "",
        new InstanceState.Starting(startedAt));
  }

  public static ContainerInstance exited(String name, int restartCount, Instant startedAt, Instant finishedAt, int exitCode) {
    return new ContainerInstance("process://" + name + "-" + restartCount, restartCount, "busybox:1.36", "",
        new InstanceState.Exited(startedAt, finishedAt, exitCode, InstanceState.Exited.reasonFor(exitCode, false), ""));
  }

  /** Facts with the given instances, newest first, and default probe results. */
  public static ContainerFacts facts(String name, ContainerInstance... newestFirst) {
    ContainerFacts f = ContainerFacts.none(name);
    List<ContainerInstance> l = Arrays.asList(newestFirst);
    for (int i = l.size() - 1; i >= 0; i--) {
      f = f.withNewInstance(l.get(i));
    }
    return f;
  }

  /** A pod on a ready sandbox at 127.1.0.5 on host 127.0.0.1. */
  public static PodFacts podFacts(ContainerFacts... containers) {
    Map<String, ContainerFacts> m = new LinkedHashMap<>();
    for (ContainerFacts c : containers) {
      m.put(c.name(), c);
    }
    return new PodFacts(m, PodFacts.Sandbox.READY, List.of("127.1.0.5"), List.of("127.0.0.1"), false, Optional.empty());
  }

  public static PodFacts terminal(PodFacts f) {
    return new PodFacts(f.containers(), f.sandbox(), f.podIps(), f.hostIps(), true, f.failure());
  }

  // API container statuses, for phase and condition tables.

  public static ContainerStatus sRunning(String name, boolean started, boolean ready) {
    return new ContainerStatusBuilder().withName(name).withStarted(started).withReady(ready)
        .withState(new ContainerStateBuilder().withNewRunning().withStartedAt("2026-01-01T00:00:01Z").endRunning().build()).build();
  }

  public static ContainerStatus sRunning(String name) {
    return sRunning(name, true, true);
  }

  public static ContainerStatus sTerminated(String name, int exitCode) {
    return new ContainerStatusBuilder().withName(name).withStarted(false).withReady(false)
        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
            .withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().build()).build();
  }

  /** A completed regular init container: terminated 0 and ready. */
  public static ContainerStatus sCompletedInit(String name) {
    ContainerStatus s = sTerminated(name, 0);
    s.setReady(true);
    return s;
  }

  public static ContainerStatus sWaiting(String name, String reason) {
    return new ContainerStatusBuilder().withName(name).withStarted(false).withReady(false)
        .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build()).build();
  }

  /** Waiting to be restarted after an exit, e.g. in CrashLoopBackOff. */
  public static ContainerStatus sRestarting(String name, int lastExitCode) {
    ContainerStatus s = sWaiting(name, "CrashLoopBackOff");
    s.setLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(lastExitCode).endTerminated().build());
    s.setRestartCount(1);
    return s;
  }
}
