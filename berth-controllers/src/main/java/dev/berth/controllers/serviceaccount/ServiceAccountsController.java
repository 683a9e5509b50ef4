package dev.berth.controllers.serviceaccount;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.ReconcileResult;
import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/**
 * Upstream's serviceaccount controller ({@code pkg/controller/serviceaccount}): every active
 * namespace has a ServiceAccount {@code default}; one deleted is made again. Pods run as it unless
 * they name another, and the node agent needs it to request their tokens.
 *
 * <p>Production: {@code new ServiceAccountsController(client, clock).start()}; tests: {@link #settle()}.
 */
public final class ServiceAccountsController {
  public static final String DEFAULT = "default";

  private final ApiClient client;
  private final NamespaceKeyedLoop<ServiceAccount> loop;

  public ServiceAccountsController(ApiClient client, Clock clock) {
    this.client = client;
    this.loop = new NamespaceKeyedLoop<>("serviceaccount-controller", client, clock, ServiceAccount.class,
        sa -> DEFAULT.equals(sa.getMetadata().getName()), this::reconcile);
  }

  /**
   * Creates {@code default} in the namespace {@code key} names when the cache has none and the
   * namespace is active. A 409 (it exists after all) is success; other errors requeue.
   */
  public ReconcileResult reconcile(ResourceKey key) {
    if (loop.activeNamespace(key) == null || loop.objects.lister().get(key.name(), DEFAULT) != null) {
      return ReconcileResult.done();
    }
    try {
      client.create(new ServiceAccountBuilder().withNewMetadata().withName(DEFAULT).withNamespace(key.name()).endMetadata().build());
    } catch (ApiException e) {
      // 409: made meanwhile; 403/404: the namespace is terminating or gone
      if (e.code() != 409 && e.code() != 403 && e.code() != 404) {
        throw e;
      }
    }
    return ReconcileResult.done();
  }

  public void start() {
    loop.start();
  }

  public void stop() {
    loop.stop();
  }

  /** For tests: runs informers and queue until nothing changes; the number of reconciles. */
  public int settle() {
    return loop.settle();
  }
}
