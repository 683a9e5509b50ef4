package dev.berth.controllers.endpoints;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.record.ClientEventRecorder;
import dev.berth.client.record.EventRecorder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

/**
 * {@link EndpointControl} over an {@link ApiClient}; events from the component {@code
 * endpointslice-controller} (upstream's reporting name for both controllers' service events is
 * per controller; berth runs them as one).
 */
public final class ClientEndpointControl implements EndpointControl {
  static final String COMPONENT = "endpointslice-controller";

  private final ApiClient client;
  private final EventRecorder recorder;

  public ClientEndpointControl(ApiClient client, Clock clock) {
    this.client = client;
    this.recorder = new ClientEventRecorder(client, clock, COMPONENT, null);
  }

  @Override
  public EndpointSlice createSlice(EndpointSlice slice) {
    return createUnlessTerminating(slice);
  }

  @Override
  public EndpointSlice updateSlice(EndpointSlice slice) {
    return client.update(slice);
  }

  @Override
  public void deleteSlice(EndpointSlice slice) {
    delete(slice);
  }

  @Override
  public Endpoints createEndpoints(Endpoints endpoints) {
    return createUnlessTerminating(endpoints);
  }

  @Override
  public Endpoints updateEndpoints(Endpoints endpoints) {
    return client.update(endpoints);
  }

  @Override
  public void deleteEndpoints(Endpoints endpoints) {
    delete(endpoints);
  }

  @Override
  public void event(HasMetadata object, String type, String reason, String message) {
    recorder.event(object, null, type, reason, message);
  }

  /** A namespace being deleted refuses new objects with 403: nothing to do there any more. */
  private <T extends HasMetadata> T createUnlessTerminating(T object) {
    try {
      return client.create(object);
    } catch (ApiException e) {
      if (e.code() == 403 && e.getMessage() != null && e.getMessage().contains("being terminated")) {
        return null;
      }
      throw e;
    }
  }

  private void delete(HasMetadata object) {
    try {
      client.delete(object.getClass(), object.getMetadata().getNamespace(), object.getMetadata().getName(),
          new DeleteOptionsBuilder().withNewPreconditions().withUid(object.getMetadata().getUid()).endPreconditions().build());
    } catch (ApiException e) {
      if (e.code() != 404 && e.code() != 409) {
        throw e;
      }
    }
  }
}
