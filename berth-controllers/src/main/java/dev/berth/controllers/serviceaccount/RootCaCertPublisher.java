package dev.berth.controllers.serviceaccount;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.ReconcileResult;
import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's root-ca-cert-publisher ({@code pkg/controller/certificates/rootcacertpublisher}):
 * every active namespace has a ConfigMap {@code kube-root-ca.crt} whose {@code ca.crt} is the CA
 * that signed the API server's serving certificate, with upstream's description annotation. A copy
 * that was changed or deleted is put back. Pods read it through their {@code kube-api-access-*}
 * volume as {@code /var/run/secrets/kubernetes.io/serviceaccount/ca.crt}.
 */
public final class RootCaCertPublisher {
  public static final String NAME = "kube-root-ca.crt";
  public static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
  public static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when using"
      + " internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across"
      + " distributions of Kubernetes clusters.";

  private final ApiClient client;
  private final String caPem;
  private final NamespaceKeyedLoop<ConfigMap> loop;

  /** @param caPem the API server's CA certificate, PEM */
  public RootCaCertPublisher(ApiClient client, Clock clock, String caPem) {
    this.client = client;
    this.caPem = caPem;
    this.loop = new NamespaceKeyedLoop<>("root-ca-cert-publisher", client, clock, ConfigMap.class,
        cm -> NAME.equals(cm.getMetadata().getName()), this::reconcile);
  }

  /** Creates or repairs {@code kube-root-ca.crt} in the active namespace {@code key} names; errors requeue. */
  public ReconcileResult reconcile(ResourceKey key) {
    if (loop.activeNamespace(key) == null) {
      return ReconcileResult.done();
    }
    ConfigMap cached = loop.objects.lister().get(key.name(), NAME);
    Map<String, String> data = Map.of("ca.crt", caPem);
    try {
      if (cached == null) {
        client.create(new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(key.name())
            .withAnnotations(Map.of(DESCRIPTION_ANNOTATION, DESCRIPTION)).endMetadata().withData(data).build());
      } else if (!data.equals(cached.getData()) || cached.getBinaryData() != null && !cached.getBinaryData().isEmpty()
          || !DESCRIPTION.equals(annotation(cached))) {
        client.update(new ConfigMapBuilder(cached).withData(data).withBinaryData(null).editMetadata()
            .addToAnnotations(DESCRIPTION_ANNOTATION, DESCRIPTION).endMetadata().build());
      }
    } catch (ApiException e) {
      // 403/404: the namespace is terminating or gone; a 409 requeues and looks again
      if (e.code() != 403 && e.code() != 404) {
        throw e;
      }
    }
    return ReconcileResult.done();
  }

  private static String annotation(ConfigMap cm) {
    Map<String, String> a = cm.getMetadata().getAnnotations();
    return a == null ? null : Objects.toString(a.get(DESCRIPTION_ANNOTATION), null);
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
