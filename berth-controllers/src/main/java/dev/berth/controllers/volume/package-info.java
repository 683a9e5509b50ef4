/**
 * Claims, volumes and the local-path provisioner ({@code spec/kubelet.md} §7.8): {@link
 * dev.berth.controllers.volume.PersistentVolumeController} is the loop (claim, volume, StorageClass
 * and pod informers → one work queue of claim and volume keys), {@link
 * dev.berth.controllers.volume.PersistentVolumeReconciler} the algorithm (a {@link
 * dev.berth.controllers.volume.VolumePlan} per claim or volume), {@link
 * dev.berth.controllers.volume.PersistentVolumeControl} the side effects (API writes, directories
 * under {@code DATA/volumes}, events), {@link dev.berth.controllers.volume.VolumeBindings} the
 * vocabulary.
 */
package dev.berth.controllers.volume;
