package dev.berth.node.agent;

import static dev.berth.node.agent.NodeAgentFixture.container;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the agent does when the API answers with an error: level-triggered retries, nothing lost or doubled. */
class ApiFailureTest {
  private final NodeAgentFixture f = new NodeAgentFixture();

  @Test
  void aStatusWriteThatConflictsIsRetriedOnTheFreshObject() {
    f.create("web", container("app", "sleep", "3600"));
    f.client.beforeNthCall(FakeApiClient.Verb.UPDATE_STATUS, 1, () -> f.client.patch(Pod.class, "default", "web",
        "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}"));
    f.launcher.exit(f.uid("web"), "app", 1);
    f.settle();
    assertThat(f.containerStatus("web", "app").getRestartCount()).isEqualTo(1);
    assertThat(f.get("web").getMetadata().getLabels()).containsEntry("touched", "yes");
  }

  @Test
  void aFailedStatusWriteIsRetriedWithoutStartingTwice() {
    f.client.failNthCall(FakeApiClient.Verb.UPDATE_STATUS, 2, ApiException.internal("the store is busy"));
    f.create("web", container("app", "sleep", "3600"));
    f.advance(Duration.ofMillis(100));
    assertThat(f.statusColumn("web")).isEqualTo("Running");
    assertThat(f.launcher.launches()).hasSize(1);
  }

  @Test
  void aFailedBindingIsRetried() {
    f.client.failNthCall(FakeApiClient.Verb.BIND, 1, ApiException.internal("the store is busy"));
    f.create("web", container("app", "sleep", "3600"));
    assertThat(f.get("web").getSpec().getNodeName()).isNull();
    f.advance(Duration.ofMillis(100));
    assertThat(f.get("web").getSpec().getNodeName()).isEqualTo("berth");
    assertThat(f.events("web")).containsOnlyOnce("Scheduled: Successfully assigned default/web to berth");
  }

  @Test
  void aFailedFinalDeleteIsRetried() {
    f.create("web", container("app", "sleep", "3600"));
    f.launcher.exitOnSigterm(143);
    f.client.delete(Pod.class, "default", "web", null);
    f.client.failNthCall(FakeApiClient.Verb.DELETE, 1, ApiException.internal("the store is busy"));
    f.settle();
    assertThat(f.get("web")).isNotNull();
    assertThat(f.get("web").getStatus().getPhase()).isEqualTo("Failed");
    f.advance(Duration.ofMillis(100));
    assertThat(f.get("web")).isNull();
  }
}
