package dev.berth.apiserver;

import static dev.berth.apiserver.ServiceFixture.apiError;
import static dev.berth.apiserver.ServiceFixture.configMap;
import static dev.berth.apiserver.ServiceFixture.json;
import static dev.berth.apiserver.ServiceFixture.jsonNode;
import static dev.berth.apiserver.ServiceFixture.opts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.selector.FieldSelector;
import dev.berth.api.selector.LabelSelector;
import dev.berth.api.time.FakeClock;
import dev.berth.apiserver.ResourceService.PatchType;
import dev.berth.store.MemoryStore;
import dev.berth.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * API watches over the store's change stream ({@code spec/api-server.md} §10.2). Events already
 * written are in the watch's buffer, so {@code next} returns them at once; {@code Duration.ZERO}
 * asks without waiting.
 */
class ApiWatchTest {
  /** Long enough never to be reached when an event is due: next() returns as soon as it has one. */
  private static final Duration DUE = Duration.ofSeconds(10);

  private final ServiceFixture f = new ServiceFixture();
  private final List<ApiWatch> open = new ArrayList<>();

  @AfterEach
  void closeWatches() {
    open.forEach(ApiWatch::close);
  }

  private ApiWatch watch(String resourceVersion, String labels, String fields) {
    ApiWatch w = f.service.watch(f.configMaps, "default", resourceVersion, LabelSelector.parse(labels), FieldSelector.parse(fields));
    open.add(w);
    return w;
  }

  private static String describe(ApiWatch.Item item) {
    return switch (item) {
      case null -> "nothing";
      case ApiWatch.Item.Event e -> e.type() + " " + e.object().path("metadata").path("name").asString();
      case ApiWatch.Item.Expired x -> "EXPIRED " + x.error().code();
    };
  }

