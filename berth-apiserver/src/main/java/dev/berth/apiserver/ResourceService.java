package dev.berth.apiserver;

import dev.berth.api.ApiException;
import dev.berth.api.FieldError;
import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.patch.JsonMergePatch;
import dev.berth.api.patch.JsonPatch;
import dev.berth.api.patch.ServerSideApply;
import dev.berth.api.patch.StrategicMergePatch;
import dev.berth.api.schema.Schema;
import dev.berth.api.schema.Schemas;
import dev.berth.api.schema.UnknownFields;
import dev.berth.api.selector.FieldSelector;
import dev.berth.api.selector.LabelSelector;
import dev.berth.api.selector.SelectableFields;
import dev.berth.api.time.Clock;
import dev.berth.api.validation.KindRules;
import dev.berth.api.validation.KindRulesRegistry;
import dev.berth.store.Store;
import dev.berth.store.StoreException;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's behaviour for every resource, independent of HTTP: what the kube-apiserver's generic
 * registry and per-kind strategies do ({@code spec/api-server.md} §7, §11, §12). Both the HTTP
 * layer and the in-process client call it, so controllers see the same defaulting, validation,
 * 409s and 422s as kubectl.
 *
 * <p>Objects go in and come out as JSON trees in their external form; the store keeps them in the
 * storage form (core/v1 for events). Returned trees are copies the caller may change.
 */
public final class ResourceService {
  /** Kinds whose strategy maintains {@code metadata.generation}. */
  private static final Set<String> GENERATION_KINDS = Set.of("apps/statefulsets", "apps/deployments", "apps/replicasets");

  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final int MAX_RETRIES = 16;

  private final ResourceRegistry registry;
  private final Store store;
  private final Clock clock;
  private final Admission admission;
  private final ServiceAccountTokens tokens;
  private final SecureRandom random = new SecureRandom();

  /** With a service-account signing key of its own, made now (tests; tokens die with the instance). */
  public ResourceService(ResourceRegistry registry, Store store, Clock clock, IpRange serviceRange) {
    this(registry, store, clock, serviceRange, new ServiceAccountTokens(ephemeralKey()));
  }

  /** @param tokens signs and checks service-account tokens ({@link Pki#serviceAccountKey()}) */
  public ResourceService(ResourceRegistry registry, Store store, Clock clock, IpRange serviceRange, ServiceAccountTokens tokens) {
    this.registry = registry;
    this.store = store;
    this.clock = clock;
    this.admission = new Admission(store, serviceRange);
    this.tokens = tokens;
  }

