package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LocalVolumeSource;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PersistentVolumeClaims, PersistentVolumes and StorageClasses. */
class StorageRulesTest {

  static final PersistentVolumeClaimRules PVC = new PersistentVolumeClaimRules();
  static final PersistentVolumeRules PV = new PersistentVolumeRules();
  static final StorageClassRules SC = new StorageClassRules();

  static PersistentVolumeClaim claim() {
    PersistentVolumeClaim c = parse("""
        {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"www-web-0","namespace":"default"},
         "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}
        """, PersistentVolumeClaim.class);
    PVC.applyDefaults(c);
    return c;
  }

  static PersistentVolume volume() {
    PersistentVolume v = parse("""
        {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pvc-1234"},
         "spec":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"},"hostPath":{"path":"/var/lib/berth/volumes/pvc-1234"},
          "storageClassName":"local-path"}}
        """, PersistentVolume.class);
    PV.applyDefaults(v);
    return v;
  }

  @Test
  void defaultsClaimsAndVolumes() {
    PersistentVolumeClaim c = claim();
    assertThat(c.getSpec().getVolumeMode()).isEqualTo("Filesystem");
    assertThat(c.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(PVC.validateCreate(c)).isEmpty();
    PersistentVolume v = volume();
    assertThat(v.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
    assertThat(v.getSpec().getVolumeMode()).isEqualTo("Filesystem");
    assertThat(v.getSpec().getHostPath().getType()).isEqualTo("");
    assertThat(PV.validateCreate(v)).isEmpty();
  }

  record ClaimCase(String name, Consumer<PersistentVolumeClaim> change, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ClaimCase> invalidClaims() {
    return Stream.of(
        new ClaimCase("no access modes", c -> c.getSpec().setAccessModes(List.of()),
            List.of("spec.accessModes: Required value: at least 1 access mode is required")),
        new ClaimCase("unknown access mode", c -> c.getSpec().setAccessModes(List.of("ReadWriteSometimes")),
            List.of("spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", "
                + "\"ReadWriteOnce\", \"ReadWriteOncePod\"")),
        new ClaimCase("ReadWriteOncePod with others", c -> c.getSpec().setAccessModes(List.of("ReadWriteOncePod", "ReadWriteOnce")),
            List.of("spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes")),
        new ClaimCase("no storage request", c -> c.getSpec().getResources().setRequests(Map.of()),
            List.of("spec.resources[storage]: Required value")),
        new ClaimCase("zero storage", c -> c.getSpec().getResources().setRequests(Map.of("storage", new Quantity("0"))),
            List.of("spec.resources[storage]: Invalid value: \"0\": must be greater than zero")),
        new ClaimCase("volume mode", c -> c.getSpec().setVolumeMode("Raw"),
            List.of("spec.volumeMode: Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\"")));
  }

  @ParameterizedTest
  @MethodSource("invalidClaims")
  void rejectsBadClaims(ClaimCase c) {
    PersistentVolumeClaim claim = claim();
    c.change().accept(claim);
    assertThat(lines(PVC.validateCreate(claim))).as("errors for %s", c).isEqualTo(c.expected());
  }

  static PersistentVolumeClaim bound() {
    PersistentVolumeClaim c = claim();
    c.getMetadata().setUid("u-1");
    c.getSpec().setVolumeName("pvc-1234");
    c.getSpec().setStorageClassName("local-path");
    c.getStatus().setPhase("Bound");
    c.getStatus().setCapacity(Map.of("storage", new Quantity("1Gi")));
    return c;
  }

  @Test
  void boundClaimsMayGrowAndNothingElse() {
    PersistentVolumeClaim old = bound();
    PersistentVolumeClaim grown = Manifests.copy(old, PersistentVolumeClaim.class);
    grown.getSpec().getResources().setRequests(Map.of("storage", new Quantity("2Gi")));
    assertThat(PVC.validateUpdate(grown, old)).isEmpty();

    PersistentVolumeClaim moved = Manifests.copy(old, PersistentVolumeClaim.class);
    moved.getSpec().setVolumeName("pvc-9999");
    List<String> errors = lines(PVC.validateUpdate(moved, old));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("spec: Forbidden: spec is immutable after creation except resources.requests and "
        + "volumeAttributesClassName for bound claims\n").contains("\"volumeName\": \"pvc-9999\"");

    PersistentVolumeClaim shrunk = Manifests.copy(old, PersistentVolumeClaim.class);
    shrunk.getSpec().getResources().setRequests(Map.of("storage", new Quantity("512Mi")));
    assertThat(lines(PVC.validateUpdate(shrunk, old))).containsExactly("spec.resources.requests.storage: Forbidden: field can not be less than status.capacity");
  }

  @Test
  void pendingClaimsGetTheirVolumeAndClassOnce() {
    PersistentVolumeClaim old = claim();
    old.getMetadata().setUid("u-1");
    PersistentVolumeClaim bind = Manifests.copy(old, PersistentVolumeClaim.class);
    bind.getSpec().setVolumeName("pvc-1234");
    bind.getSpec().setStorageClassName("local-path");
    assertThat(PVC.validateUpdate(bind, old)).isEmpty();
    PersistentVolumeClaim resized = Manifests.copy(old, PersistentVolumeClaim.class);
    resized.getSpec().getResources().setRequests(Map.of("storage", new Quantity("2Gi")));
    assertThat(lines(PVC.validateUpdate(resized, old))).singleElement().asString()
        .startsWith("spec: Forbidden: spec is immutable after creation");
  }

  record VolumeCase(String name, Consumer<PersistentVolume> change, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<VolumeCase> invalidVolumes() {
    return Stream.of(
        new VolumeCase("no source", v -> v.getSpec().setHostPath(null), List.of("spec: Required value: must specify a volume type")),
        new VolumeCase("two sources", v -> v.getSpec().setLocal(new LocalVolumeSource(null, "/srv")),
            List.of("spec.local: Forbidden: may not specify more than 1 volume type")),
        new VolumeCase("local without node affinity", v -> {
          v.getSpec().setHostPath(null);
          v.getSpec().setLocal(new LocalVolumeSource(null, "/srv"));
        }, List.of("spec.nodeAffinity: Required value: Local volume requires node affinity")),
        new VolumeCase("no capacity", v -> v.getSpec().setCapacity(Map.of()),
            List.of("spec.capacity: Required value", "spec.capacity: Unsupported value: core.ResourceList(nil): supported values: \"storage\"")),
        new VolumeCase("reclaim policy", v -> v.getSpec().setPersistentVolumeReclaimPolicy("Keep"),
            List.of("spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Recycle\", \"Retain\"")),
        new VolumeCase("namespaced", v -> v.getMetadata().setNamespace("default"),
            List.of("metadata.namespace: Forbidden: not allowed on this type")));
  }

  @ParameterizedTest
  @MethodSource("invalidVolumes")
  void rejectsBadVolumes(VolumeCase c) {
    PersistentVolume v = volume();
    c.change().accept(v);
    assertThat(lines(PV.validateCreate(v))).as("errors for %s", c).isEqualTo(c.expected());
  }

  @Test
  void theVolumeSourceIsImmutable() {
    PersistentVolume old = volume();
    PersistentVolume v = Manifests.copy(old, PersistentVolume.class);
    v.getSpec().getHostPath().setPath("/elsewhere");
    assertThat(lines(PV.validateUpdate(v, old))).singleElement().asString()
        .startsWith("spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n");
    PersistentVolume released = Manifests.copy(old, PersistentVolume.class);
    released.getSpec().setPersistentVolumeReclaimPolicy("Delete");
    assertThat(PV.validateUpdate(released, old)).isEmpty();
  }

  static StorageClass storageClass() {
    StorageClass sc = parse("""
        {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"local-path",
          "annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},"provisioner":"rancher.io/local-path"}
        """, StorageClass.class);
    SC.applyDefaults(sc);
    return sc;
  }

  @Test
  void storageClassesDefaultAndValidate() {
    StorageClass sc = storageClass();
    assertThat(sc.getReclaimPolicy()).isEqualTo("Delete");
    assertThat(sc.getVolumeBindingMode()).isEqualTo("Immediate");
    assertThat(SC.validateCreate(sc)).isEmpty();

    StorageClass bad = storageClass();
    bad.setProvisioner(null);
    bad.setReclaimPolicy("Recycle");
    bad.setVolumeBindingMode("Later");
    assertThat(lines(SC.validateCreate(bad))).containsExactly("provisioner: Required value",
        "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"",
        "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"");
  }

  @Test
  void storageClassProvisionerAndParametersAreImmutable() {
    StorageClass old = storageClass();
    StorageClass sc = storageClass();
    sc.setProvisioner("example.com/nfs");
    sc.setParameters(Map.of("path", "/srv"));
    assertThat(lines(SC.validateUpdate(sc, old))).containsExactly("parameters: Forbidden: updates to parameters are forbidden.",
        "provisioner: Forbidden: updates to provisioner are forbidden.");
    StorageClass relabelled = storageClass();
    relabelled.getMetadata().setAnnotations(Map.of());
    assertThat(SC.validateUpdate(relabelled, old)).isEmpty();
  }
}
