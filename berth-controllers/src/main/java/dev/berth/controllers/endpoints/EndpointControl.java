package dev.berth.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

/**
 * The side effects of the endpoints controllers: API writes of EndpointSlices and Endpoints, and
 * events. Writes are sent as given (updates guarded by the object's {@code resourceVersion},
 * deletes by its uid) and return what the API stored, so the controller knows what its cache must
 * catch up with. A 409 or any other API error is thrown; the controller retries the service with
 * back-off, recomputing from its caches.
 */
public interface EndpointControl {

  /** @return the created slice (with its generated name), or null when the namespace is terminating */
  EndpointSlice createSlice(EndpointSlice slice);

  EndpointSlice updateSlice(EndpointSlice slice);

  /** Already gone (404) or replaced (uid precondition, 409) counts as done. */
  void deleteSlice(EndpointSlice slice);

  /** @return the created object, or null when the namespace is terminating */
  Endpoints createEndpoints(Endpoints endpoints);

  Endpoints updateEndpoints(Endpoints endpoints);

  /** Already gone (404) or replaced (uid precondition, 409) counts as done. */
  void deleteEndpoints(Endpoints endpoints);

  /** Best effort, never throws: see {@code EventRecorder}. */
  void event(HasMetadata object, String type, String reason, String message);
}