  private static java.security.KeyPair ephemeralKey() {
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
      g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public ResourceRegistry registry() {
    return registry;
  }

  public Store store() {
    return store;
  }

  public Clock clock() {
    return clock;
  }

  // ---------------------------------------------------------------- reads

  public ObjectNode get(ResourceType t, String namespace, String name) {
    ObjectNode o = store.get(t.storageKey(), ns(t, namespace), name).orElseThrow(() -> ApiException.notFound(t, name));
    return external(t, o);
  }

  /** A list with its resourceVersion; items are external copies, sorted by namespace and name. */
  public Listing list(ResourceType t, String namespace, LabelSelector labels, FieldSelector fields) {
    SelectableFields.check(t, fields);
    Store.Snapshot s = store.list(t.storageKey(), t.namespaced() ? namespace : null);
    List<ObjectNode> items = new ArrayList<>();
    for (ObjectNode o : s.items()) {
      if (matches(t, o, labels, fields)) {
        items.add(external(t, o));
      }
    }
    return new Listing(s.revision(), items);
  }

  public record Listing(long revision, List<ObjectNode> items) {}

  boolean matches(ResourceType t, ObjectNode stored, LabelSelector labels, FieldSelector fields) {
    if (!labels.isEmpty()) {
      java.util.Map<String, String> l = new java.util.HashMap<>();
      for (var e : stored.path("metadata").path("labels").properties()) {
        l.put(e.getKey(), e.getValue().asString(""));
      }
      if (!labels.matches(l)) {
        return false;
      }
    }
    return fields.isEmpty() || fields.matches(SelectableFields.of(t, stored));
  }

  // ---------------------------------------------------------------- create

  public WriteResult create(ResourceType t, String namespace, ObjectNode body, WriteOptions opts) {
    return create(t, namespace, body, opts, true);
  }

  /**
   * @param recordManager false for server-side apply, whose result already carries the applier's
   *     {@code Apply} entry; an {@code Update} entry for the same manager would take its fields
   */
  private WriteResult create(ResourceType t, String namespace, ObjectNode body, WriteOptions opts, boolean recordManager) {
    ObjectNode obj = internal(t, body.deepCopy());
    List<String> warnings = new ArrayList<>();
    checkTypeMeta(t, body);
    String ns = ns(t, namespace);
    ObjectNode meta = ObjectMetas.meta(obj);
    String bodyNs = meta.path("namespace").asString("");
    if (t.namespaced()) {
      if (!bodyNs.isEmpty() && !bodyNs.equals(ns)) {
        throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      meta.put("namespace", ns);
    } else {
      meta.remove("namespace");
    }
    pruneUnknown(t, obj, opts, warnings);
    String generateName = meta.path("generateName").asString("");
    boolean generated = meta.path("name").asString("").isEmpty() && !generateName.isEmpty();
    Instant now = clock.now();
    for (String f : List.of("uid", "creationTimestamp", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "generation")) {
      meta.remove(f);
    }
    prepareStatusForCreate(t, obj);
    int requestWarnings = warnings.size();
    for (int attempt = 0; ; attempt++) {
      warnings.subList(requestWarnings, warnings.size()).clear(); // a retried pass warns afresh
      if (generated) {
        meta.put("name", generateName + randomSuffix());
      }
      String name = meta.path("name").asString("");
      admission.checkNamespace(t, ns, name);
      ObjectNode candidate = obj.deepCopy();
      HasMetadata typed = decode(t, candidate);
      KindRules<HasMetadata> rules = rules(t);
      rules.applyDefaults(typed);
      ObjectNode defaulted = Json.toTree(typed);
      restoreTypeMeta(t, defaulted);
      keepEmbeddedTypeMetaAsSent(candidate, defaulted);
      // server-owned metadata comes after defaulting, which (like upstream's) tells a new object by its missing uid
      ObjectNode dm = ObjectMetas.meta(defaulted);
      dm.put("uid", UUID.randomUUID().toString());
      dm.put("creationTimestamp", ObjectMetas.timestamp(now));
      if (GENERATION_KINDS.contains(t.storageKey())) {
        dm.put("generation", 1);
      }
      // the chosen ClusterIP and nodePorts stay reserved until the store has them
      try (Admission.Reservation reserved = admission.admitCreate(t, defaulted)) {
        typed = decode(t, defaulted);
        List<FieldError> errors = validate(t, defaulted, null);
        if (!errors.isEmpty()) {
          throw ApiException.invalid(t, name, errors);
        }
        warnings.addAll(rules.warnings(typed));
        ObjectNode toStore = recordManager
            ? ServerSideApply.recordUpdate(null, defaulted, opts.fieldManager(), t.apiVersion(), now, schema(t))
            : defaulted;
        if (opts.dryRun()) {
          toStore.withObjectProperty("metadata").remove("uid");
          return new WriteResult(external(t, toStore), warnings, true);
        }
        try {
          ObjectNode stored = store.create(t.storageKey(), ns, name, toStore);
          return new WriteResult(external(t, stored), warnings, true);
        } catch (StoreException.AlreadyExists e) {
          if (!generated || attempt >= MAX_RETRIES) {
            throw ApiException.alreadyExists(t, name);
          }
        } catch (StoreException.Unavailable e) {
          throw ApiException.internal(e.getMessage());
        }
      }
    }
  }

  // ---------------------------------------------------------------- update

  /**
   * PUT on the object ({@code subresource} null), its {@code status}, or a namespace's
   * {@code finalize}.
   */
  public WriteResult update(ResourceType t, String namespace, String name, String subresource, ObjectNode body, WriteOptions opts) {
    checkTypeMeta(t, body);
    ObjectNode in = internal(t, body.deepCopy());
    String bodyName = in.path("metadata").path("name").asString("");
    if (!bodyName.isEmpty() && !bodyName.equals(name)) {
      throw ApiException.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
    }
    String bodyNs = in.path("metadata").path("namespace").asString("");
    if (t.namespaced() && !bodyNs.isEmpty() && !bodyNs.equals(ns(t, namespace))) {
      throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    long precondition = ObjectMetas.resourceVersion(in);
    List<String> warnings = new ArrayList<>();
    pruneUnknown(t, in, opts, warnings);
    return writeLoop(t, namespace, name, precondition, opts, warnings, current -> in.deepCopy(), subresource, true);
  }

  /** Produces the requested new state from the current stored state; called again on a race. */
  @FunctionalInterface
  interface Mutation {
    ObjectNode apply(ObjectNode current);
  }

  private WriteResult writeLoop(ResourceType t, String namespace, String name, long precondition, WriteOptions opts,
      List<String> warnings, Mutation mutation, String subresource, boolean recordManager) {
    String ns = ns(t, namespace);
    int requestWarnings = warnings.size();
    for (int attempt = 0; ; attempt++) {
      warnings.subList(requestWarnings, warnings.size()).clear(); // the mutation and the rules warn afresh on a retried pass
      ObjectNode current = store.get(t.storageKey(), ns, name).orElseThrow(() -> ApiException.notFound(t, name));
      long currentRv = ObjectMetas.resourceVersion(current);
      if (precondition != 0 && precondition != currentRv) {
        throw ApiException.conflict(t, name);
      }
      ObjectNode requested = mutation.apply(current.deepCopy());
      long requestedRv = ObjectMetas.resourceVersion(requested);
      if (requestedRv != 0 && requestedRv != currentRv) {
        throw ApiException.conflict(t, name);
      }
      ObjectNode next = compose(t, current, requested, subresource);
      HasMetadata typed = decode(t, next);
      KindRules<HasMetadata> rules = rules(t);
      rules.applyDefaults(typed);
      ObjectNode defaulted = Json.toTree(typed);
      restoreTypeMeta(t, defaulted);
      keepEmbeddedTypeMetaAsSent(next, defaulted);
      // the chosen ClusterIP and nodePorts stay reserved until the store has them
      try (Admission.Reservation reserved = subresource == null
          ? admission.admitUpdate(t, defaulted, current) : Admission.Reservation.NONE) {
        typed = decode(t, defaulted);
        List<FieldError> errors = validate(t, defaulted, current);
        if (!errors.isEmpty()) {
          throw ApiException.invalid(t, name, errors);
        }
        if (subresource == null) {
          warnings.addAll(rules.warnings(typed));
        }
        bumpGeneration(t, current, defaulted);
        if (sameIgnoringVersion(current, defaulted)) {
          return new WriteResult(external(t, current), warnings, false);
        }
        ObjectNode toStore = recordManager
            ? ServerSideApply.recordUpdate(current, defaulted, opts.fieldManager(), t.apiVersion(), clock.now(), schema(t))
            : defaulted;
        ObjectMetas.meta(toStore).put("resourceVersion", String.valueOf(currentRv));
        if (opts.dryRun()) {
          return new WriteResult(external(t, toStore), warnings, false);
        }
        try {
          if (readyToRemove(t, toStore)) {
            ObjectNode gone = store.delete(t.storageKey(), ns, name, currentRv);
            return new WriteResult(external(t, gone), warnings, false);
          }
          ObjectNode stored = store.update(t.storageKey(), ns, name, currentRv, toStore);
          return new WriteResult(external(t, stored), warnings, false);
        } catch (StoreException.Conflict | StoreException.NotFound e) {
          // Another write landed since the read. A patch's result carries the resourceVersion it
          // was applied to, so requestedRv alone says nothing: the next pass re-applies the mutation
          // to the fresh object and fails there only if the client itself named a stale version.
          if (precondition != 0 || attempt >= MAX_RETRIES) {
            throw e instanceof StoreException.NotFound ? ApiException.notFound(t, name) : ApiException.conflict(t, name);
          }
        } catch (StoreException.Unavailable e) {
          throw ApiException.internal(e.getMessage());
        }
      }
    }
  }

  /**
   * The new stored state from the current one and the requested one: the main resource keeps the
   * current status and server-owned metadata; {@code status} keeps everything but status;
   * {@code finalize} changes only a namespace's {@code spec.finalizers}.
   */
  private ObjectNode compose(ResourceType t, ObjectNode current, ObjectNode requested, String subresource) {
    ObjectNode next;
    if (subresource == null) {
      next = requested;
      if (t.storageKey().equals("namespaces")) {
        // upstream's namespace strategy: only /finalize changes spec.finalizers
        JsonNode f = current.path("spec").get("finalizers");
        if (f == null) {
          next.withObjectProperty("spec").remove("finalizers");
        } else {
          next.withObjectProperty("spec").set("finalizers", f.deepCopy());
        }
      }
      if (t.hasStatus()) {
        JsonNode st = current.get("status");
        if (st == null) {
          next.remove("status");
        } else {
          next.set("status", st.deepCopy());
        }
      }
    } else if (subresource.equals("status")) {
      next = current.deepCopy();
      JsonNode st = requested.get("status");
      if (st == null) {
        next.remove("status");
      } else {
        next.set("status", st.deepCopy());
      }
    } else if (subresource.equals("finalize")) {
      next = current.deepCopy();
      // an absent list is an empty one (fabric8 and kubectl omit empty lists)
      JsonNode f = requested.path("spec").get("finalizers");
      next.withObjectProperty("spec").set("finalizers", f == null || f.isNull() ? Json.MAPPER.createArrayNode() : f.deepCopy());
    } else {
      throw ApiException.notFoundPath();
    }
    ObjectNode cm = (ObjectNode) current.get("metadata");
    ObjectNode nm = ObjectMetas.meta(next);
    for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "name", "namespace")) {
      JsonNode v = cm.get(f);
      if (v == null) {
        nm.remove(f);
      } else {
        nm.set(f, v.deepCopy());
      }
    }
    if (!nm.has("managedFields") && cm.has("managedFields")) {
      nm.set("managedFields", cm.get("managedFields").deepCopy());
    }
    nm.remove("selfLink");
    restoreTypeMeta(t, next);
    return next;
  }

  /**
   * Whether a write would change nothing but the resourceVersion (then it is skipped, as upstream
   * skips no-op updates). Compared as re-parsed JSON: a tree built from a model object holds a
   * {@code LongNode} where the stored tree holds an {@code IntNode} for the same number.
   */
  private static boolean sameIgnoringVersion(ObjectNode a, ObjectNode b) {
    ObjectNode x = a.deepCopy();
    ObjectNode y = b.deepCopy();
    for (ObjectNode o : List.of(x, y)) {
      ObjectMetas.meta(o).remove("resourceVersion");
      ObjectMetas.meta(o).remove("managedFields");
    }
    return Json.parse(Json.bytes(x)).equals(Json.parse(Json.bytes(y)));
  }

  private void bumpGeneration(ResourceType t, ObjectNode current, ObjectNode next) {
    if (!GENERATION_KINDS.contains(t.storageKey())) {
      return;
    }
    ObjectNode a = current.deepCopy();
    ObjectNode b = next.deepCopy();
    a.remove(List.of("metadata", "status"));
    b.remove(List.of("metadata", "status"));
    long gen = current.path("metadata").path("generation").asLong(1);
    boolean deletionStarted = !ObjectMetas.hasDeletionTimestamp(current) && ObjectMetas.hasDeletionTimestamp(next);
    if (!a.equals(b) || deletionStarted) {
      gen++;
    }
    ObjectMetas.meta(next).put("generation", gen);
  }

  /** An object being deleted whose last finalizer is gone (and, for a pod, no grace left) is removed. */
  private static boolean readyToRemove(ResourceType t, ObjectNode obj) {
    if (!ObjectMetas.hasDeletionTimestamp(obj) || !ObjectMetas.finalizers(obj).isEmpty()) {
      return false;
    }
    if (t.storageKey().equals("namespaces")) {
      return obj.path("spec").path("finalizers").isEmpty();
    }
    if (t.storageKey().equals("pods")) {
      return obj.path("metadata").path("deletionGracePeriodSeconds").asLong(0) == 0;
    }
    return true;
  }

  // ---------------------------------------------------------------- patch

  public enum PatchType {
    JSON("application/json-patch+json"),
    MERGE("application/merge-patch+json"),
    STRATEGIC("application/strategic-merge-patch+json"),
    APPLY("application/apply-patch+yaml");

    public final String mediaType;

    PatchType(String mediaType) {
      this.mediaType = mediaType;
    }

    public static PatchType of(String contentType) {
      String ct = contentType == null ? "" : contentType.split(";")[0].trim();
      for (PatchType p : values()) {
        if (p.mediaType.equals(ct)) {
          return p;
        }
      }
      if (ct.equals("application/apply-patch+cbor")) {
        throw ApiException.unsupportedMediaType(ct);
      }
      throw ApiException.unsupportedMediaType(ct);
    }
  }

  /** PATCH; server-side apply creates the object when it is absent (201). */
  public WriteResult patch(ResourceType t, String namespace, String name, String subresource, PatchType type, JsonNode patch, WriteOptions opts) {
    List<String> warnings = new ArrayList<>();
    String ns = ns(t, namespace);
    if (type == PatchType.APPLY) {
      if (!(patch instanceof ObjectNode applied)) {
        throw ApiException.badRequest("the server-side apply body must be an object");
      }
      ObjectNode appliedInternal = internal(t, applied.deepCopy());
      checkTypeMeta(t, applied);
      pruneUnknown(t, appliedInternal, opts, warnings);
      if (subresource == null && store.get(t.storageKey(), ns, name).isEmpty()) {
        ObjectNode m = ObjectMetas.meta(appliedInternal);
        if (!m.path("name").asString("").isEmpty() && !m.path("name").asString("").equals(name)) {
          throw ApiException.badRequest("the name of the object (" + m.path("name").asString() + ") does not match the name on the URL (" + name + ")");
        }
        m.put("name", name);
        ServerSideApply.Result r = ServerSideApply.apply(null, appliedInternal, opts.fieldManager(), opts.force(), schema(t), t.apiVersion(), clock.now());
        WriteResult created = create(t, namespace, external(t, r.object()),
            new WriteOptions(opts.dryRun(), opts.fieldManager(), WriteOptions.FieldValidation.IGNORE, opts.force()), false);
        List<String> all = new ArrayList<>(warnings);
        all.addAll(created.warnings());
        return new WriteResult(created.object(), all, true);
      }
      return writeLoop(t, namespace, name, 0, opts, warnings, current -> {
        ServerSideApply.Result r = ServerSideApply.apply(current, appliedInternal, opts.fieldManager(), opts.force(), schema(t), t.apiVersion(), clock.now());
        ObjectNode out = r.object();
        checkSameObject(t, ns, name, out);
        ObjectMetas.meta(out).put("resourceVersion", current.path("metadata").path("resourceVersion").asString(""));
        return out;
      }, subresource, false);
    }
    Mutation m = current -> {
      JsonNode ext = external(t, current);
      JsonNode patched = switch (type) {
        case JSON -> JsonPatch.apply(ext, patch);
        case MERGE -> JsonMergePatch.apply(ext, patch);
        case STRATEGIC -> {
          if (!(patch instanceof ObjectNode p)) {
            throw ApiException.badRequest("a strategic merge patch must be a JSON object");
          }
          yield StrategicMergePatch.apply((ObjectNode) ext, p, schema(t));
        }
        case APPLY -> throw new IllegalStateException();
      };
      if (!(patched instanceof ObjectNode po)) {
        throw ApiException.badRequest("the patched object is not a JSON object");
      }
      checkSameObject(t, ns, name, po);
      ObjectNode result = internal(t, po);
      pruneUnknown(t, result, opts, warnings);
      return result;
    };
    return writeLoop(t, namespace, name, 0, opts, warnings, m, subresource, true);
  }

  /**
   * Upstream's {@code checkName} on a patch result: a patch may not rename or move the object.
   * A patch that drops or replaces {@code metadata} loses the name too, and is refused rather
   * than silently wiping labels, annotations, owners and finalizers.
   */
  private static void checkSameObject(ResourceType t, String ns, String name, ObjectNode patched) {
    JsonNode m = patched.get("metadata");
    String objName = m instanceof ObjectNode ? m.path("name").asString("") : "";
    if (!objName.equals(name)) {
      throw ApiException.badRequest("the name of the object (" + objName + ") does not match the name on the URL (" + name + ")");
    }
    String objNs = m instanceof ObjectNode ? m.path("namespace").asString("") : "";
    if (t.namespaced() && !objNs.isEmpty() && !objNs.equals(ns)) {
      throw ApiException.badRequest("the namespace of the object (" + objNs + ") does not match the namespace on the request (" + ns + ")");
    }
  }

  // ---------------------------------------------------------------- delete

  /**
   * The outcome of a DELETE.
   *
   * @param object the object's state after the call: its last state when removed, else the
   *     object carrying {@code deletionTimestamp}
   * @param removed whether the object is gone from the store
   */
  public record DeleteResult(ObjectNode object, boolean removed) {}

  /**
   * DELETE, as {@code spec/api-server.md} §12.2: graceful pods get a deletionTimestamp;
   * finalizers (including those the propagation policy adds) defer removal; otherwise the object
   * is removed at once.
   */
  public DeleteResult delete(ResourceType t, String namespace, String name, DeleteOptions options) {
    DeleteOptions o = options == null ? new DeleteOptions() : options;
    String ns = ns(t, namespace);
    boolean dryRun = o.getDryRun() != null && o.getDryRun().contains("All");
    String policy = propagationPolicy(o);
    for (int attempt = 0; ; attempt++) {
      ObjectNode current = store.get(t.storageKey(), ns, name).orElseThrow(() -> ApiException.notFound(t, name));
      long rv = ObjectMetas.resourceVersion(current);
      checkPreconditions(t, name, current, o);
      ObjectNode next = current.deepCopy();
      ObjectNode meta = ObjectMetas.meta(next);
      Instant now = clock.now();
      // 1. graceful pod deletion: the node agent stops the containers, then deletes with grace 0.
      long grace = 0;
      if (t.storageKey().equals("pods")) {
        grace = podGrace(current, o);
        long remaining = meta.has("deletionGracePeriodSeconds") ? meta.path("deletionGracePeriodSeconds").asLong() : Long.MAX_VALUE;
        // a shorter grace (0 included: --force) shortens a running one; a finalizer may still hold the pod
        if (ObjectMetas.hasDeletionTimestamp(current) ? grace < remaining : grace > 0) {
          meta.put("deletionTimestamp", ObjectMetas.timestamp(now.plusSeconds(grace)));
          meta.put("deletionGracePeriodSeconds", grace);
        }
      }
      // 2. finalizers, including the one the propagation policy asks for
      List<String> finalizers = new ArrayList<>(ObjectMetas.finalizers(next));
      if (policy.equals("Orphan") && !finalizers.contains("orphan")) {
        finalizers.remove("foregroundDeletion");
        finalizers.add("orphan");
      } else if (policy.equals("Foreground") && !finalizers.contains("foregroundDeletion")) {
        finalizers.remove("orphan");
        finalizers.add("foregroundDeletion");
      }
      boolean namespaceFinalizing = t.storageKey().equals("namespaces") && !next.path("spec").path("finalizers").isEmpty();
      if (!finalizers.isEmpty() || namespaceFinalizing) {
        ObjectMetas.setFinalizers(next, finalizers);
        if (!ObjectMetas.hasDeletionTimestamp(next)) {
          meta.put("deletionTimestamp", ObjectMetas.timestamp(now));
          meta.put("deletionGracePeriodSeconds", 0);
        }
        if (namespaceFinalizing) {
          next.withObjectProperty("status").put("phase", "Terminating");
        }
      }
      boolean deferred = grace > 0 || !finalizers.isEmpty() || namespaceFinalizing;
      if (dryRun) {
        return new DeleteResult(external(t, deferred ? next : current), false);
      }
      try {
        if (!deferred) {
          return new DeleteResult(external(t, store.delete(t.storageKey(), ns, name, rv)), true);
        }
        if (next.equals(current)) {
          return new DeleteResult(external(t, current), false);
        }
        bumpGeneration(t, current, next);
        return new DeleteResult(external(t, store.update(t.storageKey(), ns, name, rv, next)), false);
      } catch (StoreException.Conflict e) {
        if (attempt >= MAX_RETRIES) {
          throw ApiException.conflict(t, name);
        }
      } catch (StoreException.NotFound e) {
        throw ApiException.notFound(t, name);
      } catch (StoreException.Unavailable e) {
        throw ApiException.internal(e.getMessage());
      }
    }
  }

  private static void checkPreconditions(ResourceType t, String name, ObjectNode current, DeleteOptions o) {
    if (o.getPreconditions() == null) {
      return;
    }
    String puid = o.getPreconditions().getUid();
    String prv = o.getPreconditions().getResourceVersion();
    if (puid != null && !puid.equals(ObjectMetas.uid(current))) {
      throw ApiException.conflict(t, name, "Precondition failed: UID in precondition: " + puid
          + ", UID in object meta: " + ObjectMetas.uid(current));
    }
    String rv = current.path("metadata").path("resourceVersion").asString("");
    if (prv != null && !prv.equals(rv)) {
      throw ApiException.conflict(t, name, "Precondition failed: ResourceVersion in precondition: " + prv
          + ", ResourceVersion in object meta: " + rv);
    }
  }

  private static long podGrace(ObjectNode pod, DeleteOptions o) {
    String phase = pod.path("status").path("phase").asString("");
    if (pod.path("spec").path("nodeName").asString("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
      return 0;
    }
    if (o.getGracePeriodSeconds() != null) {
      return Math.max(0, o.getGracePeriodSeconds());
    }
    return pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
  }

  private static String propagationPolicy(DeleteOptions o) {
    if (o.getPropagationPolicy() != null) {
      String p = o.getPropagationPolicy();
      if (!p.equals("Orphan") && !p.equals("Background") && !p.equals("Foreground")) {
        throw ApiException.invalid("", "DeleteOptions", "", List.of(FieldError.notSupported("propagationPolicy", p,
            List.of("Foreground", "Background", "Orphan"))));
      }
      return p;
    }
    if (o.getOrphanDependents() != null) {
      return o.getOrphanDependents() ? "Orphan" : "Background";
    }
    return "Background";
  }

  /** DELETE on a collection: deletes every match as {@link #delete} does; returns their states. */
  public List<ObjectNode> deleteCollection(ResourceType t, String namespace, LabelSelector labels, FieldSelector fields, DeleteOptions options) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode o : list(t, namespace, labels, fields).items()) {
      try {
        DeleteResult r = delete(t, ObjectMetas.namespace(o), ObjectMetas.name(o), options);
        out.add(r.object());
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e;
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- watch

  /**
   * A watch of {@code t}. {@code resourceVersion} unset or "0": synthetic ADDED for the current
   * matching objects, then changes; N: every change after N, or 410 when N is older than the
   * history.
   */
  public ApiWatch watch(ResourceType t, String namespace, String resourceVersion, LabelSelector labels, FieldSelector fields) {
    SelectableFields.check(t, fields);
    String ns = t.namespaced() ? namespace : null;
    List<ObjectNode> initial = new ArrayList<>();
    long from;
    if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
      Store.Snapshot s = store.list(t.storageKey(), ns);
      from = s.revision();
      for (ObjectNode o : s.items()) {
        if (matches(t, o, labels, fields)) {
          initial.add(o);
        }
      }
    } else {
      from = ObjectMetas.parseResourceVersion(resourceVersion);
    }
    try {
      return new ApiWatch(this, t, initial, store.watch(t.storageKey(), ns, from), labels, fields);
    } catch (StoreException.Expired e) {
      throw ApiException.gone(e.getMessage());
    }
  }

  // ---------------------------------------------------------------- scale

  /** The {@code autoscaling/v1} Scale of a workload ({@code spec/api-server.md} §11.9). */
  public ObjectNode scale(ResourceType t, String namespace, String name) {
    return scaleOf(t, get(t, namespace, name));
  }

  private ObjectNode scaleOf(ResourceType t, ObjectNode parent) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("kind", "Scale");
    s.put("apiVersion", "autoscaling/v1");
    ObjectNode m = s.putObject("metadata");
    JsonNode pm = parent.path("metadata");
    for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (pm.has(f)) {
        m.set(f, pm.get(f).deepCopy());
      }
    }
    s.putObject("spec").put("replicas", parent.path("spec").path("replicas").asInt(1));
    ObjectNode st = s.putObject("status");
    st.put("replicas", parent.path("status").path("replicas").asInt(0));
    io.fabric8.kubernetes.api.model.LabelSelector sel = parent.path("spec").has("selector")
        ? Json.toTyped(parent.path("spec").path("selector"), io.fabric8.kubernetes.api.model.LabelSelector.class) : null;
    st.put("selector", LabelSelector.of(sel).toString());
    return s;
  }

