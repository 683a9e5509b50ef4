package dev.berth.controllers.volume;

import static dev.berth.controllers.volume.VolumeObjects.annotated;
import static dev.berth.controllers.volume.VolumeObjects.claim;
import static dev.berth.controllers.volume.VolumeObjects.claimedBy;
import static dev.berth.controllers.volume.VolumeObjects.localPath;
import static dev.berth.controllers.volume.VolumeObjects.pod;
import static dev.berth.controllers.volume.VolumeObjects.storageClass;
import static dev.berth.controllers.volume.VolumeObjects.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table tests of {@link PersistentVolumeReconciler}: (claim or volume, cache) → plan, each step
 * written as one line ({@link #describe}).
 */
class PersistentVolumeReconcilerTest {
  private static final Path VOLUMES = Path.of("/data/volumes");
  private static final PersistentVolumeReconciler RECONCILER =
      new PersistentVolumeReconciler("berth", Map.of("kubernetes.io/hostname", "berth"), VOLUMES);
  private static final Map<String, StorageClass> CLASSES = Map.of(
      "local-path", localPath(),
      "local-now", storageClass("local-now", PersistentVolumeReconciler.LOCAL_PATH_PROVISIONER, "Immediate", "Retain"),
      "ebs", storageClass("ebs", "ebs.csi.aws.com", "Immediate", "Delete"));
  private static final Map<String, String> SELECTED = Map.of(VolumeBindings.SELECTED_NODE, "berth");
  private static final Map<String, String> FOR_US = Map.of(VolumeBindings.STORAGE_PROVISIONER, "berth.dev/local-path",
      VolumeBindings.BETA_STORAGE_PROVISIONER, "berth.dev/local-path");
  private static final String WAITING = "Waiting for a volume to be created either by the external provisioner '%s' or manually "
      + "by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly "
      + "registered.";

  record ClaimCase(String name, PersistentVolumeClaim claim, List<PersistentVolume> volumes, List<Pod> pods, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ClaimCase> claimCases() {
    PersistentVolumeClaim wffc = claim("data", "local-path", "1Gi");
    PersistentVolumeClaim selected = annotated(wffc, SELECTED);
    PersistentVolumeClaim ours = annotated(selected, FOR_US);
    PersistentVolumeClaim immediate = claim("data", "local-now", "1Gi");
    PersistentVolumeClaim plain = claim("data", "", "1Gi");
    PersistentVolume small = volume("small", "", "512Mi");
    PersistentVolume medium = volume("medium", "", "2Gi");
    PersistentVolume large = volume("large", "", "10Gi");
    PersistentVolume rwx = volume("rwx", "", "5Gi", "ReadWriteMany", "ReadWriteOnce");
    PersistentVolume roxOnly = volume("rox", "", "5Gi", "ReadOnlyMany");
    PersistentVolume classed = volume("classed", "local-path", "5Gi");
    PersistentVolume preBound = claimedBy(volume("pre", "other", "1Mi", "ReadWriteOnce"), "data", null, "Available");
    PersistentVolume elsewhere = new PersistentVolumeBuilder(volume("elsewhere", "local-path", "5Gi")).editSpec().withNewNodeAffinity()
        .withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression().withKey("kubernetes.io/hostname").withOperator("In")
        .withValues("other-node").endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build();
    PersistentVolumeClaim named = new PersistentVolumeClaimBuilder(plain).editSpec().withVolumeName("large").endSpec().build();
    PersistentVolumeClaim namedSmall = new PersistentVolumeClaimBuilder(plain).editSpec().withVolumeName("small").endSpec().build();
    PersistentVolumeClaim bound = new PersistentVolumeClaimBuilder(annotated(plain, Map.of(VolumeBindings.BIND_COMPLETED, "yes")))
        .editSpec().withVolumeName("gone").endSpec().editStatus().withPhase("Bound").endStatus().build();
    PersistentVolumeClaim deleting = new PersistentVolumeClaimBuilder(wffc).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
        .withFinalizers(VolumeBindings.PVC_PROTECTION).endMetadata().build();
    PersistentVolumeClaim external = claim("data", "ebs", "1Gi");
    PersistentVolumeClaim rwxOurs = annotated(claim("data", "local-path", "1Gi", "ReadWriteMany"), Map.of(
        VolumeBindings.SELECTED_NODE, "berth", VolumeBindings.STORAGE_PROVISIONER, "berth.dev/local-path",
        VolumeBindings.BETA_STORAGE_PROVISIONER, "berth.dev/local-path"));
    Pod running = pod("web", "berth", "Running", "data");
    Pod unscheduled = pod("web", null, "Pending", "data");
    Pod finished = pod("web", "berth", "Succeeded", "data");
    String dir = "/data/volumes/pvc-uid-data_default_data";
    return Stream.of(
        new ClaimCase("WaitForFirstConsumer, no pod: wait, say so", wffc, List.of(), List.of(),
            List.of("event persistentvolume-controller Normal WaitForFirstConsumer: waiting for first consumer to be created before binding")),
        new ClaimCase("WaitForFirstConsumer, its pod not scheduled yet", wffc, List.of(), List.of(unscheduled),
            List.of("event persistentvolume-controller Normal WaitForPodScheduled: waiting for pod web to be scheduled")),
        new ClaimCase("WaitForFirstConsumer, its pod is on the node: select the node", wffc, List.of(), List.of(running),
            List.of("annotate default/data {volume.kubernetes.io/selected-node=berth}")),
        new ClaimCase("a finished pod is no consumer", wffc, List.of(), List.of(finished),
            List.of("event persistentvolume-controller Normal WaitForFirstConsumer: waiting for first consumer to be created before binding")),
        new ClaimCase("node selected: ask our provisioner", selected, List.of(), List.of(running),
            List.of("annotate default/data {volume.beta.kubernetes.io/storage-provisioner=berth.dev/local-path, "
                + "volume.kubernetes.io/storage-provisioner=berth.dev/local-path}",
                "event persistentvolume-controller Normal ExternalProvisioning: " + WAITING.formatted("berth.dev/local-path"))),
        new ClaimCase("asked: provision", ours, List.of(), List.of(running),
            List.of("provision pvc-uid-data at " + dir)),
        new ClaimCase("Immediate class: ask the provisioner without a pod", immediate, List.of(), List.of(),
            List.of("annotate default/data {volume.beta.kubernetes.io/storage-provisioner=berth.dev/local-path, "
                + "volume.kubernetes.io/storage-provisioner=berth.dev/local-path}",
                "event persistentvolume-controller Normal ExternalProvisioning: " + WAITING.formatted("berth.dev/local-path"))),
        new ClaimCase("Immediate class, asked: provision", annotated(immediate, FOR_US), List.of(), List.of(),
            List.of("provision pvc-uid-data at " + dir)),
        new ClaimCase("another provisioner's class: annotate and wait for it", external, List.of(), List.of(),
            List.of("annotate default/data {volume.beta.kubernetes.io/storage-provisioner=ebs.csi.aws.com, "
                + "volume.kubernetes.io/storage-provisioner=ebs.csi.aws.com}",
                "event persistentvolume-controller Normal ExternalProvisioning: " + WAITING.formatted("ebs.csi.aws.com"))),
        new ClaimCase("another provisioner's class, annotated: keep waiting", annotated(external, Map.of(
            VolumeBindings.STORAGE_PROVISIONER, "ebs.csi.aws.com", VolumeBindings.BETA_STORAGE_PROVISIONER, "ebs.csi.aws.com")),
            List.of(), List.of(),
            List.of("event persistentvolume-controller Normal ExternalProvisioning: " + WAITING.formatted("ebs.csi.aws.com"))),
        new ClaimCase("unknown class", claim("data", "nope", "1Gi"), List.of(), List.of(),
            List.of("event persistentvolume-controller Warning ProvisioningFailed: storageclass.storage.k8s.io \"nope\" not found")),
        new ClaimCase("local-path cannot provision ReadWriteMany", rwxOurs, List.of(), List.of(running),
            List.of("event berth.dev/local-path Warning ProvisioningFailed: failed to provision volume with StorageClass "
                + "\"local-path\": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes")),
        new ClaimCase("no class: the smallest volume that is big enough", plain, List.of(large, small, medium), List.of(),
            List.of("bind volume medium to default/data", "bind claim default/data to medium")),
        new ClaimCase("no class: access modes must be offered", plain, List.of(roxOnly, rwx), List.of(),
            List.of("bind volume rwx to default/data", "bind claim default/data to rwx")),
        new ClaimCase("no class, nothing big enough", plain, List.of(small), List.of(),
            List.of("event persistentvolume-controller Normal FailedBinding: no persistent volumes available for this claim and no "
                + "storage class is set")),
        new ClaimCase("a volume of another class does not match", plain, List.of(classed), List.of(),
            List.of("event persistentvolume-controller Normal FailedBinding: no persistent volumes available for this claim and no "
                + "storage class is set")),
        new ClaimCase("a bound volume does not match", plain, List.of(claimedBy(large, "other", "uid-other", "Bound")), List.of(),
            List.of("event persistentvolume-controller Normal FailedBinding: no persistent volumes available for this claim and no "
                + "storage class is set")),
        new ClaimCase("WaitForFirstConsumer without a pod ignores free volumes of its class", wffc, List.of(classed), List.of(),
            List.of("event persistentvolume-controller Normal WaitForFirstConsumer: waiting for first consumer to be created before binding")),
        new ClaimCase("WaitForFirstConsumer with a pod here takes a free volume of its class", wffc, List.of(classed), List.of(running),
            List.of("bind volume classed to default/data", "bind claim default/data to classed")),
        new ClaimCase("a volume for another node does not match", wffc, List.of(elsewhere), List.of(running),
            List.of("annotate default/data {volume.kubernetes.io/selected-node=berth}")),
        new ClaimCase("a volume pre-bound to the claim by name wins, whatever its class and size", wffc, List.of(large, preBound),
            List.of(), List.of("bind volume pre to default/data", "bind claim default/data to pre")),
        new ClaimCase("volumeName names a free volume that fits: bind", named, List.of(small, large), List.of(),
            List.of("bind volume large to default/data", "bind claim default/data to large")),
        new ClaimCase("volumeName names a volume too small: VolumeMismatch", namedSmall, List.of(small), List.of(),
            List.of("event persistentvolume-controller Warning VolumeMismatch: Cannot bind to requested volume \"small\": "
                + "requested PV is too small")),
        new ClaimCase("volumeName names a missing volume: wait", named, List.of(), List.of(), List.of()),
        new ClaimCase("bound, volume gone: Lost", bound, List.of(), List.of(),
            List.of("claim default/data phase Lost",
                "event persistentvolume-controller Warning ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is lost!")),
        new ClaimCase("deleting, used by a running pod: keep the finalizer", deleting, List.of(), List.of(running), List.of()),
        new ClaimCase("deleting, its pod finished: drop pvc-protection", deleting, List.of(), List.of(finished),
            List.of("remove finalizer kubernetes.io/pvc-protection from default/data")),
        new ClaimCase("deleting, an unscheduled pod does not hold it", deleting, List.of(), List.of(unscheduled),
            List.of("remove finalizer kubernetes.io/pvc-protection from default/data")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claimCases")
  void planClaim(ClaimCase c) {
    VolumePlan plan = RECONCILER.planClaim(c.claim(), c.volumes(), CLASSES, c.pods());
    assertThat(describe(plan)).as("plan for %s", c.name()).containsExactlyElementsOf(c.expected());
  }

  record VolumeCase(String name, PersistentVolume volume, PersistentVolumeClaim claim, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<VolumeCase> volumeCases() {
    PersistentVolumeClaim data = claim("data", "local-path", "1Gi");
    PersistentVolumeClaim boundData = new PersistentVolumeClaimBuilder(data).editSpec().withVolumeName("pvc-uid-data").endSpec().build();
    PersistentVolume fresh = new PersistentVolumeBuilder(volume("static", "", "1Gi")).editStatus().withPhase("Pending").endStatus().build();
    PersistentVolume provisioned = new PersistentVolumeBuilder(claimedBy(volume("pvc-uid-data", "local-path", "1Gi"), "data",
        "uid-data", "Bound")).editMetadata().addToAnnotations(VolumeBindings.PROVISIONED_BY, "berth.dev/local-path").endMetadata()
        .editSpec().withHostPath(null).withNewLocal().withPath("/data/volumes/pvc-uid-data_default_data").endLocal()
        .withPersistentVolumeReclaimPolicy("Delete").endSpec().build();
    PersistentVolume released = new PersistentVolumeBuilder(provisioned).editStatus().withPhase("Released").endStatus().build();
    PersistentVolume retained = new PersistentVolumeBuilder(released).editSpec().withPersistentVolumeReclaimPolicy("Retain").endSpec()
        .build();
    PersistentVolume staticDelete = new PersistentVolumeBuilder(claimedBy(volume("static", "", "1Gi"), "data", "uid-data",
        "Released")).editSpec().withPersistentVolumeReclaimPolicy("Delete").endSpec().build();
    PersistentVolume deletingBound = new PersistentVolumeBuilder(provisioned).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
        .withFinalizers(VolumeBindings.PV_PROTECTION).endMetadata().build();
    PersistentVolume deletingReleased = new PersistentVolumeBuilder(deletingBound).editStatus().withPhase("Released").endStatus().build();
    PersistentVolumeClaim namesake = new PersistentVolumeClaimBuilder(data).editMetadata().withUid("uid-new").endMetadata().build();
    return Stream.of(
        new VolumeCase("a new unclaimed volume becomes Available", fresh, null, List.of("volume static phase Available")),
        new VolumeCase("an Available one stays", volume("static", "", "1Gi"), null, List.of()),
        new VolumeCase("pre-bound by name only: Available until its claim binds",
            claimedBy(fresh, "data", null, "Pending"), null, List.of("volume static phase Available")),
        new VolumeCase("bound to a claim that names it: Bound", claimedBy(provisioned, "data", "uid-data", "Available"), boundData,
            List.of("volume pvc-uid-data phase Bound")),
        new VolumeCase("bound and Bound: nothing", provisioned, boundData, List.of()),
        new VolumeCase("its claim not bound yet: the claim's sync binds", claimedBy(provisioned, "data", "uid-data", "Pending"), data,
            List.of()),
        new VolumeCase("claim gone: Released", provisioned, null, List.of("volume pvc-uid-data phase Released")),
        new VolumeCase("claim replaced by a namesake: Released", provisioned, namesake, List.of("volume pvc-uid-data phase Released")),
        new VolumeCase("Released, Delete, ours: delete directory and volume", released, null,
            List.of("delete volume pvc-uid-data and /data/volumes/pvc-uid-data_default_data")),
        new VolumeCase("Released, Retain: keep both", retained, null, List.of()),
        new VolumeCase("Released, Delete, not provisioned by us: Failed", staticDelete, null,
            List.of("volume static phase Failed (error getting deleter volume plugin for volume \"static\": no deletable volume "
                + "plugin matched)", "event persistentvolume-controller Warning VolumeFailedDelete: error getting deleter volume "
                + "plugin for volume \"static\": no deletable volume plugin matched")),
        new VolumeCase("deleting while Bound: pv-protection holds it", deletingBound, boundData, List.of()),
        new VolumeCase("deleting, Released: drop pv-protection", deletingReleased, null,
            List.of("remove finalizer kubernetes.io/pv-protection from pvc-uid-data")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("volumeCases")
  void planVolume(VolumeCase c) {
    assertThat(describe(RECONCILER.planVolume(c.volume(), c.claim()))).as("plan for %s", c.name())
        .containsExactlyElementsOf(c.expected());
  }

  @Test
  void theProvisionedVolumeIsLocalPreBoundAndPinnedToTheNode() {
    PersistentVolumeClaim c = annotated(claim("data", "local-path", "3Gi", "ReadWriteOncePod"), Map.of());
    PersistentVolume pv = RECONCILER.provisionedVolume(c, localPath(), Path.of("/data/volumes/x"));
    assertThat(pv.getMetadata().getName()).isEqualTo("pvc-uid-data");
    assertThat(pv.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/provisioned-by", "berth.dev/local-path");
    assertThat(pv.getSpec().getLocal().getPath()).isEqualTo("/data/volumes/x");
    assertThat(pv.getSpec().getCapacity().get("storage").toString()).isEqualTo("3Gi");
    assertThat(pv.getSpec().getAccessModes()).containsExactly("ReadWriteOncePod");
    assertThat(pv.getSpec().getStorageClassName()).isEqualTo("local-path");
    assertThat(pv.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
    assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo("uid-data");
    assertThat(pv.getSpec().getClaimRef().getNamespace() + "/" + pv.getSpec().getClaimRef().getName()).isEqualTo("default/data");
    assertThat(VolumeBindings.nodeAffinityMatches(pv, Map.of("kubernetes.io/hostname", "berth"), "berth")).isTrue();
    assertThat(VolumeBindings.nodeAffinityMatches(pv, Map.of("kubernetes.io/hostname", "elsewhere"), "elsewhere")).isFalse();
  }

  @Test
  void directoriesOutsideTheVolumesDirAreNeverDeleted() {
    PersistentVolume pv = volume("v", "", "1Gi");
    assertThat(RECONCILER.directoryOf(pv)).as("hostPath /srv/v is not berth's to delete").isNull();
    PersistentVolume sneaky = new PersistentVolumeBuilder(pv).editSpec().withHostPath(null).withNewLocal()
        .withPath("/data/volumes/../etc").endLocal().endSpec().build();
    assertThat(RECONCILER.directoryOf(sneaky)).isNull();
    PersistentVolume root = new PersistentVolumeBuilder(pv).editSpec().withHostPath(null).withNewLocal()
        .withPath("/data/volumes").endLocal().endSpec().build();
    assertThat(RECONCILER.directoryOf(root)).as("the volumes directory itself").isNull();
  }

  /** One line per step, e.g. {@code bind volume medium to default/data}. */
  static List<String> describe(VolumePlan plan) {
    return plan.actions().stream().map(PersistentVolumeReconcilerTest::describe).toList();
  }

  static String describe(VolumeAction a) {
    return switch (a) {
      case VolumeAction.AnnotateClaim x -> "annotate " + x.claim() + " " + new TreeMap<>(x.annotations());
      case VolumeAction.ProvisionVolume x -> "provision " + x.volume().getMetadata().getName() + " at " + x.directory();
      case VolumeAction.BindVolume x -> "bind volume " + x.volume() + " to " + x.claim().getMetadata().getNamespace() + "/"
          + x.claim().getMetadata().getName();
      case VolumeAction.BindClaim x -> "bind claim " + x.claim() + " to " + x.volume().getMetadata().getName();
      case VolumeAction.SetVolumePhase x -> "volume " + x.volume() + " phase " + x.phase() + (x.message() == null ? "" : " (" + x.message() + ")");
      case VolumeAction.SetClaimPhase x -> "claim " + x.claim() + " phase " + x.phase();
      case VolumeAction.DeleteVolume x -> "delete volume " + x.volume().getMetadata().getName() + " and " + x.directory();
      case VolumeAction.RemoveFinalizer x -> "remove finalizer " + x.finalizer() + " from " + x.object();
      case VolumeAction.RecordEvent x -> "event " + x.component() + " " + x.type() + " " + x.reason() + ": " + x.message();
    };
  }
}
