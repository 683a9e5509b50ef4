package dev.berth.controllers.statefulset;

import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The StatefulSet's identity vocabulary ({@code spec/statefulset.md} §4, §5, §10): tiny pure
 * functions over a set and its pods, named as upstream's {@code stateful_set_utils.go} names them.
 * Nothing here changes an argument unless its name says it fixes something on a copy the caller
 * owns.
 */
public final class StatefulSetPods {
  public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
  public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
  /** On every pod: the full name of the ControllerRevision it was made from. */
  public static final String REVISION_LABEL = "controller-revision-hash";
  public static final String RETAIN = "Retain";
  public static final String DELETE = "Delete";

  private static final Pattern NAME = Pattern.compile("^(.*)-([0-9]+)$");

  private StatefulSetPods() {}

  /** A pod name split into its parent set's name and its ordinal; {@code ("", -1)} when it has none. */
  public record ParentAndOrdinal(String parent, int ordinal) {
    static final ParentAndOrdinal NONE = new ParentAndOrdinal("", -1);
  }

  /**
   * {@code web-1-2} → {@code (web-1, 2)}; {@code web-01} → {@code (web, 1)}; {@code web} or an
   * ordinal beyond 32 bits → {@link ParentAndOrdinal#NONE}.
   */
  public static ParentAndOrdinal parentAndOrdinal(String podName) {
    Matcher m = NAME.matcher(podName == null ? "" : podName);
    if (!m.matches()) {
      return ParentAndOrdinal.NONE;
    }
    try {
      return new ParentAndOrdinal(m.group(1), Integer.parseInt(m.group(2)));
    } catch (NumberFormatException e) {
      return ParentAndOrdinal.NONE;
    }
  }

  public static int ordinalOf(Pod pod) {
    return parentAndOrdinal(pod.getMetadata().getName()).ordinal();
  }

  public static String podName(StatefulSet set, int ordinal) {
    return set.getMetadata().getName() + "-" + ordinal;
  }

  /** {@code <claim template>-<set>-<ordinal>}, e.g. {@code www-web-0}. */
  public static String claimName(StatefulSet set, PersistentVolumeClaim template, int ordinal) {
    return template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal;
  }

  public static int replicas(StatefulSet set) {
    Integer r = set.getSpec().getReplicas();
    return r == null ? 1 : r;
  }

  /** {@code spec.ordinals.start}, 0 when unset. */
  public static int startOrdinal(StatefulSet set) {
    var o = set.getSpec().getOrdinals();
    return o == null || o.getStart() == null ? 0 : o.getStart();
  }

  /** The last ordinal in range: {@code start + replicas - 1} (below start when replicas is 0). */
  public static int endOrdinal(StatefulSet set) {
    return startOrdinal(set) + replicas(set) - 1;
  }

  public static boolean isInOrdinalRange(StatefulSet set, Pod pod) {
    int o = ordinalOf(pod);
    return o >= startOrdinal(set) && o <= endOrdinal(set);
  }

  public static boolean isMemberOf(StatefulSet set, Pod pod) {
    return parentAndOrdinal(pod.getMetadata().getName()).parent().equals(set.getMetadata().getName());
  }

  public static boolean allowsBurst(StatefulSet set) {
    return "Parallel".equals(set.getSpec().getPodManagementPolicy());
  }

  public static boolean isOnDelete(StatefulSet set) {
    return set.getSpec().getUpdateStrategy() != null && "OnDelete".equals(set.getSpec().getUpdateStrategy().getType());
  }

  public static int minReadySeconds(StatefulSet set) {
    Integer m = set.getSpec().getMinReadySeconds();
    return m == null ? 0 : m;
  }

  // ---------------------------------------------------------------------------------------------
  // Predicates (§5)

  /** Persisted by the API (which sets {@code Pending}); the controller's placeholders have no phase. */
  public static boolean isCreated(Pod pod) {
    return phase(pod) != null && !phase(pod).isEmpty();
  }

  public static boolean isPending(Pod pod) {
    return "Pending".equals(phase(pod));
  }

  public static boolean isFailed(Pod pod) {
    return "Failed".equals(phase(pod));
  }

  public static boolean isSucceeded(Pod pod) {
    return "Succeeded".equals(phase(pod));
  }

  public static boolean isTerminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  public static boolean isPodReady(Pod pod) {
    PodCondition c = readyCondition(pod);
    return c != null && "True".equals(c.getStatus());
  }

  public static boolean isRunningAndReady(Pod pod) {
    return "Running".equals(phase(pod)) && isPodReady(pod);
  }