  /**
   * PUT or PATCH of a Scale: only the parent's {@code spec.replicas} changes. A Scale carrying
   * {@code metadata.resourceVersion} is a precondition on the parent (409 when stale): the PUT
   * body, or the Scale a patch produced (it starts with the parent's current resourceVersion, so
   * only a patch that sets a stale one fails), as upstream's {@code scaleUpdatedObjectInfo}.
   *
   * @param patchType null for PUT, where {@code body} is the whole Scale
   */
  public ObjectNode updateScale(ResourceType t, String namespace, String name, PatchType patchType, JsonNode body, WriteOptions opts) {
    Mutation m = current -> {
      ObjectNode scale = scaleOf(t, external(t, current));
      JsonNode next;
      if (patchType == null) {
        next = body;
      } else {
        next = switch (patchType) {
          case JSON -> JsonPatch.apply(scale, body);
          case MERGE, STRATEGIC -> JsonMergePatch.apply(scale, body);
          case APPLY -> JsonMergePatch.apply(scale, body);
        };
      }
      // what does not decode as a Scale is the client's error; read as one it would mean replicas 0
      if (!(next instanceof ObjectNode) || !isObjectOrAbsent(next.get("spec")) || !isObjectOrAbsent(next.get("metadata"))) {
        throw ApiException.badRequest("unable to decode Scale: the body, its metadata and its spec must be JSON objects");
      }
      String rv = next.path("metadata").path("resourceVersion").asString("");
      if (!rv.isEmpty() && !rv.equals(current.path("metadata").path("resourceVersion").asString())) {
        throw ApiException.conflict(t, name);
      }
      // int32 with omitempty upstream: absent or null is 0; anything but an int32 does not decode (400)
      JsonNode replicas = next.path("spec").path("replicas");
      if (!replicas.isMissingNode() && !replicas.isNull() && !(replicas.isIntegralNumber() && replicas.canConvertToInt())) {
        throw ApiException.badRequest("unable to decode Scale: spec.replicas must be a 32-bit integer, got " + replicas);
      }
      int r = replicas.isMissingNode() || replicas.isNull() ? 0 : replicas.asInt();
      if (r < 0) {
        throw ApiException.invalid("autoscaling", "Scale", name,
            List.of(FieldError.invalid("spec.replicas", r, "must be greater than or equal to 0")));
      }
      ObjectNode out = current.deepCopy();
      out.withObjectProperty("spec").put("replicas", r);
      return out;
    };
    WriteResult w = writeLoop(t, namespace, name, 0, opts, new ArrayList<>(), m, null, true);
    return scaleOf(t, w.object());
  }

