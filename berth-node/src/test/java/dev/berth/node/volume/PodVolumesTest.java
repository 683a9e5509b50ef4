package dev.berth.node.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.time.FakeClock;
import dev.berth.node.runtime.ContainerLaunch;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes on disk (a real @TempDir, as STYLE.md asks) and the container mounts made of them. */
class PodVolumesTest {
  @TempDir Path data;
  private final FakeClock clock = new FakeClock();
  private final Map<String, ConfigMap> configMaps = new HashMap<>();
  private final Map<String, Secret> secrets = new HashMap<>();
  private final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
  private final Map<String, PersistentVolume> pvs = new HashMap<>();
  private VolumeSourceLookup lookup;
  private PodVolumes volumes;

  @BeforeEach
  void setUp() {
    lookup = new VolumeSourceLookup() {
      @Override
      public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.ofNullable(configMaps.get(namespace + "/" + name));
      }

      @Override
      public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(secrets.get(namespace + "/" + name));
      }

      @Override
      public Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name) {
        return Optional.ofNullable(claims.get(namespace + "/" + name));
      }

      @Override
      public Optional<PersistentVolume> persistentVolume(String name) {
        return Optional.ofNullable(pvs.get(name));
      }
    };
    volumes = new PodVolumes(data, clock, lookup, Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi")));
    configMaps.put("default/app", new ConfigMapBuilder().withNewMetadata().withName("app").endMetadata()
        .addToData("app.properties", "greeting=hello\n").addToData("mode", "fast")
        .addToBinaryData("blob", Base64.getEncoder().encodeToString(new byte[] {0, 1, 2})).build());
    secrets.put("default/db", new SecretBuilder().withNewMetadata().withName("db").endMetadata()
        .addToData("password", Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8))).build());
  }

  private static Pod pod(Volume... vs) {
    return new PodBuilder().withNewMetadata().withName("web-0").withNamespace("default").withUid("uid-1")
        .addToLabels("app", "web").addToLabels("tier", "front \"end\"").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withNewResources().addToRequests("cpu", new Quantity("250m"))
        .endResources().endContainer().withVolumes(vs).endSpec().build();
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void emptyDirIsA0777DirectoryThatOutlivesContainers() throws Exception {
    Pod p = pod(new VolumeBuilder().withName("scratch").withNewEmptyDir().withMedium("Memory").endEmptyDir().build());
    Path dir = volumes.setUp(p).get("scratch");
    assertThat(dir).isEqualTo(data.resolve("pods/uid-1/volumes/kubernetes.io~empty-dir/scratch"));
    assertThat(perms(dir)).isEqualTo("rwxrwxrwx");
    Files.writeString(dir.resolve("kept"), "x");
    volumes.setUp(p);
    assertThat(dir.resolve("kept")).exists();
    assertThat(perms(data.resolve("pods/uid-1"))).isEqualTo("rwxr-x---");
    volumes.tearDown("uid-1");
    assertThat(dir).doesNotExist();
  }

  @Test
  void configMapAndSecretPayloads() throws Exception {
    Pod p = pod(
        new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app").endConfigMap().build(),
        new VolumeBuilder().withName("picked").withNewConfigMap().withName("app").addNewItem().withKey("mode")
            .withPath("conf/mode.txt").withMode(0600).endItem().endConfigMap().build(),
        new VolumeBuilder().withName("creds").withNewSecret().withSecretName("db").withDefaultMode(0400).endSecret().build());
    Map<String, Path> v = volumes.setUp(p);
    Path cfg = v.get("cfg");
    assertThat(cfg).isEqualTo(data.resolve("pods/uid-1/volumes/kubernetes.io~configmap/cfg"));
    assertThat(AtomicWriter.visibleEntries(cfg)).contains("app.properties", "mode", "blob", "..data");
    assertThat(cfg.resolve("app.properties")).hasContent("greeting=hello");
    assertThat(Files.readAllBytes(cfg.resolve("blob"))).containsExactly(0, 1, 2);
    assertThat(perms(cfg.resolve("mode").toRealPath())).as("defaultMode 0644").isEqualTo("rw-r--r--");
    assertThat(AtomicWriter.visibleEntries(v.get("picked"))).containsExactlyInAnyOrder("..data", "conf",
        Files.readSymbolicLink(v.get("picked").resolve("..data")).toString());
    assertThat(perms(v.get("picked").resolve("conf/mode.txt").toRealPath())).isEqualTo("rw-------");
    Path creds = v.get("creds");
    assertThat(creds).isEqualTo(data.resolve("pods/uid-1/volumes/kubernetes.io~secret/creds"));
    assertThat(creds.resolve("password")).hasContent("s3cret");
    assertThat(perms(creds.resolve("password").toRealPath())).isEqualTo("r--------");

    configMaps.put("default/app", new ConfigMapBuilder(configMaps.get("default/app")).addToData("mode", "slow").build());
    clock.advance(Duration.ofMinutes(1));
    volumes.setUp(p);
    assertThat(cfg.resolve("mode")).as("a resync projects the update").hasContent("slow");
  }

  /**
   * {@code spec/kubelet.md} Appendix E 14: configMap, secret, downwardAPI and projected volumes are
   * mounted read-only, files 0644 by default, reached through {@code ..data}, updated by swapping
   * {@code ..data} to a new timestamped directory — but a subPath mount is a copy that a running
   * container never sees updated.
   */
  @Test
  void item14_projectedVolumesAreReadOnly0644LinkedThroughDataAndUpdatedAtomicallyButNotThroughSubPath() throws Exception {
    Pod p = pod(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app").endConfigMap().build(),
        new VolumeBuilder().withName("creds").withNewSecret().withSecretName("db").endSecret().build(),
        new VolumeBuilder().withName("info").withNewDownwardAPI().addNewItem().withPath("labels").withNewFieldRef()
            .withFieldPath("metadata.labels").endFieldRef().endItem().endDownwardAPI().build(),
        new VolumeBuilder().withName("all").withNewProjected().addNewSource().withNewConfigMap().withName("app").endConfigMap()
            .endSource().endProjected().build());
    Map<String, Path> v = volumes.setUp(p);
    Container c = new ContainerBuilder().withName("app")
        .addNewVolumeMount().withName("cfg").withMountPath("/etc/app").endVolumeMount()
        .addNewVolumeMount().withName("creds").withMountPath("/etc/creds").withReadOnly(false).endVolumeMount()
        .addNewVolumeMount().withName("info").withMountPath("/etc/info").endVolumeMount()
        .addNewVolumeMount().withName("all").withMountPath("/etc/all").endVolumeMount()
        .addNewVolumeMount().withName("cfg").withMountPath("/etc/mode").withSubPath("mode").endVolumeMount()
        .build();
    assertThat(volumes.mounts(p, c, v, Map.of())).as("read-only, even when the mount asks otherwise")
        .allMatch(ContainerLaunch.Mount::readOnly);
    for (Path file : List.of(v.get("cfg").resolve("mode"), v.get("creds").resolve("password"), v.get("info").resolve("labels"),
        v.get("all").resolve("mode"))) {
      assertThat(Files.readSymbolicLink(file)).as(file + " is a link through ..data").isEqualTo(Path.of("..data", file.getFileName().toString()));
      assertThat(perms(file.toRealPath())).as(file + " 0644").isEqualTo("rw-r--r--");
    }
    Path before = Files.readSymbolicLink(v.get("cfg").resolve("..data"));
    Path copy = data.resolve("pods/uid-1/volume-subpaths/cfg/app/4");
    assertThat(copy).hasContent("fast");

    configMaps.put("default/app", new ConfigMapBuilder(configMaps.get("default/app")).addToData("mode", "slow").build());
    clock.advance(Duration.ofSeconds(61));
    volumes.setUp(p);
    Path after = Files.readSymbolicLink(v.get("cfg").resolve("..data"));
    assertThat(after).as("a new timestamped directory").isNotEqualTo(before);
    assertThat(v.get("cfg").resolve(before)).as("the old one is gone").doesNotExist();
    assertThat(v.get("cfg").resolve("mode")).hasContent("slow");
    assertThat(v.get("all").resolve("mode")).hasContent("slow");
    assertThat(copy).as("the running container's subPath copy is not updated").hasContent("fast");
    volumes.mounts(p, c, v, Map.of());
    assertThat(copy).as("a restarted container resolves its subPath again, as upstream does at container creation")
        .hasContent("slow");
  }

  /** Item 2 of issue 3: secret, projected and {@code medium: Memory} volumes never hit the disk (§7.3, §7.4). */
  @Test
  void secretProjectedAndMemoryEmptyDirsAreTmpfsMountsUnmountedAtTearDown() throws Exception {
    FakeTmpfsControl tmpfs = new FakeTmpfsControl();
    PodVolumes inMemory = new PodVolumes(data, clock, lookup, Map.of(), tmpfs);
    Pod p = pod(
        new VolumeBuilder().withName("creds").withNewSecret().withSecretName("db").endSecret().build(),
        new VolumeBuilder().withName("all").withNewProjected().addNewSource().withNewSecret().withName("db").endSecret()
            .endSource().endProjected().build(),
        new VolumeBuilder().withName("cache").withNewEmptyDir().withMedium("Memory").withSizeLimit(new Quantity("8Mi"))
            .endEmptyDir().build(),
        new VolumeBuilder().withName("ram").withNewEmptyDir().withMedium("Memory").endEmptyDir().build(),
        new VolumeBuilder().withName("disk").withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app").endConfigMap().build());
    Map<String, Path> v = inMemory.setUp(p);
    assertThat(tmpfs.mounted()).as("configMap and disk emptyDir stay plain directories").containsOnly(
        Map.entry(v.get("creds"), new FakeTmpfsControl.Mount(0, 0777)),
        Map.entry(v.get("all"), new FakeTmpfsControl.Mount(0, 0777)),
        Map.entry(v.get("cache"), new FakeTmpfsControl.Mount(8 * 1024 * 1024, 0777)),
        Map.entry(v.get("ram"), new FakeTmpfsControl.Mount(0, 0777)));
    assertThat(v.get("creds").resolve("password")).hasContent("s3cret");
    inMemory.setUp(p);
    assertThat(tmpfs.calls).as("a resync mounts nothing twice").hasSize(4);
    inMemory.tearDown("uid-1");
    assertThat(tmpfs.mounted()).as("unmounted before the directories are removed").isEmpty();
    assertThat(data.resolve("pods/uid-1/volumes")).doesNotExist();
  }

  record Failure(Volume volume, String message, String meaning) {}

  @Test
  void mountFailuresCarryTheKubeletsMessages() {
    claims.put("default/pending", new PersistentVolumeClaimBuilder().withNewMetadata().withName("pending").endMetadata()
        .withNewStatus().withPhase("Pending").endStatus().build());
    List<Failure> failures = List.of(
        new Failure(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("nope").endConfigMap().build(),
            "MountVolume.SetUp failed for volume \"cfg\" : configmap \"nope\" not found", "missing configMap"),
        new Failure(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app").addNewItem().withKey("nokey")
            .withPath("x").endItem().endConfigMap().build(),
            "MountVolume.SetUp failed for volume \"cfg\" : configmap references non-existent config key: nokey", "missing key"),
        new Failure(new VolumeBuilder().withName("s").withNewSecret().withSecretName("nope").endSecret().build(),
            "MountVolume.SetUp failed for volume \"s\" : secret \"nope\" not found", "missing secret"),
        new Failure(new VolumeBuilder().withName("h").withNewHostPath().withPath("/no/such/dir").withType("Directory")
            .endHostPath().build(),
            "MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: /no/such/dir is not a directory",
            "hostPath Directory that does not exist"),
        new Failure(new VolumeBuilder().withName("h").withNewHostPath().withPath("/etc").withType("File").endHostPath().build(),
            "MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: /etc is not a file", "hostPath File"),
        new Failure(new VolumeBuilder().withName("d").withNewPersistentVolumeClaim().withClaimName("pending")
            .endPersistentVolumeClaim().build(), "error processing PVC default/pending: PVC is not bound", "unbound claim"),
        new Failure(new VolumeBuilder().withName("d").withNewPersistentVolumeClaim().withClaimName("gone")
            .endPersistentVolumeClaim().build(), "error processing PVC default/gone: failed to fetch PVC from API server:"
            + " persistentvolumeclaims \"gone\" not found", "no claim"),
        new Failure(new VolumeBuilder().withName("n").withNewNfs().withServer("x").withPath("/").endNfs().build(),
            "MountVolume.SetUp failed for volume \"n\" : volume type not supported by berth (emptyDir, configMap, secret,"
            + " downwardAPI, projected, hostPath and persistentVolumeClaim are)", "an unsupported type"));
    for (Failure f : failures) {
      assertThatThrownBy(() -> volumes.setUp(pod(f.volume()))).as(f.meaning()).isInstanceOf(MountFailedException.class)
          .hasMessage(f.message());
    }
  }

  @Test
  void optionalSourcesMayBeMissing() throws Exception {
    Map<String, Path> v = volumes.setUp(pod(
        new VolumeBuilder().withName("cfg").withNewConfigMap().withName("nope").withOptional(true).endConfigMap().build(),
        new VolumeBuilder().withName("k").withNewConfigMap().withName("app").withOptional(true).addNewItem().withKey("nokey")
            .withPath("x").endItem().addNewItem().withKey("mode").withPath("m").endItem().endConfigMap().build()));
    assertThat(AtomicWriter.visibleEntries(v.get("cfg"))).hasSize(2).contains("..data");
    assertThat(AtomicWriter.visibleEntries(v.get("k"))).contains("m").doesNotContain("x");
  }

  @Test
  void downwardApiAndProjectedVolumes() throws Exception {
    Map<String, Path> v = volumes.setUp(pod(
        new VolumeBuilder().withName("info").withNewDownwardAPI().addNewItem().withPath("labels").withNewFieldRef()
            .withFieldPath("metadata.labels").endFieldRef().endItem().addNewItem().withPath("name").withNewFieldRef()
            .withFieldPath("metadata.name").endFieldRef().endItem().addNewItem().withPath("app").withNewFieldRef()
            .withFieldPath("metadata.labels['app']").endFieldRef().endItem().addNewItem().withPath("cpu_request")
            .withNewResourceFieldRef().withContainerName("app").withResource("requests.cpu").withDivisor(new Quantity("1m"))
            .endResourceFieldRef().endItem().addNewItem().withPath("cpu_limit").withNewResourceFieldRef()
            .withContainerName("app").withResource("limits.cpu").endResourceFieldRef().endItem().addNewItem()
            .withPath("mem_limit").withNewResourceFieldRef().withContainerName("app").withResource("limits.memory")
            .withDivisor(new Quantity("1Mi")).endResourceFieldRef().endItem().endDownwardAPI().build(),
        new VolumeBuilder().withName("all").withNewProjected().addNewSource().withNewConfigMap().withName("app").addNewItem()
            .withKey("mode").withPath("mode").endItem().endConfigMap().endSource().addNewSource().withNewSecret()
            .withName("db").endSecret().endSource().addNewSource().withNewDownwardAPI().addNewItem().withPath("ns")
            .withNewFieldRef().withFieldPath("metadata.namespace").endFieldRef().endItem().endDownwardAPI().endSource()
            .endProjected().build()));
    Path info = v.get("info");
    assertThat(info).isEqualTo(data.resolve("pods/uid-1/volumes/kubernetes.io~downward-api/info"));
    assertThat(Files.readString(info.resolve("labels"))).isEqualTo("app=\"web\"\ntier=\"front \\\"end\\\"\"");
    assertThat(Files.readString(info.resolve("name"))).isEqualTo("web-0");
    assertThat(Files.readString(info.resolve("app"))).isEqualTo("web");
    assertThat(Files.readString(info.resolve("cpu_request"))).isEqualTo("250");
    assertThat(Files.readString(info.resolve("cpu_limit"))).as("no limit: node allocatable").isEqualTo("2");
    assertThat(Files.readString(info.resolve("mem_limit"))).isEqualTo("4096");
    Path all = v.get("all");
    assertThat(all).isEqualTo(data.resolve("pods/uid-1/volumes/kubernetes.io~projected/all"));
    assertThat(AtomicWriter.visibleEntries(all)).contains("mode", "password", "ns");

    assertThatThrownBy(() -> volumes.setUp(pod(new VolumeBuilder().withName("kube-api-access-x").withNewProjected()
        .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3607L).endServiceAccountToken()
        .endSource().endProjected().build()))).hasMessageContaining("failed to fetch token");
  }

  @Test
  void hostPathTypesCreateWhatTheySay() throws Exception {
    Path dir = data.resolve("host/dir");
    Path file = data.resolve("host-file");
    Map<String, Path> v = volumes.setUp(pod(
        new VolumeBuilder().withName("d").withNewHostPath().withPath(dir.toString()).withType("DirectoryOrCreate").endHostPath()
            .build(),
        new VolumeBuilder().withName("f").withNewHostPath().withPath(file.toString()).withType("FileOrCreate").endHostPath()
            .build()));
    assertThat(v.get("d")).isEqualTo(dir).isDirectory();
    assertThat(perms(dir)).isEqualTo("rwxr-xr-x");
    assertThat(v.get("f")).isEqualTo(file).isRegularFile();
    assertThat(perms(file)).isEqualTo("rw-r--r--");
    volumes.tearDown("uid-1");
    assertThat(dir).as("hostPath is never cleaned up").exists();
  }

  /**
   * {@code spec/kubelet.md} Appendix E 18: a local-path PV is {@code pvc-<uid>_<ns>_<claim>}, mode
   * 0777, created when the first pod that uses it is set up, kept when the pod goes.
   */
  @Test
  void claimsMountTheirLocalPathDirectory() throws Exception {
    Path pvDir = PodVolumes.localPathVolume(data, "5f0c", "default", "www-web-0");
    assertThat(pvDir).isEqualTo(data.resolve("volumes/pvc-5f0c_default_www-web-0"));
    claims.put("default/www-web-0", new PersistentVolumeClaimBuilder().withNewMetadata().withName("www-web-0").withUid("5f0c")
        .endMetadata().withNewSpec().withVolumeName("pvc-5f0c").endSpec().withNewStatus().withPhase("Bound").endStatus().build());
    pvs.put("pvc-5f0c", new PersistentVolumeBuilder().withNewMetadata().withName("pvc-5f0c").endMetadata().withNewSpec()
        .withNewLocal().withPath(pvDir.toString()).endLocal().endSpec().build());
    Pod p = pod(new VolumeBuilder().withName("www").withNewPersistentVolumeClaim().withClaimName("www-web-0")
        .endPersistentVolumeClaim().build());
    assertThat(volumes.setUp(p).get("www")).isEqualTo(pvDir);
    assertThat(perms(pvDir)).isEqualTo("rwxrwxrwx");
    assertThat(perms(data.resolve("volumes"))).isEqualTo("rwx------");
    Files.writeString(pvDir.resolve("db"), "rows");
    volumes.tearDown("uid-1");
    assertThat(pvDir.resolve("db")).as("a PV outlives its pods").hasContent("rows");
  }

  @Test
  void fsGroupOwnsEmptyDirsAndProjectedFiles() throws Exception {
    Pod p = new PodBuilder(pod(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder().withName("creds").withNewSecret().withSecretName("db").withDefaultMode(0400).endSecret().build()))
        .editSpec().withNewSecurityContext().withFsGroup(2000L).endSecurityContext().endSpec().build();
    Map<String, Path> v = volumes.setUp(p);
    assertThat(Files.getAttribute(v.get("scratch"), "unix:gid")).isEqualTo(2000);
    assertThat(((Integer) Files.getAttribute(v.get("scratch"), "unix:mode")) & 07777).as("setgid, 0777").isEqualTo(02777);
    Path password = v.get("creds").resolve("password").toRealPath();
    assertThat(perms(password)).as("defaultMode 0400 becomes 0440 with fsGroup").isEqualTo("r--r-----");
    assertThat(Files.getAttribute(password, "unix:gid")).isEqualTo(2000);
  }

  @Test
  void volumeMountsBecomeBindMounts() throws Exception {
    Pod p = pod(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
        new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app").endConfigMap().build());
    Map<String, Path> v = volumes.setUp(p);
    Path scratch = v.get("scratch");
    Container c = new ContainerBuilder().withName("app")
        .addNewVolumeMount().withName("scratch").withMountPath("/data/logs").withSubPathExpr("logs/$(POD_NAME)").endVolumeMount()
        .addNewVolumeMount().withName("scratch").withMountPath("/data").endVolumeMount()
        .addNewVolumeMount().withName("cfg").withMountPath("/etc/app").endVolumeMount()
        .addNewVolumeMount().withName("cfg").withMountPath("/etc/app.properties").withSubPath("app.properties").endVolumeMount()
        .addNewVolumeMount().withName("scratch").withMountPath("/ro").withReadOnly(true).endVolumeMount()
        .build();
    List<ContainerLaunch.Mount> mounts = volumes.mounts(p, c, v, Map.of("POD_NAME", "web-0"));
    // Shallower mount points first (a parent before what is mounted inside it), spec order otherwise.
    Path copy = data.resolve("pods/uid-1/volume-subpaths/cfg/app/3");
    assertThat(mounts).containsExactly(
        new ContainerLaunch.Mount(scratch, "/data", false),
        new ContainerLaunch.Mount(scratch, "/ro", true),
        new ContainerLaunch.Mount(scratch.resolve("logs/web-0").toRealPath(), "/data/logs", false),
        new ContainerLaunch.Mount(v.get("cfg"), "/etc/app", true),
        new ContainerLaunch.Mount(copy, "/etc/app.properties", true));
    assertThat(scratch.resolve("logs/web-0")).as("a missing subPath is created").isDirectory();
    assertThat(copy).as("a configMap subPath is a copy, without updates").hasContent("greeting=hello");

    Files.createSymbolicLink(scratch.resolve("escape"), Path.of("/etc"));
    Container evil = new ContainerBuilder().withName("evil").addNewVolumeMount().withName("scratch").withMountPath("/x")
        .withSubPath("escape").endVolumeMount().build();
    assertThatThrownBy(() -> volumes.mounts(p, evil, v, Map.of())).hasMessageContaining("not within volume path");
    Container dots = new ContainerBuilder().withName("dots").addNewVolumeMount().withName("scratch").withMountPath("/x")
        .withSubPath("a/../../b").endVolumeMount().build();
    assertThatThrownBy(() -> volumes.mounts(p, dots, v, Map.of())).hasMessageContaining("must not contain '..'");
    Container unset = new ContainerBuilder().withName("unset").addNewVolumeMount().withName("scratch").withMountPath("/x")
        .withSubPathExpr("$(NOPE)").endVolumeMount().build();
    assertThatThrownBy(() -> volumes.mounts(p, unset, v, Map.of())).hasMessageEndingWith("missing value for NOPE");
  }
}