  /**
   * Ready, and for at least {@code minReadySeconds}: {@code Ready.lastTransitionTime +
   * minReadySeconds < now}. Despite the name, upstream does not check the phase here.
   */
  public static boolean isRunningAndAvailable(Pod pod, int minReadySeconds, Instant now) {
    if (!isPodReady(pod)) {
      return false;
    }
    if (minReadySeconds <= 0) {
      return true;
    }
    Instant since = parseTime(readyCondition(pod).getLastTransitionTime());
    return since != null && since.plusSeconds(minReadySeconds).isBefore(now);
  }

  /** Not ready long enough, or being deleted; placeholders are unavailable. */
  public static boolean isUnavailable(Pod pod, int minReadySeconds, Instant now) {
    return !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
  }

  public static String revisionOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(REVISION_LABEL);
  }

  // ---------------------------------------------------------------------------------------------
  // Identity and storage (§4)

  /** Name, namespace and pod-name label are what ordinal {@code ordinalOf(pod)} of {@code set} needs. */
  public static boolean identityMatches(StatefulSet set, Pod pod) {
    ParentAndOrdinal p = parentAndOrdinal(pod.getMetadata().getName());
    Map<String, String> labels = pod.getMetadata().getLabels();
    return p.ordinal() >= 0 && p.parent().equals(set.getMetadata().getName())
        && pod.getMetadata().getName().equals(podName(set, p.ordinal()))
        && Objects.equals(pod.getMetadata().getNamespace(), set.getMetadata().getNamespace())
        && labels != null && pod.getMetadata().getName().equals(labels.get(POD_NAME_LABEL));
  }

  /** Every claim template has a pod volume of its name mounting this ordinal's claim. */
  public static boolean storageMatches(StatefulSet set, Pod pod) {
    int ordinal = ordinalOf(pod);
    if (ordinal < 0) {
      return false;
    }
    Map<String, Volume> volumes = new LinkedHashMap<>();
    if (pod.getSpec() != null && pod.getSpec().getVolumes() != null) {
      for (Volume v : pod.getSpec().getVolumes()) {
        volumes.put(v.getName(), v);
      }
    }
    for (PersistentVolumeClaim t : claimTemplates(set)) {
      Volume v = volumes.get(t.getMetadata().getName());
      if (v == null || v.getPersistentVolumeClaim() == null
          || !claimName(set, t, ordinal).equals(v.getPersistentVolumeClaim().getClaimName())) {
        return false;
      }
    }
    return true;
  }

  /** Fixes name, namespace, pod-name and pod-index labels of {@code pod} (a copy the caller owns). */
  public static void updateIdentity(StatefulSet set, Pod pod) {
    int ordinal = ordinalOf(pod);
    ObjectMeta m = pod.getMetadata();
    m.setName(podName(set, ordinal));
    m.setNamespace(set.getMetadata().getNamespace());
    Map<String, String> labels = m.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m.getLabels());
    labels.put(POD_NAME_LABEL, m.getName());
    labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
    m.setLabels(labels);
  }

  /**
   * Fixes {@code pod.spec.volumes} (a copy the caller owns): one volume per claim template, in
   * template order, mounting this ordinal's claim, then every other volume of the pod whose name is
   * not a claim template's.
   */
  public static void updateStorage(StatefulSet set, Pod pod) {
    List<PersistentVolumeClaim> templates = claimTemplates(set);
    if (templates.isEmpty()) {
      return;
    }
    int ordinal = ordinalOf(pod);
    List<Volume> volumes = new ArrayList<>();
    java.util.Set<String> claimNames = new java.util.HashSet<>();
    for (PersistentVolumeClaim t : templates) {
      claimNames.add(t.getMetadata().getName());
      volumes.add(new VolumeBuilder().withName(t.getMetadata().getName()).withNewPersistentVolumeClaim()
          .withClaimName(claimName(set, t, ordinal)).withReadOnly(false).endPersistentVolumeClaim().build());
    }
    if (pod.getSpec().getVolumes() != null) {
      for (Volume v : pod.getSpec().getVolumes()) {
        if (!claimNames.contains(v.getName())) {
          volumes.add(v);
        }
      }
    }
    pod.getSpec().setVolumes(volumes);
  }

  public static List<PersistentVolumeClaim> claimTemplates(StatefulSet set) {
    List<PersistentVolumeClaim> t = set.getSpec().getVolumeClaimTemplates();
    return t == null ? List.of() : t;
  }

  /**
   * The claims pod {@code ordinal} needs, by template name: a copy of each template named {@code
   * <template>-<set>-<ordinal>} in the set's namespace, labelled with the template's labels and the
   * selector's {@code matchLabels} (the selector wins), without owner references.
   */
  public static Map<String, PersistentVolumeClaim> claimsFor(StatefulSet set, int ordinal) {
    Map<String, PersistentVolumeClaim> out = new LinkedHashMap<>();
    for (PersistentVolumeClaim t : claimTemplates(set)) {
      Map<String, String> labels = new LinkedHashMap<>();
      if (t.getMetadata().getLabels() != null) {
        labels.putAll(t.getMetadata().getLabels());
      }
      if (set.getSpec().getSelector() != null && set.getSpec().getSelector().getMatchLabels() != null) {
        labels.putAll(set.getSpec().getSelector().getMatchLabels());
      }
      PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder(t).editMetadata()
          .withName(claimName(set, t, ordinal)).withNamespace(set.getMetadata().getNamespace()).withLabels(labels)
          .withOwnerReferences(List.of()).withResourceVersion(null).withUid(null).endMetadata().withStatus(null).build();
      out.put(t.getMetadata().getName(), claim);
    }
    return out;
  }

  /**
   * A new pod for {@code ordinal} from {@code set}'s template (the template of the revision the
   * caller chose): template labels, annotations, finalizers and spec; the set as controller owner;
   * name {@code <set>-<ordinal>}; pod-name, pod-index and revision labels; hostname and subdomain;
   * claim volumes. It has no phase: a placeholder until the API has it.
   */
  public static Pod newStatefulSetPod(StatefulSet set, int ordinal, String revisionName) {
    PodTemplateSpec template = set.getSpec().getTemplate();
    ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    PodSpec spec = template.getSpec() == null ? new PodSpec() : Json.toTyped(Json.toTree(template.getSpec()), PodSpec.class);
    Map<String, String> labels = tm.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tm.getLabels());
    Pod pod = new PodBuilder().withNewMetadata().withName(podName(set, ordinal)).withGenerateName(set.getMetadata().getName() + "-")
        .withNamespace(set.getMetadata().getNamespace()).withLabels(labels)
        .withAnnotations(tm.getAnnotations() == null ? null : new LinkedHashMap<>(tm.getAnnotations()))
        .withFinalizers(tm.getFinalizers() == null ? null : new ArrayList<>(tm.getFinalizers()))
        .withOwnerReferences(controllerRef(set)).endMetadata().withSpec(spec).build();
    updateIdentity(set, pod);
    pod.getMetadata().getLabels().put(REVISION_LABEL, revisionName);
    pod.getSpec().setHostname(pod.getMetadata().getName());
    String serviceName = set.getSpec().getServiceName();
    pod.getSpec().setSubdomain(serviceName == null || serviceName.isEmpty() ? null : serviceName);
    updateStorage(set, pod);
    return pod;
  }

  /** {@code apps/v1 StatefulSet} controller reference, blocking owner deletion. */
  public static OwnerReference controllerRef(StatefulSet set) {
    return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet").withName(set.getMetadata().getName())
        .withUid(set.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
  }

  private static OwnerReference podControllerRef(Pod pod) {
    return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build();
  }

  /** The controller reference of {@code object}, or null. */
  public static OwnerReference controllerOf(HasMetadata object) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    if (refs != null) {
      for (OwnerReference r : refs) {
        if (Boolean.TRUE.equals(r.getController())) {
          return r;
        }
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // PVC retention (§10)

  public static String whenScaled(StatefulSet set) {
    StatefulSetPersistentVolumeClaimRetentionPolicy p = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
    return p == null || p.getWhenScaled() == null || p.getWhenScaled().isEmpty() ? RETAIN : p.getWhenScaled();
  }

  public static String whenDeleted(StatefulSet set) {
    StatefulSetPersistentVolumeClaimRetentionPolicy p = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
    return p == null || p.getWhenDeleted() == null || p.getWhenDeleted().isEmpty() ? RETAIN : p.getWhenDeleted();
  }

  private static boolean matchesSet(OwnerReference r, StatefulSet set) {
    return "apps/v1".equals(r.getApiVersion()) && "StatefulSet".equals(r.getKind()) && set.getMetadata().getName().equals(r.getName());
  }

  private static boolean matchesPod(OwnerReference r, Pod pod) {
    return "v1".equals(r.getApiVersion()) && "Pod".equals(r.getKind()) && pod.getMetadata().getName().equals(r.getName());
  }

  private static List<OwnerReference> refs(PersistentVolumeClaim claim) {
    return claim.getMetadata().getOwnerReferences() == null ? List.of() : claim.getMetadata().getOwnerReferences();
  }

  private static boolean hasOwnerUid(PersistentVolumeClaim claim, String uid) {
    return uid != null && refs(claim).stream().anyMatch(r -> uid.equals(r.getUid()));
  }

  /** A ref naming this set or pod with another UID: left from an earlier incarnation, for the GC. */
  static boolean hasStaleOwnerRef(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
    for (OwnerReference r : refs(claim)) {
      if (matchesSet(r, set) && !Objects.equals(r.getUid(), set.getMetadata().getUid())) {
        return true;
      }
      if (matchesPod(r, pod) && !Objects.equals(r.getUid(), pod.getMetadata().getUid())) {
        return true;
      }
    }
    return false;
  }

  /** A controller reference to something that is neither this set nor this pod. */
  public static boolean hasUnexpectedController(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
    for (OwnerReference r : refs(claim)) {
      if (matchesSet(r, set) || matchesPod(r, pod)) {
        continue;
      }
      if (Boolean.TRUE.equals(r.getController())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Upstream's {@code isClaimOwnerUpToDate} (§10.3): whether {@code claim}'s owner references are
   * what the retention policy wants for {@code pod} (in range: whenDeleted decides the set ref;
   * scaled down: whenScaled decides the pod ref).
   */
  public static boolean isClaimOwnerUpToDate(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
    if (hasStaleOwnerRef(claim, set, pod)) {
      return true;
    }
    String scaled = whenScaled(set);
    String deleted = whenDeleted(set);
    String setUid = set.getMetadata().getUid();
    String podUid = pod.getMetadata().getUid();
    if (!(RETAIN.equals(scaled) && RETAIN.equals(deleted)) && hasUnexpectedController(claim, set, pod)) {
      return !hasOwnerUid(claim, setUid) && !hasOwnerUid(claim, podUid);
    }
    for (OwnerReference r : refs(claim)) {
      boolean ours = (setUid != null && setUid.equals(r.getUid())) || (podUid != null && podUid.equals(r.getUid()));
      if (ours && !Boolean.TRUE.equals(r.getController())) {
        return false;
      }
    }
    boolean[] want = wantedRefs(set, pod);
    return hasOwnerUid(claim, setUid) == want[0] && hasOwnerUid(claim, podUid) == want[1];
  }

  /** §10.2: {set ref wanted, pod ref wanted}. */
  private static boolean[] wantedRefs(StatefulSet set, Pod pod) {
    boolean scaledDown = !isInOrdinalRange(set, pod);
    boolean deleteOnScale = DELETE.equals(whenScaled(set));
    boolean deleteOnDelete = DELETE.equals(whenDeleted(set));
    boolean podRef = deleteOnScale && scaledDown;
    boolean setRef = deleteOnDelete && !podRef;
    return new boolean[] {setRef, podRef};
  }

  /**
   * Upstream's {@code updateClaimOwnerRefForSetAndPod} on {@code claim} (a copy the caller owns):
   * removes every ref naming this set or pod, then, unless another controller owns the claim, adds
   * the controller refs the policy wants. Other owners' refs are kept, so ours end up after them.
   *
   * @return whether the claim changed
   */
  public static boolean updateClaimOwnerRefs(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
    List<OwnerReference> before = refs(claim);
    List<OwnerReference> kept = new ArrayList<>();
    for (OwnerReference r : before) {
      if (!matchesSet(r, set) && !matchesPod(r, pod)) {
        kept.add(r);
      }
    }
    if (!hasUnexpectedController(claim, set, pod)) {
      boolean[] want = wantedRefs(set, pod);
      if (want[0] && kept.stream().noneMatch(r -> Objects.equals(r.getUid(), set.getMetadata().getUid()))) {
        kept.add(controllerRef(set));
      }
      if (want[1] && kept.stream().noneMatch(r -> Objects.equals(r.getUid(), pod.getMetadata().getUid()))) {
        kept.add(podControllerRef(pod));
      }
    }
    boolean changed = !kept.equals(before);
    claim.getMetadata().setOwnerReferences(kept);
    return changed;
  }

  /**
   * §10.4: with {@code whenScaled: Delete}, a claim that still names a pod of this name with another
   * UID belongs to an earlier incarnation the GC is about to delete it with.
   */
  public static boolean isClaimStale(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
    if (!DELETE.equals(whenScaled(set))) {
      return false;
    }
    for (OwnerReference r : refs(claim)) {
      if ("Pod".equals(r.getKind()) && pod.getMetadata().getName().equals(r.getName())
          && !Objects.equals(r.getUid(), pod.getMetadata().getUid())) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static PodCondition readyCondition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  static Instant parseTime(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