  // ---------------------------------------------------------------- binding

  /**
   * {@code POST pods/{name}/binding}, the scheduler's bind: sets {@code spec.nodeName} once and
   * the {@code PodScheduled=True} condition. A pod already bound answers 409, as upstream's
   * {@code BindingREST} does ({@code pod x is already assigned to node "y"}).
   */
  public ObjectNode bind(ResourceType t, String namespace, String name, String node) {
    if (node == null || node.isEmpty()) {
      throw ApiException.invalid("", "Binding", name, List.of(FieldError.required("target.name", "")));
    }
    String ns = ns(t, namespace);
    for (int attempt = 0; ; attempt++) {
      ObjectNode current = store.get(t.storageKey(), ns, name).orElseThrow(() -> ApiException.notFound(t, name));
      if (ObjectMetas.hasDeletionTimestamp(current)) {
        throw ApiException.conflict(t, name, "pod " + name + " is being deleted, cannot be assigned to a host");
      }
      String bound = current.path("spec").path("nodeName").asString("");
      if (!bound.isEmpty()) {
        throw ApiException.conflict(t, name, "pod " + name + " is already assigned to node \"" + bound + "\"");
      }
      ObjectNode next = current.deepCopy();
      next.withObjectProperty("spec").put("nodeName", node);
      tools.jackson.databind.node.ArrayNode conditions = next.withObjectProperty("status").withArrayProperty("conditions");
      for (int i = conditions.size() - 1; i >= 0; i--) {
        if ("PodScheduled".equals(conditions.get(i).path("type").asString(""))) {
          conditions.remove(i);
        }
      }
      ObjectNode c = conditions.addObject();
      c.put("type", "PodScheduled");
      c.put("status", "True");
      c.putNull("lastProbeTime");
      c.put("lastTransitionTime", ObjectMetas.timestamp(clock.now()));
      try {
        return external(t, store.update(t.storageKey(), ns, name, ObjectMetas.resourceVersion(current), next));
      } catch (StoreException.Conflict e) {
        if (attempt >= MAX_RETRIES) {
          throw ApiException.conflict(t, name);
        }
      } catch (StoreException.NotFound e) {
        throw ApiException.notFound(t, name);
      }
    }
  }

