package dev.berth.controllers.volume;

import static dev.berth.controllers.volume.VolumeBindings.BIND_COMPLETED;
import static dev.berth.controllers.volume.VolumeBindings.BETA_STORAGE_PROVISIONER;
import static dev.berth.controllers.volume.VolumeBindings.PROVISIONED_BY;
import static dev.berth.controllers.volume.VolumeBindings.PVC_PROTECTION;
import static dev.berth.controllers.volume.VolumeBindings.PV_PROTECTION;
import static dev.berth.controllers.volume.VolumeBindings.SELECTED_NODE;
import static dev.berth.controllers.volume.VolumeBindings.STORAGE_PROVISIONER;
import static dev.berth.controllers.volume.VolumeBindings.annotations;
import static dev.berth.controllers.volume.VolumeBindings.claimClass;
import static dev.berth.controllers.volume.VolumeBindings.hasFinalizer;
import static dev.berth.controllers.volume.VolumeBindings.isDeleting;
import static dev.berth.controllers.volume.VolumeBindings.isVolumeBoundToClaim;
import static dev.berth.controllers.volume.VolumeBindings.phase;
import static dev.berth.controllers.volume.VolumeBindings.volumeName;

import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The binding algorithm of a one-node cluster, pure: cached objects in, a {@link VolumePlan} out.
 * It does the work of four upstream components, each a separate section here:
 *
 * <ul>
 *   <li>the <b>PV controller</b> ({@code pkg/controller/volume/persistentvolume/pv_controller.go},
 *       {@code syncClaim} / {@code syncVolume}): binds claims to matching or pre-bound volumes,
 *       marks volumes {@code Available} / {@code Bound} / {@code Released}, claims {@code Lost},
 *       asks a class's provisioner for a volume (the {@code storage-provisioner} annotations and
 *       the {@code ExternalProvisioning} event), and reclaims released volumes;
 *   <li>the <b>scheduler's volume binding</b>, for the only node: a {@code WaitForFirstConsumer}
 *       claim gets {@value VolumeBindings#SELECTED_NODE} once a pod that uses it is bound to the
 *       node (berth's scheduler binds first; the node agent waits for the claim);
 *   <li>the <b>local-path provisioner</b> (rancher's, as k3s bundles it; {@code spec/kubelet.md}
 *       §7.8) under the name {@value #LOCAL_PATH_PROVISIONER}: a {@code local} volume
 *       {@code pvc-<uid>} on {@code DATA/volumes/pvc-<uid>_<ns>_<claim>}, node affinity to the node,
 *       pre-bound to the claim; it deletes directory and volume when a {@code Delete} volume is
 *       released;
 *   <li>the <b>protection controllers</b>: {@value VolumeBindings#PVC_PROTECTION} leaves a claim
 *       being deleted once no scheduled, unfinished pod uses it; {@value VolumeBindings#PV_PROTECTION}
 *       leaves a volume being deleted once it is not {@code Bound}.
 * </ul>
 *
 * <p>A claim goes through these passes (each one event away from the next):
 *
 * <pre>
 * Pending, WaitForFirstConsumer class, no pod       → event WaitForFirstConsumer
 * a pod using it is bound to the node               → annotate selected-node
 * no matching volume, class of ours                 → annotate storage-provisioner, event ExternalProvisioning
 * annotated for us                                  → provision: directory + PV pvc-&lt;uid&gt; pre-bound to the claim
 * a volume pre-bound to it (or a matching one)      → bind: PV claimRef + Bound, claim volumeName + Bound
 * </pre>
 */
public final class PersistentVolumeReconciler {
  /** The provisioner name of berth's default StorageClass {@code local-path} (the API server's bootstrap). */
  public static final String LOCAL_PATH_PROVISIONER = "berth.dev/local-path";
  /** Event source of the PV controller's events. */
  public static final String CONTROLLER = "persistentvolume-controller";
  /** Event source of the provisioner's events (upstream: the provisioner's identity). */
  public static final String PROVISIONER = LOCAL_PATH_PROVISIONER;

  static final String NORMAL = "Normal";
  static final String WARNING = "Warning";
  static final List<String> PROVISIONABLE_ACCESS_MODES = List.of("ReadWriteOnce", "ReadWriteOncePod");

  private final String nodeName;
  private final Map<String, String> nodeLabels;
  private final Path volumesDir;

  /**
   * @param nodeName the only node, {@code berth}
   * @param nodeLabels its labels, for volumes' node affinity; {@code kubernetes.io/hostname} at least
   * @param volumesDir {@code DATA/volumes}, absolute: where provisioned directories go
   */
  public PersistentVolumeReconciler(String nodeName, Map<String, String> nodeLabels, Path volumesDir) {
    this.nodeName = Objects.requireNonNull(nodeName);
    this.nodeLabels = Map.copyOf(nodeLabels);
    this.volumesDir = volumesDir.toAbsolutePath().normalize();
  }

  public Path volumesDir() {
    return volumesDir;
  }

  // ---------------------------------------------------------------------------------------------
  // claims

  /**
   * The next steps for {@code claim}.
   *
   * @param volumes every cached volume
   * @param classes the cached StorageClasses by name
   * @param pods the cached pods of the claim's namespace
   */
  public VolumePlan planClaim(PersistentVolumeClaim claim, List<PersistentVolume> volumes, Map<String, StorageClass> classes,
      List<Pod> pods) {
    if (isDeleting(claim)) {
      return planDeletingClaim(claim, pods);
    }
    if ("yes".equals(annotations(claim).get(BIND_COMPLETED))) {
      return planBoundClaim(claim, volumes);
    }
    if (volumeName(claim).isEmpty()) {
      return planUnboundClaim(claim, volumes, classes, pods);
    }
    return planClaimNamingItsVolume(claim, volumes);
  }

  /** pvc-protection: the finalizer goes once no scheduled, unfinished pod uses the claim. */
  private VolumePlan planDeletingClaim(PersistentVolumeClaim claim, List<Pod> pods) {
    if (!hasFinalizer(claim, PVC_PROTECTION) || isInUse(claim, pods)) {
      return VolumePlan.NOTHING;
    }
    return VolumePlan.of(new VolumeAction.RemoveFinalizer(key(claim), uid(claim), PVC_PROTECTION));
  }

  /** Whether a pod on a node that has not finished names the claim (upstream's {@code podUsesPVC}). */
  static boolean isInUse(PersistentVolumeClaim claim, List<Pod> pods) {
    return pods.stream().anyMatch(p -> VolumeBindings.isScheduled(p) && !VolumeBindings.isTerminal(p)
        && Objects.equals(p.getMetadata().getNamespace(), claim.getMetadata().getNamespace())
        && VolumeBindings.claimNames(p).contains(claim.getMetadata().getName()));
  }

  /** {@code syncBoundClaim}: keep both sides Bound, or report the claim Lost. */
  private VolumePlan planBoundClaim(PersistentVolumeClaim claim, List<PersistentVolume> volumes) {
    String name = volumeName(claim);
    if (name.isEmpty()) {
      return lost(claim, "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
    }
    PersistentVolume pv = find(volumes, name);
    if (pv == null) {
      return lost(claim, "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
    }
    if (pv.getSpec().getClaimRef() == null || isVolumeBoundToClaim(pv, claim)) {
      boolean done = pv.getSpec().getClaimRef() != null && uid(claim).equals(pv.getSpec().getClaimRef().getUid())
          && "Bound".equals(phase(pv)) && "Bound".equals(phase(claim));
      return done ? VolumePlan.NOTHING : bind(pv, claim);
    }
    return lost(claim, "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
  }

  private VolumePlan lost(PersistentVolumeClaim claim, String reason, String message) {
    if ("Lost".equals(phase(claim))) {
      return VolumePlan.NOTHING;
    }
    return VolumePlan.of(new VolumeAction.SetClaimPhase(key(claim), uid(claim), "Lost"),
        new VolumeAction.RecordEvent(CONTROLLER, claim, WARNING, reason, message));
  }

  /** The user named a volume in {@code spec.volumeName}: bind if it is free and fits, else wait. */
  private VolumePlan planClaimNamingItsVolume(PersistentVolumeClaim claim, List<PersistentVolume> volumes) {
    PersistentVolume pv = find(volumes, volumeName(claim));
    if (pv == null) {
      return VolumePlan.NOTHING;
    }
    if (pv.getSpec().getClaimRef() == null) {
      Optional<String> mismatch = VolumeBindings.checkVolumeSatisfyClaim(pv, claim);
      if (mismatch.isPresent()) {
        return VolumePlan.of(new VolumeAction.RecordEvent(CONTROLLER, claim, WARNING, "VolumeMismatch",
            "Cannot bind to requested volume \"" + pv.getMetadata().getName() + "\": " + mismatch.get()));
      }
      return bind(pv, claim);
    }
    return isVolumeBoundToClaim(pv, claim) ? bind(pv, claim) : VolumePlan.NOTHING;
  }

  /** {@code syncUnboundClaim} with an empty {@code volumeName}: match, wait for a consumer, or provision. */
  private VolumePlan planUnboundClaim(PersistentVolumeClaim claim, List<PersistentVolume> volumes,
      Map<String, StorageClass> classes, List<Pod> pods) {
    String className = claimClass(claim);
    StorageClass sc = className.isEmpty() ? null : classes.get(className);
    boolean delay = VolumeBindings.isDelayBinding(sc);
    List<Pod> consumers = pods.stream().filter(p -> !isDeleting(p) && !VolumeBindings.isTerminal(p)
        && VolumeBindings.claimNames(p).contains(claim.getMetadata().getName())).toList();
    boolean consumerHere = consumers.stream().anyMatch(p -> nodeName.equals(p.getSpec().getNodeName()));
    String selected = annotations(claim).get(SELECTED_NODE);
    boolean nodeKnown = selected != null || consumerHere;

    Optional<PersistentVolume> match = VolumeBindings.findMatchingVolume(claim, volumes, delay, nodeKnown ? nodeLabels : null,
        nodeName);
    if (match.isPresent()) {
      return bind(match.get(), claim);
    }
    if (delay && selected == null) {
      if (consumerHere) {
        return VolumePlan.of(new VolumeAction.AnnotateClaim(key(claim), uid(claim), Map.of(SELECTED_NODE, nodeName)));
      }
      List<String> waiting = consumers.stream().filter(p -> !VolumeBindings.isScheduled(p)).map(p -> p.getMetadata().getName())
          .sorted().toList();
      return waiting.isEmpty()
          ? event(CONTROLLER, claim, NORMAL, "WaitForFirstConsumer", "waiting for first consumer to be created before binding")
          : event(CONTROLLER, claim, NORMAL, "WaitForPodScheduled", "waiting for " + (waiting.size() == 1 ? "pod " : "pods ")
              + String.join(",", waiting) + " to be scheduled");
    }
    if (className.isEmpty()) {
      return event(CONTROLLER, claim, NORMAL, "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
    }
    if (sc == null) {
      return event(CONTROLLER, claim, WARNING, "ProvisioningFailed", "storageclass.storage.k8s.io \"" + className + "\" not found");
    }
    String provisioner = sc.getProvisioner();
    String waiting = "Waiting for a volume to be created either by the external provisioner '" + provisioner
        + "' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is "
        + "running and correctly registered.";
    if (!provisioner.equals(annotations(claim).get(STORAGE_PROVISIONER))
        || !provisioner.equals(annotations(claim).get(BETA_STORAGE_PROVISIONER))) {
      return VolumePlan.of(new VolumeAction.AnnotateClaim(key(claim), uid(claim),
              Map.of(STORAGE_PROVISIONER, provisioner, BETA_STORAGE_PROVISIONER, provisioner)),
          new VolumeAction.RecordEvent(CONTROLLER, claim, NORMAL, "ExternalProvisioning", waiting));
    }
    if (!LOCAL_PATH_PROVISIONER.equals(provisioner)) {
      return event(CONTROLLER, claim, NORMAL, "ExternalProvisioning", waiting);
    }
    return provision(claim, sc, selected);
  }

  /** The local-path provisioner's {@code Provision}. */
  private VolumePlan provision(PersistentVolumeClaim claim, StorageClass sc, String selected) {
    String failure = null;
    List<String> modes = claim.getSpec().getAccessModes() == null ? List.of() : claim.getSpec().getAccessModes();
    if (!PROVISIONABLE_ACCESS_MODES.containsAll(modes)) {
      failure = "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes";
    } else if ("Block".equals(claim.getSpec().getVolumeMode())) {
      failure = "volumeMode Block is not supported by " + LOCAL_PATH_PROVISIONER;
    } else if (selected != null && !selected.equals(nodeName)) {
      failure = "nodes \"" + selected + "\" not found";
    }
    if (failure != null) {
      return event(PROVISIONER, claim, WARNING, "ProvisioningFailed",
          "failed to provision volume with StorageClass \"" + sc.getMetadata().getName() + "\": " + failure);
    }
    Path dir = VolumeBindings.localPathDirectory(volumesDir, claim);
    return VolumePlan.of(new VolumeAction.ProvisionVolume(claim, provisionedVolume(claim, sc, dir), dir));
  }

  /**
   * The volume the local-path provisioner makes for {@code claim}: {@code pvc-<uid>}, a {@code local}
   * source on {@code dir}, required node affinity {@code kubernetes.io/hostname In [<node>]},
   * capacity = the request (not enforced), the claim's access modes, the class's reclaim policy
   * ({@code Delete} when unset) and mount options, pre-bound to the claim.
   */
  PersistentVolume provisionedVolume(PersistentVolumeClaim claim, StorageClass sc, Path dir) {
    Quantity request = claim.getSpec().getResources().getRequests().get("storage");
    ObjectReference ref = new ObjectReferenceBuilder().withKind("PersistentVolumeClaim").withApiVersion("v1")
        .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName()).withUid(uid(claim))
        .withResourceVersion(claim.getMetadata().getResourceVersion()).build();
    return new PersistentVolumeBuilder()
        .withNewMetadata().withName(VolumeBindings.provisionedVolumeName(claim))
        .withAnnotations(Map.of(PROVISIONED_BY, LOCAL_PATH_PROVISIONER)).endMetadata()
        .withNewSpec()
        .withCapacity(Map.of("storage", new Quantity(request.getAmount(), request.getFormat())))
        .withAccessModes(new ArrayList<>(claim.getSpec().getAccessModes()))
        .withStorageClassName(sc.getMetadata().getName())
        .withPersistentVolumeReclaimPolicy(sc.getReclaimPolicy() == null ? "Delete" : sc.getReclaimPolicy())
        .withVolumeMode("Filesystem")
        .withMountOptions(sc.getMountOptions() == null ? null : new ArrayList<>(sc.getMountOptions()))
        .withClaimRef(ref)
        .withNewLocal().withPath(dir.toString()).endLocal()
        .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
        .withKey(VolumeBindings.HOSTNAME_LABEL).withOperator("In").withValues(nodeName)
        .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity()
        .endSpec().build();
  }

  private static VolumePlan bind(PersistentVolume pv, PersistentVolumeClaim claim) {
    return VolumePlan.of(new VolumeAction.BindVolume(pv.getMetadata().getName(), claim),
        new VolumeAction.BindClaim(key(claim), uid(claim), pv));
  }

  // ---------------------------------------------------------------------------------------------
  // volumes

  /**
   * The next steps for {@code pv}.
   *
   * @param claim the claim its {@code claimRef} names, as the cache (or, on a miss, the API)
   *     has it; null when there is none
   */
  public VolumePlan planVolume(PersistentVolume pv, PersistentVolumeClaim claim) {
    if (isDeleting(pv) && hasFinalizer(pv, PV_PROTECTION) && !"Bound".equals(phase(pv))) {
      return VolumePlan.of(new VolumeAction.RemoveFinalizer(ResourceKey.clusterScoped(pv.getMetadata().getName()), uid(pv),
          PV_PROTECTION));
    }
    // A volume being deleted while Bound is still synced: once its claim goes, it is Released and
    // the finalizer can go.
    ObjectReference ref = pv.getSpec().getClaimRef();
    if (ref == null || ref.getUid() == null || ref.getUid().isEmpty()) {
      // free, or pre-bound by a user and waiting for that claim's sync
      return phaseIs(pv, "Available") ? VolumePlan.NOTHING : setPhase(pv, "Available", null);
    }
    if (claim != null && !ref.getUid().equals(uid(claim))) {
      claim = null; // a namesake: the claim this volume was bound to is gone
    }
    if (claim == null) {
      if (!phaseIs(pv, "Released") && !phaseIs(pv, "Failed")) {
        return setPhase(pv, "Released", null);
      }
      return phaseIs(pv, "Released") ? reclaim(pv) : VolumePlan.NOTHING;
    }
    if (volumeName(claim).equals(pv.getMetadata().getName())) {
      return phaseIs(pv, "Bound") ? VolumePlan.NOTHING : setPhase(pv, "Bound", null);
    }
    // The claim is not bound yet (its sync binds it) or bound elsewhere: nothing for the volume to do.
    return VolumePlan.NOTHING;
  }

  /** {@code reclaimVolume} for a {@code Released} volume. */
  private VolumePlan reclaim(PersistentVolume pv) {
    String policy = pv.getSpec().getPersistentVolumeReclaimPolicy() == null ? "Retain" : pv.getSpec().getPersistentVolumeReclaimPolicy();
    String name = pv.getMetadata().getName();
    switch (policy) {
      case "Delete" -> {
        if (LOCAL_PATH_PROVISIONER.equals(annotations(pv).get(PROVISIONED_BY))) {
          return VolumePlan.of(new VolumeAction.DeleteVolume(pv, directoryOf(pv)));
        }
        String message = "error getting deleter volume plugin for volume \"" + name + "\": no deletable volume plugin matched";
        return VolumePlan.of(new VolumeAction.SetVolumePhase(name, uid(pv), "Failed", message),
            new VolumeAction.RecordEvent(CONTROLLER, pv, WARNING, "VolumeFailedDelete", message));
      }
      case "Recycle" -> {
        String message = "No recycler plugin found for the volume!";
        return VolumePlan.of(new VolumeAction.SetVolumePhase(name, uid(pv), "Failed", message),
            new VolumeAction.RecordEvent(CONTROLLER, pv, WARNING, "VolumeFailedRecycle", message));
      }
      default -> {
        return VolumePlan.NOTHING; // Retain: the volume and its data stay for an administrator
      }
    }
  }

  /** The volume's directory if it lies under {@code DATA/volumes} (never anything else), else null. */
  Path directoryOf(PersistentVolume pv) {
    String path = pv.getSpec().getLocal() != null ? pv.getSpec().getLocal().getPath()
        : pv.getSpec().getHostPath() != null ? pv.getSpec().getHostPath().getPath() : null;
    if (path == null) {
      return null;
    }
    Path p = Path.of(path).toAbsolutePath().normalize();
    return p.startsWith(volumesDir) && !p.equals(volumesDir) ? p : null;
  }

  private static VolumePlan setPhase(PersistentVolume pv, String phase, String message) {
    return VolumePlan.of(new VolumeAction.SetVolumePhase(pv.getMetadata().getName(), uid(pv), phase, message));
  }

  private static boolean phaseIs(PersistentVolume pv, String phase) {
    return phase.equals(phase(pv));
  }

  // ---------------------------------------------------------------------------------------------

  private static VolumePlan event(String component, HasMetadata object, String type, String reason, String message) {
    return VolumePlan.of(new VolumeAction.RecordEvent(component, object, type, reason, message));
  }

  private static PersistentVolume find(List<PersistentVolume> volumes, String name) {
    return volumes.stream().filter(v -> name.equals(v.getMetadata().getName())).findFirst().orElse(null);
  }

  private static ResourceKey key(PersistentVolumeClaim claim) {
    return new ResourceKey(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
  }

  private static String uid(HasMetadata o) {
    return o.getMetadata().getUid();
  }
}
