package dev.berth.controllers.volume;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.List;
import java.util.Map;

/** Builders for the tests' claims, volumes, classes and pods, in namespace {@code default}. */
final class VolumeObjects {
  static final String NS = "default";

  private VolumeObjects() {}

  static StorageClass storageClass(String name, String provisioner, String bindingMode, String reclaimPolicy) {
    return new StorageClassBuilder().withNewMetadata().withName(name).withUid("uid-sc-" + name).endMetadata()
        .withProvisioner(provisioner).withVolumeBindingMode(bindingMode).withReclaimPolicy(reclaimPolicy).build();
  }

  static StorageClass localPath() {
    return storageClass("local-path", PersistentVolumeReconciler.LOCAL_PATH_PROVISIONER, "WaitForFirstConsumer", "Delete");
  }

  /** A Pending claim {@code name} of {@code storageClass} ("" for none) asking for {@code size}. */
  static PersistentVolumeClaim claim(String name, String storageClass, String size, String... modes) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid("uid-" + name)
        .withResourceVersion("1").endMetadata()
        .withNewSpec().withAccessModes(modes.length == 0 ? List.of("ReadWriteOnce") : List.of(modes))
        .withStorageClassName(storageClass).withVolumeMode("Filesystem")
        .withNewResources().withRequests(Map.of("storage", new Quantity(size))).endResources().endSpec()
        .withNewStatus().withPhase("Pending").endStatus().build();
  }

  static PersistentVolumeClaim annotated(PersistentVolumeClaim c, Map<String, String> annotations) {
    return new PersistentVolumeClaimBuilder(c).editMetadata().addToAnnotations(annotations).endMetadata().build();
  }

  /** An Available hostPath volume {@code name} of {@code storageClass} ("" for none). */
  static PersistentVolume volume(String name, String storageClass, String size, String... modes) {
    return new PersistentVolumeBuilder().withNewMetadata().withName(name).withUid("uid-" + name).endMetadata()
        .withNewSpec().withCapacity(Map.of("storage", new Quantity(size)))
        .withAccessModes(modes.length == 0 ? List.of("ReadWriteOnce") : List.of(modes))
        .withStorageClassName(storageClass.isEmpty() ? null : storageClass).withVolumeMode("Filesystem")
        .withPersistentVolumeReclaimPolicy("Retain").withNewHostPath().withPath("/srv/" + name).endHostPath().endSpec()
        .withNewStatus().withPhase("Available").endStatus().build();
  }

  /** {@code pv} with {@code spec.claimRef} to {@code namespace/claim} (uid null: a pre-binding by name). */
  static PersistentVolume claimedBy(PersistentVolume pv, String claim, String uid, String phase) {
    return new PersistentVolumeBuilder(pv).editSpec().withClaimRef(new ObjectReferenceBuilder().withKind("PersistentVolumeClaim")
        .withNamespace(NS).withName(claim).withUid(uid).build()).endSpec().editStatus().withPhase(phase).endStatus().build();
  }

  /** A pod using {@code claim}; {@code nodeName} null for an unscheduled one. */
  static Pod pod(String name, String nodeName, String phase, String claim) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid("uid-" + name).endMetadata()
        .withNewSpec().withNodeName(nodeName).addNewContainer().withName("c").withCommand("sleep", "300").endContainer()
        .addNewVolume().withName("d").withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().endVolume()
        .endSpec().withNewStatus().withPhase(phase).endStatus().build();
  }
}
