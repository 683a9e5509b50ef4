package dev.berth.controllers.volume;

import dev.berth.client.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The side effects of the volume binder and the local-path provisioner: API writes, volume
 * directories, events. Every write reads the live object first and is idempotent: an object that is
 * gone, or replaced by a namesake with another uid, counts as done; a write that would change
 * nothing is not sent. Conflicts are retried on a fresh read; other API errors are thrown, and the
 * controller retries the key with back-off.
 */
public interface PersistentVolumeControl {

  /** The live claim (not the cache's), or null. */
  PersistentVolumeClaim getClaim(String namespace, String name);

  void annotateClaim(ResourceKey claim, String uid, Map<String, String> annotations);

  /**
   * Creates {@code directory} (0777; its parent 0700 when created) and then {@code volume}.
   *
   * @return false if the volume already existed (an earlier pass made it)
   * @throws IOException if the directory cannot be made; no volume is created then
   */
  boolean provision(PersistentVolume volume, Path directory) throws IOException;

  /** See {@link VolumeAction.BindVolume}. */
  void bindVolume(String volume, PersistentVolumeClaim claim);

  /** See {@link VolumeAction.BindClaim}. */
  void bindClaim(ResourceKey claim, String uid, PersistentVolume volume);

  void setVolumePhase(String volume, String uid, String phase, String message);

  void setClaimPhase(ResourceKey claim, String uid, String phase);

  /**
   * Removes {@code directory} and everything in it (when not null), then deletes the volume with
   * a uid precondition.
   */
  void deleteVolume(PersistentVolume volume, Path directory) throws IOException;

  /** Drops {@code finalizer} from the claim (namespaced key) or volume (cluster-scoped key). */
  void removeFinalizer(ResourceKey object, String uid, String finalizer);

  /** Best effort, never throws: see {@code EventRecorder}. */
  void event(String component, HasMetadata object, String type, String reason, String message);
}
