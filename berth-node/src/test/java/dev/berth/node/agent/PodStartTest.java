package dev.berth.node.agent;

import static dev.berth.node.agent.NodeAgentFixture.conditions;
import static dev.berth.node.agent.NodeAgentFixture.container;
import static dev.berth.node.agent.NodeAgentFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.testing.FakeApiClient;
import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.runtime.LaunchException;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** From an unscheduled pod to running processes ({@code spec/kubelet.md} §1, §6, §8.2). */
class PodStartTest {
  private final NodeAgentFixture f = new NodeAgentFixture();

  @Test
  void anUnscheduledPodIsBoundStartedAndReportedRunning() {
    f.watchPods();
    Container app = new ContainerBuilder(container("app", "sh", "-c")).withArgs("echo listening on $(POD_IP):8080; exec sleep 3600")
        .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom()
        .endEnv().withWorkingDir("/tmp").build();
    f.create("web", app);
    assertThat(f.client.calls(FakeApiClient.Verb.UPDATE_STATUS)).as("one write each for ContainerCreating and Running:"
        + " the second is based on the version the first returned, so it is not refused with 409 and retried").hasSize(2);
    assertThat(f.client.calls(FakeApiClient.Verb.GET)).as("no pod read back after a conflict").isEmpty();
    List<String> writes = f.client.calls().stream().map(c -> c.verb() + " " + c.resource()).toList();
    List<String> fromStatus = writes.subList(writes.indexOf("UPDATE_STATUS pods"), writes.size());
    assertThat(fromStatus).as("the start's events (Created, Started) are recorded once its status is written, so that"
            + " (written on another thread in berth server) they do not delay it at the store")
        .startsWith("UPDATE_STATUS pods", "UPDATE_STATUS pods").hasSizeGreaterThanOrEqualTo(4);
    assertThat(fromStatus.subList(2, fromStatus.size())).containsOnly("CREATE events");

    Pod pod = f.get("web");
    assertThat(pod.getSpec().getNodeName()).isEqualTo("berth");
    assertThat(f.statusHistory("web")).as("what kubectl get pods shows, in order")
        .containsExactly("Pending", "ContainerCreating", "Running");

    assertThat(f.launcher.launches()).hasSize(1);
    ContainerLaunch launch = f.launcher.launches().get(0);
    assertThat(launch.argv()).containsExactly("sh", "-c", "echo listening on 127.1.0.2:8080; exec sleep 3600");
    assertThat(launch.env()).containsEntry("POD_IP", "127.1.0.2").containsEntry("HOSTNAME", "web").containsKey("PATH");
    assertThat(launch.podIp()).isEqualTo("127.1.0.2");
    assertThat(launch.hostname()).isEqualTo("web");
    assertThat(launch.workingDir()).isEqualTo("/tmp");
    assertThat(launch.attempt()).isZero();
    assertThat(launch.podUid()).isEqualTo(pod.getMetadata().getUid());

    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getStatus().getPodIP()).isEqualTo("127.1.0.2");
    assertThat(pod.getStatus().getPodIPs()).extracting(ip -> ip.getIp()).containsExactly("127.1.0.2");
    assertThat(pod.getStatus().getHostIP()).isEqualTo("127.0.0.1");
    assertThat(pod.getStatus().getStartTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(conditions(pod)).containsEntry("PodScheduled", "True").containsEntry("PodReadyToStartContainers", "True")
        .containsEntry("Initialized", "True").containsEntry("ContainersReady", "True").containsEntry("Ready", "True");
    ContainerStatus cs = NodeAgentFixture.containerStatus(pod, "app");
    assertThat(cs.getState().getRunning().getStartedAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(cs.getContainerID()).startsWith("process://").hasSize("process://".length() + 64);
    assertThat(cs.getRestartCount()).isZero();
    assertThat(cs.getStarted()).isTrue();
    assertThat(cs.getReady()).isTrue();

    assertThat(f.events("web")).containsExactly(
        "Scheduled: Successfully assigned default/web to berth",
        "Created: Created container: app",
        "Started: Started container app");
    assertThat(f.eventObjects().get(0).getSource().getComponent()).isEqualTo("default-scheduler");
    assertThat(f.eventObjects().get(1).getSource().getComponent()).isEqualTo("kubelet");
    assertThat(f.eventObjects().get(1).getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{app}");
  }

  @Test
  void aNewPodsContainerCreatingStatusIsWrittenWhileItsContainerStarts() {
    f.watchPods();
    AtomicInteger launchedAtFirstWrite = new AtomicInteger(-1);
    f.client.beforeNthCall(FakeApiClient.Verb.UPDATE_STATUS, 1, () -> {
      // Written before the start, this write would wait here in vain and see no launch.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (f.launcher.launches().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      launchedAtFirstWrite.set(f.launcher.launches().size());
    });
    f.create("web", container("app", "sleep", "3600"));
    assertThat(launchedAtFirstWrite.get()).as("the container was launched while ContainerCreating was being written").isEqualTo(1);
    assertThat(f.statusHistory("web")).as("and ContainerCreating still comes before Running")
        .containsExactly("Pending", "ContainerCreating", "Running");
  }

  @Test
  void statusIsWrittenOnlyWhenItChanges() {
    f.create("web", container("app", "sleep", "3600"));
    int writes = f.client.calls(FakeApiClient.Verb.UPDATE_STATUS).size();
    f.advance(Duration.ofMinutes(3));
    assertThat(f.client.calls(FakeApiClient.Verb.UPDATE_STATUS)).as("resyncs with nothing new write nothing").hasSize(writes);
    assertThat(f.sandboxes.ensured()).as("but a resync every minute refreshes the sandbox and volumes").hasSizeGreaterThan(3);
  }

  @Test
  void twoPodsGetTwoAddressesAndSeveralContainersStartInSpecOrder() {
    f.create("a", container("one", "sleep", "1"), container("two", "sleep", "2"));
    f.create("b", container("one", "sleep", "1"));
    assertThat(f.get("a").getStatus().getPodIP()).isEqualTo("127.1.0.2");
    assertThat(f.get("b").getStatus().getPodIP()).isEqualTo("127.1.0.3");
    assertThat(f.launcher.launches()).extracting(l -> l.podName() + "/" + l.containerName()).containsExactly("a/one", "a/two", "b/one");
    assertThat(f.get("a").getStatus().getContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("one", "two");
  }

  @Test
  void aContainerWithoutCommandWaitsWithAReasonThatSaysBerthRunsNoImages() {
    Container nginx = new ContainerBuilder().withName("nginx").withImage("nginx:1.27").build();
    f.create("web", nginx);

    ContainerStatus cs = f.containerStatus("web", "nginx");
    assertThat(cs.getState().getWaiting().getReason()).isEqualTo("CreateContainerError");
    String message = "berth runs no images: container \"nginx\" has no command (image \"nginx:1.27\" is recorded, not run); "
        + "set command to a program on this machine";
    assertThat(cs.getState().getWaiting().getMessage()).isEqualTo(message);
    assertThat(f.statusColumn("web")).isEqualTo("CreateContainerError");
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Pending");
    assertThat(f.launcher.launches()).isEmpty();
    assertThat(f.events("web")).contains("Failed: Error: " + message);

    f.advanceSeconds(10);
    assertThat(f.eventCount("web", "Failed", "Error: " + message)).as("retried after the sync error back-off, the event counted")
        .isEqualTo(2);
    assertThat(f.eventObjects().stream().filter(e -> e.getReason().equals("Failed")).count()).as("aggregated into one Event").isOne();
  }

  @Test
  void aMissingConfigMapIsACreateContainerConfigErrorUntilItExists() {
    Container app = new ContainerBuilder(container("app", "sleep", "3600")).addNewEnv().withName("MODE").withNewValueFrom()
        .withNewConfigMapKeyRef().withName("cfg").withKey("mode").endConfigMapKeyRef().endValueFrom().endEnv().build();
    f.create("web", app);
    assertThat(f.containerStatus("web", "app").getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(f.containerStatus("web", "app").getState().getWaiting().getMessage()).isEqualTo("configmap \"cfg\" not found");
    assertThat(f.events("web")).contains("Failed: Error: configmap \"cfg\" not found");

    f.client.create(new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace("default").endMetadata()
        .withData(Map.of("mode", "prod")).build());
    f.advanceSeconds(10);
    assertThat(f.launcher.launches()).extracting(l -> l.env().get("MODE")).containsExactly("prod");
    assertThat(f.statusColumn("web")).isEqualTo("Running");
  }

  @Test
  void aLaunchFailureIsTheWaitingReasonAndAFailedEvent() {
    f.launcher.failNextStart("app", new LaunchException("RunContainerError", "exec: \"nope\": executable file not found in $PATH"));
    f.create("web", container("app", "nope"));
    assertThat(f.containerStatus("web", "app").getState().getWaiting().getReason()).isEqualTo("RunContainerError");
    assertThat(f.events("web")).contains("Failed: Error: exec: \"nope\": executable file not found in $PATH");
    f.advanceSeconds(10);
    assertThat(f.statusColumn("web")).as("the next attempt works").isEqualTo("Running");
  }

  @Test
  void runAsNonRootStopsAContainerThatWouldRunAsRoot() {
    NodeAgentFixture root = f;
    Pod pod = podBuilder("web", container("app", "sleep", "1")).editSpec().withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(0L)
        .endSecurityContext().endSpec().build();
    root.create(pod);
    assertThat(root.containerStatus("web", "app").getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(root.containerStatus("web", "app").getState().getWaiting().getMessage())
        .isEqualTo("container's runAsUser breaks non-root policy (pod: \"web_default(" + root.uid("web") + ")\", container: app)");
  }

  @Test
  void securityContextUsersReachTheLaunch() {
    Pod pod = podBuilder("web", new ContainerBuilder(container("app", "id")).withNewSecurityContext().withRunAsGroup(3000L)
        .withAllowPrivilegeEscalation(false).endSecurityContext().build()).editSpec().withNewSecurityContext().withRunAsUser(1000L)
        .withFsGroup(2000L).withSupplementalGroups(4000L).endSecurityContext().endSpec().build();
    f.create(pod);
    assertThat(f.launcher.launches().get(0).user()).isEqualTo(new ContainerLaunch.RunAs(1000L, 3000L, List.of(4000L, 2000L), true));
  }

  @Test
  void aSandboxFailureIsAnEventAndARetry() {
    f.sandboxes.failNextEnsure(PodSandboxException.sandbox("hostname \"-x\" is not a DNS label", null));
    f.create("web", container("app", "sleep", "1"));
    assertThat(f.events("web")).contains("FailedCreatePodSandBox: Failed to create pod sandbox: hostname \"-x\" is not a DNS label");
    assertThat(f.statusColumn("web")).isEqualTo("ContainerCreating");
    assertThat(NodeAgentFixture.conditions(f.get("web"))).containsEntry("PodReadyToStartContainers", "False");
    assertThat(f.launcher.launches()).isEmpty();
    f.advanceSeconds(10);
    assertThat(f.statusColumn("web")).isEqualTo("Running");
  }

  @Test
  void aPodWaitingForItsClaimLooksAgainAsSoonAsTheClaimChanges() {
    f.sandboxes.failNextEnsure(new PodSandboxException(PodSandboxException.FAILED_MOUNT,
        "error processing PVC default/data: PVC is not bound", null));
    f.create(podBuilder("web", container("app", "sleep", "1")).editSpec().addNewVolume().withName("d")
        .withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim().endVolume().endSpec().build());
    assertThat(f.events("web")).contains("FailedMount: error processing PVC default/data: PVC is not bound");
    assertThat(f.statusColumn("web")).isEqualTo("ContainerCreating");

    f.client.create(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").withNamespace("default").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withVolumeName("pv1").endSpec().withNewStatus().withPhase("Bound").endStatus()
        .build());
    f.settle();
    assertThat(f.statusColumn("web")).as("no error back-off once the claim is bound").isEqualTo("Running");
  }

  @Test
  void podsWithSchedulingGatesOrAnotherSchedulerStayUnbound() {
    f.create(podBuilder("gated", container("app", "sleep", "1")).editSpec().addNewSchedulingGate("example.com/wait").endSpec().build());
    f.create(podBuilder("other", container("app", "sleep", "1")).editSpec().withSchedulerName("my-scheduler").endSpec().build());
    assertThat(f.get("gated").getSpec().getNodeName()).isNull();
    assertThat(f.get("other").getSpec().getNodeName()).isNull();
    assertThat(f.launcher.launches()).isEmpty();
    assertThat(f.client.calls(FakeApiClient.Verb.BIND)).isEmpty();
  }

  @Test
  void podsBoundToAnotherNodeAreNotRun() {
    f.create(podBuilder("elsewhere", container("app", "sleep", "1")).editSpec().withNodeName("node-2").endSpec().build());
    assertThat(f.launcher.launches()).isEmpty();
    assertThat(f.get("elsewhere").getStatus().getContainerStatuses()).as("no status written").isEmpty();
    assertThat(f.client.calls(FakeApiClient.Verb.UPDATE_STATUS)).isEmpty();
  }
}
