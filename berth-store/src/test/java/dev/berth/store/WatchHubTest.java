package dev.berth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.Json;
import dev.berth.store.WatchEvent.Change;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WatchHub} under random interleavings of publishes, new watches, polls and closes, against
 * a model: every watcher receives exactly the changes after its start that match its filter, in
 * order and each once, until it is ended with Expired, which happens exactly when a publish finds
 * {@code watchBufferSize} live events waiting; a start older than the history is refused with
 * upstream's message.
 *
 * <p>Each property runs once per seed of a fixed list ({@link Seeds}); a failure names its seed
 * and what was drawn from it.
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

  /**
   * Publish, Open, Poll and Close by weight 6 : 2 : 4 : 1; a Poll or Close names one of the first
   * 10 watchers opened (one not opened yet is a no-op).
   */
  static Step step(Random random) {
    int w = random.nextInt(13);
    if (w < 6) {
      return new Publish(between(random, 0, 1), between(random, 0, 2));
    } else if (w < 8) {
      return new Open(between(random, -1, 1), between(random, -1, 2), between(random, 0, 12));
    } else if (w < 12) {
      return new Poll(between(random, 0, 9), between(random, 1, 6));
    } else {
      return new Close(between(random, 0, 9));
    }
  }

  static List<Step> steps(Random random, int maxSize) {
    var steps = new ArrayList<Step>();
    for (int n = withEnds(random, 0, maxSize); n > 0; n--) {
      steps.add(step(random));
    }
    return steps;
  }

  /** Uniform in [min, max]. */
  static int between(Random random, int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  /**
   * In [min, max], and one draw in 8 is min or max: a property's parameters try their ends more
   * often than uniform draws would (0 writes, the smallest history, the longest run).
   */
  static int withEnds(Random random, int min, int max) {
    if (random.nextInt(8) == 0) {
      return random.nextBoolean() ? min : max;
    }
    return between(random, min, max);
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

  static LongStream modelSeeds() {
    return Seeds.spread(400);
  }

  record ModelSample(int historySize, int bufferSize, List<Step> steps) {}

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("modelSeeds")
  void everyWatcherSeesAnOrderedGaplessSuffixOrIsExpired(long seed) {
    var random = new Random(seed);
    var sample = new ModelSample(withEnds(random, 1, 8), withEnds(random, 1, 4), steps(random, 80));
    Seeds.replayable(
        seed,
        sample,
        () -> everyWatcherSeesAnOrderedGaplessSuffixOrIsExpired(sample.historySize(), sample.bufferSize(), sample.steps()));
  }

  private static void everyWatcherSeesAnOrderedGaplessSuffixOrIsExpired(
      int historySize, int bufferSize, List<Step> steps) throws InterruptedException {
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

  static LongStream historySeeds() {
    return Seeds.spread(50);
  }

  record HistorySample(int historySize, int writes, int startRevision) {}

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("historySeeds")
  void theHistoryKeepsExactlyTheLastHistorySizeChanges(long seed) {
    var random = new Random(seed);
    var sample = new HistorySample(withEnds(random, 1, 20), withEnds(random, 0, 60), withEnds(random, 0, 1000));
    Seeds.replayable(
        seed,
        sample,
        () -> theHistoryKeepsExactlyTheLastHistorySizeChanges(sample.historySize(), sample.writes(), sample.startRevision()));
  }

  private static void theHistoryKeepsExactlyTheLastHistorySizeChanges(
      int historySize, int writes, int startRevision) throws InterruptedException {
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

  /** Every {@code back} in [0, 5]: the revision being published is at most the current one. */
  @ParameterizedTest(name = "back {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void publishingAnOldRevisionIsABug(int back) {
    var hub = new WatchHub(Store.Options.DEFAULT, 5);
    assertThatThrownBy(() -> hub.publish("a", new Change(WatchEvent.Type.ADDED, "configmaps", Json.MAPPER.createObjectNode(), null, 5 - back)))
        .isInstanceOf(IllegalStateException.class);
  }
}
