package dev.berth.node.agent;

import static dev.berth.node.agent.NodeAgentFixture.container;
import static dev.berth.node.agent.NodeAgentFixture.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.ResourceKey;
import dev.berth.node.exec.ContainerExec;
import dev.berth.node.exec.testing.FakeContainerExec;
import dev.berth.node.probe.ProbeTarget;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl exec} runs against ({@code NodeAgentController#execTarget}): the running
 * instance of the container, with the environment and user an exec probe gets — and nothing once it
 * does not run.
 */
class ExecTargetTest {
  private final NodeAgentFixture f = new NodeAgentFixture();
  private final FakeContainerExec exec = new FakeContainerExec();

  private static final ResourceKey WEB = new ResourceKey(NodeAgentFixture.NS, "web");

  @Test
  void aRunningContainerIsItsLiveInstanceWithItsEnvironmentAndUser() throws Exception {
    Container app = new ContainerBuilder(container("app", "sleep", "3600")).addNewEnv().withName("GREETING").withValue("hi").endEnv()
        .withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(3000L).endSecurityContext().build();
    f.create("web", app);
    String uid = f.uid("web");

    ProbeTarget t = f.controller.execTarget(WEB, uid, "app").orElseThrow();
    assertThat(t.process()).isSameAs(f.launcher.running(uid, "app").orElseThrow());
    assertThat(t.env()).containsEntry("GREETING", "hi").containsEntry("HOSTNAME", "web");
    assertThat(t.user().uid()).isEqualTo(1000L);
    assertThat(t.user().gid()).isEqualTo(3000L);

    ContainerExec.ExecProcess p = exec.start(t, List.of("echo", "hello"), null);
    assertThat(new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    assertThat(p.waitFor()).isZero();
    assertThat(exec.starts()).containsExactly(new FakeContainerExec.Start(uid, "app", List.of("echo", "hello"), null));
  }

  @Test
  void anotherPodOfTheSameNameOrAnUnknownContainerHasNone() {
    f.create("web", container("app", "sleep", "3600"));
    assertThat(f.controller.execTarget(WEB, "some-older-uid", "app")).isEmpty();
    assertThat(f.controller.execTarget(WEB, f.uid("web"), "nope")).isEmpty();
    assertThat(f.controller.execTarget(new ResourceKey(NodeAgentFixture.NS, "other"), f.uid("web"), "app")).isEmpty();
  }

  @Test
  void aContainerThatEndedHasNoneAndAStartAgainstItFails() {
    f.create(podBuilder("web", container("app", "sleep", "3600")).editSpec().withRestartPolicy("Never").endSpec().build());
    String uid = f.uid("web");
    ProbeTarget before = f.controller.execTarget(WEB, uid, "app").orElseThrow();
    f.launcher.exit(uid, "app", 0);
    f.settle();

    assertThat(f.controller.execTarget(WEB, uid, "app")).isEmpty();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> exec.start(before, List.of("true"), null)))
        .isInstanceOf(IOException.class).hasMessage("container is not running");
  }

  @Test
  void aWaitingContainerBehindARunningInitContainerHasNoneButTheInitContainerHas() {
    f.create(podBuilder("web", container("app", "sleep", "3600")).editSpec()
        .withInitContainers(container("init", "sleep", "3600")).endSpec().build());
    String uid = f.uid("web");
    assertThat(f.controller.execTarget(WEB, uid, "app")).isEmpty();
    assertThat(f.controller.execTarget(WEB, uid, "init")).isPresent();
  }
}
