package dev.berth.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.ApiException;
import dev.berth.api.time.FakeClock;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjectionBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tokens of projected serviceAccountToken sources: requested bound to the pod, refreshed at 80 % of their life. */
class ServiceAccountTokenCacheTest {
  private final FakeClock clock = new FakeClock();
  private final FakeApiClient client = new FakeApiClient(clock);
  private final ServiceAccountTokenCache cache = new ServiceAccountTokenCache(client, clock);
  private final ServiceAccountTokenProjection apiAccess = new ServiceAccountTokenProjectionBuilder().withPath("token")
      .withExpirationSeconds(3607L).build();

  private Pod pod() {
    client.create(new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace("shop").endMetadata().build());
    return client.create(new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").endMetadata().withNewSpec()
        .withServiceAccountName("default").addNewContainer().withName("c").endContainer().endSpec().build());
  }

  @Test
  void aTokenIsReusedUntil80PercentOfItsLifeThenRequestedAgain() {
    Pod pod = pod();
    String first = cache.token(pod, apiAccess).orElseThrow();
    assertThat(first).startsWith("fake-token/shop/default/web-0/");
    clock.advance(Duration.ofSeconds(2885)); // 0.8 × 3607 = 2885.6
    assertThat(cache.token(pod, apiAccess)).as("not yet due").contains(first);
    clock.advance(Duration.ofSeconds(1));
    String second = cache.token(pod, apiAccess).orElseThrow();
    assertThat(second).as("due: a new token").isNotEqualTo(first);
    assertThat(client.calls(FakeApiClient.Verb.TOKEN)).hasSize(2);
  }

  @Test
  void eachAudienceAndExpirationHasItsOwnTokenAndAForgottenPodStartsAfresh() {
    Pod pod = pod();
    String api = cache.token(pod, apiAccess).orElseThrow();
    String vault = cache.token(pod, new ServiceAccountTokenProjectionBuilder().withPath("vault").withAudience("vault")
        .withExpirationSeconds(600L).build()).orElseThrow();
    assertThat(vault).isNotEqualTo(api);
    cache.forget(pod.getMetadata().getUid());
    assertThat(cache.token(pod, apiAccess).orElseThrow()).isNotEqualTo(api);
  }

  @Test
  void aFailedRequestThrowsSoTheVolumeSetUpIsRetried() {
    Pod pod = pod();
    client.failNthCall(FakeApiClient.Verb.TOKEN, 1, ApiException.internal("etcd is sad"));
    assertThatThrownBy(() -> cache.token(pod, apiAccess)).isInstanceOf(ApiException.class);
    assertThat(cache.token(pod, apiAccess)).isPresent();
  }
}
