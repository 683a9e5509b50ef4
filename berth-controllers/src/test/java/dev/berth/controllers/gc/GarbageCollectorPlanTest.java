package dev.berth.controllers.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests of {@link GarbageCollector#plan}: (node, dependents, owner states) → plan. */
class GarbageCollectorPlanTest {
  private static final ResourceRegistry REGISTRY = ResourceRegistry.standard();
  private static final ResourceType PODS = REGISTRY.byJavaType(Pod.class).orElseThrow();
  private static final ResourceType REPLICASETS = REGISTRY.byJavaType(ReplicaSet.class).orElseThrow();

  record Case(String name, GraphNode item, List<GraphNode> dependents, Map<String, OwnerState> owners, GcPlan expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static OwnerReference owner(String uid, boolean block) {
    return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("rs-" + uid).withUid(uid)
        .withController(true).withBlockOwnerDeletion(block).build();
  }

  private static GraphNode rs(String uid, boolean beingDeleted, List<OwnerReference> owners, String... finalizers) {
    return new GraphNode(new ObjectRef(REPLICASETS, "ns", "rs-" + uid, uid), owners, beingDeleted, Set.of(finalizers));
  }

  private static GraphNode pod(String name, boolean beingDeleted, OwnerReference... owners) {
    return new GraphNode(new ObjectRef(PODS, "ns", name, "uid-" + name), Arrays.asList(owners), beingDeleted, Set.of());
  }

  static Stream<Case> cases() {
    GraphNode lonely = pod("lonely", false);
    GraphNode owned = pod("owned", false, owner("a", true));
    GraphNode twoOwners = pod("two", false, owner("a", true), owner("b", false));
    GraphNode rsOwned = rs("mid", false, List.of(owner("top", true)));
    GraphNode rsOwnedHoldingOrphan = rs("mid", false, List.of(owner("top", true)), "orphan");
    GraphNode child = pod("child", false, owner("mid", true));
    GraphNode childDeleting = pod("child", true, owner("mid", true));
    GraphNode loose = pod("loose", false, owner("mid", false));
    GraphNode orphaning = rs("mid", true, List.of(), "orphan");
    GraphNode foreground = rs("mid", true, List.of(), "foregroundDeletion");
    GraphNode both = rs("mid", true, List.of(), "foregroundDeletion", "orphan");
    GraphNode graceful = rs("mid", true, List.of());
    return Stream.of(
        new Case("no owners, not deleting: nothing", lonely, List.of(), Map.of(), GcPlan.NOTHING),
        new Case("solid owner: nothing", owned, List.of(), Map.of("a", OwnerState.SOLID), GcPlan.NOTHING),
        new Case("dangling owner: delete in the background", owned, List.of(), Map.of("a", OwnerState.DANGLING),
            GcPlan.of(new GcAction.DeleteObject(owned.ref(), "Background"))),
        new Case("one owner dangling, one solid: drop the dangling reference only", twoOwners, List.of(),
            Map.of("a", OwnerState.DANGLING, "b", OwnerState.SOLID),
            GcPlan.of(new GcAction.RemoveOwnerReferences(twoOwners.ref(), Set.of("a")))),
        new Case("one owner waiting, one solid: drop the waiting reference, keep the object", twoOwners, List.of(),
            Map.of("a", OwnerState.WAITING_FOR_DEPENDENTS_DELETION, "b", OwnerState.SOLID),
            GcPlan.of(new GcAction.RemoveOwnerReferences(twoOwners.ref(), Set.of("a")))),
        new Case("all owners dangling: delete", twoOwners, List.of(),
            Map.of("a", OwnerState.DANGLING, "b", OwnerState.DANGLING),
            GcPlan.of(new GcAction.DeleteObject(twoOwners.ref(), "Background"))),
        new Case("owner waiting, no dependents of its own: delete in the background", owned, List.of(),
            Map.of("a", OwnerState.WAITING_FOR_DEPENDENTS_DELETION),
            GcPlan.of(new GcAction.DeleteObject(owned.ref(), "Background"))),
        new Case("owner waiting, has dependents: delete in the foreground (leaf first)", rsOwned, List.of(child),
            Map.of("top", OwnerState.WAITING_FOR_DEPENDENTS_DELETION),
            GcPlan.of(new GcAction.DeleteObject(rsOwned.ref(), "Foreground"))),
        new Case("dangling owner, object carries orphan itself: delete with Orphan", rsOwnedHoldingOrphan, List.of(child),
            Map.of("top", OwnerState.DANGLING),
            GcPlan.of(new GcAction.DeleteObject(rsOwnedHoldingOrphan.ref(), "Orphan"))),
        new Case("unknown owner state is solid (never delete on a guess)", owned, List.of(), Map.of(), GcPlan.NOTHING),
        new Case("orphan: release every dependent, then the finalizer", orphaning, List.of(child, loose), Map.of(),
            GcPlan.of(new GcAction.RemoveOwnerReferences(child.ref(), Set.of("mid")),
                new GcAction.RemoveOwnerReferences(loose.ref(), Set.of("mid")),
                new GcAction.RemoveFinalizer(orphaning.ref(), "orphan"))),
        new Case("orphan without dependents: just the finalizer", orphaning, List.of(), Map.of(),
            GcPlan.of(new GcAction.RemoveFinalizer(orphaning.ref(), "orphan"))),
        new Case("orphan before foreground when both are set", both, List.of(child), Map.of(),
            GcPlan.of(new GcAction.RemoveOwnerReferences(child.ref(), Set.of("mid")),
                new GcAction.RemoveFinalizer(both.ref(), "orphan"))),
        new Case("foreground with a blocking dependent: wait, and look at the dependents", foreground, List.of(child, loose),
            Map.of(), new GcPlan(List.of(new GcAction.AttemptToDelete(child.ref()), new GcAction.AttemptToDelete(loose.ref())),
                List.of(child.ref()))),
        new Case("foreground with a blocking dependent already being deleted: just wait", foreground, List.of(childDeleting),
            Map.of(), new GcPlan(List.of(), List.of(childDeleting.ref()))),
        new Case("foreground with only non-blocking dependents: remove the finalizer", foreground, List.of(loose), Map.of(),
            GcPlan.of(new GcAction.RemoveFinalizer(foreground.ref(), "foregroundDeletion"))),
        new Case("foreground without dependents: remove the finalizer", foreground, List.of(), Map.of(),
            GcPlan.of(new GcAction.RemoveFinalizer(foreground.ref(), "foregroundDeletion"))),
        new Case("being deleted without collector finalizers: someone else's business", graceful, List.of(child), Map.of(),
            GcPlan.NOTHING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(Case c) {
    assertThat(GarbageCollector.plan(c.item(), c.dependents(), c.owners()))
        .as("plan for %s: %s", c.item().ref(), c.name())
        .isEqualTo(c.expected());
  }
}
