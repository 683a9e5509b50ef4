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

  /**
   * {@code POST serviceaccounts/{serviceAccount}/token} (TokenRequest, {@code
   * authentication.k8s.io/v1}): a signed token for the service account, bound to a pod when
   * {@code request.boundPodName} is set. 404 when the service account (or the pod) is missing.
   */
  TokenResponse requestToken(String namespace, String serviceAccount, TokenRequest request);

  /**
   * What a TokenRequest asks for: {@code audiences} (empty: the API server's own), {@code
   * expirationSeconds} (≥ 600), and optionally the pod it is bound to (name and uid).
   */
  record TokenRequest(List<String> audiences, long expirationSeconds, String boundPodName, String boundPodUid) {
    /** The request body, as client-go sends it. */
    public tools.jackson.databind.node.ObjectNode body() {
      var o = dev.berth.api.Json.MAPPER.createObjectNode();
      o.put("apiVersion", "authentication.k8s.io/v1");
      o.put("kind", "TokenRequest");
      var spec = o.putObject("spec");
      var aud = spec.putArray("audiences");
      audiences.forEach(aud::add);
      spec.put("expirationSeconds", expirationSeconds);
      if (boundPodName != null) {
        var ref = spec.putObject("boundObjectRef");
        ref.put("kind", "Pod");
        ref.put("apiVersion", "v1");
        ref.put("name", boundPodName);
        if (boundPodUid != null) {
          ref.put("uid", boundPodUid);
        }
      }
      return o;
    }
  }

  /** The token of a TokenRequest's {@code status} and when it expires. */
  record TokenResponse(String token, java.time.Instant expirationTimestamp) {
    public static TokenResponse of(tools.jackson.databind.JsonNode tokenRequest) {
      var status = tokenRequest.path("status");
      return new TokenResponse(status.path("token").asString(""),
          java.time.Instant.parse(status.path("expirationTimestamp").asString("1970-01-01T00:00:00Z")));
    }
  }

  record Listing<T>(String resourceVersion, List<T> items) {}
}
