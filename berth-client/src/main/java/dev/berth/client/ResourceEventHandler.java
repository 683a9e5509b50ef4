package dev.berth.client;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Notifications from an {@link Informer}, called on the informer's thread after its cache has
 * changed. Handlers must be quick and must not block: decide which keys to enqueue and return.
 * The objects are the cached instances: read-only.
 */
public interface ResourceEventHandler<T extends HasMetadata> {

  default void onAdd(T object) {}

  /** {@code oldObject} is what the cache held before; both are read-only. */
  default void onUpdate(T oldObject, T newObject) {}

  /** {@code object} is the last state known: the DELETED event's, or the cached one after a re-list. */
  default void onDelete(T object) {}
}