  /** Every item available now, without waiting. */
  private static List<String> drain(ApiWatch w) throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (ApiWatch.Item i; (i = w.next(Duration.ZERO)) != null; ) {
      out.add(describe(i));
    }
    return out;
  }

  private void label(String name, String app) {
    f.service.patch(f.configMaps, "default", name, null, PatchType.MERGE,
        jsonNode("{'metadata':{'labels':{'app':'" + app + "'}}}"), opts());
  }

  @Test
  void fromZeroSyntheticAddedFirstThenChanges() throws InterruptedException {
    f.create(f.configMaps, configMap("b"));
    f.create(f.configMaps, configMap("a"));
    ApiWatch w = watch("0", null, null);
    f.create(f.configMaps, configMap("c"));
    f.service.delete(f.configMaps, "default", "a", null);

    assertThat(describe(w.next(DUE))).isEqualTo("ADDED a");
    assertThat(describe(w.next(DUE))).isEqualTo("ADDED b");
    assertThat(describe(w.next(DUE))).isEqualTo("ADDED c");
    ApiWatch.Item deleted = w.next(DUE);
    assertThat(describe(deleted)).isEqualTo("DELETED a");
    ObjectNode last = ((ApiWatch.Item.Event) deleted).object();
    assertThat(last.path("kind").asString()).as("objects in events carry their kind").isEqualTo("ConfigMap");
    assertThat(last.path("metadata").path("resourceVersion").asString()).as("the deletion's resourceVersion")
        .isEqualTo(String.valueOf(f.store.currentRevision()));
  }

  @Test
  void nextWithoutWaitingReturnsWhatIsAlreadyThere() throws InterruptedException {
    ApiWatch w = watch(String.valueOf(f.store.currentRevision()), null, null);
    f.create(f.configMaps, configMap("a"));
    assertThat(describe(w.next(Duration.ZERO)))
        .as("a zero timeout polls without waiting, as Watch.poll does (Informer.processPending relies on it)")
        .isEqualTo("ADDED a");
    assertThat(w.next(Duration.ZERO)).isNull();
  }

  @Test
  void fromAResourceVersionOnlyLaterChanges() throws InterruptedException {
    f.create(f.configMaps, configMap("a"));
    var listing = f.service.list(f.configMaps, "default", LabelSelector.EVERYTHING, FieldSelector.EVERYTHING);
    f.create(f.configMaps, configMap("b"));
    ApiWatch w = watch(String.valueOf(listing.revision()), null, null);
    label("a", "x");
    assertThat(drain(w)).containsExactly("ADDED b", "MODIFIED a");
  }

  @Test
  void labelSelectorTransitions() throws InterruptedException {
    ObjectNode web = configMap("a");
    web.withObjectProperty("metadata").putObject("labels").put("app", "web");
    f.create(f.configMaps, web);
    f.create(f.configMaps, configMap("other"));
    ApiWatch w = watch("0", "app=web", null);
    label("a", "db");
    label("a", "web");
    label("other", "db");
    label("a", "web2");
    assertThat(drain(w)).as("stops matching → DELETED, starts matching → ADDED")
        .containsExactly("ADDED a", "DELETED a", "ADDED a", "DELETED a");
  }

  @Test
  void deletedOnTransitionCarriesTheNewState() throws InterruptedException {
    ObjectNode web = configMap("a");
    web.withObjectProperty("metadata").putObject("labels").put("app", "web");
    f.create(f.configMaps, web);
    ApiWatch w = watch(String.valueOf(f.store.currentRevision()), "app=web", null);
    label("a", "db");
    ApiWatch.Item.Event e = (ApiWatch.Item.Event) w.next(DUE);
    assertThat(e.type()).isEqualTo("DELETED");
    assertThat(e.object().path("metadata").path("labels")).isEqualTo(json("{'app':'db'}"));
  }

  @Test
  void fieldSelectorOnName() throws InterruptedException {
    f.create(f.configMaps, configMap("x"));
    f.create(f.configMaps, configMap("y"));
    ApiWatch w = watch("0", null, "metadata.name=x");
    label("y", "a");
    label("x", "a");
    f.service.delete(f.configMaps, "default", "x", null);
    assertThat(drain(w)).containsExactly("ADDED x", "MODIFIED x", "DELETED x");
  }

  @Test
  void unsupportedFieldIs400() {
    ApiException e = apiError(() -> watch("0", null, "data.a=1"));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("field label not supported: data.a");
  }

  @Test
  void otherNamespacesAreNotSeen() throws InterruptedException {
    f.createNamespace("other");
    ApiWatch w = watch(String.valueOf(f.store.currentRevision()), null, null);
    f.service.create(f.configMaps, "other", configMap("elsewhere"), opts());
    f.create(f.configMaps, configMap("here"));
    assertThat(drain(w)).containsExactly("ADDED here");
  }

  @Test
  void tooOldResourceVersionIs410Expired() {
    ResourceRegistry registry = ResourceRegistry.standard();
    MemoryStore small = new MemoryStore(new Store.Options(2, 100));
    ResourceService service = new ResourceService(registry, small, new FakeClock(), IpRange.parse("127.2.0.0/16"));
    service.create(f.namespaces, null, json("{'metadata':{'name':'default'}}"), opts());
    for (String n : List.of("a", "b", "c", "d")) {
      service.create(f.configMaps, "default", configMap(n), opts());
    }
    ApiException e = apiError(() -> service.watch(f.configMaps, "default", "1", LabelSelector.EVERYTHING, FieldSelector.EVERYTHING));
    assertThat(e.code()).isEqualTo(410);
    assertThat(e.reason()).isEqualTo("Expired");
    assertThat(e.getMessage()).startsWith("too old resource version: 1 (");
    small.close();
  }

  @Test
  void aWatcherThatFallsBehindIsExpired() throws InterruptedException {
    ResourceRegistry registry = ResourceRegistry.standard();
    MemoryStore small = new MemoryStore(new Store.Options(100, 1));
    ResourceService service = new ResourceService(registry, small, new FakeClock(), IpRange.parse("127.2.0.0/16"));
    service.create(f.namespaces, null, json("{'metadata':{'name':'default'}}"), opts());
    ApiWatch w = service.watch(f.configMaps, "default", String.valueOf(small.currentRevision()), LabelSelector.EVERYTHING,
        FieldSelector.EVERYTHING);
    service.create(f.configMaps, "default", configMap("a"), opts());
    service.create(f.configMaps, "default", configMap("b"), opts());
    List<String> seen = new ArrayList<>();
    for (ApiWatch.Item i; (i = w.next(Duration.ZERO)) != null; ) {
      seen.add(describe(i));
      if (i instanceof ApiWatch.Item.Expired) {
        break;
      }
    }
    assertThat(seen).as("a full buffer ends the watch with 410 instead of blocking the writer").endsWith("EXPIRED 410");
    w.close();
    small.close();
  }

  @Test
  void closedWatchYieldsNothing() throws InterruptedException {
    ApiWatch w = watch(String.valueOf(f.store.currentRevision()), null, null);
    w.close();
    f.create(f.configMaps, configMap("a"));
    assertThat(w.next(DUE)).isNull();
  }
}
