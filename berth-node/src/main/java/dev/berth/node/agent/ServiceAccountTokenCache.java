package dev.berth.node.agent;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens of projected {@code serviceAccountToken} volume sources, as the kubelet's token
 * manager ({@code pkg/kubelet/token}) keeps them: requested through the API's TokenRequest, bound
 * to the pod, and reused until 80 % of their life has passed (or 24 h, whichever is first), so a
 * pod sync rewrites the same token until it is due. A request that fails throws (the pod's volume
 * set-up fails and is retried); an expired token is never handed out.
 *
 * <p>Example: a token of the {@code kube-api-access} volume (3607 s) issued at 10:00:00 is
 * replaced by the first sync after 10:48:05 (10:00:00 + 0.8 × 3607 s = 2885.6 s later).
 */
public final class ServiceAccountTokenCache {
  private static final Duration MAX_TTL = Duration.ofHours(24);

  private record Key(String podUid, String audience, long expirationSeconds) {}

  private record Entry(String token, Instant issued, Instant expiry) {}

  private final ApiClient client;
  private final Clock clock;
  private final Map<Key, Entry> tokens = new ConcurrentHashMap<>();

  public ServiceAccountTokenCache(ApiClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** The token for {@code projection} of {@code pod}, from the cache or freshly requested. */
  public Optional<String> token(Pod pod, ServiceAccountTokenProjection projection) {
    String audience = projection.getAudience() == null ? "" : projection.getAudience();
    long seconds = projection.getExpirationSeconds() == null ? 3600 : projection.getExpirationSeconds();
    Key key = new Key(pod.getMetadata().getUid(), audience, seconds);
    Instant now = clock.now();
    tokens.values().removeIf(e -> !now.isBefore(e.expiry()));
    Entry cached = tokens.get(key);
    if (cached != null && !requiresRefresh(cached, now)) {
      return Optional.of(cached.token());
    }
    String serviceAccount = pod.getSpec().getServiceAccountName() == null || pod.getSpec().getServiceAccountName().isEmpty()
        ? "default" : pod.getSpec().getServiceAccountName();
    ApiClient.TokenResponse r = client.requestToken(pod.getMetadata().getNamespace(), serviceAccount,
        new ApiClient.TokenRequest(audience.isEmpty() ? List.of() : List.of(audience), seconds, pod.getMetadata().getName(),
            pod.getMetadata().getUid()));
    tokens.put(key, new Entry(r.token(), now, r.expirationTimestamp()));
    return Optional.of(r.token());
  }

  /** Forgets the tokens of a pod that is gone. */
  public void forget(String podUid) {
    tokens.keySet().removeIf(k -> k.podUid().equals(podUid));
  }

  /** Upstream's {@code requiresRefresh}: older than 24 h, or within the last 20 % of its life. */
  static boolean requiresRefresh(Entry e, Instant now) {
    Duration life = Duration.between(e.issued(), e.expiry());
    return !now.isBefore(e.issued().plus(MAX_TTL)) || !now.isBefore(e.expiry().minus(life.dividedBy(5)));
  }
}
