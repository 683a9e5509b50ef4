package dev.berth.controllers.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.time.FakeClock;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded random driver: a random ownership forest, random deletions with random policies, random
 * API failures (500s and 409s); the collector advances one step at a time (one informer pump, one
 * key, or a little time), and invariants are checked after every step:
 *
 * <ul>
 *   <li>an owner being deleted in the foreground is never removed while a dependent with
 *       {@code blockOwnerDeletion} still exists;
 *   <li>the collector never removes an object whose owners all exist and are not being deleted
 *       in the foreground (and that nobody asked to delete);
 * </ul>
 *
 * and at the end: the survivors are exactly those the policies say (Background and Foreground
 * take the subtree, Orphan releases the children), and no survivor has a dangling reference or a
 * collector finalizer left.
 */
class GarbageCollectorRandomTest {
  private static final ResourceRegistry REGISTRY = ResourceRegistry.standard();
  private static final List<Class<? extends HasMetadata>> TYPES = List.of(Deployment.class, ReplicaSet.class, Pod.class, ConfigMap.class);

  static Stream<Long> seeds() {
    return IntStream.rangeClosed(1, 40).mapToObj(i -> (long) i);
  }

  /** What the test knows about one live object. */
  record Snap(String uid, String name, List<OwnerReference> owners, List<String> finalizers, boolean deleting) {
    boolean foreground() {
      return deleting && finalizers.contains("foregroundDeletion");
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomForestsRandomDeletions(long seed) {
    Random random = new Random(seed);
    FakeClock clock = new FakeClock();
    FakeApiClient client = new FakeApiClient(clock);
    GarbageCollectorController gc = new GarbageCollectorController(client, clock);

    // A forest: parents[i] is the index of i's owner, or -1.
    int size = 4 + random.nextInt(12);
    List<HasMetadata> objects = new ArrayList<>();
    Map<String, String> parentByName = new HashMap<>();
    for (int i = 0; i < size; i++) {
      String name = "o" + i;
      OwnerReference[] owner = new OwnerReference[0];
      if (i > 0 && random.nextInt(4) != 0) {
        HasMetadata parent = objects.get(random.nextInt(objects.size()));
        owner = new OwnerReference[] {new OwnerReferenceBuilder().withApiVersion(parent.getApiVersion()).withKind(parent.getKind())
            .withName(parent.getMetadata().getName()).withUid(parent.getMetadata().getUid())
            .withBlockOwnerDeletion(random.nextBoolean()).withController(true).build()};
        parentByName.put(name, parent.getMetadata().getName());
      }
      objects.add(client.create(switch (random.nextInt(4)) {
        case 0 -> new DeploymentBuilder().withNewMetadata().withNamespace("ns").withName(name).withOwnerReferences(owner).endMetadata().build();
        case 1 -> new ReplicaSetBuilder().withNewMetadata().withNamespace("ns").withName(name).withOwnerReferences(owner).endMetadata().build();
        case 2 -> new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).withOwnerReferences(owner).endMetadata().build();
        default -> new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName(name).withOwnerReferences(owner).endMetadata().build();
      }));
    }
    while (gc.processPendingEvents() || gc.processAll() > 0) {
      // the collector sees the forest; nothing dangles yet
    }
    assertThat(snapshot(client)).as("seed %d: nothing collected before any deletion", seed).hasSize(size);

    // Random deletions, all issued before the collector moves.
    Map<String, String> policyByName = new LinkedHashMap<>();
    for (HasMetadata o : objects) {
      if (random.nextInt(3) == 0) {
        String policy = List.of("Background", "Foreground", "Orphan").get(random.nextInt(3));
        policyByName.put(o.getMetadata().getName(), policy);
        client.delete(o.getClass(), "ns", o.getMetadata().getName(), new DeleteOptionsBuilder().withPropagationPolicy(policy).build());
      }
    }
    Set<String> explicitlyDeleted = policyByName.keySet();

    // Random API failures from now on.
    for (FakeApiClient.Verb verb : List.of(FakeApiClient.Verb.GET, FakeApiClient.Verb.UPDATE, FakeApiClient.Verb.DELETE)) {
      for (int k = 0; k < 3; k++) {
        ApiException error = random.nextBoolean() ? ApiException.internal("injected")
            : ApiException.conflict(REGISTRY.byJavaType(Pod.class).orElseThrow(), "injected");
        client.failNthCall(verb, 1 + random.nextInt(30), error);
      }
    }

    Map<String, Snap> before = snapshot(client);
    int steps = 0;
    int quiet = 0;
    while (quiet < 3) {
      if (++steps > 50_000) {
        throw new AssertionError("seed " + seed + ": no quiescence");
      }
      boolean moved = switch (random.nextInt(4)) {
        case 0 -> gc.processPendingEvents();
        case 1, 2 -> gc.tryProcessNextItem();
        default -> {
          boolean timers = gc.queue().waitingCount() > 0;
          clock.advance(Duration.ofMillis(1 + random.nextInt(40)));
          yield timers;
        }
      };
      Map<String, Snap> after = snapshot(client);
      checkStep(seed, before, after, explicitlyDeleted);
      before = after;
      boolean idle = !moved && gc.queue().len() == 0 && gc.queue().waitingCount() == 0;
      quiet = idle ? quiet + 1 : 0;
      if (idle && gc.processPendingEvents()) {
        quiet = 0;
      }
    }

    // The model: a deletion takes the subtree, except below an Orphan-deleted object.
    Set<String> expectedGone = new HashSet<>();
    for (String target : explicitlyDeleted) {
      cascade(target, policyByName, parentByName, expectedGone);
    }
    Set<String> expectedSurvivors = new HashSet<>();
    for (HasMetadata o : objects) {
      if (!expectedGone.contains(o.getMetadata().getName())) {
        expectedSurvivors.add(o.getMetadata().getName());
      }
    }
    Map<String, Snap> end = snapshot(client);
    assertThat(end.keySet()).as("seed %d: survivors (forest %s, deletions %s)", seed, parentByName, policyByName)
        .containsExactlyInAnyOrderElementsOf(expectedSurvivors);
    for (Snap s : end.values()) {
      assertThat(s.deleting()).as("seed %d: %s is stuck being deleted with %s", seed, s.name(), s.finalizers()).isFalse();
      for (OwnerReference r : s.owners()) {
        assertThat(end.get(r.getName())).as("seed %d: %s still refers to %s, which is gone", seed, s.name(), r.getName()).isNotNull();
        assertThat(end.get(r.getName()).uid()).isEqualTo(r.getUid());
      }
    }
  }

