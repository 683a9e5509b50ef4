package dev.berth.controllers.gc;

import dev.berth.api.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;

/**
 * The garbage collector's side effects. Every method is idempotent: an object that is already gone
 * (or replaced by a namesake with another uid) counts as done, not as an error. Other API errors
 * are thrown, and the collector retries the node with back-off.
 */
public interface GarbageCollectorControl {

  /** The live object (not the cache's), or null if it does not exist. */
  HasMetadata get(ResourceType type, String namespace, String name);

  /** DELETE with {@code propagationPolicy} and a uid precondition. */
  void delete(ObjectRef object, String propagationPolicy);

  /** Removes the owner references to {@code ownerUids} from the live object, retrying on conflict. */
  void removeOwnerReferences(ObjectRef object, Set<String> ownerUids);

  /** Removes {@code finalizer} from the live object's {@code metadata.finalizers}, retrying on conflict. */
  void removeFinalizer(ObjectRef object, String finalizer);
}
