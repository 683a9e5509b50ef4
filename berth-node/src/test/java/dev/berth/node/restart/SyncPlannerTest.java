package dev.berth.node.restart;

import static dev.berth.node.status.TestPods.T0;
import static dev.berth.node.status.TestPods.at;
import static dev.berth.node.status.TestPods.container;
import static dev.berth.node.status.TestPods.exited;
import static dev.berth.node.status.TestPods.facts;
import static dev.berth.node.status.TestPods.running;
import static dev.berth.node.status.TestPods.sidecar;
import static dev.berth.node.status.TestPods.starting;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.probe.timing.ProbeKind;
import dev.berth.node.probe.timing.ProbeResult;
import dev.berth.node.status.ContainerFacts;
import dev.berth.node.status.ContainerInstance;
import dev.berth.node.status.InstanceState;
import dev.berth.node.status.PodFacts;
import dev.berth.node.status.TestPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Sync plans, case by case ({@code spec/kubelet.md} §2.1, §3.1). */
class SyncPlannerTest {

  /** One action as text: {@code start app}, {@code start init migrate}, {@code kill app: <message>}, {@code wait app 10s}. */
  static String show(SyncAction a) {
    return switch (a) {
      case SyncAction.CreateSandbox c -> c.recreate() ? "recreate sandbox" : "create sandbox";
      case SyncAction.KillPod k -> "kill pod " + k.reason();
      case SyncAction.KillContainer k -> "kill " + k.name() + ": " + k.message();
      case SyncAction.StartContainer s -> "start " + (s.init() ? "init " : "") + s.name();
      case SyncAction.Wait w -> "wait " + w.name() + " " + GoDurations.format(w.delay());
    };
  }

  static List<String> plan(Pod pod, PodFacts facts) {
    return SyncPlanner.plan(pod, facts, CrashLoopBackOff.standard(), at(100)).actions().stream().map(SyncPlannerTest::show).toList();
  }

  static PodFacts on(PodFacts.Sandbox sandbox, ContainerFacts... containers) {
    Map<String, ContainerFacts> m = new LinkedHashMap<>();
    for (ContainerFacts c : containers) {
      m.put(c.name(), c);
    }
    return new PodFacts(m, sandbox, List.of("127.1.0.5"), List.of("127.0.0.1"), false, Optional.empty());
  }

  static PodFacts ready(ContainerFacts... containers) {
    return on(PodFacts.Sandbox.READY, containers);
  }

  private static final Container APP = container("app");
  private static final Container WORKER = container("worker");
  private static final Container MIGRATE = container("migrate");
  private static final Container PROXY = sidecar("proxy");
  private static final Container PROBED_PROXY = new ContainerBuilder(sidecar("proxy")).withNewStartupProbe().withNewExec()
      .withCommand("true").endExec().endStartupProbe().withNewLivenessProbe().withNewExec().withCommand("true").endExec()
      .endLivenessProbe().build();
  private static final Container LIVE_APP = new ContainerBuilder(container("app")).withNewLivenessProbe().withNewExec()
      .withCommand("true").endExec().endLivenessProbe().withNewStartupProbe().withNewExec().withCommand("true").endExec()
      .endStartupProbe().build();

  record Case(String name, Pod pod, PodFacts facts, List<String> plan) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Pod pod(String policy, List<Container> inits, List<Container> containers) {
    return TestPods.pod(policy, inits, containers);
  }