  // ---------------------------------------------------------------- service-account tokens

  /**
   * {@code POST serviceaccounts/{name}/token}: a TokenRequest ({@code authentication.k8s.io/v1})
   * answered with a signed token in {@code status.token}, as upstream's TokenREST does:
   * {@code expirationSeconds} defaults to 3600 and must be at least 600; {@code audiences} default
   * to the API server's ({@link ServiceAccountTokens#ISSUER}); a {@code boundObjectRef} of kind Pod
   * must name an existing pod of this namespace that runs as this service account (and carry its
   * uid, if any), and binds the token to it (and to its node). Unlike upstream, a 3607 s request is
   * not silently extended to a year: the node agent refreshes the token at 80 % of its life.
   */
  public ObjectNode requestToken(String namespace, String name, ObjectNode body) {
    ResourceType saType = registry.byPlural("", "serviceaccounts").orElseThrow();
    ResourceType podType = registry.byPlural("", "pods").orElseThrow();
    ObjectNode sa = store.get("serviceaccounts", namespace, name).orElseThrow(() -> ApiException.notFound(saType, name));
    JsonNode spec = body.path("spec");
    long expiration = spec.path("expirationSeconds").asLong(3600);
    if (expiration < 600) {
      throw ApiException.invalid("authentication.k8s.io", "TokenRequest", name, List.of(FieldError.invalid("spec.expirationSeconds",
          expiration, "may not specify a duration less than 10 minutes")));
    }
    if (expiration > (1L << 32)) {
      throw ApiException.invalid("authentication.k8s.io", "TokenRequest", name, List.of(FieldError.invalid("spec.expirationSeconds",
          expiration, "may not specify a duration larger than 2^32 seconds")));
    }
    List<String> audiences = new ArrayList<>();
    spec.path("audiences").forEach(a -> audiences.add(a.asString("")));
    if (audiences.isEmpty()) {
      audiences.add(ServiceAccountTokens.ISSUER);
    }
    ServiceAccountTokens.Ref pod = null;
    ServiceAccountTokens.Ref node = null;
    JsonNode ref = spec.path("boundObjectRef");
    if (ref.isObject()) {
      String kind = ref.path("kind").asString("");
      if (!kind.equals("Pod")) {
        throw ApiException.invalid("authentication.k8s.io", "TokenRequest", name, List.of(FieldError.notSupported(
            "spec.boundObjectRef.kind", kind, List.of("Pod"))));
      }
      String podName = ref.path("name").asString("");
      ObjectNode p = store.get("pods", namespace, podName).orElseThrow(() -> ApiException.notFound(podType, podName));
      if (!name.equals(p.path("spec").path("serviceAccountName").asString(""))) {
        throw ApiException.badRequest("cannot bind token for serviceaccount \"" + name
            + "\" to pod running with different serviceaccount name.");
      }
      String uid = ObjectMetas.uid(p);
      String wanted = ref.path("uid").asString("");
      if (!wanted.isEmpty() && !wanted.equals(uid)) {
        throw ApiException.conflict(podType, podName, "the UID in the bound object reference (" + wanted
            + ") does not match the UID in record. The object might have been deleted and then recreated");
      }
      pod = new ServiceAccountTokens.Ref(podName, uid);
      String nodeName = p.path("spec").path("nodeName").asString("");
      if (!nodeName.isEmpty()) {
        node = new ServiceAccountTokens.Ref(nodeName, store.get("nodes", "", nodeName).map(ObjectMetas::uid).orElse(""));
      }
    }
    Instant now = clock.now();
    String token = tokens.issue(new ServiceAccountTokens.Subject(namespace, name, ObjectMetas.uid(sa), pod, node), audiences,
        expiration, now);
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("kind", "TokenRequest");
    out.put("apiVersion", "authentication.k8s.io/v1");
    ObjectNode meta = out.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", namespace);
    meta.put("creationTimestamp", ObjectMetas.timestamp(now));
    ObjectNode outSpec = out.putObject("spec");
    ArrayNode aud = outSpec.putArray("audiences");
    audiences.forEach(aud::add);
    outSpec.put("expirationSeconds", expiration);
    if (ref.isObject()) {
      ObjectNode r = outSpec.putObject("boundObjectRef");
      r.put("kind", "Pod");
      r.put("apiVersion", "v1");
      r.put("name", pod.name());
      r.put("uid", pod.uid());
    } else {
      outSpec.putNull("boundObjectRef");
    }
    ObjectNode status = out.putObject("status");
    status.put("token", token);
    status.put("expirationTimestamp", ObjectMetas.timestamp(now.plusSeconds(expiration)));
    return out;
  }

