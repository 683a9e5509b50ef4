package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.Json;
import dev.berth.store.WatchEvent.Change;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link WatchHub} under random interleavings of publishes, new watches, polls and closes, against
 * a model: every watcher receives exactly the changes after its start that match its filter, in
 * order and each once, until it is ended with Expired, which happens exactly when a publish finds
 * {@code watchBufferSize} live events waiting; a start older than the history is refused with
 * upstream's message.
 */
class WatchHubTest {
  private static final String[] RESOURCES = {"configmaps", "secrets"};
  private static final String[] NAMESPACES = {"", "a", "b"};

  sealed interface Step {}

  record Publish(int resource, int namespace) implements Step {}

  /** {@code back}: how far behind the current revision the watch starts (may be too far). */
  record Open(int resource, int namespace, int back) implements Step {}

  record Poll(int watcher, int count) implements Step {}

  record Close(int watcher) implements Step {}

  @Provide
  Arbitrary<Step> step() {
    var index = Arbitraries.integers().between(0, 9);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 1)
            .flatMap(r -> Arbitraries.integers().between(0, 2).map(n -> (Step) new Publish(r, n)))),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-1, 1).flatMap(r ->
            Arbitraries.integers().between(-1, 2).flatMap(n ->
                Arbitraries.integers().between(0, 12).map(b -> (Step) new Open(r, n, b))))),
        net.jqwik.api.Tuple.of(4, index.flatMap(w -> Arbitraries.integers().between(1, 6).map(c -> (Step) new Poll(w, c)))),
        net.jqwik.api.Tuple.of(1, index.map(w -> (Step) new Close(w))));
  }

  /** What a watcher should see: its filter, start, and the model of its buffers. */
  private static final class Model {
    final String resource;
    final String namespace;
    final long after;
    final Watch watch;
    final ArrayDeque<Change> pending = new ArrayDeque<>();
    int live;
    final List<Change> delivered = new ArrayList<>();
    boolean expired;
    boolean closed;

    Model(String resource, String namespace, long after, Watch watch) {
      this.resource = resource;
      this.namespace = namespace;
      this.after = after;
      this.watch = watch;
    }

    boolean matches(String ns, Change c) {
      return c.revision() > after
          && (resource == null || resource.equals(c.resource()))
          && (namespace == null || namespace.equals(ns));
    }
  }

  private record Published(String namespace, Change change) {}

  @Property(tries = 400)
  void everyWatcherSeesAnOrderedGaplessSuffixOrIsExpired(
      @ForAll @IntRange(min = 1, max = 8) int historySize,
      @ForAll @IntRange(min = 1, max = 4) int bufferSize,
      @ForAll @Size(max = 80) List<@net.jqwik.api.From("step") Step> steps) throws InterruptedException {
    var hub = new WatchHub(new Store.Options(historySize, bufferSize), 0);
    var published = new ArrayList<Published>();
    var watchers = new ArrayList<Model>();
    for (var step : steps) {
      switch (step) {
        case Publish p -> {
          long revision = published.size() + 1;
          var change = new Change(WatchEvent.Type.ADDED, RESOURCES[p.resource()], Json.MAPPER.createObjectNode(), null, revision);
          var ns = NAMESPACES[p.namespace()];
          hub.publish(ns, change);
          published.add(new Published(ns, change));
          for (var m : watchers) {
            if (!m.expired && !m.closed && m.matches(ns, change)) {
              if (m.live >= bufferSize) {
                m.expired = true;
                m.pending.clear();
              } else {
                m.pending.add(change);
                m.live++;
              }
            }
          }
        }
        case Open o -> {
          long current = published.size();
          long after = Math.max(0, current - o.back());
          long oldest = Math.max(0, current - historySize);
          var resource = o.resource() < 0 ? null : RESOURCES[o.resource()];
          var namespace = o.namespace() < 0 ? null : NAMESPACES[o.namespace()];
          assertThat(hub.oldestWatchableRevision()).isEqualTo(oldest);
          if (after < oldest) {
            assertThatThrownBy(() -> hub.watch(resource, namespace, after))
                .isInstanceOf(StoreException.Expired.class)
                .hasMessage("too old resource version: " + after + " (" + oldest + ")");
          } else {
            var m = new Model(resource, namespace, after, hub.watch(resource, namespace, after));
            published.stream().filter(p -> m.matches(p.namespace(), p.change()))
                .forEach(p -> m.pending.add(p.change()));
            watchers.add(m);
          }
        }
        case Poll p -> {
          if (p.watcher() < watchers.size()) {
            var m = watchers.get(p.watcher());
            for (int i = 0; i < p.count(); i++) {
              var event = m.watch.poll(Duration.ZERO);
              if (m.closed) {
                assertThat(event).isNull();
              } else if (m.expired) {
                assertThat(event).isInstanceOf(WatchEvent.Expired.class);
              } else if (m.pending.isEmpty()) {
                assertThat(event).isNull();
              } else {
                var expected = m.pending.poll();
                if (m.pending.size() < m.live) {
                  m.live--;
                }
                assertThat(event).isSameAs(expected);
                m.delivered.add(expected);
              }
            }
          }
        }
        case Close c -> {
          if (c.watcher() < watchers.size()) {
            var m = watchers.get(c.watcher());
            m.watch.close();
            m.closed = true;
            m.pending.clear();
          }
        }
      }
    }
    // Independently of the model: what each watcher got is the start of its filtered stream.
    for (var m : watchers) {
      var stream = published.stream().filter(p -> m.matches(p.namespace(), p.change())).map(Published::change).toList();
      assertThat(m.delivered).isEqualTo(stream.subList(0, m.delivered.size()));
    }
  }

  @Property(tries = 50)
  void theHistoryKeepsExactlyTheLastHistorySizeChanges(
      @ForAll @IntRange(min = 1, max = 20) int historySize,
      @ForAll @IntRange(min = 0, max = 60) int writes,
      @ForAll @IntRange(min = 0, max = 1000) int startRevision) throws InterruptedException {
    var hub = new WatchHub(new Store.Options(historySize, 100), startRevision);
    for (int i = 1; i <= writes; i++) {
      hub.publish("a", new Change(WatchEvent.Type.ADDED, "configmaps", Json.MAPPER.createObjectNode(), null, startRevision + i));
    }
    long oldest = startRevision + Math.max(0, writes - historySize);
    assertThat(hub.oldestWatchableRevision()).isEqualTo(oldest);
    try (var watch = hub.watch(null, null, oldest)) {
      var revisions = new ArrayList<Long>();
      for (WatchEvent e; (e = watch.poll(Duration.ZERO)) != null; ) {
        revisions.add(((Change) e).revision());
      }
      assertThat(revisions).isEqualTo(
          java.util.stream.LongStream.rangeClosed(oldest + 1, startRevision + writes).boxed().toList());
    }
  }

  @Property(tries = 10)
  void publishingAnOldRevisionIsABug(@ForAll @IntRange(min = 0, max = 5) int back) {
    var hub = new WatchHub(Store.Options.DEFAULT, 5);
    assertThatThrownBy(() -> hub.publish("a", new Change(WatchEvent.Type.ADDED, "configmaps", Json.MAPPER.createObjectNode(), null, 5 - back)))
        .isInstanceOf(IllegalStateException.class);
  }
}