  static Stream<Case> cases() {
    ContainerFacts appRunning = facts("app", running("app", 0, at(1)));
    ContainerFacts workerRunning = facts("worker", running("worker", 0, at(1)));
    ContainerFacts migrateDone = facts("migrate", exited("migrate", 0, at(1), at(2), 0));
    ContainerFacts proxyRunning = facts("proxy", running("proxy", 0, at(3)));
    ContainerInstance lost = new ContainerInstance("process://app-0", 0, "busybox:1.36", "", new InstanceState.Unknown());
    ContainerInstance oomInit = new ContainerInstance("process://migrate-0", 0, "busybox:1.36", "",
        new InstanceState.Exited(at(1), at(2), 0, "OOMKilled", ""));
    return Stream.of(
        new Case("a new pod starts all its containers in spec order", pod("Always", List.of(), List.of(WORKER, APP)),
            on(PodFacts.Sandbox.NOT_CREATED), List.of("create sandbox", "start worker", "start app")),
        new Case("a new pod with init containers starts the first one", pod("Always", List.of(MIGRATE, PROXY), List.of(APP)),
            on(PodFacts.Sandbox.NOT_CREATED), List.of("create sandbox", "start init migrate")),
        new Case("an init container running: wait", pod("Always", List.of(MIGRATE, PROXY), List.of(APP)),
            ready(facts("migrate", running("migrate", 0, at(1)))), List.of()),
        new Case("an init container done: the next one", pod("Always", List.of(MIGRATE, PROXY), List.of(APP)),
            ready(migrateDone), List.of("start init proxy")),
        new Case("the last init container is a started sidecar: the regular containers", pod("Always", List.of(MIGRATE, PROXY),
            List.of(APP, WORKER)), ready(migrateDone, proxyRunning), List.of("start app", "start worker")),
        new Case("a sidecar in its postStart hook is not started yet", pod("Always", List.of(PROXY), List.of(APP)),
            ready(facts("proxy", starting("proxy", 0, at(3)))), List.of()),
        new Case("a sidecar waits for its startup probe", pod("Always", List.of(PROBED_PROXY), List.of(APP)),
            ready(proxyRunning), List.of()),
        new Case("a sidecar whose startup probe succeeded lets the next container go", pod("Always", List.of(PROBED_PROXY),
            List.of(APP)), ready(proxyRunning.withProbeResult(ProbeKind.STARTUP, ProbeResult.SUCCESS)), List.of("start app")),
        new Case("a sidecar failing its startup probe is restarted", pod("Always", List.of(PROBED_PROXY), List.of(APP)),
            ready(proxyRunning.withProbeResult(ProbeKind.STARTUP, ProbeResult.FAILURE)),
            List.of("kill proxy: Init container proxy failed startup probe", "start init proxy")),
        new Case("a sidecar failing liveness is restarted, the pod goes on", pod("Always", List.of(PROBED_PROXY), List.of(APP)),
            ready(proxyRunning.withProbeResult(ProbeKind.STARTUP, ProbeResult.SUCCESS)
                .withProbeResult(ProbeKind.LIVENESS, ProbeResult.FAILURE)),
            List.of("kill proxy: Init container proxy failed liveness probe", "start init proxy", "start app")),
        new Case("a failed init container under Never fails the pod", pod("Never", List.of(MIGRATE), List.of(APP)),
            ready(facts("migrate", exited("migrate", 0, at(1), at(2), 1))), List.of("kill pod INIT_CONTAINER_FAILED")),
        new Case("an OOM-killed init container has failed even with exit 0", pod("Never", List.of(MIGRATE), List.of(APP)),
            ready(facts("migrate", oomInit)), List.of("kill pod INIT_CONTAINER_FAILED")),
        new Case("a failed init container under OnFailure is restarted itself", pod("OnFailure", List.of(MIGRATE, PROXY),
            List.of(APP)), ready(facts("migrate", exited("migrate", 0, at(1), at(2), 1))), List.of("start init migrate")),
        new Case("completed init containers never run again", pod("Always", List.of(MIGRATE, PROXY), List.of(APP)),
            ready(facts("migrate"), proxyRunning, appRunning), List.of()),
        new Case("a sidecar that exited after initialization is restarted", pod("Never", List.of(MIGRATE, PROXY), List.of(APP)),
            ready(migrateDone, facts("proxy", exited("proxy", 0, at(3), at(50), 1)), appRunning), List.of("start init proxy")),
        new Case("a collected sidecar of an initialized pod is started again", pod("Always", List.of(PROXY), List.of(APP)),
            ready(appRunning), List.of("start init proxy")),
        new Case("all running: nothing to do", pod("Always", List.of(), List.of(APP, WORKER)), ready(appRunning, workerRunning),
            List.of()),
        new Case("exit 0 under Always is restarted", pod("Always", List.of(), List.of(APP)),
            ready(facts("app", exited("app", 0, at(1), at(2), 0))), List.of("start app")),
        new Case("exit 0 under OnFailure is done", pod("OnFailure", List.of(), List.of(APP, WORKER)),
            ready(facts("app", exited("app", 0, at(1), at(2), 0)), workerRunning), List.of()),
        new Case("nothing runs and nothing restarts: the pod is done", pod("OnFailure", List.of(), List.of(APP)),
            ready(facts("app", exited("app", 0, at(1), at(2), 0))), List.of("kill pod ALL_CONTAINERS_DEAD")),
        new Case("regular containers done under Never: sidecars are stopped, not restarted", pod("Never", List.of(PROXY),
            List.of(APP)), ready(proxyRunning, facts("app", exited("app", 0, at(4), at(9), 0))), List.of("kill pod ALL_CONTAINERS_DEAD")),
        new Case("liveness failure restarts the container", pod("Always", List.of(), List.of(LIVE_APP)),
            ready(appRunning.withProbeResult(ProbeKind.STARTUP, ProbeResult.SUCCESS).withProbeResult(ProbeKind.LIVENESS,
                ProbeResult.FAILURE)),
            List.of("kill app: Container app failed liveness probe, will be restarted", "start app")),
        new Case("startup failure restarts the container", pod("OnFailure", List.of(), List.of(LIVE_APP)),
            ready(appRunning.withProbeResult(ProbeKind.STARTUP, ProbeResult.FAILURE)),
            List.of("kill app: Container app failed startup probe, will be restarted", "start app")),
        new Case("liveness failure under Never, another container runs", pod("Never", List.of(), List.of(LIVE_APP, WORKER)),
            ready(appRunning.withProbeResult(ProbeKind.LIVENESS, ProbeResult.FAILURE), workerRunning),
            List.of("kill app: Container app failed liveness probe")),
        new Case("liveness failure under Never of the only container ends the pod", pod("Never", List.of(), List.of(LIVE_APP)),
            ready(appRunning.withProbeResult(ProbeKind.LIVENESS, ProbeResult.FAILURE)), List.of("kill pod ALL_CONTAINERS_DEAD")),
        new Case("a changed image restarts the container even under Never", pod("Never", List.of(),
            List.of(new ContainerBuilder(APP).withImage("busybox:1.37").build())), ready(appRunning),
            List.of("kill app: Container app definition changed, will be restarted", "start app")),
        new Case("a lost container is killed before its restart", pod("Always", List.of(), List.of(APP)), ready(facts("app", lost)),
            List.of("kill app: Container is in \"unknown\" state, try killing it before restart", "start app")),
        new Case("a deleted pod restarts nothing", TestPods.deleting(pod("Always", List.of(), List.of(APP, WORKER))),
            ready(facts("app", exited("app", 0, at(1), at(2), 1)), workerRunning), List.of()),
        new Case("a lost sandbox starts over from the first init container", pod("Always", List.of(MIGRATE), List.of(APP)),
            on(PodFacts.Sandbox.LOST, migrateDone, facts("app", exited("app", 0, at(3), at(50), 137))),
            List.of("kill pod SANDBOX_CHANGED", "recreate sandbox", "start init migrate")),
        new Case("a lost sandbox under Never after containers ran is not recreated", pod("Never", List.of(), List.of(APP)),
            on(PodFacts.Sandbox.LOST, facts("app", exited("app", 0, at(3), at(50), 137))), List.of("kill pod SANDBOX_CHANGED")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(Case c) {
    assertThat(plan(c.pod(), c.facts())).as(c.name()).containsExactlyElementsOf(c.plan());
  }

  @Test
  void aContainerInBackOffWaitsWhileTheOthersStart() {
    Pod pod = pod("Always", List.of(), List.of(APP, WORKER));
    ContainerFacts app = facts("app", exited("app", 1, at(20), at(21), 1));
    BackOffKey key = SyncPlanner.key(pod, APP);
    CrashLoopBackOff table = CrashLoopBackOff.standard().next(key, at(10), at(10));
    SyncPlan plan = SyncPlanner.plan(pod, ready(app), table, at(25));
    assertThat(plan.actions()).extracting(SyncPlannerTest::show).containsExactly("wait app 10s", "start worker");
    SyncAction.Wait w = (SyncAction.Wait) plan.actions().get(0);
    assertThat(w.until()).isEqualTo(at(31));
    assertThat(w.message()).isEqualTo("back-off 10s restarting failed container=app pod=web-0_default(uid-1)");
    assertThat(w.eventMessage()).isEqualTo("Back-off restarting failed container app in pod web-0_default(uid-1)");
    assertThat(plan.backOff()).as("a wait records nothing").isEqualTo(table);
  }

  @Test
  void aRegularInitContainerInBackOffHoldsEverythingBehindIt() {
    Pod pod = pod("Always", List.of(MIGRATE, PROXY), List.of(APP));
    BackOffKey key = SyncPlanner.key(pod, MIGRATE);
    CrashLoopBackOff table = CrashLoopBackOff.standard().next(key, at(1), at(1));
    SyncPlan plan = SyncPlanner.plan(pod, ready(facts("migrate", exited("migrate", 1, at(5), at(6), 1))), table, at(8));
    assertThat(plan.actions()).extracting(SyncPlannerTest::show).containsExactly("wait migrate 10s");
  }

  @Test
  void aPlannedRestartIsRecordedInTheBackOffTable() {
    Pod pod = pod("Always", List.of(), List.of(APP));
    SyncPlan plan = SyncPlanner.plan(pod, ready(facts("app", exited("app", 0, at(1), at(2), 1))), CrashLoopBackOff.standard(), at(2));
    assertThat(plan.backOff().entries()).containsEntry(SyncPlanner.key(pod, APP),
        new CrashLoopBackOff.Entry(CrashLoopBackOff.INITIAL, at(2)));
    assertThat(T0).isBefore(Instant.MAX);
  }
}