  /**
   * The user a bearer token that is a service-account token names ({@code
   * system:serviceaccount:<ns>:<name>}), if it is one this server signed, for the API server's
   * audience, unexpired, and its service account, and the pod it is bound to, still exist with the
   * uids it names (upstream's legacy and bound token validators). A terminating pod's token stays
   * valid until the pod is gone, so preStop hooks can still call the API.
   */
  public Optional<String> authenticateToken(String token) {
    Optional<ServiceAccountTokens.Claims> verified = tokens.verify(token, List.of(ServiceAccountTokens.ISSUER), clock.now());
    if (verified.isEmpty()) {
      return Optional.empty();
    }
    ServiceAccountTokens.Subject s = verified.get().subject();
    Optional<ObjectNode> sa = store.get("serviceaccounts", s.namespace(), s.serviceAccount());
    if (sa.isEmpty() || (!s.serviceAccountUid().isEmpty() && !s.serviceAccountUid().equals(ObjectMetas.uid(sa.get())))) {
      return Optional.empty();
    }
    if (s.pod() != null) {
      Optional<ObjectNode> pod = store.get("pods", s.namespace(), s.pod().name());
      if (pod.isEmpty() || !s.pod().uid().equals(ObjectMetas.uid(pod.get()))) {
        return Optional.empty();
      }
    }
    return Optional.of(verified.get().username());
  }

