package dev.berth.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default ServiceAccount and the kube-root-ca.crt ConfigMap in every active namespace. */
class ServiceAccountsControllerTest {
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  private final FakeClock clock = new FakeClock();
  private final FakeApiClient client = new FakeApiClient(clock);
  private final ServiceAccountsController serviceAccounts = new ServiceAccountsController(client, clock);
  private final RootCaCertPublisher publisher = new RootCaCertPublisher(client, clock, CA);

  private void namespace(String name) {
    client.create(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
  }

  private void settle() {
    serviceAccounts.settle();
    publisher.settle();
  }

  @Test
  void everyNamespaceGetsADefaultServiceAccountAndTheRootCa() {
    namespace("default");
    namespace("shop");
    settle();
    for (String ns : new String[] {"default", "shop"}) {
      assertThat(client.get(ServiceAccount.class, ns, "default")).as("default ServiceAccount in %s", ns).isNotNull();
      ConfigMap cm = client.get(ConfigMap.class, ns, "kube-root-ca.crt");
      assertThat(cm.getData()).as("kube-root-ca.crt in %s", ns).isEqualTo(Map.of("ca.crt", CA));
      assertThat(cm.getMetadata().getAnnotations()).containsEntry("kubernetes.io/description", RootCaCertPublisher.DESCRIPTION);
    }
  }

  @Test
  void aDeletedDefaultServiceAccountOrConfigMapIsMadeAgain() {
    namespace("shop");
    settle();
    client.delete(ServiceAccount.class, "shop", "default", null);
    client.delete(ConfigMap.class, "shop", "kube-root-ca.crt", null);
    settle();
    assertThat(client.get(ServiceAccount.class, "shop", "default")).isNotNull();
    assertThat(client.get(ConfigMap.class, "shop", "kube-root-ca.crt").getData()).containsEntry("ca.crt", CA);
  }

  @Test
  void aChangedRootCaIsPutBackAndOtherServiceAccountsAreLeftAlone() {
    namespace("shop");
    settle();
    ConfigMap cm = client.get(ConfigMap.class, "shop", "kube-root-ca.crt");
    client.update(new ConfigMapBuilder(cm).withData(Map.of("ca.crt", "forged", "extra", "x")).build());
    client.create(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder().withNewMetadata().withName("builder")
        .withNamespace("shop").endMetadata().build());
    client.delete(ServiceAccount.class, "shop", "builder", null);
    settle();
    assertThat(client.get(ConfigMap.class, "shop", "kube-root-ca.crt").getData()).isEqualTo(Map.of("ca.crt", CA));
    assertThat(client.get(ServiceAccount.class, "shop", "builder")).as("only default is kept").isNull();
  }

  @Test
  void aTerminatingNamespaceGetsNothing() {
    client.create(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().withNewStatus().withPhase("Terminating")
        .endStatus().build());
    Namespace ns = client.get(Namespace.class, null, "doomed");
    ns.setStatus(new io.fabric8.kubernetes.api.model.NamespaceStatusBuilder().withPhase("Terminating").build());
    client.updateStatus(ns);
    settle();
    assertThat(client.get(ServiceAccount.class, "doomed", "default")).isNull();
    assertThat(client.get(ConfigMap.class, "doomed", "kube-root-ca.crt")).isNull();
  }
}
