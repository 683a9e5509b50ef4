package dev.berth.controllers.volume;

import dev.berth.api.selector.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The vocabulary of claim/volume binding: annotation and finalizer names, and small pure
 * predicates after upstream's {@code pkg/controller/volume/persistentvolume/util} and
 * {@code component-helpers/storage/volume} ({@code IsVolumeBoundToClaim},
 * {@code checkVolumeSatisfyClaim}, {@code findMatchingVolume}, {@code CheckAccessModes}).
 */
public final class VolumeBindings {
  /** On a claim: the binding is complete; only the claim's own sync may undo it. */
  public static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
  /** On a claim or volume: the controller, not the user, filled in {@code volumeName} / {@code claimRef}. */
  public static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
  /** On a volume: the provisioner that made it, and so the one that deletes it. */
  public static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
  /** On a claim: the provisioner asked to provision it (the current and the beta spelling). */
  public static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
  public static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
  /** On a claim of a {@code WaitForFirstConsumer} class: the node its first consumer was placed on. */
  public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
  public static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";
  public static final String PV_PROTECTION = "kubernetes.io/pv-protection";

  public static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";
  public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

  private VolumeBindings() {}

  /** {@code pvc-<claim uid>}: the name of the volume provisioned for a claim. */
  public static String provisionedVolumeName(PersistentVolumeClaim claim) {
    return "pvc-" + claim.getMetadata().getUid();
  }

  /**
   * {@code <volumesDir>/pvc-<uid>_<namespace>_<claim>}: the local-path provisioner's directory for
   * a claim ({@code spec/kubelet.md} §7.8).
   */
  public static Path localPathDirectory(Path volumesDir, PersistentVolumeClaim claim) {
    return volumesDir.resolve(provisionedVolumeName(claim) + "_" + claim.getMetadata().getNamespace() + "_"
        + claim.getMetadata().getName());
  }

