package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.apiError;
import static dev.berth.apiserver.ServiceFixture.json;
import static dev.berth.apiserver.ServiceFixture.jsonNode;
import static dev.berth.apiserver.ServiceFixture.opts;
import static dev.berth.apiserver.ServiceFixture.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.time.FakeClock;
import io.fabric8.kubernetes.api.model.StatusCause;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** ClusterIP and NodePort allocation ({@code spec/api-server.md} §7.4, {@code spec/services-dns.md}). */
class AdmissionTest {
  private final ServiceFixture f = new ServiceFixture();

  private ObjectNode createService(String name, String spec) {
    return f.create(f.services, service(name, spec));
  }

  private static String clusterIp(JsonNode svc) {
    return svc.path("spec").path("clusterIP").asString();
  }

  @Test
  void clusterIpsSkipTheKubernetesAndDnsAddresses() {
    assertThat(clusterIp(createService("a", "{'ports':[{'port':80}]}"))).as(".1 is kubernetes, .10 kube-dns")
        .isEqualTo("127.2.0.11");
    ObjectNode b = createService("b", "{'ports':[{'port':80}]}");
    assertThat(clusterIp(b)).isEqualTo("127.2.0.12");
    assertThat(b.path("spec").path("clusterIPs")).isEqualTo(jsonNode("['127.2.0.12']"));
    assertThat(b.path("spec").path("ipFamilies")).isEqualTo(jsonNode("['IPv4']"));
    assertThat(b.path("spec").path("ipFamilyPolicy").asString()).isEqualTo("SingleStack");
    assertThat(clusterIp(createService("kubernetes", "{'clusterIP':'127.2.0.1','ports':[{'port':443}]}")))
        .as("requested explicitly").isEqualTo("127.2.0.1");
    assertThat(clusterIp(createService("kube-dns", "{'clusterIP':'127.2.0.10','ports':[{'port':53,'protocol':'UDP'}]}")))
        .isEqualTo("127.2.0.10");
  }

  @Test
  void updateThatOmitsTheClusterIpKeepsIt() {
    createService("a", "{'ports':[{'port':80}]}");
    ObjectNode out = f.service.update(f.services, "default", "a", null, service("a", "{'ports':[{'port':8080}]}"), opts()).object();
    assertThat(clusterIp(out)).isEqualTo("127.2.0.11");
    assertThat(out.path("spec").path("clusterIPs")).isEqualTo(jsonNode("['127.2.0.11']"));
    assertThat(out.path("spec").path("ports").path(0).path("port").asInt()).isEqualTo(8080);
  }

