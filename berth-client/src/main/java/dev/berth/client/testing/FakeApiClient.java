package dev.berth.client.testing;

import dev.berth.api.ApiException;
import dev.berth.api.FieldError;
import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.ClientWatch;
import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Preconditions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful in-memory {@link ApiClient} for tests: objects live in a map, every write takes the
 * next value of one global {@code resourceVersion} counter, and the deletion rules of
 * {@code spec/api-server.md} §12.2 apply, so controllers can be driven against it as against the
 * real server.
 *
 * <p>What it does like the API server:
 *
 * <ul>
 *   <li>{@code create}: 409 AlreadyExists; assigns {@code uid} (deterministic), {@code
 *       creationTimestamp} (from the clock), {@code resourceVersion}, {@code generation: 1}; 403 in
 *       a namespace that is terminating; Namespaces get {@code spec.finalizers: [kubernetes]} and
 *       {@code status.phase: Active}.
 *   <li>{@code update}: 404; 409 when {@code metadata.resourceVersion} is set and stale (or the uid
 *       differs); status kept for kinds with a status subresource; system metadata kept; no new
 *       finalizers once {@code deletionTimestamp} is set (422); {@code generation} bumped when
 *       anything outside metadata and status changed; an update that changes nothing writes nothing
 *       (same resourceVersion, no event). When the last finalizer goes from an object being
 *       deleted, the object is removed (one DELETED event). A Namespace's {@code spec.finalizers}
 *       may be changed by update (berth's API server allows it; upstream needs {@code /finalize}).
 *   <li>{@code updateStatus}: only {@code .status} changes.
 *   <li>{@code patch}: {@code application/merge-patch+json} (RFC 7386) and
 *       {@code application/json-patch+json} (add/remove/replace/test); strategic merge is treated as
 *       a merge patch (lists replace), apply-patch is 415. Then as {@code update}.
 *   <li>{@code delete}: preconditions (409), 404, and §12.2: pods on a node with a grace period
 *       stay with {@code deletionTimestamp = now + grace} (unscheduled or finished pods go at once);
 *       {@code Foreground} / {@code Orphan} add the {@code foregroundDeletion} / {@code orphan}
 *       finalizer; objects with finalizers (and Namespaces with {@code spec.finalizers}) stay with
 *       {@code deletionTimestamp}; a Namespace turns {@code Terminating}; everything else is removed.
 *   <li>{@code watch}: from null or "0" a synthetic ADDED per object first; from N every change after
 *       N out of a bounded history, or {@link ClientWatch.Event.Expired} when N was compacted.
 *   <li>{@code list}: label selectors ({@code =, ==, !=, in, notin, k, !k}); the list's
 *       resourceVersion is the global counter.
 * </ul>
 *
 * <p>What it does not: validation and defaulting beyond the above, managed fields, {@code
 * generateName} collisions. {@code create} keeps a given {@code .status} so tests can seed state
 * in one call. The two Event types (core and events.k8s.io) are stored separately.
 *
 * <p>Test hooks: {@link #failNthCall} makes the n-th matching call throw (and change nothing),
 * {@link #beforeNthCall} runs an action (a concurrent writer) just before it, {@link #calls()}
 * records what was asked, {@link #expireWatches()} and {@link #compactHistory()} force the 410 path.
 * All methods are thread-safe.
 */
public final class FakeApiClient implements ApiClient {
  public static final String FOREGROUND_DELETION = "foregroundDeletion";
  public static final String ORPHAN = "orphan";
  public static final String NAMESPACE_FINALIZER = "kubernetes";

  /** The API verbs, as recorded in {@link #calls()}. */
  public enum Verb { GET, LIST, CREATE, UPDATE, UPDATE_STATUS, PATCH, DELETE, WATCH, BIND, TOKEN }

  /** One call made to the fake: the resource's qualified name, e.g. {@code replicasets.apps}. */
  public record Call(Verb verb, String resource, String namespace, String name) {
    @Override
    public String toString() {
      return verb + " " + resource + " " + (namespace == null ? "" : namespace + "/") + (name == null ? "" : name);
    }
  }

  private record Injection(Verb verb, int[] remaining, ApiException error, Runnable action) {}

  private record HistoryEvent(long rv, ResourceType type, String namespace, String kind, ObjectNode object) {}

  private final ResourceRegistry registry;
  private final Clock clock;
  private final int historyLimit;
  private final Map<ResourceType, TreeMap<ResourceKey, ObjectNode>> objects = new HashMap<>();
  private final ArrayDeque<HistoryEvent> history = new ArrayDeque<>();
  private final List<FakeWatch<?>> watches = new ArrayList<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<Injection> injections = new ArrayList<>();
  private long resourceVersion;
  private long compactedRevision;
  private long uids;
  private boolean inHook;

  public FakeApiClient(ResourceRegistry registry, Clock clock, int historyLimit) {
    this.registry = registry;
    this.clock = clock;
    this.historyLimit = historyLimit;
  }

  public FakeApiClient(Clock clock) {
    this(ResourceRegistry.standard(), clock, 10_000);
  }

  // ---------------------------------------------------------------------------------------------
  // Test hooks

  /** The n-th (1-based, counted from now) call of any verb throws {@code error} without effect. */
  public synchronized void failNthCall(int n, ApiException error) {
    failNthCall(null, n, error);
  }

  /** The n-th (1-based, counted from now) call of {@code verb} throws {@code error} without effect. */
  public synchronized void failNthCall(Verb verb, int n, ApiException error) {
    if (n < 1) {
      throw new IllegalArgumentException("n is 1-based");
    }
    injections.add(new Injection(verb, new int[] {n}, Objects.requireNonNull(error), null));
  }

  /**
   * Runs {@code action} just before the n-th (1-based, from now) call of {@code verb} executes,
   * e.g. a concurrent writer that makes the caller's resourceVersion stale. Calls the action makes
   * are neither recorded nor counted.
   */
  public synchronized void beforeNthCall(Verb verb, int n, Runnable action) {
    if (n < 1) {
      throw new IllegalArgumentException("n is 1-based");
    }
    injections.add(new Injection(verb, new int[] {n}, null, Objects.requireNonNull(action)));
  }

  /** Every call made so far, in order. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<Call> calls(Verb verb) {
    return calls.stream().filter(c -> c.verb() == verb).toList();
  }

  public synchronized void clearCalls() {
    calls.clear();
  }

  /** The current value of the global resourceVersion counter. */
  public synchronized long currentResourceVersion() {
    return resourceVersion;
  }

  /** Ends every open watch with {@link ClientWatch.Event.Expired}, as a 410 from the server. */
  public synchronized void expireWatches() {
    for (FakeWatch<?> w : List.copyOf(watches)) {
      w.expire("too old resource version: " + w.lastRv + " (" + resourceVersion + ")");
    }
    watches.clear();
  }

  /** Forgets all history: a watch from any resourceVersion below the current one gets 410. */
  public synchronized void compactHistory() {
    history.clear();
    compactedRevision = resourceVersion;
  }

  /** Open (not closed, not expired) watches. */
  public synchronized int openWatches() {
    return watches.size();
  }

  /** Names ({@code ns/name} or {@code name}) of the stored objects of {@code type}, sorted. */
  public synchronized List<String> names(Class<? extends HasMetadata> type) {
    return store(typeOf(type)).keySet().stream().map(ResourceKey::toString).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // ApiClient

  @Override
  public synchronized <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    ResourceType t = typeOf(type);
    ResourceKey key = key(t, namespace, name);
    called(Verb.GET, t, key.namespace(), name);
    ObjectNode tree = store(t).get(key);
    return tree == null ? null : typed(tree, type);
  }

  @Override
  public synchronized <T extends HasMetadata> Listing<T> list(Class<T> type, String namespace, String labelSelector) {
    ResourceType t = typeOf(type);
    String ns = t.namespaced() ? emptyToNull(namespace) : null;
    called(Verb.LIST, t, ns, null);
    dev.berth.api.selector.LabelSelector selector = dev.berth.api.selector.LabelSelector.parse(labelSelector);
    List<T> items = new ArrayList<>();
    for (Map.Entry<ResourceKey, ObjectNode> e : store(t).entrySet()) {
      if ((ns == null || ns.equals(e.getKey().namespace())) && selector.matches(labelsOf(e.getValue()))) {
        items.add(typed(e.getValue(), type));
      }
    }
    return new Listing<>(String.valueOf(resourceVersion), items);
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <T extends HasMetadata> T create(T object) {
    ResourceType t = typeOf(object.getClass());
    ObjectNode tree = Json.toTree(object);
    ObjectMeta meta = meta(tree);
    if (t.namespaced() && emptyToNull(meta.getNamespace()) == null) {
      meta.setNamespace("default");
    }
    if (!t.namespaced()) {
      meta.setNamespace(null);
    }
    if (emptyToNull(meta.getName()) == null && emptyToNull(meta.getGenerateName()) != null) {
      meta.setName(meta.getGenerateName() + String.format("%05x", (uids + 1) & 0xfffff));
    }
    called(Verb.CREATE, t, meta.getNamespace(), meta.getName());
    if (emptyToNull(meta.getName()) == null) {
      throw ApiException.invalid(t, "", List.of(FieldError.required("metadata.name", "name or generateName is required")));
    }
    ResourceKey key = new ResourceKey(meta.getNamespace(), meta.getName());
    if (store(t).containsKey(key)) {
      throw ApiException.alreadyExists(t, meta.getName());
    }
    if (t.namespaced() && isTerminating(meta.getNamespace())) {
      throw ApiException.forbidden(t, meta.getName(), "unable to create new content in namespace "
          + meta.getNamespace() + " because it is being terminated");
    }
    meta.setUid(String.format("00000000-0000-4000-8000-%012d", ++uids));
    meta.setCreationTimestamp(timestamp(clock.now()));
    meta.setDeletionTimestamp(null);
    meta.setDeletionGracePeriodSeconds(null);
    meta.setResourceVersion(String.valueOf(++resourceVersion));
    if (tree.has("spec") || meta.getGeneration() != null) {
      meta.setGeneration(1L);
    }
    setMeta(tree, meta);
    tree.put("apiVersion", t.apiVersion());
    tree.put("kind", t.kind());
    if (t.kind().equals("Namespace") && t.group().isEmpty()) {
      ObjectNode spec = tree.has("spec") && tree.get("spec").isObject() ? (ObjectNode) tree.get("spec") : tree.putObject("spec");
      if (!spec.has("finalizers")) {
        spec.putArray("finalizers").add(NAMESPACE_FINALIZER);
      }
      ObjectNode status = tree.has("status") && tree.get("status").isObject() ? (ObjectNode) tree.get("status") : tree.putObject("status");
      if (!status.has("phase")) {
        status.put("phase", "Active");
      }
    }
    store(t).put(key, tree);
    emit(t, "ADDED", tree);
    return typed(tree, (Class<T>) object.getClass());
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <T extends HasMetadata> T update(T object) {
    ResourceType t = typeOf(object.getClass());
    ObjectNode tree = Json.toTree(object);
    ObjectMeta meta = meta(tree);
    ResourceKey key = key(t, meta.getNamespace(), meta.getName());
    called(Verb.UPDATE, t, key.namespace(), key.name());
    ObjectNode existing = existing(t, key);
    if (t.plural().equals("namespaces")) {
      // as the API server: only /finalize changes a Namespace's spec.finalizers
      keepSpecFinalizers(existing, tree);
    }
    return (T) typed(write(t, key, existing, tree, false), object.getClass());
  }

  @Override
  public synchronized io.fabric8.kubernetes.api.model.Namespace finalizeNamespace(io.fabric8.kubernetes.api.model.Namespace namespace) {
    ResourceType t = typeOf(io.fabric8.kubernetes.api.model.Namespace.class);
    ObjectNode tree = Json.toTree(namespace);
    ResourceKey key = key(t, null, namespace.getMetadata().getName());
    called(Verb.UPDATE, t, key.namespace(), key.name());
    ObjectNode existing = existing(t, key);
    ObjectNode next = existing.deepCopy();
    tools.jackson.databind.JsonNode f = tree.path("spec").get("finalizers");
    next.withObjectProperty("spec").set("finalizers", f == null ? Json.MAPPER.createArrayNode() : f.deepCopy());
    for (String field : List.of("resourceVersion", "uid")) {
      tools.jackson.databind.JsonNode v = tree.path("metadata").get(field);
      if (v != null && !v.isNull()) {
        next.withObjectProperty("metadata").set(field, v.deepCopy());
      }
    }
    return typed(write(t, key, existing, next, false), io.fabric8.kubernetes.api.model.Namespace.class);
  }

  private static void keepSpecFinalizers(ObjectNode existing, ObjectNode incoming) {
    tools.jackson.databind.JsonNode f = existing.path("spec").get("finalizers");
    if (f == null) {
      incoming.withObjectProperty("spec").remove("finalizers");
    } else {
      incoming.withObjectProperty("spec").set("finalizers", f.deepCopy());
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <T extends HasMetadata> T updateStatus(T object) {
    ResourceType t = typeOf(object.getClass());
    ObjectNode tree = Json.toTree(object);
    ObjectMeta meta = meta(tree);
    ResourceKey key = key(t, meta.getNamespace(), meta.getName());
    called(Verb.UPDATE_STATUS, t, key.namespace(), key.name());
    if (!t.hasStatus()) {
      throw ApiException.notFoundPath();
    }
    ObjectNode existing = existing(t, key);
    checkPreconditions(t, key.name(), existing, meta.getUid(), meta.getResourceVersion());
    ObjectNode next = existing.deepCopy();
    if (tree.has("status")) {
      next.set("status", tree.get("status"));
    } else {
      next.remove("status");
    }
    if (next.equals(existing)) {
      return (T) typed(existing, object.getClass());
    }
    ObjectMeta m = meta(next);
    m.setResourceVersion(String.valueOf(++resourceVersion));
    setMeta(next, m);
    store(t).put(key, next);
    emit(t, "MODIFIED", next);
    return (T) typed(next, object.getClass());
  }

  @Override
  public synchronized <T extends HasMetadata> T patch(Class<T> type, String namespace, String name, String contentType, String body) {
    ResourceType t = typeOf(type);
    ResourceKey key = key(t, namespace, name);
    called(Verb.PATCH, t, key.namespace(), name);
    ObjectNode existing = existing(t, key);
    String media = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode patch = Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    JsonNode patched = switch (media) {
      case "application/merge-patch+json", "application/strategic-merge-patch+json" -> mergePatch(existing.deepCopy(), patch);
      case "application/json-patch+json" -> jsonPatch(existing.deepCopy(), patch);
      default -> throw ApiException.unsupportedMediaType(contentType);
    };
    if (!(patched instanceof ObjectNode obj)) {
      throw ApiException.badRequest("the patch did not produce an object");
    }
    return typed(write(t, key, existing, obj, false), type);
  }

  @Override
  public synchronized <T extends HasMetadata> T delete(Class<T> type, String namespace, String name, DeleteOptions options) {
    ResourceType t = typeOf(type);
    ResourceKey key = key(t, namespace, name);
    called(Verb.DELETE, t, key.namespace(), name);
    ObjectNode existing = existing(t, key);
    DeleteOptions opts = options == null ? new DeleteOptions() : options;
    Preconditions pre = opts.getPreconditions();
    if (pre != null) {
      checkPreconditions(t, name, existing, pre.getUid(), pre.getResourceVersion());
    }
    if (opts.getDryRun() != null && !opts.getDryRun().isEmpty()) {
      return typed(existing, type);
    }
    ObjectNode next = existing.deepCopy();
    ObjectMeta meta = meta(next);
    boolean alreadyDeleting = meta.getDeletionTimestamp() != null;

    String policy = opts.getPropagationPolicy();
    if (policy == null && opts.getOrphanDependents() != null) {
      policy = opts.getOrphanDependents() ? "Orphan" : "Background";
    }
    List<String> finalizers = new ArrayList<>(meta.getFinalizers() == null ? List.of() : meta.getFinalizers());
    if (policy != null) {
      switch (policy) {
        case "Foreground" -> {
          finalizers.remove(ORPHAN);
          if (!finalizers.contains(FOREGROUND_DELETION)) {
            finalizers.add(FOREGROUND_DELETION);
          }
        }
        case "Orphan" -> {
          finalizers.remove(FOREGROUND_DELETION);
          if (!finalizers.contains(ORPHAN)) {
            finalizers.add(ORPHAN);
          }
        }
        case "Background" -> {
          finalizers.remove(FOREGROUND_DELETION);
          finalizers.remove(ORPHAN);
        }
        default -> throw ApiException.invalid("meta.k8s.io", "DeleteOptions", "", List.of(
            FieldError.notSupported("propagationPolicy", policy, List.of("Foreground", "Background", "Orphan"))));
      }
    }
    meta.setFinalizers(finalizers.isEmpty() ? null : finalizers);

    long grace = graceSeconds(t, existing, opts);
    Instant now = clock.now();
    if (!alreadyDeleting) {
      meta.setDeletionTimestamp(timestamp(now.plusSeconds(grace)));
      meta.setDeletionGracePeriodSeconds(grace);
      if (meta.getGeneration() != null) {
        meta.setGeneration(meta.getGeneration() + 1);
      }
    } else if (meta.getDeletionGracePeriodSeconds() != null && grace < meta.getDeletionGracePeriodSeconds()) {
      // A later DELETE may shorten the grace period, never lengthen it.
      meta.setDeletionTimestamp(timestamp(now.plusSeconds(grace)));
      meta.setDeletionGracePeriodSeconds(grace);
    }
    setMeta(next, meta);
    if (isNamespace(t)) {
      ObjectNode status = next.has("status") && next.get("status").isObject() ? (ObjectNode) next.get("status") : next.putObject("status");
      status.put("phase", "Terminating");
    }
    if (canBeRemoved(t, next)) {
      // Removed at once: the DELETED event carries the last stored state.
      remove(t, key, alreadyDeleting ? next : existing);
      return null;
    }
    if (!next.equals(existing)) {
      meta = meta(next);
      meta.setResourceVersion(String.valueOf(++resourceVersion));
      setMeta(next, meta);
      store(t).put(key, next);
      emit(t, "MODIFIED", next);
    }
    return typed(next, type);
  }

  @Override
  public synchronized void bindPod(String namespace, String name, String nodeName) {
    ResourceType t = typeOf(io.fabric8.kubernetes.api.model.Pod.class);
    ResourceKey key = key(t, namespace, name);
    called(Verb.BIND, t, key.namespace(), key.name());
    ObjectNode existing = existing(t, key);
    String bound = existing.path("spec").path("nodeName").asString("");
    if (!bound.isEmpty()) {
      throw ApiException.conflict(t, name, "pod " + name + " is already assigned to node \"" + bound + "\"");
    }
    ObjectNode next = existing.deepCopy();
    next.withObjectProperty("spec").put("nodeName", nodeName);
    ObjectNode cond = next.withObjectProperty("status").withArrayProperty("conditions").addObject();
    cond.put("type", "PodScheduled");
    cond.put("status", "True");
    ObjectMeta m = meta(next);
    m.setResourceVersion(String.valueOf(++resourceVersion));
    setMeta(next, m);
    store(t).put(key, next);
    emit(t, "MODIFIED", next);
  }

  /**
   * A token {@code fake-token/<ns>/<sa>/<pod or "-">/<n>}, valid for the requested seconds from the
   * fake clock's now; 404 when the service account or the bound pod is missing.
   */
  @Override
  public synchronized TokenResponse requestToken(String namespace, String serviceAccount, TokenRequest request) {
    ResourceType t = typeOf(io.fabric8.kubernetes.api.model.ServiceAccount.class);
    ResourceKey key = key(t, namespace, serviceAccount);
    called(Verb.TOKEN, t, key.namespace(), key.name());
    existing(t, key);
    if (request.boundPodName() != null) {
      ResourceType pods = typeOf(io.fabric8.kubernetes.api.model.Pod.class);
      existing(pods, key(pods, namespace, request.boundPodName()));
    }
    return new TokenResponse("fake-token/" + namespace + "/" + serviceAccount + "/"
        + (request.boundPodName() == null ? "-" : request.boundPodName()) + "/" + (++uids),
        clock.now().plusSeconds(request.expirationSeconds()));
  }

  @Override
  public synchronized <T extends HasMetadata> ClientWatch<T> watch(Class<T> type, String namespace, String fromResourceVersion) {
    ResourceType t = typeOf(type);
    String ns = t.namespaced() ? emptyToNull(namespace) : null;
    called(Verb.WATCH, t, ns, null);
    FakeWatch<T> w = new FakeWatch<>(t, type, ns, historyLimit);
    if (fromResourceVersion == null || fromResourceVersion.isEmpty() || fromResourceVersion.equals("0")) {
      for (Map.Entry<ResourceKey, ObjectNode> e : store(t).entrySet()) {
        if (ns == null || ns.equals(e.getKey().namespace())) {
          w.offer("ADDED", e.getValue(), resourceVersion);
        }
      }
      w.lastRv = resourceVersion;
    } else {
      long from;
      try {
        from = Long.parseLong(fromResourceVersion);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid resource version: " + fromResourceVersion);
      }
      w.lastRv = from;
      if (from < compactedRevision) {
        w.expire("too old resource version: " + from + " (" + resourceVersion + ")");
        return w;
      }
      for (HistoryEvent h : history) {
        if (h.rv() > from && h.type().equals(t) && (ns == null || ns.equals(h.namespace()))) {
          w.offer(h.kind(), h.object(), h.rv());
        }
      }
    }
    watches.add(w);
    return w;
  }

  // ---------------------------------------------------------------------------------------------
  // The write path shared by update and patch

  private ObjectNode write(ResourceType t, ResourceKey key, ObjectNode existing, ObjectNode incoming, boolean statusToo) {
    ObjectMeta in = meta(incoming);
    ObjectMeta old = meta(existing);
    checkPreconditions(t, key.name(), existing, in.getUid(), in.getResourceVersion());
    if (old.getDeletionTimestamp() != null) {
      List<String> before = old.getFinalizers() == null ? List.of() : old.getFinalizers();
      List<String> added = (in.getFinalizers() == null ? List.<String>of() : in.getFinalizers()).stream()
          .filter(f -> !before.contains(f)).toList();
      if (!added.isEmpty()) {
        throw ApiException.invalid(t, key.name(), List.of(FieldError.forbidden("metadata.finalizers",
            "no new finalizers can be added if the object is being deleted, found new finalizers " + added)));
      }
    }
    // System-owned metadata comes from the stored object.
    in.setName(old.getName());
    in.setNamespace(old.getNamespace());
    in.setUid(old.getUid());
    in.setCreationTimestamp(old.getCreationTimestamp());
    in.setDeletionTimestamp(old.getDeletionTimestamp());
    in.setDeletionGracePeriodSeconds(old.getDeletionGracePeriodSeconds());
    in.setGeneration(old.getGeneration());
    in.setResourceVersion(old.getResourceVersion());
    if (in.getFinalizers() != null && in.getFinalizers().isEmpty()) {
      in.setFinalizers(null);
    }
    if (in.getOwnerReferences() != null && in.getOwnerReferences().isEmpty()) {
      in.setOwnerReferences(null);
    }
    ObjectNode next = incoming.deepCopy();
    setMeta(next, in);
    next.put("apiVersion", t.apiVersion());
    next.put("kind", t.kind());
    if (t.hasStatus() && !statusToo) {
      if (existing.has("status")) {
        next.set("status", existing.get("status").deepCopy());
      } else {
        next.remove("status");
      }
    }
    if (next.equals(existing)) {
      return existing;
    }
    if (old.getGeneration() != null && !withoutMetaAndStatus(next).equals(withoutMetaAndStatus(existing))) {
      in.setGeneration(old.getGeneration() + 1);
    }
    in.setResourceVersion(String.valueOf(++resourceVersion));
    setMeta(next, in);
    if (canBeRemoved(t, next)) {
      remove(t, key, next);
      return next;
    }
    store(t).put(key, next);
    emit(t, "MODIFIED", next);
    return next;
  }

  private static ObjectNode withoutMetaAndStatus(ObjectNode tree) {
    ObjectNode copy = tree.deepCopy();
    copy.remove(List.of("metadata", "status", "apiVersion", "kind"));
    return copy;
  }

  /** Being deleted, no finalizers left, no grace period pending (pods), no namespace finalizers. */
  private boolean canBeRemoved(ResourceType t, ObjectNode tree) {
    ObjectMeta m = meta(tree);
    if (m.getDeletionTimestamp() == null) {
      return false;
    }
    if (m.getFinalizers() != null && !m.getFinalizers().isEmpty()) {
      return false;
    }
    if (isPod(t) && m.getDeletionGracePeriodSeconds() != null && m.getDeletionGracePeriodSeconds() > 0) {
      return false;
    }
    if (isNamespace(t)) {
      JsonNode f = tree.path("spec").path("finalizers");
      return !f.isArray() || f.isEmpty();
    }
    return true;
  }

  private void remove(ResourceType t, ResourceKey key, ObjectNode last) {
    ObjectNode gone = last.deepCopy();
    ObjectMeta m = meta(gone);
    m.setResourceVersion(String.valueOf(++resourceVersion));
    setMeta(gone, m);
    store(t).remove(key);
    emit(t, "DELETED", gone);
  }

  /** §12.2.1: pods only; unscheduled or finished pods have no grace. */
  private static long graceSeconds(ResourceType t, ObjectNode existing, DeleteOptions opts) {
    if (!isPod(t)) {
      return 0;
    }
    String nodeName = text(existing.path("spec").path("nodeName"));
    String phase = text(existing.path("status").path("phase"));
    if (nodeName == null || nodeName.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)) {
      return 0;
    }
    if (opts.getGracePeriodSeconds() != null) {
      return Math.max(0, opts.getGracePeriodSeconds());
    }
    JsonNode g = existing.path("spec").path("terminationGracePeriodSeconds");
    return g.isNumber() ? Math.max(0, g.longValue()) : 30;
  }

  private void checkPreconditions(ResourceType t, String name, ObjectNode existing, String uid, String rv) {
    ObjectMeta m = meta(existing);
    if (emptyToNull(uid) != null && !uid.equals(m.getUid())) {
      throw ApiException.conflict(t, name, "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + m.getUid());
    }
    if (emptyToNull(rv) != null && !rv.equals(m.getResourceVersion())) {
      throw ApiException.conflict(t, name);
    }
  }

  private boolean isTerminating(String namespace) {
    ResourceType nsType = registry.byJavaType(io.fabric8.kubernetes.api.model.Namespace.class).orElseThrow();
    ObjectNode ns = store(nsType).get(new ResourceKey(null, namespace));
    return ns != null && (meta(ns).getDeletionTimestamp() != null || "Terminating".equals(text(ns.path("status").path("phase"))));
  }

  private static boolean isPod(ResourceType t) {
    return t.group().isEmpty() && t.kind().equals("Pod");
  }

  private static boolean isNamespace(ResourceType t) {
    return t.group().isEmpty() && t.kind().equals("Namespace");
  }

  // ---------------------------------------------------------------------------------------------
  // Patches

  /** RFC 7386. */
  private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = target != null && target.isObject() ? (ObjectNode) target : Json.MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }

  /** RFC 6902, the operations controllers use: add, remove, replace, test. */
  private static JsonNode jsonPatch(ObjectNode target, JsonNode ops) {
    if (!ops.isArray()) {
      throw ApiException.badRequest("a JSON patch must be an array");
    }
    for (JsonNode op : ops) {
      String kind = text(op.path("op"));
      String path = text(op.path("path"));
      if (kind == null || path == null) {
        throw ApiException.badRequest("a JSON patch operation needs op and path");
      }
      List<String> tokens = pointer(path);
      if (tokens.isEmpty()) {
        throw ApiException.unprocessable("the root cannot be patched");
      }
      JsonNode parent = target;
      for (String tok : tokens.subList(0, tokens.size() - 1)) {
        parent = parent.isArray() ? parent.path(Integer.parseInt(tok)) : parent.path(tok);
        if (parent.isMissingNode()) {
          throw ApiException.unprocessable("jsonpatch " + kind + " operation does not apply: doc is missing path: \"" + path + "\"");
        }
      }
      String last = tokens.get(tokens.size() - 1);
      switch (kind) {
        case "add" -> {
          if (parent instanceof ObjectNode o) {
            o.set(last, op.path("value").deepCopy());
          } else if (parent instanceof ArrayNode a) {
            if (last.equals("-")) {
              a.add(op.path("value").deepCopy());
            } else {
              a.insert(Integer.parseInt(last), op.path("value").deepCopy());
            }
          }
        }
        case "remove", "replace" -> {
          boolean present = parent instanceof ObjectNode o ? o.has(last)
              : parent instanceof ArrayNode a && Integer.parseInt(last) < a.size();
          if (!present) {
            throw ApiException.unprocessable("jsonpatch " + kind + " operation does not apply: doc is missing path: \"" + path + "\"");
          }
          if (parent instanceof ObjectNode o) {
            if (kind.equals("remove")) {
              o.remove(last);
            } else {
              o.set(last, op.path("value").deepCopy());
            }
          } else if (parent instanceof ArrayNode a) {
            if (kind.equals("remove")) {
              a.remove(Integer.parseInt(last));
            } else {
              a.set(Integer.parseInt(last), op.path("value").deepCopy());
            }
          }
        }
        case "test" -> {
          JsonNode actual = parent.isArray() ? parent.path(Integer.parseInt(last)) : parent.path(last);
          if (!actual.equals(op.path("value"))) {
            throw ApiException.unprocessable("testing value " + path + " failed");
          }
        }
        default -> throw ApiException.badRequest("unsupported JSON patch operation " + kind);
      }
    }
    return target;
  }

  private static List<String> pointer(String path) {
    if (path.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String s : path.substring(1).split("/", -1)) {
      out.add(s.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing

  private void called(Verb verb, ResourceType t, String namespace, String name) {
    if (inHook) {
      return;
    }
    calls.add(new Call(verb, t.qualifiedName(), namespace, name));
    ApiException error = null;
    List<Runnable> actions = new ArrayList<>();
    for (Iterator<Injection> it = injections.iterator(); it.hasNext(); ) {
      Injection inj = it.next();
      if (inj.verb() != null && inj.verb() != verb) {
        continue;
      }
      if (--inj.remaining()[0] == 0) {
        it.remove();
        if (inj.error() != null) {
          error = error == null ? inj.error() : error;
        } else {
          actions.add(inj.action());
        }
      }
    }
    if (!actions.isEmpty()) {
      inHook = true;
      try {
        actions.forEach(Runnable::run);
      } finally {
        inHook = false;
      }
    }
    if (error != null) {
      throw error;
    }
  }

  private ResourceType typeOf(Class<?> type) {
    return registry.byJavaType(type).orElseThrow(() -> new IllegalArgumentException("not a served resource: " + type.getName()));
  }

  private TreeMap<ResourceKey, ObjectNode> store(ResourceType t) {
    return objects.computeIfAbsent(t, k -> new TreeMap<>(Comparator
        .comparing(ResourceKey::namespace, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
        .thenComparing(ResourceKey::name)));
  }

  private static ResourceKey key(ResourceType t, String namespace, String name) {
    if (name == null || name.isEmpty()) {
      throw ApiException.badRequest("resource name may not be empty");
    }
    if (t.namespaced() && emptyToNull(namespace) == null) {
      throw new IllegalArgumentException(t.qualifiedName() + " is namespaced: a namespace is required for " + name);
    }
    return new ResourceKey(t.namespaced() ? namespace : null, name);
  }

  private ObjectNode existing(ResourceType t, ResourceKey key) {
    ObjectNode tree = store(t).get(key);
    if (tree == null) {
      throw ApiException.notFound(t, key.name());
    }
    return tree;
  }

  private void emit(ResourceType t, String kind, ObjectNode tree) {
    long rv = Long.parseLong(meta(tree).getResourceVersion());
    String ns = t.namespaced() ? meta(tree).getNamespace() : null;
    ObjectNode frozen = tree.deepCopy();
    history.addLast(new HistoryEvent(rv, t, ns, kind, frozen));
    while (history.size() > historyLimit) {
      compactedRevision = history.removeFirst().rv();
    }
    for (Iterator<FakeWatch<?>> it = watches.iterator(); it.hasNext(); ) {
      FakeWatch<?> w = it.next();
      if (w.closed) {
        it.remove();
      } else if (w.type.equals(t) && (w.namespace == null || w.namespace.equals(ns))) {
        if (!w.offer(kind, frozen, rv)) {
          it.remove();
        }
      }
    }
  }

  private static <T> T typed(ObjectNode tree, Class<T> type) {
    return Json.toTyped(tree, type);
  }

  private static ObjectMeta meta(ObjectNode tree) {
    JsonNode m = tree.get("metadata");
    return m == null || !m.isObject() ? new ObjectMeta() : Json.toTyped(m, ObjectMeta.class);
  }

  private static void setMeta(ObjectNode tree, ObjectMeta meta) {
    tree.set("metadata", Json.toTree(meta));
  }

  private static Map<String, String> labelsOf(ObjectNode tree) {
    Map<String, String> labels = meta(tree).getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static String text(JsonNode n) {
    return n != null && n.isString() ? n.stringValue() : null;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String timestamp(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  // ---------------------------------------------------------------------------------------------

  /** A watch with its own bounded buffer: a slow reader never blocks a writer; overflow is a 410. */
  private final class FakeWatch<T extends HasMetadata> implements ClientWatch<T> {
    private final ResourceType type;
    private final Class<T> javaType;
    private final String namespace;
    private final int capacity;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private boolean ended;
    private long lastRv;
    private static final Object CLOSED = new Object();

    FakeWatch(ResourceType type, Class<T> javaType, String namespace, int capacity) {
      this.type = type;
      this.javaType = javaType;
      this.namespace = namespace;
      this.capacity = capacity;
    }

    /** False when the watch is over (closed, or just expired by overflow). */
    boolean offer(String kind, ObjectNode tree, long rv) {
      if (closed || ended) {
        return false;
      }
      if (events.size() >= capacity) {
        expire("watch buffer full at resourceVersion " + lastRv);
        return false;
      }
      T object = typed(tree, javaType);
      events.add(switch (kind) {
        case "ADDED" -> new Event.Added<>(object);
        case "MODIFIED" -> new Event.Modified<>(object);
        case "DELETED" -> new Event.Deleted<>(object);
        default -> throw new IllegalArgumentException(kind);
      });
      lastRv = rv;
      return true;
    }

    void expire(String message) {
      if (ended) {
        return;
      }
      ended = true;
      events.clear();
      events.add(new Event.Expired<T>(message));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Event<T> poll(Duration timeout) throws InterruptedException {
      if (closed) {
        return null;
      }
      Object e = timeout.isZero() ? events.poll() : events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return e == null || e == CLOSED ? null : (Event<T>) e;
    }

    @Override
    public void close() {
      closed = true;
      events.add(CLOSED);
      synchronized (FakeApiClient.this) {
        watches.remove(this);
      }
    }
  }
}
