package dev.berth.node.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The items of {@code spec/kubelet.md} Appendix E about the environment: 12 and 13. */
class AppendixEChecklistTest {

  @Test
  void item12_undefinedStaysLiteralDollarDollarEscapesEnvRefsOnlySeeEarlierEntries() {
    Container c = ContainerEnvTest.app().withArgs("$(LATER) $$(LATER) $(UNDEFINED)")
        .addNewEnv().withName("EARLY").withValue("[$(LATER)]").endEnv()
        .addNewEnv().withName("LATER").withValue("later").endEnv()
        .addNewEnv().withName("AFTER").withValue("[$(LATER)] [$$(LATER)] [$(UNDEFINED)]").endEnv()
        .build();
    EnvResult r = ContainerEnvTest.build(c, new TestSources());
    Map<String, String> env = ContainerEnvTest.env(r);
    assertThat(env).containsEntry("EARLY", "[$(LATER)]").containsEntry("AFTER", "[later] [$(LATER)] [$(UNDEFINED)]");
    assertThat(ContainerCommands.expand(c, ((EnvResult.Resolved) r).env()).args())
        .as("command and args see every entry").containsExactly("later $(LATER) $(UNDEFINED)");
  }

  @Test
  void item13_kubernetesServiceAlwaysPresentOtherLinksOnlyWithEnableServiceLinks() {
    TestSources s = new TestSources().kubernetes().service("shop", "db", "10.43.0.20", TestSources.port("pg", 5432, "TCP"));
    Container c = ContainerEnvTest.app().build();
    var on = ContainerEnvTest.env(ContainerEnvTest.build(c, s));
    assertThat(on).containsKeys("KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "KUBERNETES_PORT", "DB_SERVICE_HOST",
        "DB_PORT_5432_TCP_ADDR");

    var pod = new PodBuilder(ContainerEnvTest.pod(c)).editSpec().withEnableServiceLinks(false).endSpec().build();
    var off = ContainerEnvTest.env(ContainerEnv.build(pod, c, s, List.of("127.1.0.5"), List.of("127.0.0.1"), Map.of()));
    assertThat(off.keySet()).containsExactly("KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "KUBERNETES_SERVICE_PORT_HTTPS",
        "KUBERNETES_PORT", "KUBERNETES_PORT_443_TCP", "KUBERNETES_PORT_443_TCP_PROTO", "KUBERNETES_PORT_443_TCP_PORT",
        "KUBERNETES_PORT_443_TCP_ADDR");

    Container own = new ContainerBuilder(c).addNewEnv().withName("KUBERNETES_SERVICE_HOST").withValue("mine").endEnv().build();
    assertThat(ContainerEnvTest.env(ContainerEnvTest.build(own, s))).as("the container's own definition wins")
        .containsEntry("KUBERNETES_SERVICE_HOST", "mine");
  }
}
