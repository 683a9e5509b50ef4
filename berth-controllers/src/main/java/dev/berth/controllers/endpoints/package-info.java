/**
 * Endpoints and EndpointSlices for Services with a selector ({@code spec/services-dns.md} §2):
 * {@link dev.berth.controllers.endpoints.EndpointsController} is the loop (service, pod, slice and
 * Endpoints informers → one work queue of service keys), {@link
 * dev.berth.controllers.endpoints.EndpointSliceReconciler} and {@link
 * dev.berth.controllers.endpoints.EndpointsReconciler} the algorithms (an {@link
 * dev.berth.controllers.endpoints.EndpointsPlan} per service: slices to create, update, delete, and
 * the legacy Endpoints write), {@link dev.berth.controllers.endpoints.EndpointControl} the side
 * effects, {@link dev.berth.controllers.endpoints.ServiceEndpoints} the vocabulary and {@link
 * dev.berth.controllers.endpoints.TriggerTimeTracker} the {@code last-change-trigger-time} value.
 */
package dev.berth.controllers.endpoints;