  // ---------------------------------------------------------------- helpers

  private static boolean isObjectOrAbsent(JsonNode n) {
    return n == null || n.isNull() || n.isObject();
  }

  private String ns(ResourceType t, String namespace) {
    return t.namespaced() ? (namespace == null ? "" : namespace) : "";
  }

  private static void checkTypeMeta(ResourceType t, ObjectNode body) {
    String av = body.path("apiVersion").asString("");
    String kind = body.path("kind").asString("");
    if (!kind.isEmpty() && !kind.equals(t.kind())) {
      throw ApiException.badRequest("the kind of the provided object (" + kind + ") does not match the kind of the resource (" + t.kind() + ")");
    }
    if (!av.isEmpty() && !av.equals(t.apiVersion())) {
      throw ApiException.badRequest("the API version in the data (" + av + ") does not match the expected API version (" + t.apiVersion() + ")");
    }
  }

  private boolean isEventsV1(ResourceType t) {
    return t.group().equals("events.k8s.io");
  }

  /** External request body → storage form. */
  private ObjectNode internal(ResourceType t, ObjectNode body) {
    if (isEventsV1(t)) {
      return EventConversion.toCore(body);
    }
    body.put("apiVersion", t.apiVersion());
    body.put("kind", t.kind());
    return body;
  }

