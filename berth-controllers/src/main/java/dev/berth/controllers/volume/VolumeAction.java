package dev.berth.controllers.volume;

import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.nio.file.Path;
import java.util.Map;

/**
 * One step of a {@link VolumePlan}. Objects named by key and uid are read fresh by the
 * {@link PersistentVolumeControl}; a uid that no longer matches means the object was replaced, and
 * the step is skipped.
 */
public sealed interface VolumeAction {

  /** Add (or overwrite) {@code annotations} on the claim. */
  record AnnotateClaim(ResourceKey claim, String uid, Map<String, String> annotations) implements VolumeAction {
    public AnnotateClaim {
      annotations = Map.copyOf(annotations);
    }
  }

  /**
   * The local-path provisioner's work: create {@code directory} (mode 0777, its parent 0700), then
   * {@code volume}, already pre-bound to {@code claim} through {@code spec.claimRef}. Recorded with
   * the {@code Provisioning} and {@code ProvisioningSucceeded} (or {@code ProvisioningFailed})
   * events on the claim.
   */
  record ProvisionVolume(PersistentVolumeClaim claim, PersistentVolume volume, Path directory) implements VolumeAction {}

  /**
   * Point the volume at the claim ({@code spec.claimRef} with the claim's uid, and
   * {@link VolumeBindings#BOUND_BY_CONTROLLER} if this sets the ref) and set its phase
   * {@code Bound}.
   */
  record BindVolume(String volume, PersistentVolumeClaim claim) implements VolumeAction {}

  /**
   * Point the claim at the volume ({@code spec.volumeName}, {@link VolumeBindings#BIND_COMPLETED},
   * {@link VolumeBindings#BOUND_BY_CONTROLLER} if this sets the name) and set its status
   * {@code Bound} with the volume's capacity and access modes.
   */
  record BindClaim(ResourceKey claim, String uid, PersistentVolume volume) implements VolumeAction {}

  /** {@code status.phase} (and {@code message}, null for none) of a volume. */
  record SetVolumePhase(String volume, String uid, String phase, String message) implements VolumeAction {}

  /** {@code status.phase} of a claim ({@code Lost}). */
  record SetClaimPhase(ResourceKey claim, String uid, String phase) implements VolumeAction {}

  /** Reclaim policy {@code Delete} of a provisioned volume: remove its directory, then the volume. */
  record DeleteVolume(PersistentVolume volume, Path directory) implements VolumeAction {}

  /** Drop a protection finalizer from a claim (namespaced key) or a volume (cluster-scoped key). */
  record RemoveFinalizer(ResourceKey object, String uid, String finalizer) implements VolumeAction {}

  /**
   * A core/v1 Event about {@code object}, from {@code component}.
   *
   * @param type {@code Normal} or {@code Warning}
   */
  record RecordEvent(String component, HasMetadata object, String type, String reason, String message) implements VolumeAction {}
}
