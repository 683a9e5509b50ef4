package dev.berth.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

/**
 * One write of an {@link EndpointsPlan}. Objects to create or update are complete: what the
 * {@link EndpointControl} sends is what the reconciler computed.
 */
public sealed interface EndpointAction {

  /** POST a slice; its {@code metadata.generateName} is {@code <service>-}. */
  record CreateSlice(EndpointSlice slice) implements EndpointAction {}

  /** PUT a slice, guarded by its {@code resourceVersion}. */
  record UpdateSlice(EndpointSlice slice) implements EndpointAction {}

  /** DELETE a slice, guarded by its uid. */
  record DeleteSlice(EndpointSlice slice) implements EndpointAction {}

  /** POST the service's legacy Endpoints object. */
  record CreateEndpoints(Endpoints endpoints) implements EndpointAction {}

  /** PUT the legacy Endpoints object, guarded by its {@code resourceVersion}. */
  record UpdateEndpoints(Endpoints endpoints) implements EndpointAction {}

  /** DELETE the legacy Endpoints object of a service that is gone, guarded by its uid. */
  record DeleteEndpoints(Endpoints endpoints) implements EndpointAction {}
}
