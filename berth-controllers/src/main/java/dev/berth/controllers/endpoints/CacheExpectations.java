package dev.berth.controllers.endpoints;

import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What this controller wrote and its informer cache has not necessarily seen yet (upstream's
 * {@code EndpointSliceTracker} and {@code staleEndpointsTracker}). A pass over a cache older than
 * the controller's own last write could create a second slice for the same endpoints, so such a
 * pass fails and is retried with back-off instead.
 *
 * <p>berth's resourceVersions are one global, increasing counter, so "the cache has seen my write"
 * is {@code cached.resourceVersion >= written.resourceVersion}; an object expected gone is stale
 * while the cache still holds it; an object written but missing from the cache is stale.
 */
final class CacheExpectations {
  private static final long GONE = -1;

  /** What the cache should show for one object, and which service it belongs to. */
  private record Expectation(ResourceKey service, long resourceVersion) {}

  private final Map<ResourceKey, Expectation> expected = new ConcurrentHashMap<>();

  /** The controller wrote {@code object} (the API's answer) for {@code service}. */
  void written(ResourceKey service, HasMetadata object) {
    expected.put(ResourceKey.of(object), new Expectation(service, resourceVersion(object)));
  }

  /** The controller deleted the object named {@code key}. */
  void deleted(ResourceKey service, ResourceKey key) {
    expected.put(key, new Expectation(service, GONE));
  }

  /** The informer reported the object gone: nothing more to expect of it. */
  void observedDeletion(ResourceKey key) {
    expected.remove(key);
  }

  void forgetService(ResourceKey service) {
    expected.values().removeIf(e -> e.service().equals(service));
  }

  /**
   * True when the cache lags behind a write made for {@code service}; {@code lookup} gives the
   * cached object for a key, or null.
   */
  boolean isStale(ResourceKey service, Function<ResourceKey, ? extends HasMetadata> lookup) {
    for (Map.Entry<ResourceKey, Expectation> e : expected.entrySet()) {
      if (!e.getValue().service().equals(service)) {
        continue;
      }
      HasMetadata object = lookup.apply(e.getKey());
      if (e.getValue().resourceVersion() == GONE) {
        if (object != null) {
          return true;
        }
      } else if (object == null || resourceVersion(object) < e.getValue().resourceVersion()) {
        return true;
      }
    }
    return false;
  }

  private static long resourceVersion(HasMetadata o) {
    try {
      return Long.parseLong(o.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return 0;
    }
  }
}
