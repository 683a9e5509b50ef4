package dev.berth.controllers.history;

import dev.berth.api.ApiException;
import dev.berth.client.ApiClient;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import java.util.Objects;

/** {@link RevisionControl} over the {@link ApiClient}. */
public final class ClientRevisionControl implements RevisionControl {
  private final ApiClient client;

  public ClientRevisionControl(ApiClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public ControllerRevision getControllerRevision(String namespace, String name) {
    return client.get(ControllerRevision.class, namespace, name);
  }

  @Override
  public ControllerRevision createControllerRevision(ControllerRevision revision) {
    return client.create(revision);
  }

  /** Re-reads and retries on conflict, as upstream's {@code UpdateControllerRevision} does. */
  @Override
  public ControllerRevision updateControllerRevision(ControllerRevision revision, long newRevision) {
    ControllerRevision attempt = new ControllerRevisionBuilder(revision).withRevision(newRevision).build();
    for (int i = 0; ; i++) {
      try {
        return client.update(attempt);
      } catch (ApiException e) {
        if (e.code() != 409 || i >= 4) {
          throw e;
        }
        ControllerRevision fresh = client.get(ControllerRevision.class, revision.getMetadata().getNamespace(), revision.getMetadata().getName());
        if (fresh == null) {
          throw e;
        }
        if (fresh.getRevision() != null && fresh.getRevision() == newRevision) {
          return fresh;
        }
        attempt = new ControllerRevisionBuilder(fresh).withRevision(newRevision).build();
      }
    }
  }

  @Override
  public void deleteControllerRevision(ControllerRevision revision) {
    try {
      client.delete(ControllerRevision.class, revision.getMetadata().getNamespace(), revision.getMetadata().getName(), new DeleteOptions());
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }
}