  private static void cascade(String name, Map<String, String> policyByName, Map<String, String> parentByName, Set<String> gone) {
    if (!gone.add(name) && !policyByName.containsKey(name)) {
      return;
    }
    if ("Orphan".equals(policyByName.get(name))) {
      return;
    }
    parentByName.forEach((child, parent) -> {
      if (parent.equals(name)) {
        cascade(child, policyByName, parentByName, gone);
      }
    });
  }

  private static void checkStep(long seed, Map<String, Snap> before, Map<String, Snap> after, Set<String> explicitlyDeleted) {
    for (Snap gone : before.values()) {
      if (after.containsKey(gone.name())) {
        continue;
      }
      if (gone.foreground()) {
        for (Snap s : after.values()) {
          boolean blocks = s.owners().stream().anyMatch(r -> r.getUid().equals(gone.uid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
          assertThat(blocks).as("seed %d: %s was removed while %s still blocks it", seed, gone.name(), s.name()).isFalse();
        }
      }
      if (!explicitlyDeleted.contains(gone.name()) && !gone.deleting()) {
        boolean ownerGoneOrWaiting = gone.owners().stream().anyMatch(r -> {
          Snap owner = before.get(r.getName());
          return owner == null || !owner.uid().equals(r.getUid()) || owner.foreground();
        });
        assertThat(ownerGoneOrWaiting).as("seed %d: %s was collected while all its owners were solid", seed, gone.name()).isTrue();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Snap> snapshot(FakeApiClient client) {
    Map<String, Snap> out = new HashMap<>();
    for (Class<? extends HasMetadata> t : TYPES) {
      for (HasMetadata o : client.list((Class<HasMetadata>) t, "ns", null).items()) {
        var m = o.getMetadata();
        out.put(m.getName(), new Snap(m.getUid(), m.getName(), m.getOwnerReferences() == null ? List.of() : m.getOwnerReferences(),
            m.getFinalizers() == null ? List.of() : m.getFinalizers(), m.getDeletionTimestamp() != null));
      }
    }
    return out;
  }
}
