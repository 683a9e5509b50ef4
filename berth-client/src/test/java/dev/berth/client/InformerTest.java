package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.time.FakeClock;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InformerTest {
  private final FakeClock clock = new FakeClock();
  private final FakeApiClient client = new FakeApiClient(clock);
  private final Informer<ConfigMap> informer = new Informer<>(client, ConfigMap.class, clock);
  private final List<String> events = new ArrayList<>();

  InformerTest() {
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap o) {
        events.add("add " + ResourceKey.of(o) + " " + o.getData());
      }

      @Override
      public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
        events.add("update " + ResourceKey.of(newObject) + " " + oldObject.getData() + "->" + newObject.getData());
      }

      @Override
      public void onDelete(ConfigMap o) {
        events.add("delete " + ResourceKey.of(o));
      }
    });
  }

  private ConfigMap cm(String ns, String name, String value) {
    return client.create(new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .addToData("v", value).build());
  }

  private void put(String ns, String name, String value) {
    ConfigMap c = client.get(ConfigMap.class, ns, name);
    c.getData().put("v", value);
    client.update(c);
  }

  @Test
  void initialListFillsTheCacheThenHasSynced() {
    cm("a", "one", "1");
    cm("b", "two", "2");
    assertThat(informer.hasSynced()).isFalse();

    informer.processPending();

    assertThat(informer.hasSynced()).isTrue();
    assertThat(events).containsExactly("add a/one {v=1}", "add b/two {v=2}");
    assertThat(informer.lister().list()).extracting(c -> c.getMetadata().getName()).containsExactly("one", "two");
    assertThat(informer.lister().list("b")).extracting(c -> c.getMetadata().getName()).containsExactly("two");
    assertThat(informer.lister().get("a", "one").getData()).containsEntry("v", "1");
  }

  @Test
  void watchEventsUpdateTheCacheAndReachTheHandlers() {
    cm("a", "one", "1");
    informer.processPending();
    events.clear();

    cm("a", "two", "2");
    put("a", "one", "1b");
    client.delete(ConfigMap.class, "a", "two", new DeleteOptions());
    informer.processPending();

    assertThat(events).containsExactly("add a/two {v=2}", "update a/one {v=1}->{v=1b}", "delete a/two");
    assertThat(informer.lister().list()).extracting(c -> c.getMetadata().getName()).containsExactly("one");
    assertThat(informer.lastSyncResourceVersion()).isEqualTo(String.valueOf(client.currentResourceVersion()));
    assertThat(client.calls(FakeApiClient.Verb.LIST)).as("no re-list while the watch is healthy").hasSize(1);
  }

  @Test
  void expiredWatchReListsAndEmitsOnlyTheDifference() {
    cm("a", "stays", "1");
    cm("a", "changes", "1");
    cm("a", "goes", "1");
    informer.processPending();
    events.clear();

    // While nobody watches: the history is compacted and the world changes.
    client.expireWatches();
    put("a", "changes", "2");
    client.delete(ConfigMap.class, "a", "goes", new DeleteOptions());
    cm("a", "new", "1");
    client.compactHistory();

    informer.processPending();

    assertThat(events).containsExactlyInAnyOrder("update a/changes {v=1}->{v=2}", "add a/new {v=1}", "delete a/goes");
    assertThat(informer.lister().list()).extracting(c -> c.getMetadata().getName()).containsExactly("changes", "new", "stays");
    assertThat(client.calls(FakeApiClient.Verb.LIST)).hasSize(2);
  }

  @Test
  void watchFromACompactedVersionGetsExpiredAndReLists() {
    informer.processPending();
    // The watch opened by the informer is closed behind its back: the re-watch must re-list.
    client.expireWatches();
    cm("a", "x", "1");
    client.compactHistory();
    informer.processPending();
    assertThat(events).containsExactly("add a/x {v=1}");
  }

  @Test
  void aFailedListIsRetriedAndHasSyncedWaitsForIt() {
    client.failNthCall(FakeApiClient.Verb.LIST, 1, ApiException.internal("etcd is down"));
    cm("a", "one", "1");

    informer.processPending();
    assertThat(informer.hasSynced()).isFalse();

    informer.processPending();
    assertThat(informer.hasSynced()).isTrue();
    assertThat(events).containsExactly("add a/one {v=1}");
  }

  @Test
  void aLateHandlerFirstReceivesTheCachedObjects() {
    cm("a", "one", "1");
    informer.processPending();
    List<String> late = new ArrayList<>();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap o) {
        late.add(o.getMetadata().getName());
      }
    });
    assertThat(late).containsExactly("one");
  }

  @Test
  void ownerUidIndexFindsDependents() {
    client.create(new ConfigMapBuilder().withNewMetadata().withNamespace("a").withName("dep")
        .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("o").withUid("u-1").endOwnerReference()
        .endMetadata().build());
    cm("a", "other", "1");
    informer.processPending();
    assertThat(informer.lister().byOwnerUid("u-1")).extracting(c -> c.getMetadata().getName()).containsExactly("dep");
    assertThat(informer.lister().byOwnerUid("u-2")).isEmpty();
  }

  @Test
  void runsOnAVirtualThreadUntilStopped() throws Exception {
    cm("a", "one", "1");
    CountDownLatch sawTwo = new CountDownLatch(1);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap o) {
        if (o.getMetadata().getName().equals("two")) {
          sawTwo.countDown();
        }
      }
    });
    informer.start();
    assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
    cm("a", "two", "2");
    assertThat(sawTwo.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(informer.lister().get("a", "two")).isNotNull();
    informer.stop();
    assertThat(client.openWatches()).isZero();
  }
}
