package dev.berth.client.record;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link EventRecorder} over the {@link ApiClient}, with client-go's aggregation of identical
 * events ({@code EventCorrelator}, {@code spec/kubelet.md} §8.1): an event equal in object, field
 * path, type, reason and message to one this recorder wrote before increments that Event's {@code
 * count} and moves its {@code lastTimestamp} (a merge patch) instead of creating another, so {@code
 * kubectl describe} shows {@code (x5 over 2m)}. The last 4096 distinct events are remembered, as in
 * client-go; an Event deleted meanwhile is created afresh.
 *
 * <p>New Events are named {@code <object name>.<16 hex digits>}, the digits being the clock's Unix
 * nanoseconds made strictly increasing, so two events in the same instant get two names. {@code
 * source.component} and {@code reportingComponent} are the component ({@code kubelet}, {@code
 * default-scheduler}, {@code persistentvolume-controller}), {@code source.host} and {@code
 * reportingInstance} the node ({@code berth}) for node components; controllers have none (null).
 */
public final class ClientEventRecorder implements EventRecorder {
  private static final System.Logger LOG = System.getLogger(ClientEventRecorder.class.getName());
  /** client-go's {@code maxLruCacheEntries}. */
  static final int MAX_REMEMBERED = 4096;
  /** Another writer (e.g. the scheduler's recorder) may have taken a name in the same nanosecond: try the next one. */
  private static final int MAX_NAME_ATTEMPTS = 8;

  private final ApiClient client;
  private final Clock clock;
  private final String component;
  private final String host;
  private final Map<EventKey, Written> written = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<EventKey, Written> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };
  private long lastNanos;

  private record EventKey(String namespace, String kind, String name, String uid, String fieldPath, String type, String reason,
      String message) {}

  private record Written(String name, int count) {}

  /**
   * @param component {@code kubelet} or {@code default-scheduler}
   * @param host the node name, {@code berth}; null for a controller, whose events name no host
   */
  public ClientEventRecorder(ApiClient client, Clock clock, String component, String host) {
    this.client = Objects.requireNonNull(client);
    this.clock = Objects.requireNonNull(clock);
    this.component = Objects.requireNonNull(component);
    this.host = host;
  }

  @Override
  public synchronized void event(HasMetadata object, String fieldPath, String type, String reason, String message) {
    String namespace = object.getMetadata().getNamespace() == null || object.getMetadata().getNamespace().isEmpty()
        ? "default" : object.getMetadata().getNamespace();
    String kind = object.getKind() != null ? object.getKind() : HasMetadata.getKind(object.getClass());
    EventKey key = new EventKey(namespace, kind, object.getMetadata().getName(), object.getMetadata().getUid(), fieldPath, type,
        reason, message);
    Instant now = clock.now();
    try {
      Written w = written.get(key);
      if (w != null) {
        int count = w.count() + 1;
        try {
          client.patch(Event.class, namespace, w.name(), "application/merge-patch+json",
              "{\"count\":" + count + ",\"lastTimestamp\":\"" + timestamp(now) + "\"}");
          written.put(key, new Written(w.name(), count));
          return;
        } catch (ApiException e) {
          if (e.code() != 404) {
            throw e;
          }
        }
      }
      String apiVersion = object.getApiVersion() != null ? object.getApiVersion() : HasMetadata.getApiVersion(object.getClass());
      for (int attempt = 1; ; attempt++) {
        String name = object.getMetadata().getName() + "." + nextSuffix(now);
        Event e = new EventBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
            .withNewInvolvedObject().withKind(kind).withApiVersion(apiVersion).withNamespace(object.getMetadata().getNamespace())
            .withName(object.getMetadata().getName()).withUid(object.getMetadata().getUid()).withFieldPath(fieldPath)
            .endInvolvedObject()
            .withType(type).withReason(reason).withMessage(message)
            .withNewSource().withComponent(component).withHost(host).endSource()
            .withFirstTimestamp(timestamp(now)).withLastTimestamp(timestamp(now)).withCount(1)
            .withReportingComponent(component).withReportingInstance(host)
            .build();
        try {
          client.create(e);
        } catch (ApiException x) {
          if (x.code() == 409 && attempt < MAX_NAME_ATTEMPTS) {
            continue;
          }
          throw x;
        }
        written.put(key, new Written(name, 1));
        return;
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot record event " + reason + " \"" + message + "\" on " + kind + " " + namespace + "/"
          + object.getMetadata().getName() + ": " + e.getMessage());
    }
  }

  /** RFC 3339 in UTC with second precision, as Event timestamps are written. */
  private static String timestamp(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  private String nextSuffix(Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    lastNanos = Math.max(nanos, lastNanos + 1);
    return String.format("%016x", lastNanos);
  }
}
