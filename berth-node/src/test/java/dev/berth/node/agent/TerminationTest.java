package dev.berth.node.agent;

import static dev.berth.node.agent.NodeAgentFixture.container;
import static dev.berth.node.agent.NodeAgentFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deletion and teardown ({@code spec/kubelet.md} §5.3, §5.4, §3.3, Appendix E 8, 10, 11). */
class TerminationTest {
  private final NodeAgentFixture f = new NodeAgentFixture();

  @Test
  void deletionSendsSigtermThenSigkillAfterTheGracePeriodThenWritesTheFinalPhaseAndDeletes() {
    f.create("web", container("app", "sleep", "3600"));
    String uid = f.uid("web");
    var p = f.launcher.running(uid, "app").orElseThrow();
    f.watchPods();

    f.delete("web", 30L);
    assertThat(f.statusColumn("web")).isEqualTo("Terminating");
    assertThat(p.signals()).containsExactly(false);
    assertThat(f.events("web")).contains("Killing: Stopping container app");
    assertThat(f.worker("web").state()).isEqualTo(PodWorker.State.TERMINATING);

    f.advanceSeconds(29);
    assertThat(p.signals()).as("no SIGKILL before the grace period is over").containsExactly(false);
    f.advanceSeconds(1);
    assertThat(p.signals()).containsExactly(false, true);

    List<Pod> history = f.history("web");
    Pod last = history.get(history.size() - 1);
    Pod beforeLast = history.get(history.size() - 2);
    assertThat(last.getMetadata().getAnnotations()).as("the object is gone at the end").containsKey("test/deleted");
    assertThat(beforeLast.getStatus().getPhase()).as("after the final status: killed by SIGKILL, so Failed (Appendix E 11)")
        .isEqualTo("Failed");
    assertThat(NodeAgentFixture.containerStatus(beforeLast, "app").getState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(f.get("web")).isNull();
    var delete = f.client.calls(FakeApiClient.Verb.DELETE);
    assertThat(delete).hasSize(2);
    assertThat(f.sandboxes.tornDown()).containsExactly(uid);
    assertThat(f.sandboxes.released()).containsExactly(uid);
    assertThat(f.sandboxes.addressesInUse()).isZero();
  }

  @Test
  void aContainerThatHandlesSigtermEndsSucceeded() {
    f.launcher.exitOnSigterm(0);
    f.create("web", container("app", "sleep", "3600"));
    f.watchPods();
    f.delete("web", 30L);
    List<Pod> history = f.history("web");
    assertThat(history.get(history.size() - 2).getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(f.get("web")).isNull();
  }

  @Test
  void aSecondDeleteWithLessGraceBringsSigkillForward() {
    f.create("web", container("app", "sleep", "3600"));
    var p = f.launcher.running(f.uid("web"), "app").orElseThrow();
    f.delete("web", 30L);
    f.advanceSeconds(2);
    f.delete("web", 5L);
    f.advanceSeconds(2);
    assertThat(p.signals()).containsExactly(false);
    f.advanceSeconds(1);
    assertThat(p.signals()).as("5 s after the first SIGTERM").containsExactly(false, true);
  }

  @Test
  void aGraceOfOneStillGivesTwoSecondsBeforeSigkill() {
    f.create("web", container("app", "sleep", "3600"));
    var p = f.launcher.running(f.uid("web"), "app").orElseThrow();
    f.delete("web", 1L);
    f.advanceSeconds(1);
    assertThat(p.signals()).containsExactly(false);
    f.advanceSeconds(1);
    assertThat(p.signals()).as("minimumGracePeriodInSeconds, Appendix E 8").containsExactly(false, true);
  }

  /** {@code spec/kubelet.md} Appendix E 10: force deletion removes the object, the processes still get their full grace. */
  @Test
  void aForceDeletedPodStillHasItsProcessesStoppedWithTheFullGracePeriod() {
    f.create(podBuilder("web", container("app", "sleep", "3600")).editSpec().withTerminationGracePeriodSeconds(20L).endSpec().build());
    String uid = f.uid("web");
    var p = f.launcher.running(uid, "app").orElseThrow();
    f.client.clearCalls();

    f.delete("web", 0L);
    assertThat(f.get("web")).as("gone from the API at once").isNull();
    assertThat(p.signals()).containsExactly(false);
    assertThat(f.sandboxes.addressOf(uid)).as("the address is held while the process lives").isPresent();

    f.advanceSeconds(19);
    assertThat(p.isAlive()).isTrue();
    f.advanceSeconds(1);
    assertThat(p.signals()).as("the pod's terminationGracePeriodSeconds, as on a real node (Appendix E 10)").containsExactly(false, true);
    assertThat(f.sandboxes.addressOf(uid)).isEmpty();
    assertThat(f.client.calls(FakeApiClient.Verb.UPDATE_STATUS)).as("nothing is written about a pod that is gone").isEmpty();
    assertThat(f.client.calls(FakeApiClient.Verb.DELETE)).hasSize(1);
  }

  @Test
  void aPodReplacedUnderTheSameNameStartsOnlyOnceTheOldProcessesHaveStopped() {
    f.create("web", container("app", "sleep", "3600"));
    String oldUid = f.uid("web");
    f.delete("web", 0L);
    f.create("web", container("app", "sleep", "3600"));
    String newUid = f.uid("web");
    assertThat(newUid).isNotEqualTo(oldUid);
    assertThat(f.launcher.live()).extracting(x -> x.podUid()).containsExactly(oldUid);

    f.launcher.exit(oldUid, "app", 143);
    f.settle();
    assertThat(f.launcher.live()).extracting(x -> x.podUid()).containsExactly(newUid);
    assertThat(f.statusColumn("web")).isEqualTo("Running");
    assertThat(f.get("web").getStatus().getPodIP()).isEqualTo("127.1.0.3");
  }

  @Test
  void sidecarsStopAfterTheRegularContainersInReverseOrder() {
    Container log = new ContainerBuilder(container("log", "sleep", "3600")).withRestartPolicy("Always").build();
    Container mesh = new ContainerBuilder(container("mesh", "sleep", "3600")).withRestartPolicy("Always").build();
    f.create(podBuilder("web", container("app", "sleep", "3600")).editSpec().withInitContainers(log, mesh).endSpec().build());
    String uid = f.uid("web");
    assertThat(f.launcher.launches()).extracting(l -> l.containerName()).containsExactly("log", "mesh", "app");
    var logP = f.launcher.running(uid, "log").orElseThrow();
    var meshP = f.launcher.running(uid, "mesh").orElseThrow();
    var appP = f.launcher.running(uid, "app").orElseThrow();

    f.delete("web", 30L);
    assertThat(appP.signals()).containsExactly(false);
    assertThat(meshP.signals()).isEmpty();
    assertThat(logP.signals()).isEmpty();
    assertThat(f.events("web")).contains("Killing: Stopping container app", "Killing: Stopping container mesh",
        "Killing: Stopping container log");

    f.advanceSeconds(3);
    f.launcher.exit(appP, 143);
    f.settle();
    assertThat(meshP.signals()).containsExactly(false);
    assertThat(logP.signals()).isEmpty();
    f.launcher.exit(meshP, 143);
    f.settle();
    assertThat(logP.signals()).containsExactly(false);

    f.advanceSeconds(26);
    assertThat(logP.isAlive()).isTrue();
    f.advanceSeconds(1);
    assertThat(logP.signals()).as("what was left of the 30 s").containsExactly(false, true);
    assertThat(f.get("web")).isNull();
  }

  @Test
  void aPodDeletedBeforeItsContainerCouldStartGoesAway() {
    f.create("web", new ContainerBuilder().withName("nginx").withImage("nginx").build());
    f.delete("web", 30L);
    assertThat(f.get("web")).isNull();
    assertThat(f.launcher.launches()).isEmpty();
  }
}
