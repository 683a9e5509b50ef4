package dev.berth.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Read access to an informer's cache, like client-go's listers.
 *
 * <p><b>Objects are shared, not copied:</b> every caller sees the same instance the informer
 * holds. Treat them as read-only; to change one, copy it first (a fabric8 builder, or a fresh
 * {@link ApiClient#get}) and write the copy through the {@link ApiClient}.
 */
public interface Lister<T extends HasMetadata> {

  /** The cached object, or null. {@code namespace} is null for cluster-scoped kinds. */
  T get(String namespace, String name);

  default T get(ResourceKey key) {
    return get(key.namespace(), key.name());
  }

  /** Every cached object, ordered by namespace then name. */
  List<T> list();

  /** The objects in {@code namespace}, ordered by name. */
  List<T> list(String namespace);

  /** The objects whose index {@code indexName} yields {@code value}, ordered by namespace then name. */
  List<T> byIndex(String indexName, String value);

  /** Objects with an {@code ownerReferences} entry for {@code uid}, in any namespace. */
  default List<T> byOwnerUid(String uid) {
    return byIndex(Indexer.OWNER_UID_INDEX, uid);
  }
}
