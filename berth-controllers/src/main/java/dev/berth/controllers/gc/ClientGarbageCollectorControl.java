package dev.berth.controllers.gc;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceType;
import dev.berth.client.ApiClient;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link GarbageCollectorControl} over an {@link ApiClient}. Metadata changes are
 * read-modify-write on a fresh GET with the object's resourceVersion; a 409 means someone wrote in
 * between, so it reads again and retries, up to {@value #CONFLICT_ATTEMPTS} attempts (client-go's
 * {@code retry.RetryOnConflict} with {@code DefaultRetry}); no sleeping, the re-read is the wait.
 */
public final class ClientGarbageCollectorControl implements GarbageCollectorControl {
  static final int CONFLICT_ATTEMPTS = 5;

  private final ApiClient client;

  public ClientGarbageCollectorControl(ApiClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  @SuppressWarnings("unchecked")
  public HasMetadata get(ResourceType type, String namespace, String name) {
    return client.get((Class<HasMetadata>) type.javaType(), type.namespaced() ? namespace : null, name);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void delete(ObjectRef object, String propagationPolicy) {
    DeleteOptions options = new DeleteOptionsBuilder().withPropagationPolicy(propagationPolicy)
        .withNewPreconditions().withUid(object.uid()).endPreconditions().build();
    Class<HasMetadata> type = (Class<HasMetadata>) object.type().javaType();
    try {
      client.delete(type, object.namespace(), object.name(), options);
    } catch (ApiException e) {
      if (e.code() == 404) {
        return; // already gone
      }
      // 409 from the uid precondition: the name now belongs to another object, ours is gone.
      // Any other 409 (the object is still there with our uid) is an error to retry.
      if (e.code() == 409) {
        HasMetadata live = client.get(type, object.namespace(), object.name());
        if (live == null || !object.uid().equals(live.getMetadata().getUid())) {
          return;
        }
      }
      throw e;
    }
  }

  @Override
  public void removeOwnerReferences(ObjectRef object, Set<String> ownerUids) {
    updateMetadata(object, o -> {
      List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
      if (refs == null || refs.stream().noneMatch(r -> ownerUids.contains(r.getUid()))) {
        return false;
      }
      List<OwnerReference> kept = new ArrayList<>(refs);
      kept.removeIf(r -> ownerUids.contains(r.getUid()));
      o.getMetadata().setOwnerReferences(kept);
      return true;
    });
  }

  @Override
  public void removeFinalizer(ObjectRef object, String finalizer) {
    updateMetadata(object, o -> {
      List<String> finalizers = o.getMetadata().getFinalizers();
      if (finalizers == null || !finalizers.contains(finalizer)) {
        return false;
      }
      List<String> kept = new ArrayList<>(finalizers);
      kept.removeIf(finalizer::equals);
      o.getMetadata().setFinalizers(kept);
      return true;
    });
  }

  /**
   * GET, apply {@code change} (false: nothing to change), PUT; again on 409. The object being gone
   * or replaced (other uid) ends it successfully.
   */
  @SuppressWarnings("unchecked")
  private void updateMetadata(ObjectRef object, Predicate<HasMetadata> change) {
    Class<HasMetadata> type = (Class<HasMetadata>) object.type().javaType();
    for (int attempt = 1; ; attempt++) {
      HasMetadata live = client.get(type, object.namespace(), object.name());
      if (live == null || !object.uid().equals(live.getMetadata().getUid()) || !change.test(live)) {
        return;
      }
      try {
        client.update(live);
        return;
      } catch (ApiException e) {
        if (e.code() == 404) {
          return;
        }
        if (e.code() != 409 || attempt >= CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
