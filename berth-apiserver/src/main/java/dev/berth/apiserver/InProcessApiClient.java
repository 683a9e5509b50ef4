package dev.berth.apiserver;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import dev.berth.api.ResourceType;
import dev.berth.api.selector.FieldSelector;
import dev.berth.api.selector.LabelSelector;
import dev.berth.client.ApiClient;
import dev.berth.client.ClientWatch;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ApiClient} over {@link ResourceService} in the same JVM: no HTTP, but the same
 * defaulting, validation, admission, 409s and 422s as a kubectl request.
 */
public final class InProcessApiClient implements ApiClient {
  private final ResourceService service;
  private final String fieldManager;

  /** @param fieldManager recorded in managedFields for writes, e.g. {@code berth-controller-manager} */
  public InProcessApiClient(ResourceService service, String fieldManager) {
    this.service = service;
    this.fieldManager = fieldManager;
  }

  private ResourceType typeOf(Class<?> c) {
    return service.registry().byJavaType(c).orElseThrow(() -> new IllegalArgumentException("not a served kind: " + c.getName()));
  }

  private WriteOptions options() {
    return WriteOptions.defaults(fieldManager);
  }

  @Override
  public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    try {
      return Json.toTyped(service.get(typeOf(type), namespace, name), type);
    } catch (ApiException e) {
      if (e.code() == 404) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public <T extends HasMetadata> Listing<T> list(Class<T> type, String namespace, String labelSelector) {
    ResourceService.Listing l = service.list(typeOf(type), namespace, LabelSelector.parse(labelSelector), FieldSelector.EVERYTHING);
    List<T> items = new ArrayList<>(l.items().size());
    for (ObjectNode o : l.items()) {
      items.add(Json.toTyped(o, type));
    }
    return new Listing<>(String.valueOf(l.revision()), items);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> T create(T object) {
    ResourceType t = typeOf(object.getClass());
    WriteResult w = service.create(t, object.getMetadata().getNamespace(), Json.toTree(object), options());
    return (T) Json.toTyped(w.object(), object.getClass());
  }

  @Override
  public <T extends HasMetadata> T update(T object) {
    return put(object, null);
  }

  @Override
  public <T extends HasMetadata> T updateStatus(T object) {
    return put(object, "status");
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> T put(T object, String sub) {
    ResourceType t = typeOf(object.getClass());
    WriteResult w = service.update(t, object.getMetadata().getNamespace(), object.getMetadata().getName(), sub, Json.toTree(object), options());
    return w.object() == null ? null : (T) Json.toTyped(w.object(), object.getClass());
  }

  @Override
  public <T extends HasMetadata> T patch(Class<T> type, String namespace, String name, String contentType, String body) {
    ResourceService.PatchType pt = ResourceService.PatchType.of(contentType);
    WriteResult w = service.patch(typeOf(type), namespace, name, null, pt, Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)), options());
    return Json.toTyped(w.object(), type);
  }

  @Override
  public <T extends HasMetadata> T delete(Class<T> type, String namespace, String name, DeleteOptions options) {
    ResourceService.DeleteResult d = service.delete(typeOf(type), namespace, name, options);
    return d.removed() ? null : Json.toTyped(d.object(), type);
  }

  @Override
  public io.fabric8.kubernetes.api.model.Namespace finalizeNamespace(io.fabric8.kubernetes.api.model.Namespace namespace) {
    return put(namespace, "finalize");
  }

  @Override
  public void bindPod(String namespace, String name, String nodeName) {
    service.bind(typeOf(io.fabric8.kubernetes.api.model.Pod.class), namespace, name, nodeName);
  }

  @Override
  public TokenResponse requestToken(String namespace, String serviceAccount, TokenRequest request) {
    return TokenResponse.of(service.requestToken(namespace, serviceAccount, request.body()));
  }

  @Override
  public <T extends HasMetadata> ClientWatch<T> watch(Class<T> type, String namespace, String resourceVersion) {
    ApiWatch w = service.watch(typeOf(type), namespace, resourceVersion, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING);
    return new ClientWatch<>() {
      @Override
      public Event<T> poll(Duration timeout) throws InterruptedException {
        ApiWatch.Item item = w.next(timeout);
        if (item == null) {
          return null;
        }
        return switch (item) {
          case ApiWatch.Item.Expired x -> new Event.Expired<>(x.error().getMessage());
          case ApiWatch.Item.Event e -> {
            T obj = Json.toTyped(e.object(), type);
            yield switch (e.type()) {
              case "ADDED" -> new Event.Added<>(obj);
              case "MODIFIED" -> new Event.Modified<>(obj);
              default -> new Event.Deleted<>(obj);
            };
          }
        };
      }

      @Override
      public void close() {
        w.close();
      }
    };
  }
}
