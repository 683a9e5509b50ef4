package dev.berth.controllers.volume;

import static dev.berth.controllers.volume.VolumeObjects.NS;
import static dev.berth.controllers.volume.VolumeObjects.claim;
import static dev.berth.controllers.volume.VolumeObjects.localPath;
import static dev.berth.controllers.volume.VolumeObjects.pod;
import static dev.berth.controllers.volume.VolumeObjects.storageClass;
import static dev.berth.controllers.volume.VolumeObjects.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import dev.berth.client.testing.FakeApiClient;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The volume controller over a {@link FakeApiClient} and a real {@code @TempDir} as berth's data
 * directory: provisioning, binding, pvc/pv protection and reclaiming, as a user sees them in the
 * API and on disk.
 */
class PersistentVolumeControllerTest {
  private final FakeClock clock = new FakeClock();
  private final FakeApiClient client = new FakeApiClient(clock);
  @TempDir Path dataDir;
  private PersistentVolumeController controller;

  @BeforeEach
  void setUp() {
    controller = new PersistentVolumeController(client, clock, "berth", dataDir);
    client.create(localPath());
  }

  /** What the API server's StorageObjectInUseProtection admission adds, which the fake does not. */
  private PersistentVolumeClaim createClaim(PersistentVolumeClaim c) {
    PersistentVolumeClaim withFinalizer = new PersistentVolumeClaimBuilder(c).editMetadata().withUid(null).withResourceVersion(null)
        .withFinalizers(VolumeBindings.PVC_PROTECTION).endMetadata().build();
    return client.create(withFinalizer);
  }

  private PersistentVolumeClaim claimNow(String name) {
    return client.get(PersistentVolumeClaim.class, NS, name);
  }

  private PersistentVolume volumeNow(String name) {
    return client.get(PersistentVolume.class, null, name);
  }

  private List<String> events(String objectName) {
    return client.list(Event.class, NS, null).items().stream().filter(e -> e.getInvolvedObject().getName().equals(objectName))
        .map(e -> e.getReason() + ": " + e.getMessage()).toList();
  }

  private Pod createPod(String name, String claim) {
    return client.create(new PodBuilder(pod(name, "berth", "Running", claim)).editMetadata().withUid(null).endMetadata().build());
  }

  private void deletePodNow(String name) {
    client.delete(Pod.class, NS, name, new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build());
  }

