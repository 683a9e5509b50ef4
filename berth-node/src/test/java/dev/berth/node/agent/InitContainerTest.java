package dev.berth.node.agent;

import static dev.berth.node.agent.NodeAgentFixture.conditions;
import static dev.berth.node.agent.NodeAgentFixture.container;
import static dev.berth.node.agent.NodeAgentFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

/** Init containers and sidecars ({@code spec/kubelet.md} §3, §1.6). */
class InitContainerTest {
  private final NodeAgentFixture f = new NodeAgentFixture();

  private Pod pod(String restartPolicy) {
    return podBuilder("web", container("app", "sleep", "3600")).editSpec().withRestartPolicy(restartPolicy)
        .withInitContainers(container("migrate", "migrate.sh"), container("seed", "seed.sh")).endSpec().build();
  }

  @Test
  void initContainersRunInOrderBeforeTheRegularOnes() {
    f.watchPods();
    f.create(pod("Always"));
    String uid = f.uid("web");
    assertThat(f.statusColumn("web")).isEqualTo("Init:0/2");
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Pending");
    assertThat(conditions(f.get("web"))).containsEntry("Initialized", "False/ContainersNotInitialized");
    assertThat(f.containerStatus("web", "app").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    assertThat(f.launcher.launches()).extracting(l -> l.containerName()).containsExactly("migrate");

    f.launcher.exit(uid, "migrate", 0);
    f.settle();
    assertThat(f.statusColumn("web")).isEqualTo("Init:1/2");
    assertThat(f.launcher.launches()).extracting(l -> l.containerName()).containsExactly("migrate", "seed");

    f.launcher.exit(uid, "seed", 0);
    f.settle();
    assertThat(f.launcher.launches()).extracting(l -> l.containerName()).containsExactly("migrate", "seed", "app");
    assertThat(f.statusColumn("web")).isEqualTo("Running");
    assertThat(conditions(f.get("web"))).containsEntry("Initialized", "True");
    ContainerStatus migrate = f.containerStatus("web", "migrate");
    assertThat(migrate.getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(migrate.getReady()).isTrue();
    assertThat(f.statusHistory("web")).as("spec/kubelet.md §1.6").containsExactly("Pending", "Init:0/2", "Init:1/2", "PodInitializing", "Running");
    assertThat(f.events("web")).containsSubsequence("Started: Started container migrate", "Started: Started container seed",
        "Started: Started container app");
    assertThat(f.eventObjects().stream().filter(e -> e.getMessage().equals("Started container migrate")).findFirst().orElseThrow()
        .getInvolvedObject().getFieldPath()).isEqualTo("spec.initContainers{migrate}");
  }

  @Test
  void aFailingInitContainerIsRetriedWithBackOffUnderAlways() {
    f.create(pod("Always"));
    String uid = f.uid("web");
    f.launcher.exit(uid, "migrate", 1);
    f.settle();
    assertThat(f.containerStatus("web", "migrate").getRestartCount()).as("the same init container again, at once").isEqualTo(1);
    assertThat(f.statusColumn("web")).isEqualTo("Init:0/2");

    f.launcher.exit(uid, "migrate", 1);
    f.settle();
    assertThat(f.statusColumn("web")).isEqualTo("Init:CrashLoopBackOff");
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Pending");
    f.advanceSeconds(9);
    assertThat(f.launcher.launches()).hasSize(2);
    f.advanceSeconds(1);
    assertThat(f.launcher.launches()).extracting(l -> l.containerName() + "#" + l.attempt()).containsExactly("migrate#0", "migrate#1",
        "migrate#2");
    assertThat(f.launcher.launches()).noneMatch(l -> l.containerName().equals("seed") || l.containerName().equals("app"));
  }

  @Test
  void aFailingInitContainerFailsThePodUnderNever() {
    f.create(pod("Never"));
    f.launcher.exit(f.uid("web"), "migrate", 2);
    f.settle();
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Failed");
    assertThat(f.statusColumn("web")).isEqualTo("Init:Error");
    assertThat(f.launcher.launches()).hasSize(1);
    assertThat(f.worker("web").state()).isEqualTo(PodWorker.State.FINISHED);
  }

  @Test
  void aSidecarStartsBeforeTheNextContainerAndKeepsRunning() {
    var proxy = new ContainerBuilder(container("proxy", "proxy")).withRestartPolicy("Always").build();
    f.create(podBuilder("web", container("app", "sleep", "3600")).editSpec().withInitContainers(proxy).endSpec().build());
    assertThat(f.launcher.launches()).extracting(l -> l.containerName()).containsExactly("proxy", "app");
    assertThat(f.statusColumn("web")).isEqualTo("Running");
    assertThat(f.get("web").getStatus().getContainerStatuses()).hasSize(1);
    assertThat(f.containerStatus("web", "proxy").getStarted()).isTrue();

    f.launcher.exit(f.uid("web"), "proxy", 1);
    f.settle();
    assertThat(f.containerStatus("web", "proxy").getRestartCount()).as("an exited sidecar is restarted").isEqualTo(1);
  }
}
