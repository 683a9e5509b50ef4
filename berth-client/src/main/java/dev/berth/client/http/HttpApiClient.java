package dev.berth.client.http;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.client.ApiClient;
import dev.berth.client.ClientWatch;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ApiClient} over the Kubernetes REST API (HTTPS, bearer token), for the berth CLI talking
 * to a server in this or another process. Errors arrive as {@link ApiException} carrying the
 * server's {@code Status}, exactly as kubectl would show them; a server that cannot be reached is
 * an {@code ApiException} with code 503 and the connection error as message.
 *
 * <p>Beyond the interface it offers server-side apply of a raw manifest ({@link #apply}) and the
 * readiness check ({@link #readyz()}).
 */
public final class HttpApiClient implements ApiClient {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI server;
  private final String token;
  private final String fieldManager;
  private final ResourceRegistry registry;
  private final HttpClient http;

  /**
   * @param server e.g. {@code https://127.0.0.1:6443}
   * @param ssl trusts the server's CA
   * @param fieldManager sent with every write, recorded in {@code managedFields}
   */
  public HttpApiClient(URI server, SSLContext ssl, String token, String fieldManager, ResourceRegistry registry) {
    this.server = server;
    this.token = token;
    this.fieldManager = fieldManager;
    this.registry = registry;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(ssl)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  public URI server() {
    return server;
  }

  /** True when {@code GET /readyz} answers 200 with this client's token. */
  public boolean readyz() {
    try {
      HttpResponse<String> r = http.send(request("/readyz").GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The result of a server-side apply: 201 when it created the object, 200 when it updated it. */
  public record Applied(int code, ObjectNode object) {
    public boolean created() {
      return code == 201;
    }
  }

  /**
   * Server-side apply ({@code PATCH}, {@code application/apply-patch+yaml}) of {@code manifest},
   * with {@code fieldValidation=Strict} as kubectl sends it.
   *
   * @param force take over fields other managers own instead of failing with 409
   * @param dryRun validate and default only ({@code dryRun=All}): nothing is stored
   */
  public Applied apply(ResourceType type, String namespace, String name, String manifest, boolean force, boolean dryRun) {
    StringBuilder q = new StringBuilder("?fieldManager=").append(enc(fieldManager)).append("&fieldValidation=Strict");
    if (force) {
      q.append("&force=true");
    }
    if (dryRun) {
      q.append("&dryRun=All");
    }
    HttpRequest req = request(objectPath(type, namespace, name) + q)
        .header("Content-Type", "application/apply-patch+yaml")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(manifest))
        .build();
    HttpResponse<byte[]> r = send(req);
    return new Applied(r.statusCode(), Json.parseObject(r.body()));
  }

  @Override
  public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    HttpResponse<byte[]> r = sendAllowing404(request(objectPath(typeOf(type), namespace, name)).GET().build());
    return r == null ? null : Json.toTyped(Json.parse(r.body()), type);
  }

  @Override
  public <T extends HasMetadata> Listing<T> list(Class<T> type, String namespace, String labelSelector) {
    String q = labelSelector == null || labelSelector.isEmpty() ? "" : "?labelSelector=" + enc(labelSelector);
    JsonNode list = Json.parse(send(request(collectionPath(typeOf(type), namespace) + q).GET().build()).body());
    List<T> items = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      items.add(Json.toTyped(item, type));
    }
    return new Listing<>(list.path("metadata").path("resourceVersion").asString(""), items);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> T create(T object) {
    ResourceType t = typeOf(object.getClass());
    HttpRequest req = request(collectionPath(t, object.getMetadata().getNamespace()) + managerQuery())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(object)))
        .build();
    return (T) Json.toTyped(Json.parse(send(req).body()), object.getClass());
  }

  @Override
  public <T extends HasMetadata> T update(T object) {
    return put(object, "");
  }

  @Override
  public <T extends HasMetadata> T updateStatus(T object) {
    return put(object, "/status");
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> T put(T object, String sub) {
    ResourceType t = typeOf(object.getClass());
    HttpRequest req = request(objectPath(t, object.getMetadata().getNamespace(), object.getMetadata().getName()) + sub + managerQuery())
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(object)))
        .build();
    return (T) Json.toTyped(Json.parse(send(req).body()), object.getClass());
  }

  @Override
  public <T extends HasMetadata> T patch(Class<T> type, String namespace, String name, String contentType, String body) {
    HttpRequest req = request(objectPath(typeOf(type), namespace, name) + managerQuery())
        .header("Content-Type", contentType)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
        .build();
    return Json.toTyped(Json.parse(send(req).body()), type);
  }

  /** PATCH on the {@code scale} subresource: sets {@code spec.replicas}. */
  public void scale(Class<? extends HasMetadata> type, String namespace, String name, int replicas) {
    HttpRequest req = request(objectPath(typeOf(type), namespace, name) + "/scale" + managerQuery())
        .header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"spec\":{\"replicas\":" + replicas + "}}"))
        .build();
    send(req);
  }

  @Override
  public <T extends HasMetadata> T delete(Class<T> type, String namespace, String name, DeleteOptions options) {
    byte[] body = Json.bytes(options == null ? new DeleteOptions() : options);
    HttpRequest req = request(objectPath(typeOf(type), namespace, name))
        .header("Content-Type", "application/json")
        .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    JsonNode n = Json.parse(send(req).body());
    // a removed object answers with a Status (or the object as it was); one still terminating carries deletionTimestamp
    if (!type.getSimpleName().equals("Status") && "Status".equals(n.path("kind").asString(""))) {
      return null;
    }
    T obj = Json.toTyped(n, type);
    return obj.getMetadata() != null && obj.getMetadata().getDeletionTimestamp() != null ? obj : null;
  }

  @Override
  public Namespace finalizeNamespace(Namespace namespace) {
    return put(namespace, "/finalize");
  }

  @Override
  public void bindPod(String namespace, String name, String nodeName) {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":" + Json.string(name)
        + "},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":" + Json.string(nodeName) + "}}";
    HttpRequest req = request(objectPath(typeOf(io.fabric8.kubernetes.api.model.Pod.class), namespace, name) + "/binding")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    send(req);
  }

  /**
   * A streaming watch. The stream is read on a virtual thread into a queue; its end (the server's
   * timeout, a lost connection) and an {@code ERROR} event both surface as {@link
   * ClientWatch.Event.Expired}, after which an informer re-lists.
   */
  @Override
  public <T extends HasMetadata> ClientWatch<T> watch(Class<T> type, String namespace, String resourceVersion) {
    String q = "?watch=true" + (resourceVersion == null ? "" : "&resourceVersion=" + enc(resourceVersion));
    HttpRequest req = HttpRequest.newBuilder(server.resolve(collectionPath(typeOf(type), namespace) + q))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .GET()
        .build();
    BlockingQueue<ClientWatch.Event<T>> queue = new LinkedBlockingQueue<>();
    var holder = new Object() {
      volatile Stream<String> lines;
      volatile boolean closed;
    };
    Thread reader = Thread.ofVirtual().name("watch-" + type.getSimpleName()).start(() -> {
      String end = "watch ended";
      try {
        HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
        holder.lines = r.body();
        if (holder.closed) {
          r.body().close();
          return;
        }
        if (r.statusCode() != 200) {
          end = "watch failed with HTTP " + r.statusCode() + ": " + String.join("\n", r.body().toList());
        } else {
          Iterator<String> it = r.body().iterator();
          while (it.hasNext()) {
            String line = it.next();
            if (line.isBlank()) {
              continue;
            }
            JsonNode e = Json.parse(line.getBytes(StandardCharsets.UTF_8));
            String kind = e.path("type").asString("");
            JsonNode o = e.path("object");
            switch (kind) {
              case "ADDED" -> queue.add(new ClientWatch.Event.Added<>(Json.toTyped(o, type)));
              case "MODIFIED" -> queue.add(new ClientWatch.Event.Modified<>(Json.toTyped(o, type)));
              case "DELETED" -> queue.add(new ClientWatch.Event.Deleted<>(Json.toTyped(o, type)));
              case "ERROR" -> {
                queue.add(new ClientWatch.Event.Expired<>(o.path("message").asString("watch error")));
                return;
              }
              default -> { } // BOOKMARK
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        end = "watch failed: " + e.getMessage();
      } catch (InterruptedException e) {
        return;
      }
      if (!holder.closed) {
        queue.add(new ClientWatch.Event.Expired<>(end));
      }
    });
    return new ClientWatch<>() {
      @Override
      public Event<T> poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      }

      @Override
      public void close() {
        holder.closed = true;
        Stream<String> s = holder.lines;
        if (s != null) {
          s.close();
        }
        reader.interrupt();
      }
    };
  }

  private ResourceType typeOf(Class<?> c) {
    return registry.byJavaType(c).orElseThrow(() -> new IllegalArgumentException("not a served kind: " + c.getName()));
  }

  private static String collectionPath(ResourceType t, String namespace) {
    String base = t.groupVersionPath();
    if (t.namespaced() && namespace != null) {
      base += "/namespaces/" + enc(namespace);
    }
    return base + "/" + t.plural();
  }

  private static String objectPath(ResourceType t, String namespace, String name) {
    return collectionPath(t, t.namespaced() ? (namespace == null ? "default" : namespace) : null) + "/" + enc(name);
  }

  private String managerQuery() {
    return "?fieldManager=" + enc(fieldManager);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(server.resolve(pathAndQuery))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  private HttpResponse<byte[]> sendAllowing404(HttpRequest req) {
    HttpResponse<byte[]> r = exchange(req);
    if (r.statusCode() == 404) {
      return null;
    }
    return check(r);
  }

  private HttpResponse<byte[]> send(HttpRequest req) {
    return check(exchange(req));
  }

  private HttpResponse<byte[]> exchange(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ApiException(status(503, "ServiceUnavailable", "cannot reach the berth API server at " + server + ": " + e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(status(503, "ServiceUnavailable", "interrupted while talking to " + server));
    }
  }

  private static HttpResponse<byte[]> check(HttpResponse<byte[]> r) {
    if (r.statusCode() / 100 == 2) {
      return r;
    }
    Status s = null;
    try {
      JsonNode n = Json.parse(r.body());
      if ("Status".equals(n.path("kind").asString(""))) {
        s = Json.toTyped(n, Status.class);
      }
    } catch (ApiException notJson) {
      // fall through: a plain-text answer
    }
    if (s == null) {
      s = status(r.statusCode(), "", new String(r.body(), StandardCharsets.UTF_8).strip());
    }
    if (s.getCode() == null || s.getCode() == 0) {
      s.setCode(r.statusCode());
    }
    throw new ApiException(s);
  }

  private static Status status(int code, String reason, String message) {
    return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
  }
}