  @Test
  void aWaitForFirstConsumerClaimIsProvisionedAndBoundOnceItsPodIsOnTheNode() throws IOException {
    PersistentVolumeClaim created = createClaim(claim("data", "local-path", "1Gi"));
    controller.settle();
    assertThat(claimNow("data").getStatus().getPhase()).as("no consumer yet").isEqualTo("Pending");
    assertThat(client.list(PersistentVolume.class, null, null).items()).isEmpty();
    assertThat(events("data")).containsExactly("WaitForFirstConsumer: waiting for first consumer to be created before binding");

    createPod("web", "data");
    controller.settle();

    String uid = created.getMetadata().getUid();
    PersistentVolumeClaim c = claimNow("data");
    assertThat(c.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(c.getSpec().getVolumeName()).isEqualTo("pvc-" + uid);
    assertThat(c.getStatus().getCapacity().get("storage").toString()).isEqualTo("1Gi");
    assertThat(c.getStatus().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(c.getMetadata().getAnnotations())
        .containsEntry("volume.kubernetes.io/selected-node", "berth")
        .containsEntry("volume.kubernetes.io/storage-provisioner", "berth.dev/local-path")
        .containsEntry("volume.beta.kubernetes.io/storage-provisioner", "berth.dev/local-path")
        .containsEntry("pv.kubernetes.io/bind-completed", "yes")
        .containsEntry("pv.kubernetes.io/bound-by-controller", "yes");

    PersistentVolume pv = volumeNow("pvc-" + uid);
    Path dir = dataDir.toAbsolutePath().resolve("volumes").resolve("pvc-" + uid + "_default_data");
    assertThat(pv.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(pv.getSpec().getLocal().getPath()).isEqualTo(dir.toString());
    assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo(uid);
    assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
    assertThat(pv.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/provisioned-by", "berth.dev/local-path")
        .doesNotContainKey("pv.kubernetes.io/bound-by-controller");
    assertThat(Files.isDirectory(dir)).isTrue();
    assertThat(Files.getAttribute(dir, "unix:mode")).isEqualTo(040777);
    assertThat(Files.getAttribute(dir.getParent(), "unix:mode")).isEqualTo(040700);
    assertThat(events("data")).containsSubsequence(
        "WaitForFirstConsumer: waiting for first consumer to be created before binding",
        "ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'berth.dev/local-path' or "
            + "manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running "
            + "and correctly registered.",
        "Provisioning: External provisioner is provisioning volume for claim \"default/data\"",
        "ProvisioningSucceeded: Successfully provisioned volume pvc-" + uid);
    assertThat(client.list(PersistentVolume.class, null, null).items()).as("exactly one volume").hasSize(1);
  }

  @Test
  void deleteReclaimPolicyRemovesDirectoryAndVolumeOnlyOnceThePodIsGone() throws IOException {
    PersistentVolumeClaim created = createClaim(claim("data", "local-path", "1Gi"));
    createPod("web", "data");
    controller.settle();
    String uid = created.getMetadata().getUid();
    Path dir = dataDir.toAbsolutePath().resolve("volumes").resolve("pvc-" + uid + "_default_data");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/f"), "data");

    client.delete(PersistentVolumeClaim.class, NS, "data", null);
    controller.settle();
    assertThat(claimNow("data")).as("pvc-protection: a running pod uses it").isNotNull();
    assertThat(claimNow("data").getMetadata().getFinalizers()).containsExactly(VolumeBindings.PVC_PROTECTION);
    assertThat(volumeNow("pvc-" + uid).getStatus().getPhase()).isEqualTo("Bound");
    assertThat(dir.resolve("sub/f")).exists();

    deletePodNow("web");
    controller.settle();
    assertThat(claimNow("data")).isNull();
    assertThat(volumeNow("pvc-" + uid)).as("released and deleted").isNull();
    assertThat(dir).doesNotExist();
  }

  @Test
  void retainKeepsAReleasedVolumeAndItsDirectory() throws IOException {
    client.create(storageClass("keep", PersistentVolumeReconciler.LOCAL_PATH_PROVISIONER, "Immediate", "Retain"));
    PersistentVolumeClaim created = createClaim(claim("kept", "keep", "5Mi"));
    controller.settle();
    String uid = created.getMetadata().getUid();
    assertThat(claimNow("kept").getStatus().getPhase()).as("Immediate: bound without a pod").isEqualTo("Bound");
    Path dir = dataDir.toAbsolutePath().resolve("volumes").resolve("pvc-" + uid + "_default_kept");
    Files.writeString(dir.resolve("f"), "data");

    client.delete(PersistentVolumeClaim.class, NS, "kept", null);
    controller.settle();
    assertThat(claimNow("kept")).isNull();
    PersistentVolume pv = volumeNow("pvc-" + uid);
    assertThat(pv.getStatus().getPhase()).isEqualTo("Released");
    assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
    assertThat(dir.resolve("f")).hasContent("data");
  }

  @Test
  void aClaimWithoutClassBindsAMatchingStaticVolume() {
    client.create(new PersistentVolumeBuilder(volume("small", "", "100Mi")).editMetadata().withUid(null).endMetadata().build());
    client.create(new PersistentVolumeBuilder(volume("big", "", "2Gi")).editMetadata().withUid(null).endMetadata().build());
    PersistentVolumeClaim created = createClaim(claim("static", "", "1Gi"));
    controller.settle();

    PersistentVolumeClaim c = claimNow("static");
    assertThat(c.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(c.getSpec().getVolumeName()).isEqualTo("big");
    assertThat(c.getStatus().getCapacity().get("storage").toString()).as("the volume's capacity, not the request").isEqualTo("2Gi");
    PersistentVolume big = volumeNow("big");
    assertThat(big.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(big.getSpec().getClaimRef().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(big.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/bound-by-controller", "yes");
    assertThat(volumeNow("small").getStatus().getPhase()).isEqualTo("Available");

    client.delete(PersistentVolumeClaim.class, NS, "static", null);
    controller.settle();
    assertThat(volumeNow("big").getStatus().getPhase()).as("Retain, the default of a static volume").isEqualTo("Released");
  }

  @Test
  void aVolumeBeingDeletedKeepsPvProtectionWhileBound() {
    PersistentVolumeClaim created = createClaim(claim("data", "", "1Gi"));
    client.create(new PersistentVolumeBuilder(volume("pv1", "", "1Gi")).editMetadata().withUid(null)
        .withFinalizers(VolumeBindings.PV_PROTECTION).endMetadata().build());
    controller.settle();
    assertThat(volumeNow("pv1").getStatus().getPhase()).isEqualTo("Bound");

    client.delete(PersistentVolume.class, null, "pv1", null);
    controller.settle();
    assertThat(volumeNow("pv1")).as("pv-protection: Bound").isNotNull();

    client.delete(PersistentVolumeClaim.class, NS, "data", null);
    controller.settle();
    assertThat(volumeNow("pv1")).as("Released: the finalizer went").isNull();
    assertThat(created).isNotNull();
  }

  @Test
  void aProvisioningFailureIsReportedAndRetried() throws IOException {
    client.create(storageClass("now", PersistentVolumeReconciler.LOCAL_PATH_PROVISIONER, "Immediate", "Delete"));
    Files.writeString(dataDir.resolve("volumes"), "not a directory");
    createClaim(claim("data", "now", "1Gi"));
    controller.settle();
    assertThat(claimNow("data").getStatus().getPhase()).isEqualTo("Pending");
    assertThat(events("data")).anyMatch(e -> e.startsWith("ProvisioningFailed: failed to provision volume with StorageClass \"now\": "));
    assertThat(client.list(PersistentVolume.class, null, null).items()).isEmpty();

    Files.delete(dataDir.resolve("volumes"));
    clock.advance(Duration.ofSeconds(1));
    controller.settle();
    assertThat(claimNow("data").getStatus().getPhase()).as("the back-off retried it").isEqualTo("Bound");
  }
}