  /** Storage form → the form of {@code t} (a copy). */
  public ObjectNode external(ResourceType t, ObjectNode stored) {
    if (isEventsV1(t)) {
      return EventConversion.toEventsV1(stored);
    }
    ObjectNode c = stored.deepCopy();
    c.put("apiVersion", t.apiVersion());
    c.put("kind", t.kind());
    return c;
  }

  private ResourceType storageType(ResourceType t) {
    return isEventsV1(t) ? registry.byPlural("", "events").orElseThrow() : t;
  }

  private void restoreTypeMeta(ResourceType t, ObjectNode obj) {
    ResourceType st = storageType(t);
    obj.put("apiVersion", st.apiVersion());
    obj.put("kind", st.kind());
  }

  /**
   * fabric8's model classes always write {@code apiVersion}/{@code kind} into embedded objects
   * ({@code spec.volumeClaimTemplates[*]}); the kube-apiserver keeps only what the client sent.
   * Otherwise kubectl's three-way apply sees the atomic list differ on every apply.
   */
  private static void keepEmbeddedTypeMetaAsSent(ObjectNode sent, ObjectNode decoded) {
    JsonNode in = sent.path("spec").path("volumeClaimTemplates");
    JsonNode out = decoded.path("spec").path("volumeClaimTemplates");
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) instanceof ObjectNode o) {
        for (String f : List.of("apiVersion", "kind")) {
          if (!in.path(i).has(f)) {
            o.remove(f);
          }
        }
      }
    }
  }

  private HasMetadata decode(ResourceType t, ObjectNode obj) {
    return Json.toTyped(obj, storageType(t).javaType());
  }

  /**
   * Validation errors of a create ({@code old} null) or an update, by the rules of the version
   * the client wrote: events.k8s.io/v1 Events are stored as core/v1 but validated as
   * events.k8s.io/v1 ({@code eventTime} required, {@code type} Normal or Warning, the deprecated
   * fields unset), as upstream validates each API's requests with its own strategy.
   */
  private List<FieldError> validate(ResourceType t, ObjectNode stored, ObjectNode old) {
    if (!isEventsV1(t)) {
      KindRules<HasMetadata> rules = rules(t);
      HasMetadata typed = decode(t, stored.deepCopy());
      return old == null ? rules.validateCreate(typed) : rules.validateUpdate(typed, decode(t, old.deepCopy()));
    }
    KindRules<HasMetadata> rules = KindRulesRegistry.forType(t.javaType());
    HasMetadata typed = Json.toTyped(EventConversion.toEventsV1(stored), t.javaType());
    return old == null ? rules.validateCreate(typed)
        : rules.validateUpdate(typed, Json.toTyped(EventConversion.toEventsV1(old), t.javaType()));
  }

  @SuppressWarnings("unchecked")
  private KindRules<HasMetadata> rules(ResourceType t) {
    return (KindRules<HasMetadata>) KindRulesRegistry.forType(storageType(t).javaType());
  }

  private Schema.Struct schema(ResourceType t) {
    return Schemas.of(t.javaType());
  }

  /**
   * Unknown fields: 400 under Strict, a warning under Warn, dropped silently under Ignore
   * ({@code spec/api-server.md} §7.5). They are always removed from what is stored.
   */
  private void pruneUnknown(ResourceType t, ObjectNode obj, WriteOptions opts, List<String> warnings) {
    Schema.Struct s = Schemas.of(storageType(t).javaType());
    List<String> unknown = UnknownFields.find(obj, s);
    if (unknown.isEmpty()) {
      return;
    }
    switch (opts.fieldValidation()) {
      case STRICT -> {
        StringBuilder msg = new StringBuilder("strict decoding error: ");
        for (int i = 0; i < unknown.size(); i++) {
          msg.append(i == 0 ? "" : ", ").append("unknown field \"").append(unknown.get(i)).append('"');
        }
        throw ApiException.badRequest(msg.toString());
      }
      case WARN -> unknown.forEach(f -> warnings.add("unknown field \"" + f + "\""));
      case IGNORE -> {}
    }
    UnknownFieldPruner.prune(obj, s);
  }

  private void prepareStatusForCreate(ResourceType t, ObjectNode obj) {
    switch (t.storageKey()) {
      case "apps/statefulsets", "apps/deployments", "apps/replicasets" -> obj.remove("status");
      case "pods" -> {
        ObjectNode st = obj.putObject("status");
        st.put("phase", "Pending");
        st.put("qosClass", qosClass(obj));
      }
      case "services" -> obj.putObject("status").putObject("loadBalancer");
      case "persistentvolumeclaims" -> obj.putObject("status").put("phase", "Pending");
      case "persistentvolumes" -> obj.putObject("status").put("phase", "Pending");
      case "namespaces" -> obj.putObject("status").put("phase", "Active");
      default -> {}
    }
  }

  /** BestEffort without requests/limits; Guaranteed when every container's cpu and memory limits equal its requests. */
  static String qosClass(ObjectNode pod) {
    boolean any = false;
    boolean guaranteed = true;
    List<JsonNode> containers = new ArrayList<>();
    pod.path("spec").path("containers").forEach(containers::add);
    pod.path("spec").path("initContainers").forEach(containers::add);
    for (JsonNode c : containers) {
      JsonNode req = c.path("resources").path("requests");
      JsonNode lim = c.path("resources").path("limits");
      if (!req.isEmpty() || !lim.isEmpty()) {
        any = true;
      }
      for (String r : List.of("cpu", "memory")) {
        String l = lim.path(r).asString("");
        String q = req.path(r).asString(l);
        if (l.isEmpty() || !l.equals(q)) {
          guaranteed = false;
        }
      }
    }
    if (!any) {
      return "BestEffort";
    }
    return guaranteed ? "Guaranteed" : "Burstable";
  }

  private String randomSuffix() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      b.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return b.toString();
  }
}
