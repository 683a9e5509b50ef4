package dev.berth.node.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectFieldSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceFieldSelectorBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Downward API values ({@code spec/kubelet.md} §6.1 step 3). */
class DownwardApiTest {
  private static final Container APP = new ContainerBuilder().withName("app").withNewResources()
      .addToLimits("cpu", new Quantity("1500m")).addToLimits("memory", new Quantity("100M"))
      .addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("64Mi"))
      .addToLimits("hugepages-2Mi", new Quantity("4Mi")).endResources().build();
  private static final Container SIDE = new ContainerBuilder().withName("side").build();
  private static final Pod POD = new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").withUid("uid-1")
      .addToLabels("app", "web").addToLabels("tier", "front").addToAnnotations("note", "say \"hi\"\n").endMetadata().withNewSpec()
      .withNodeName("berth").withServiceAccountName("web-sa").withContainers(APP).withInitContainers(SIDE).endSpec().build();
  private static final Map<String, Quantity> ALLOCATABLE = Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"));

  record FieldCase(String path, String expected) {}

  static Stream<FieldCase> fields() {
    return Stream.of(new FieldCase("metadata.name", "web-0"), new FieldCase("metadata.namespace", "shop"),
        new FieldCase("metadata.uid", "uid-1"), new FieldCase("metadata.labels['app']", "web"),
        new FieldCase("metadata.labels['missing']", ""), new FieldCase("metadata.annotations['note']", "say \"hi\"\n"),
        new FieldCase("metadata.labels", "app=\"web\"\ntier=\"front\""),
        new FieldCase("metadata.annotations", "note=\"say \\\"hi\\\"\\n\""), new FieldCase("spec.nodeName", "berth"),
        new FieldCase("spec.serviceAccountName", "web-sa"), new FieldCase("status.podIP", "127.1.0.5"),
        new FieldCase("status.podIPs", "127.1.0.5,fd00::5"), new FieldCase("status.hostIP", "127.0.0.1"),
        new FieldCase("status.hostIPs", "127.0.0.1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void fieldRef(FieldCase c) throws EnvException {
    assertThat(DownwardApi.fieldRef(new ObjectFieldSelectorBuilder().withFieldPath(c.path()).build(), POD,
        List.of("127.1.0.5", "fd00::5"), List.of("127.0.0.1"))).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void fieldRefRejectsOtherApiVersions(FieldCase c) {
    assertThatThrownBy(() -> DownwardApi.fieldRef(new ObjectFieldSelectorBuilder().withApiVersion("v2").withFieldPath(c.path()).build(),
        POD, List.of(), List.of())).hasMessage("unsupported pod version: v2");
  }

  record ResourceCase(String resource, String divisor, String containerName, String expected) {}

  static Stream<ResourceCase> resources() {
    return Stream.of(new ResourceCase("limits.cpu", null, null, "2"), new ResourceCase("limits.cpu", "1m", null, "1500"),
        new ResourceCase("requests.cpu", null, null, "1"), new ResourceCase("requests.cpu", "1m", null, "250"),
        new ResourceCase("limits.memory", null, null, "100000000"), new ResourceCase("limits.memory", "1Mi", null, "96"),
        new ResourceCase("requests.memory", "1Mi", null, "64"), new ResourceCase("limits.hugepages-2Mi", "1Mi", null, "4"),
        new ResourceCase("requests.ephemeral-storage", null, null, "0"),
        new ResourceCase("limits.cpu", null, "side", "4"), new ResourceCase("limits.memory", "1Gi", "side", "8"),
        new ResourceCase("limits.cpu", "0", null, "2"));
  }

  @ParameterizedTest(name = "{0} / {1} of {2}")
  @MethodSource("resources")
  void resourceFieldRef(ResourceCase c) throws EnvException {
    ResourceFieldSelector sel = new ResourceFieldSelectorBuilder().withResource(c.resource()).withContainerName(c.containerName())
        .withDivisor(c.divisor() == null ? null : new Quantity(c.divisor())).build();
    assertThat(DownwardApi.resourceFieldRef(sel, POD, APP, ALLOCATABLE)).isEqualTo(c.expected());
  }
}
