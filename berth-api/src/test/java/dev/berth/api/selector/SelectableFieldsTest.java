package dev.berth.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** Which fields each kind can be selected by, and their values ({@code spec/api-server.md} §10.1). */
class SelectableFieldsTest {
  private static final ResourceRegistry REGISTRY = ResourceRegistry.standard();

  private static ResourceType type(String group, String plural) {
    return REGISTRY.byPlural(group, plural).orElseThrow();
  }

  record Check(String group, String plural, String selector, String unsupported) {
    @Override
    public String toString() {
      return (group.isEmpty() ? "" : group + "/") + plural + " '" + selector + "'";
    }
  }

  static Stream<Check> checks() {
    return Stream.of(
        new Check("", "configmaps", "metadata.name=x,metadata.namespace=y", null),
        new Check("", "configmaps", "data.x=y", "data.x"),
        new Check("apps", "statefulsets", "spec.replicas=1", "spec.replicas"),
        new Check("", "pods", "spec.nodeName=berth,status.phase!=Running,spec.hostNetwork=false", null),
        new Check("", "pods", "status.podIPs=127.1.0.2,status.nominatedNodeName=", null),
        new Check("", "pods", "spec.containers", null),
        new Check("", "pods", "spec.containers=x", "spec.containers"),
        new Check("", "events", "involvedObject.kind=Pod,involvedObject.name=web-0,reason=Started,type=Normal", null),
        new Check("", "events", "source=kubelet,reportingComponent=berth", null),
        new Check("", "events", "regarding.name=web-0", "regarding.name"),
        new Check("events.k8s.io", "events", "regarding.kind=Pod,reportingController=x,deprecatedSource=y", null),
        new Check("events.k8s.io", "events", "involvedObject.name=web-0", null),
        new Check("", "namespaces", "status.phase=Active", null),
        new Check("", "nodes", "spec.unschedulable=false", null),
        new Check("", "secrets", "type=Opaque", null),
        new Check("", "configmaps", "type=Opaque", "type"),
        new Check("apps", "replicasets", "status.replicas=0", null));
  }

  @ParameterizedTest
  @MethodSource("checks")
  void check(Check c) {
    ResourceType t = type(c.group(), c.plural());
    FieldSelector s = c.selector().contains("=") ? FieldSelector.parse(c.selector()) : FieldSelector.EVERYTHING;
    if (c.unsupported() == null) {
      assertThatCode(() -> SelectableFields.check(t, s)).as("%s is supported", c).doesNotThrowAnyException();
      return;
    }
    ApiException e = catchThrowableOfType(ApiException.class, () -> SelectableFields.check(t, s));
    assertThat(e).as("%s should be rejected", c).isNotNull();
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("field label not supported: " + c.unsupported());
  }

  @Test
  void podFields() {
    ObjectNode pod = Json.toTree(new PodBuilder()
        .withNewMetadata().withName("web-0").withNamespace("default").endMetadata()
        .withNewSpec().withNodeName("berth").withRestartPolicy("Always").withSchedulerName("default-scheduler")
        .withServiceAccountName("default").endSpec()
        .withNewStatus().withPhase("Running").withPodIP("127.1.0.2").addNewPodIP("127.1.0.2").endStatus()
        .build());
    assertThat(SelectableFields.of(type("", "pods"), pod))
        .containsEntry("metadata.name", "web-0")
        .containsEntry("metadata.namespace", "default")
        .containsEntry("spec.nodeName", "berth")
        .containsEntry("spec.restartPolicy", "Always")
        .containsEntry("spec.schedulerName", "default-scheduler")
        .containsEntry("spec.serviceAccountName", "default")
        .containsEntry("spec.hostNetwork", "false")
        .containsEntry("status.phase", "Running")
        .containsEntry("status.podIP", "127.1.0.2")
        .containsEntry("status.podIPs", "127.1.0.2")
        .containsEntry("status.nominatedNodeName", "");
  }

  @Test
  void eventFieldsUnderBothNames() {
    ObjectNode ev = Json.toTree(new EventBuilder()
        .withNewMetadata().withName("web-0.1").withNamespace("default").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName("web-0").withNamespace("default").withUid("u-1")
        .withApiVersion("v1").withFieldPath("spec.containers{c}").endInvolvedObject()
        .withReason("Started").withType("Normal").withReportingComponent("berth-node")
        .withNewSource().withComponent("kubelet").endSource()
        .build());
    for (ResourceType t : new ResourceType[] {type("", "events"), type("events.k8s.io", "events")}) {
      assertThat(SelectableFields.of(t, ev)).as("fields of a stored event read as %s", t.apiVersion())
          .containsEntry("involvedObject.kind", "Pod")
          .containsEntry("involvedObject.name", "web-0")
          .containsEntry("involvedObject.uid", "u-1")
          .containsEntry("involvedObject.fieldPath", "spec.containers{c}")
          .containsEntry("regarding.kind", "Pod")
          .containsEntry("regarding.name", "web-0")
          .containsEntry("reason", "Started")
          .containsEntry("type", "Normal")
          .containsEntry("reportingComponent", "berth-node")
          .containsEntry("reportingController", "berth-node")
          .containsEntry("source", "kubelet")
          .containsEntry("deprecatedSource", "kubelet");
    }
    assertThat(FieldSelector.parse("involvedObject.name=web-0,type=Normal")
        .matches(SelectableFields.of(type("", "events"), ev))).isTrue();
  }
}
