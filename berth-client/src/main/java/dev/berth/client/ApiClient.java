package dev.berth.client;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The Kubernetes API as controllers, the node agent, proxy and DNS see it. The in-process
 * implementation goes through the same strategies as HTTP (defaulting, validation, 409, 422), so
 * errors arrive as {@link dev.berth.api.ApiException} with the same Status a kubectl user sees.
 *
 * <p>Objects returned are fresh copies the caller may change.
 */
public interface ApiClient {

  /** The object, or null when it does not exist. */
  <T extends HasMetadata> T get(Class<T> type, String namespace, String name);

  /**
   * @param namespace null for all namespaces (or for cluster-scoped kinds)
   * @param labelSelector kubectl syntax, null for everything
   */
  <T extends HasMetadata> Listing<T> list(Class<T> type, String namespace, String labelSelector);

  <T extends HasMetadata> T create(T object);

  /** PUT; 409 when {@code metadata.resourceVersion} is set and stale. Status is kept. */
  <T extends HasMetadata> T update(T object);

  /** PUT on {@code /status}: only {@code .status} changes. */
  <T extends HasMetadata> T updateStatus(T object);

  /** PATCH; {@code contentType} is one of the four patch media types. */
  <T extends HasMetadata> T patch(Class<T> type, String namespace, String name, String contentType, String body);

  /**
   * DELETE with options (propagation policy, grace period, preconditions). Returns the object's
   * state after the call: null if it is gone, else the object carrying {@code deletionTimestamp}.
   */
  <T extends HasMetadata> T delete(Class<T> type, String namespace, String name, DeleteOptions options);

  /**
   * PUT on {@code namespaces/{name}/finalize}: the only write that changes a Namespace's
   * {@code spec.finalizers} (a plain update keeps them, as upstream's namespace strategy does).
   */
  io.fabric8.kubernetes.api.model.Namespace finalizeNamespace(io.fabric8.kubernetes.api.model.Namespace namespace);

  /**
   * Binds a pod to a node ({@code POST pods/{name}/binding}): sets {@code spec.nodeName} and
   * {@code PodScheduled=True}; 409 when it is already bound.
   */
  void bindPod(String namespace, String name, String nodeName);

  /**
   * Changes after {@code resourceVersion} ("0" or null: synthetic ADDED for the current objects
   * first). A watch that falls behind ends with {@link ClientWatch.Event.Expired}: re-list.
   */
  <T extends HasMetadata> ClientWatch<T> watch(Class<T> type, String namespace, String resourceVersion);

  record Listing<T>(String resourceVersion, List<T> items) {}
}
