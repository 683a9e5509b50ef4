package dev.berth.controllers.namespace;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.ReconcileResult;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Empties a terminating Namespace ({@code spec/api-server.md} §12.4; upstream's
 * {@code NamespacedResourcesDeleter}). One call is one pass:
 *
 * <ol>
 *   <li>read the Namespace live; nothing to do unless it has a {@code deletionTimestamp} and
 *       still carries the {@code kubernetes} finalizer in {@code spec.finalizers};
 *   <li>make sure {@code status.phase} is {@code Terminating} (the API server then refuses new
 *       content);
 *   <li>for every namespaced resource type, list the namespace and DELETE each object not yet being
 *       deleted ({@code Background}, uid precondition); objects still present afterwards (grace
 *       periods, finalizers) are counted as remaining;
 *   <li>write the deletion conditions and the phase to status, only if they changed;
 *   <li>anything remaining: look again after the poll interval (nothing watches the content);
 *       a failure: throw, so the key backs off; empty: remove {@code kubernetes} from
 *       {@code spec.finalizers} through {@code namespaces/{name}/finalize}, after which the API server removes it.
 * </ol>
 */
public final class NamespaceDeleter {
  private static final System.Logger LOG = System.getLogger(NamespaceDeleter.class.getName());
  public static final String FINALIZER = "kubernetes";
  public static final Duration DEFAULT_CONTENT_POLL_INTERVAL = Duration.ofSeconds(1);
  private static final int CONFLICT_ATTEMPTS = 5;

  private final ApiClient client;
  private final Clock clock;
  private final List<ResourceType> namespacedTypes;
  private final Duration contentPollInterval;

  /**
   * @param namespacedTypes the resources to empty; see {@link #namespacedTypes(ResourceRegistry)}
   * @param contentPollInterval how soon to look again while content remains
   */
  public NamespaceDeleter(ApiClient client, Clock clock, List<ResourceType> namespacedTypes, Duration contentPollInterval) {
    this.client = Objects.requireNonNull(client);
    this.clock = Objects.requireNonNull(clock);
    this.namespacedTypes = List.copyOf(namespacedTypes);
    this.contentPollInterval = contentPollInterval;
  }

  public NamespaceDeleter(ApiClient client, Clock clock) {
    this(client, clock, namespacedTypes(ResourceRegistry.standard()), DEFAULT_CONTENT_POLL_INTERVAL);
  }

  /** Every namespaced resource of {@code registry}, once per storage (core and events.k8s.io Events share one). */
  public static List<ResourceType> namespacedTypes(ResourceRegistry registry) {
    Set<String> seen = new HashSet<>();
    return registry.types().stream().filter(ResourceType::namespaced).filter(t -> seen.add(t.storageKey())).toList();
  }

  /** One pass over the namespace {@code name}. */
  public ReconcileResult delete(String name) {
    Namespace ns = client.get(Namespace.class, null, name);
    if (ns == null || ns.getMetadata().getDeletionTimestamp() == null || !hasFinalizer(ns)) {
      return ReconcileResult.done();
    }
    String uid = ns.getMetadata().getUid();
    NamespaceContent content = deleteContent(name);
    updateStatus(name, uid, content);
    if (!content.failures().isEmpty()) {
      throw new IllegalStateException("namespace " + name + ": " + String.join("; ", content.failures()));
    }
    if (!content.isEmpty()) {
      LOG.log(System.Logger.Level.DEBUG, () -> "namespace " + name + ": waiting for " + content.remaining());
      return ReconcileResult.requeueAfter(contentPollInterval);
    }
    removeFinalizer(name, uid);
    LOG.log(System.Logger.Level.INFO, "namespace " + name + ": content removed, finalizer " + FINALIZER + " released");
    return ReconcileResult.done();
  }

  static boolean hasFinalizer(Namespace ns) {
    return ns.getSpec() != null && ns.getSpec().getFinalizers() != null && ns.getSpec().getFinalizers().contains(FINALIZER);
  }

  @SuppressWarnings("unchecked")
  private NamespaceContent deleteContent(String namespace) {
    Map<String, Integer> remaining = new LinkedHashMap<>();
    Map<String, Integer> finalizers = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (ResourceType t : namespacedTypes) {
      Class<HasMetadata> type = (Class<HasMetadata>) t.javaType();
      List<HasMetadata> items;
      try {
        items = client.list(type, namespace, null).items();
      } catch (ApiException e) {
        failures.add(t.qualifiedName() + ": " + e.getMessage());
        continue;
      }
      String resource = t.plural() + "." + t.group();
      for (HasMetadata o : items) {
        HasMetadata after = o;
        if (o.getMetadata().getDeletionTimestamp() == null) {
          try {
            after = client.delete(type, namespace, o.getMetadata().getName(), background(o.getMetadata().getUid()));
          } catch (ApiException e) {
            if (e.code() == 404 || e.code() == 409) {
              after = null; // gone, or replaced by a namesake that the next pass will see
            } else {
              failures.add(t.qualifiedName() + " " + o.getMetadata().getName() + ": " + e.getMessage());
            }
          }
        }
        if (after != null) {
          remaining.merge(resource, 1, Integer::sum);
          if (after.getMetadata().getFinalizers() != null) {
            for (String f : new HashSet<>(after.getMetadata().getFinalizers())) {
              finalizers.merge(f, 1, Integer::sum);
            }
          }
        }
      }
    }
    return new NamespaceContent(remaining, finalizers, failures);
  }

  private static DeleteOptions background(String uid) {
    return new DeleteOptionsBuilder().withPropagationPolicy("Background").withNewPreconditions().withUid(uid).endPreconditions().build();
  }

  /** Phase Terminating and the deletion conditions; written only when they changed. */
  private void updateStatus(String name, String uid, NamespaceContent content) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.now().truncatedTo(ChronoUnit.SECONDS));
    withFreshNamespace(name, uid, ns -> {
      NamespaceStatus status = ns.getStatus() == null ? new NamespaceStatus() : ns.getStatus();
      List<NamespaceCondition> existing = status.getConditions() == null ? List.of() : status.getConditions();
      List<NamespaceCondition> conditions = NamespaceConditions.compute(content, existing, now);
      if ("Terminating".equals(status.getPhase()) && conditions.equals(existing)) {
        return false;
      }
      status.setPhase("Terminating");
      status.setConditions(conditions);
      ns.setStatus(status);
      client.updateStatus(ns);
      return true;
    });
  }

  private void removeFinalizer(String name, String uid) {
    withFreshNamespace(name, uid, ns -> {
      if (!hasFinalizer(ns)) {
        return false;
      }
      List<String> kept = new ArrayList<>(ns.getSpec().getFinalizers());
      kept.removeIf(FINALIZER::equals);
      ns.getSpec().setFinalizers(kept);
      client.finalizeNamespace(ns);
      return true;
    });
  }

  /** GET the namespace, apply {@code write} (false: nothing to write); again on 409. */
  private void withFreshNamespace(String name, String uid, Predicate<Namespace> write) {
    for (int attempt = 1; ; attempt++) {
      Namespace ns = client.get(Namespace.class, null, name);
      if (ns == null || !uid.equals(ns.getMetadata().getUid())) {
        return;
      }
      try {
        write.test(ns);
        return;
      } catch (ApiException e) {
        if (e.code() == 404) {
          return;
        }
        if (e.code() != 409 || attempt >= CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
