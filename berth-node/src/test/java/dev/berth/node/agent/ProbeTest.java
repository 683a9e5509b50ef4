package dev.berth.node.agent;

import static dev.berth.node.agent.NodeAgentFixture.conditions;
import static dev.berth.node.agent.NodeAgentFixture.container;
import static dev.berth.node.agent.NodeAgentFixture.podBuilder;
import static dev.berth.node.agent.NodeAgentFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.node.probe.ProbeResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import org.junit.jupiter.api.Test;

/** Probes through the whole agent ({@code spec/kubelet.md} §4, Appendix E 5–6). */
class ProbeTest {
  private final NodeAgentFixture f = new NodeAgentFixture();

  private static Probe http(String path) {
    return new ProbeBuilder().withNewHttpGet().withPath(path).withNewPort(8080).endHttpGet().withPeriodSeconds(10).build();
  }

  @Test
  void readinessIsFalseUntilTheProbeSucceedsThenTrue() {
    Probe ready = http("/ready");
    f.probes.set("app", ready, new ProbeResult.Failure("HTTP probe failed with statuscode: 503"));
    f.create("web", new ContainerBuilder(container("app", "sleep", "3600")).withReadinessProbe(ready).build());

    assertThat(f.statusColumn("web")).isEqualTo("Running");
    assertThat(f.containerStatus("web", "app").getReady()).isFalse();
    assertThat(conditions(f.get("web"))).containsEntry("Ready", "False/ContainersNotReady")
        .containsEntry("ContainersReady", "False/ContainersNotReady");
    assertThat(f.probes.runs()).as("probed at once when the status first shows it started (the readiness shortcut)").hasSize(1);
    assertThat(f.probes.runs().get(0).target().podIp()).isEqualTo("127.1.0.2");
    assertThat(f.events("web")).contains("Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503");

    f.probes.set("app", ready, ProbeResult.SUCCESS);
    f.advanceSeconds(9);
    assertThat(f.containerStatus("web", "app").getReady()).as("not before the next tick").isFalse();
    f.advanceSeconds(1);
    assertThat(f.containerStatus("web", "app").getReady()).isTrue();
    assertThat(conditions(f.get("web"))).containsEntry("Ready", "True").containsEntry("ContainersReady", "True");

    f.probes.set("app", ready, new ProbeResult.Failure("HTTP probe failed with statuscode: 500"));
    f.advanceSeconds(30);
    assertThat(conditions(f.get("web"))).as("three failures make it unready again, without a restart").containsEntry("Ready",
        "False/ContainersNotReady");
    assertThat(f.launcher.launches()).hasSize(1);
  }