  public static Map<String, String> annotations(io.fabric8.kubernetes.api.model.HasMetadata o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  public static boolean hasFinalizer(io.fabric8.kubernetes.api.model.HasMetadata o, String finalizer) {
    return o.getMetadata().getFinalizers() != null && o.getMetadata().getFinalizers().contains(finalizer);
  }

  public static boolean isDeleting(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return o.getMetadata().getDeletionTimestamp() != null;
  }

  /** {@code spec.storageClassName}, "" for none (upstream's {@code GetPersistentVolumeClaimClass}). */
  public static String claimClass(PersistentVolumeClaim claim) {
    String c = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
    if (c == null || c.isEmpty()) {
      c = annotations(claim).getOrDefault("volume.beta.kubernetes.io/storage-class", "");
    }
    return c;
  }

  public static String volumeClass(PersistentVolume pv) {
    String c = pv.getSpec() == null ? null : pv.getSpec().getStorageClassName();
    if (c == null || c.isEmpty()) {
      c = annotations(pv).getOrDefault("volume.beta.kubernetes.io/storage-class", "");
    }
    return c;
  }

  public static String volumeName(PersistentVolumeClaim claim) {
    String n = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
    return n == null ? "" : n;
  }

  public static String phase(PersistentVolume pv) {
    return pv.getStatus() == null || pv.getStatus().getPhase() == null ? "" : pv.getStatus().getPhase();
  }

  public static String phase(PersistentVolumeClaim claim) {
    return claim.getStatus() == null || claim.getStatus().getPhase() == null ? "" : claim.getStatus().getPhase();
  }

  public static boolean isDelayBinding(StorageClass sc) {
    return sc != null && WAIT_FOR_FIRST_CONSUMER.equals(sc.getVolumeBindingMode());
  }

  /**
   * Whether {@code pv.spec.claimRef} names {@code claim}: same namespace and name, and the same uid
   * unless the ref has none (a user's pre-binding by name).
   */
  public static boolean isVolumeBoundToClaim(PersistentVolume pv, PersistentVolumeClaim claim) {
    ObjectReference ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
    if (ref == null) {
      return false;
    }
    if (!Objects.equals(ref.getNamespace(), claim.getMetadata().getNamespace())
        || !Objects.equals(ref.getName(), claim.getMetadata().getName())) {
      return false;
    }
    return ref.getUid() == null || ref.getUid().isEmpty() || ref.getUid().equals(claim.getMetadata().getUid());
  }

  public static BigDecimal requestedBytes(PersistentVolumeClaim claim) {
    Quantity q = claim.getSpec() == null || claim.getSpec().getResources() == null
        || claim.getSpec().getResources().getRequests() == null ? null : claim.getSpec().getResources().getRequests().get("storage");
    return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
  }

  public static BigDecimal capacityBytes(PersistentVolume pv) {
    Quantity q = pv.getSpec() == null || pv.getSpec().getCapacity() == null ? null : pv.getSpec().getCapacity().get("storage");
    return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
  }

  /** Upstream's {@code CheckAccessModes}: the volume offers every access mode the claim asks for. */
  public static boolean checkAccessModes(PersistentVolumeClaim claim, PersistentVolume pv) {
    List<String> wanted = claim.getSpec().getAccessModes() == null ? List.of() : claim.getSpec().getAccessModes();
    List<String> offered = pv.getSpec().getAccessModes() == null ? List.of() : pv.getSpec().getAccessModes();
    return offered.containsAll(wanted);
  }

  /** Both Filesystem (the default) or both Block. */
  public static boolean volumeModesMatch(PersistentVolumeClaim claim, PersistentVolume pv) {
    String c = claim.getSpec().getVolumeMode() == null ? "Filesystem" : claim.getSpec().getVolumeMode();
    String v = pv.getSpec().getVolumeMode() == null ? "Filesystem" : pv.getSpec().getVolumeMode();
    return c.equals(v);
  }

  /**
   * Upstream's {@code checkVolumeSatisfyClaim}, for a claim that names its volume: empty if it
   * fits, else the reason, as the {@code VolumeMismatch} event words it.
   */
  public static Optional<String> checkVolumeSatisfyClaim(PersistentVolume pv, PersistentVolumeClaim claim) {
    if (isDeleting(pv)) {
      return Optional.of("the volume is marked for deletion \"" + pv.getMetadata().getName() + "\"");
    }
    if (capacityBytes(pv).compareTo(requestedBytes(claim)) < 0) {
      return Optional.of("requested PV is too small");
    }
    if (!volumeClass(pv).equals(claimClass(claim))) {
      return Optional.of("storageClassName does not match");
    }
    if (!volumeModesMatch(claim, pv)) {
      return Optional.of("incompatible volumeMode");
    }
    if (!checkAccessModes(claim, pv)) {
      return Optional.of("incompatible accessMode");
    }
    return Optional.empty();
  }

  /**
   * Upstream's {@code findMatchingVolume}: a volume pre-bound to the claim wins at once; otherwise
   * the smallest {@code Available}, unclaimed volume of the claim's class that offers its access
   * modes, is large enough, matches its {@code selector} and, when a node is known, can be used on
   * it. With {@code delayBinding} and no node yet, only a pre-bound volume is taken: the rest waits
   * for the first consumer.
   *
   * @param nodeLabels the labels of the node the consumer runs on; null when there is none yet
   */
  public static Optional<PersistentVolume> findMatchingVolume(PersistentVolumeClaim claim, List<PersistentVolume> volumes,
      boolean delayBinding, Map<String, String> nodeLabels, String nodeName) {
    PersistentVolume best = null;
    BigDecimal requested = requestedBytes(claim);
    LabelSelector selector = selector(claim);
    for (PersistentVolume pv : volumes) {
      if (!volumeModesMatch(claim, pv) || isDeleting(pv) || !checkAccessModes(claim, pv)) {
        continue;
      }
      boolean fitsNode = nodeLabels == null || nodeAffinityMatches(pv, nodeLabels, nodeName);
      if (isVolumeBoundToClaim(pv, claim)) {
        return fitsNode ? Optional.of(pv) : Optional.empty();
      }
      if (nodeLabels == null && delayBinding) {
        continue;
      }
      if (!"Available".equals(phase(pv)) || pv.getSpec().getClaimRef() != null || !selector.matches(labels(pv))) {
        continue;
      }
      if (!volumeClass(pv).equals(claimClass(claim)) || !fitsNode) {
        continue;
      }
      BigDecimal size = capacityBytes(pv);
      if (size.compareTo(requested) >= 0 && (best == null || capacityBytes(best).compareTo(size) > 0)) {
        best = pv;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Map<String, String> labels(PersistentVolume pv) {
    return pv.getMetadata().getLabels() == null ? Map.of() : pv.getMetadata().getLabels();
  }

  /** The claim's {@code spec.selector}; everything when it has none. */
  static LabelSelector selector(PersistentVolumeClaim claim) {
    io.fabric8.kubernetes.api.model.LabelSelector s = claim.getSpec().getSelector();
    if (s == null) {
      return LabelSelector.EVERYTHING;
    }
    List<LabelSelector.Requirement> reqs = new ArrayList<>();
    if (s.getMatchLabels() != null) {
      s.getMatchLabels().forEach((k, v) -> reqs.add(new LabelSelector.Requirement(k, LabelSelector.Op.EQUALS, Set.of(v))));
    }
    if (s.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : s.getMatchExpressions()) {
        Set<String> values = r.getValues() == null ? Set.of() : new HashSet<>(r.getValues());
        LabelSelector.Op op = switch (r.getOperator()) {
          case "In" -> LabelSelector.Op.IN;
          case "NotIn" -> LabelSelector.Op.NOT_IN;
          case "Exists" -> LabelSelector.Op.EXISTS;
          case "DoesNotExist" -> LabelSelector.Op.NOT_EXISTS;
          default -> null;
        };
        if (op == null) {
          return LabelSelector.NOTHING;
        }
        reqs.add(new LabelSelector.Requirement(r.getKey(), op, values));
      }
    }
    return new LabelSelector(reqs);
  }

  /**
   * Whether the volume's required node affinity admits the node: no affinity admits every node;
   * otherwise one term must match, all of its expressions ({@code In}, {@code NotIn},
   * {@code Exists}, {@code DoesNotExist}) on labels and its {@code metadata.name} fields.
   */
  public static boolean nodeAffinityMatches(PersistentVolume pv, Map<String, String> nodeLabels, String nodeName) {
    if (pv.getSpec().getNodeAffinity() == null || pv.getSpec().getNodeAffinity().getRequired() == null) {
      return true;
    }
    List<NodeSelectorTerm> terms = pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms();
    if (terms == null || terms.isEmpty()) {
      return false;
    }
    for (NodeSelectorTerm t : terms) {
      // a term without expressions or fields selects no node
      boolean all = !((t.getMatchExpressions() == null || t.getMatchExpressions().isEmpty())
          && (t.getMatchFields() == null || t.getMatchFields().isEmpty()));
      for (NodeSelectorRequirement r : t.getMatchExpressions() == null ? List.<NodeSelectorRequirement>of() : t.getMatchExpressions()) {
        all &= requirementMatches(r, nodeLabels.get(r.getKey()));
      }
      for (NodeSelectorRequirement r : t.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : t.getMatchFields()) {
        all &= requirementMatches(r, "metadata.name".equals(r.getKey()) ? nodeName : null);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean requirementMatches(NodeSelectorRequirement r, String value) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }

  /** The claims a pod's volumes name, in its namespace. */
  public static List<String> claimNames(Pod pod) {
    List<String> out = new ArrayList<>();
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return out;
    }
    for (Volume v : pod.getSpec().getVolumes()) {
      if (v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName() != null) {
        out.add(v.getPersistentVolumeClaim().getClaimName());
      }
    }
    return out;
  }

  public static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  public static boolean isScheduled(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }
}
