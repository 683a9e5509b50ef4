package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Namespaces, Nodes and Leases. */
class ClusterKindRulesTest {

  static final NamespaceRules NAMESPACES = new NamespaceRules();

  @Test
  void newNamespacesGetTheirLabelFinalizerAndPhase() {
    Namespace ns = parse("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\"}}", Namespace.class);
    NAMESPACES.applyDefaults(ns);
    assertThat(ns.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "shop");
    assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
    assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
    assertThat(NAMESPACES.validateCreate(ns)).isEmpty();
  }

  @Test
  void storedNamespacesDoNotGetTheFinalizerBack() {
    Namespace ns = parse("{\"metadata\":{\"name\":\"shop\",\"uid\":\"u\",\"resourceVersion\":\"9\"},\"spec\":{}}", Namespace.class);
    NAMESPACES.applyDefaults(ns);
    assertThat(ns.getSpec().getFinalizers()).isEmpty();
  }

  @Test
  void namespaceNamesAreLabels() {
    Namespace ns = parse("{\"metadata\":{\"name\":\"shop.eu\",\"namespace\":\"default\"},\"spec\":{\"finalizers\":[\"foo\"]}}", Namespace.class);
    assertThat(lines(NAMESPACES.validateCreate(ns))).containsExactly(
        "metadata.name: Invalid value: \"shop.eu\": must not contain dots",
        "metadata.namespace: Forbidden: not allowed on this type",
        "spec.finalizers: Invalid value: \"foo\": name is neither a standard finalizer name nor is it fully qualified");
  }

  @Test
  void nodeTaintsAreUniqueAndNodeIdentityIsFixed() {
    NodeRules rules = new NodeRules();
    Node node = parse("""
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"berth"},"spec":{"providerID":"berth://local"},
         "status":{"capacity":{"cpu":"8","memory":"16Gi","pods":"110"}}}
        """, Node.class);
    rules.applyDefaults(node);
    assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
    assertThat(rules.validateCreate(node)).isEmpty();
    Node tainted = Manifests.copy(node, Node.class);
    tainted.getSpec().setTaints(List.of(new Taint("NoSchedule", "k", null, "a"), new Taint("NoSchedule", "k", null, "b"),
        new Taint(null, "x", null, null)));
    assertThat(lines(rules.validateCreate(tainted))).containsExactly(
        "metadata.taints[1]: Duplicate value: core.Taint{Key:\"k\", Value:\"b\", Effect:\"NoSchedule\", TimeAdded:<nil>}: taints "
            + "must be unique by key and effect pair",
        "metadata.taints[2].effect: Required value");
    Node moved = Manifests.copy(node, Node.class);
    moved.getSpec().setProviderID("other://x");
    assertThat(lines(rules.validateUpdate(moved, node)))
        .containsExactly("spec.providerID: Forbidden: node updates may not change providerID except from \"\" to valid");
  }

  @Test
  void leasesLastAPositiveTime() {
    LeaseRules rules = new LeaseRules();
    Lease lease = parse("""
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"berth","namespace":"kube-node-lease"},
         "spec":{"holderIdentity":"berth","leaseDurationSeconds":40}}
        """, Lease.class);
    assertThat(rules.validateCreate(lease)).isEmpty();
    lease.getSpec().setLeaseDurationSeconds(0);
    lease.getSpec().setLeaseTransitions(-1);
    assertThat(lines(rules.validateCreate(lease))).containsExactly("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
        "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0");
  }
}
