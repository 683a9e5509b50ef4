package dev.berth.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The thread-safe store behind an {@link Informer}: objects by {@link ResourceKey}, plus secondary
 * indexes (client-go's {@code cache.Indexer}). Always maintains {@link #NAMESPACE_INDEX} and
 * {@link #OWNER_UID_INDEX}; more can be given to the constructor.
 *
 * <p>The informer is the only writer in production; tests may fill one directly to get a
 * {@link Lister} without an informer.
 */
public final class Indexer<T extends HasMetadata> implements Lister<T> {
  /** Index by {@code metadata.namespace} (cluster-scoped objects are not indexed). */
  public static final String NAMESPACE_INDEX = "namespace";
  /** Index by every {@code metadata.ownerReferences[].uid}. */
  public static final String OWNER_UID_INDEX = "ownerUid";

  private final Map<String, Function<T, Collection<String>>> indexFunctions = new LinkedHashMap<>();
  /** Ordered by key so that lists come out sorted by namespace, then name. */
  private final TreeMap<ResourceKey, T> items = new TreeMap<>(ORDER);
  /** index name → index value → object keys. */
  private final Map<String, Map<String, Set<ResourceKey>>> indices = new HashMap<>();

  /** Namespace (cluster-scoped first), then name. */
  private static final Comparator<ResourceKey> ORDER = Comparator
      .comparing(ResourceKey::namespace, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
      .thenComparing(ResourceKey::name);

  public Indexer() {
    this(Map.of());
  }

  public Indexer(Map<String, Function<T, Collection<String>>> extraIndexes) {
    indexFunctions.put(NAMESPACE_INDEX, Indexer::namespaceOf);
    indexFunctions.put(OWNER_UID_INDEX, Indexer::ownerUidsOf);
    indexFunctions.putAll(extraIndexes);
    for (String name : indexFunctions.keySet()) {
      indices.put(name, new HashMap<>());
    }
  }

  private static Collection<String> namespaceOf(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return ns == null || ns.isEmpty() ? List.of() : List.of(ns);
  }

  private static Collection<String> ownerUidsOf(HasMetadata o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    if (refs == null || refs.isEmpty()) {
      return List.of();
    }
    List<String> uids = new ArrayList<>(refs.size());
    for (OwnerReference r : refs) {
      if (r.getUid() != null) {
        uids.add(r.getUid());
      }
    }
    return uids;
  }


  /** Inserts or replaces; returns the object it replaced, or null. */
  public synchronized T put(T object) {
    ResourceKey key = ResourceKey.of(object);
    T old = items.put(key, object);
    if (old != null) {
      unindex(key, old);
    }
    index(key, object);
    return old;
  }

  /** Removes the object with {@code object}'s key; returns what was stored, or null. */
  public synchronized T remove(T object) {
    return removeKey(ResourceKey.of(object));
  }

  public synchronized T remove(ResourceKey key) {
    return removeKey(key);
  }

  private T removeKey(ResourceKey key) {
    T old = items.remove(key);
    if (old != null) {
      unindex(key, old);
    }
    return old;
  }

  /** Replaces the whole content (after a list); returns the previous content by key. */
  public synchronized Map<ResourceKey, T> replace(Collection<T> objects) {
    Map<ResourceKey, T> previous = new LinkedHashMap<>(items);
    items.clear();
    for (Map<String, Set<ResourceKey>> index : indices.values()) {
      index.clear();
    }
    for (T o : objects) {
      ResourceKey key = ResourceKey.of(o);
      items.put(key, o);
      index(key, o);
    }
    return previous;
  }

  private void index(ResourceKey key, T object) {
    indexFunctions.forEach((name, fn) -> {
      Map<String, Set<ResourceKey>> index = indices.get(name);
      for (String value : fn.apply(object)) {
        index.computeIfAbsent(value, v -> new TreeSet<>(ORDER)).add(key);
      }
    });
  }

  private void unindex(ResourceKey key, T object) {
    indexFunctions.forEach((name, fn) -> {
      Map<String, Set<ResourceKey>> index = indices.get(name);
      for (String value : fn.apply(object)) {
        Set<ResourceKey> keys = index.get(value);
        if (keys != null) {
          keys.remove(key);
          if (keys.isEmpty()) {
            index.remove(value);
          }
        }
      }
    });
  }

  @Override
  public synchronized T get(String namespace, String name) {
    return items.get(new ResourceKey(namespace, name));
  }

  @Override
  public synchronized List<T> list() {
    return List.copyOf(items.values());
  }

  @Override
  public List<T> list(String namespace) {
    return byIndex(NAMESPACE_INDEX, namespace);
  }

  @Override
  public synchronized List<T> byIndex(String indexName, String value) {
    Map<String, Set<ResourceKey>> index = indices.get(indexName);
    if (index == null) {
      throw new IllegalArgumentException("no index named " + indexName);
    }
    Set<ResourceKey> keys = index.get(value);
    if (keys == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>(keys.size());
    for (ResourceKey k : keys) {
      out.add(items.get(k));
    }
    return out;
  }

  public synchronized int size() {
    return items.size();
  }
}