  @Test
  void aFailingLivenessProbeKillsAndRestartsTheContainer() {
    Probe live = new ProbeBuilder(http("/healthz")).withFailureThreshold(3).withTerminationGracePeriodSeconds(5L).build();
    f.probes.set("app", live, ProbeResult.SUCCESS);
    f.create("web", new ContainerBuilder(container("app", "sleep", "3600")).withLivenessProbe(live).build());
    String uid = f.uid("web");
    var first = f.launcher.running(uid, "app").orElseThrow();

    f.probes.set("app", live, new ProbeResult.Failure("HTTP probe failed with statuscode: 500"));
    f.advanceSeconds(30);
    assertThat(f.eventCount("web", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500"))
        .as("one event per failed probe, aggregated").isEqualTo(3);
    assertThat(f.events("web")).contains("Killing: Container app failed liveness probe, will be restarted");
    assertThat(first.signals()).as("SIGTERM; the process ignores it").containsExactly(false);

    f.advanceSeconds(4);
    assertThat(first.isAlive()).isTrue();
    f.advanceSeconds(1);
    assertThat(first.signals()).as("SIGKILL after the probe's terminationGracePeriodSeconds").containsExactly(false, true);
    assertThat(first.isAlive()).isFalse();

    ContainerStatus cs = f.containerStatus("web", "app");
    assertThat(cs.getRestartCount()).isEqualTo(1);
    assertThat(cs.getState().getRunning()).isNotNull();
    assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(cs.getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(f.launcher.live(uid)).hasSize(1);
  }

  @Test
  void aLivenessRestartIsImmediateEvenWhenTheContainerCrashedBefore() {
    Probe live = new ProbeBuilder(http("/healthz")).withFailureThreshold(1).build();
    f.probes.set("app", live, ProbeResult.SUCCESS);
    f.launcher.exitOnSigterm(143);
    f.create("web", new ContainerBuilder(container("app", "sleep", "3600")).withLivenessProbe(live).build());
    String uid = f.uid("web");
    f.launcher.exit(uid, "app", 1);
    f.settle();
    f.advanceSeconds(30);
    assertThat(f.containerStatus("web", "app").getRestartCount()).isEqualTo(1);

    f.probes.set("app", live, new ProbeResult.Failure("boom"));
    f.advanceSeconds(10);
    ContainerStatus cs = f.containerStatus("web", "app");
    assertThat(cs.getLastState().getTerminated().getExitCode()).as("SIGTERM handled").isEqualTo(143);
    assertThat(cs.getRestartCount()).as("killed and started in one go, no back-off wait").isEqualTo(2);
    assertThat(cs.getState().getRunning()).isNotNull();
  }

  @Test
  void aContainerKilledForItsLivenessIsStartedAgainWhateverItsExitCode() {
    Probe live = new ProbeBuilder(http("/healthz")).withFailureThreshold(1).build();
    f.probes.set("app", live, new ProbeResult.Failure("boom"));
    f.launcher.exitOnSigterm(0);
    f.create(podBuilder("web", new ContainerBuilder(container("app", "sleep", "3600")).withLivenessProbe(live).build()).editSpec()
        .withRestartPolicy("OnFailure").endSpec().build());
    f.advanceSeconds(10);
    ContainerStatus cs = f.containerStatus("web", "app");
    assertThat(cs.getLastState().getTerminated().getExitCode()).isZero();
    assertThat(cs.getRestartCount()).as("the kill decided the restart (upstream kills and starts in one sync)").isEqualTo(1);
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void aStartupProbeHoldsReadinessAndLivenessBack() {
    Probe startup = new ProbeBuilder(http("/started")).withFailureThreshold(30).build();
    Probe ready = http("/ready");
    f.probes.set("app", startup, new ProbeResult.Failure("not yet"));
    f.probes.set("app", ready, ProbeResult.SUCCESS);
    Container app = new ContainerBuilder(container("app", "sleep", "3600")).withStartupProbe(startup).withReadinessProbe(ready).build();
    f.create("web", app);
    f.advanceSeconds(20);
    assertThat(f.containerStatus("web", "app").getStarted()).isFalse();
    assertThat(f.probes.runs()).extracting(r -> r.probe().getHttpGet().getPath()).containsOnly("/started");

    f.probes.set("app", startup, ProbeResult.SUCCESS);
    f.advanceSeconds(10);
    assertThat(f.containerStatus("web", "app").getStarted()).isTrue();
    assertThat(f.containerStatus("web", "app").getReady()).as("readiness probed at once after the start").isTrue();
  }

  @Test
  void anExecProbeCommandIsExpandedWithLiteralEnvValues() {
    Probe exec = new ProbeBuilder().withNewExec().withCommand("test", "-f", "$(MARKER)").endExec().build();
    f.probes.set("app", ProbeResult.SUCCESS);
    f.create("web", new ContainerBuilder(container("app", "sleep", "3600")).addNewEnv().withName("MARKER").withValue("/tmp/ready")
        .endEnv().withReadinessProbe(exec).build());
    assertThat(f.probes.runs()).isNotEmpty();
    assertThat(f.probes.runs().get(0).probe().getExec().getCommand()).containsExactly("test", "-f", "/tmp/ready");
    assertThat(f.probes.runs().get(0).target().env()).containsEntry("MARKER", "/tmp/ready");
  }
}
