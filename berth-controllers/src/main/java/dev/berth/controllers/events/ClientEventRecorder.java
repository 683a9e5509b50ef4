package dev.berth.controllers.events;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link EventRecorder} over the {@link ApiClient}, with client-go's aggregation of identical
 * events: an event equal in object, type, reason and message to one written before increments that
 * Event's {@code count} and moves its {@code lastTimestamp} instead of creating another ({@code
 * kubectl describe} shows {@code (x5 over 2m)}). The last 4096 distinct events are remembered.
 * Events are named {@code <object>.<16 hex digits>} from the clock's nanoseconds, strictly
 * increasing; {@code source.component} and {@code reportingController} are the component, e.g.
 * {@code statefulset-controller}.
 */
public final class ClientEventRecorder implements EventRecorder {
  private static final System.Logger LOG = System.getLogger(ClientEventRecorder.class.getName());
  private static final int MAX_REMEMBERED = 4096;
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final ApiClient client;
  private final Clock clock;
  private final String component;
  private final Map<Key, Written> written = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Written> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };
  private long lastNanos;

  private record Key(String namespace, String kind, String name, String uid, String type, String reason, String message) {}

  private record Written(String name, int count) {}

  public ClientEventRecorder(ApiClient client, Clock clock, String component) {
    this.client = Objects.requireNonNull(client);
    this.clock = Objects.requireNonNull(clock);
    this.component = Objects.requireNonNull(component);
  }

  @Override
  public synchronized void event(HasMetadata object, String type, String reason, String message) {
    String ns = object.getMetadata().getNamespace() == null || object.getMetadata().getNamespace().isEmpty()
        ? "default" : object.getMetadata().getNamespace();
    String kind = object.getKind() != null ? object.getKind() : HasMetadata.getKind(object.getClass());
    String apiVersion = object.getApiVersion() != null ? object.getApiVersion() : HasMetadata.getApiVersion(object.getClass());
    Key key = new Key(ns, kind, object.getMetadata().getName(), object.getMetadata().getUid(), type, reason, message);
    Instant now = clock.now();
    String ts = RFC3339.format(now.truncatedTo(ChronoUnit.SECONDS));
    try {
      Written w = written.get(key);
      if (w != null) {
        try {
          client.patch(Event.class, ns, w.name(), "application/merge-patch+json",
              "{\"count\":" + (w.count() + 1) + ",\"lastTimestamp\":\"" + ts + "\"}");
          written.put(key, new Written(w.name(), w.count() + 1));
          return;
        } catch (ApiException e) {
          if (e.code() != 404) {
            throw e;
          }
        }
      }
      long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
      lastNanos = Math.max(nanos, lastNanos + 1);
      String name = object.getMetadata().getName() + "." + String.format("%016x", lastNanos);
      client.create(new EventBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
          .withNewInvolvedObject().withKind(kind).withApiVersion(apiVersion).withNamespace(object.getMetadata().getNamespace())
          .withName(object.getMetadata().getName()).withUid(object.getMetadata().getUid())
          .withResourceVersion(object.getMetadata().getResourceVersion()).endInvolvedObject()
          .withType(type).withReason(reason).withMessage(message).withNewSource().withComponent(component).endSource()
          .withFirstTimestamp(ts).withLastTimestamp(ts).withCount(1).withReportingComponent(component).withReportingInstance("")
          .build());
      written.put(key, new Written(name, 1));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot record event " + reason + " \"" + message + "\" on " + kind + " " + ns + "/"
          + object.getMetadata().getName() + ": " + e.getMessage());
    }
  }
}