  @Test
  void takenClusterIpIs422() {
    createService("a", "{'ports':[{'port':80}]}");
    ApiException e = apiError(() -> createService("b", "{'clusterIP':'127.2.0.11','ports':[{'port':80}]}"));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.getMessage()).isEqualTo("Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"127.2.0.11\"}: "
        + "failed to allocate IP 127.2.0.11: provided IP is already allocated");
    assertThat(e.status().getDetails().getCauses()).extracting(StatusCause::getField).containsExactly("spec.clusterIPs");
  }

  @Test
  void clusterIpOutsideTheRangeIs422() {
    ApiException e = apiError(() -> createService("b", "{'clusterIP':'10.0.0.5','ports':[{'port':80}]}"));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.getMessage()).isEqualTo("Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.0.0.5\"}: "
        + "failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. "
        + "The range of valid IPs is 127.2.0.0/16");
  }

  @Test
  void nodePortsAreAllocatedFromTheRangeAndKept() {
    ObjectNode a = createService("a", "{'type':'NodePort','ports':[{'port':80,'name':'http'},{'port':443,'name':'https'}]}");
    ObjectNode b = createService("b", "{'type':'LoadBalancer','ports':[{'port':80}]}");
    assertThat(a.path("spec").path("ports").path(0).path("nodePort").asInt()).isEqualTo(30000);
    assertThat(a.path("spec").path("ports").path(1).path("nodePort").asInt()).isEqualTo(30001);
    assertThat(b.path("spec").path("ports").path(0).path("nodePort").asInt()).isEqualTo(30002);

    ObjectNode out = f.service.update(f.services, "default", "a", null,
        service("a", "{'type':'NodePort','ports':[{'port':80,'name':'http'},{'port':443,'name':'https'}]}"), opts()).object();
    assertThat(out.path("spec").path("ports").path(0).path("nodePort").asInt()).as("an update that omits it keeps it")
        .isEqualTo(30000);

    ApiException e = apiError(() -> createService("c", "{'type':'NodePort','ports':[{'port':80,'nodePort':30001}]}"));
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.status().getDetails().getCauses()).extracting(StatusCause::getField, StatusCause::getMessage)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("spec.ports[0].nodePort",
            "Invalid value: 30001: provided port is already allocated"));

    ObjectNode clusterIp = f.service.update(f.services, "default", "a", null, service("a", "{'ports':[{'port':80}]}"), opts())
        .object();
    assertThat(clusterIp.path("spec").path("ports").path(0).has("nodePort")).as("a ClusterIP service has no nodePort").isFalse();
  }

  @Test
  void headlessAndExternalName() {
    ObjectNode headless = createService("db", "{'clusterIP':'None','selector':{'app':'db'},'ports':[{'port':5432}]}");
    assertThat(clusterIp(headless)).isEqualTo("None");
    assertThat(headless.path("spec").path("clusterIPs")).isEqualTo(jsonNode("['None']"));

    ObjectNode ext = createService("ext", "{'type':'ExternalName','externalName':'example.com'}");
    assertThat(ext.path("spec").has("clusterIP")).isFalse();
    assertThat(ext.path("spec").has("clusterIPs")).isFalse();
    assertThat(clusterIp(createService("next", "{'ports':[{'port':80}]}"))).as("neither used an address").isEqualTo("127.2.0.11");
  }

  /** A service over an {@link InterleavingStore}, to slip another client's write in before a store write. */
  private static final class Racing {
    final InterleavingStore store = new InterleavingStore();
    final ResourceRegistry registry = ResourceRegistry.standard();
    final ResourceService service = new ResourceService(registry, store, new FakeClock(), IpRange.parse("127.2.0.0/16"));
    final ResourceType services = registry.byPlural("", "services").orElseThrow();

    Racing() {
      service.create(registry.byPlural("", "namespaces").orElseThrow(), null, json("{'metadata':{'name':'default'}}"), opts());
    }

    ObjectNode create(String name, String spec) {
      return service.create(services, "default", service(name, spec), opts()).object();
    }
  }

  @Test
  void concurrentCreatesNeverShareAClusterIpOrNodePort() {
    Racing r = new Racing();
    // b is created by another client after a chose its address but before a reached the store
    r.store.beforeNextWrite(() -> r.create("b", "{'type':'NodePort','ports':[{'port':80}]}"));
    ObjectNode a = r.create("a", "{'type':'NodePort','ports':[{'port':80}]}");
    ObjectNode b = r.service.get(r.services, "default", "b");

    assertThat(r.store.interleaved()).as("the race happened").isEqualTo(1);
    assertThat(clusterIp(a)).isEqualTo("127.2.0.11");
    assertThat(clusterIp(b)).as("a's address was reserved while b chose").isEqualTo("127.2.0.12");
    assertThat(a.path("spec").path("ports").path(0).path("nodePort").asInt()).isEqualTo(30000);
    assertThat(b.path("spec").path("ports").path(0).path("nodePort").asInt()).isEqualTo(30001);
  }

  @Test
  void anAddressReservedByAnotherWriteIsTaken() {
    Racing r = new Racing();
    r.store.beforeNextWrite(() -> {
      ApiException e = apiError(() -> r.create("b", "{'clusterIP':'127.2.0.11','ports':[{'port':80}]}"));
      assertThat(e.getMessage()).endsWith("failed to allocate IP 127.2.0.11: provided IP is already allocated");
    });
    assertThat(clusterIp(r.create("a", "{'ports':[{'port':80}]}"))).isEqualTo("127.2.0.11");
    assertThat(r.store.interleaved()).isEqualTo(1);
  }

  @Test
  void failedAndDryRunWritesReleaseTheirAddresses() {
    ApiException e = apiError(() -> createService("bad", "{'ports':[{'port':80},{'port':81}]}"));
    assertThat(e.code()).as("two unnamed ports").isEqualTo(422);
    f.service.create(f.services, "default", service("dry", "{'ports':[{'port':80}]}"), ServiceFixture.dryRun());
    assertThat(clusterIp(createService("a", "{'ports':[{'port':80}]}"))).isEqualTo("127.2.0.11");
  }

  @Test
  void concurrentUpdatesOfOneServiceKeepItsAddress() {
    Racing r = new Racing();
    r.create("a", "{'type':'NodePort','ports':[{'port':80}]}");
    r.store.beforeNextWrite(() -> r.service.update(r.services, "default", "a", null,
        service("a", "{'type':'NodePort','ports':[{'port':80,'name':'x'}]}"), opts()));
    ObjectNode a = r.service.update(r.services, "default", "a", null,
        service("a", "{'type':'NodePort','ports':[{'port':80,'name':'y'}]}"), opts()).object();
    assertThat(clusterIp(a)).isEqualTo("127.2.0.11");
    assertThat(a.path("spec").path("ports").path(0).path("nodePort").asInt()).isEqualTo(30000);
    assertThat(a.path("spec").path("ports").path(0).path("name").asString()).isEqualTo("y");
  }
}
