package dev.berth.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.time.FakeClock;
import dev.berth.node.logs.ContainerLogs;
import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.sandbox.HostResolvConf;
import dev.berth.node.sandbox.PodIpAllocator;
import dev.berth.node.sandbox.PodSandboxFiles;
import dev.berth.node.volume.PodVolumes;
import dev.berth.node.volume.VolumeSourceLookup;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter over the OS classes, on a real directory. */
class OsPodSandboxControlTest {
  @TempDir
  Path data;

  private final PodIpAllocator ips = new PodIpAllocator();

  private OsPodSandboxControl control() {
    VolumeSourceLookup nothing = new VolumeSourceLookup() {
      @Override
      public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.empty();
      }

      @Override
      public Optional<Secret> secret(String namespace, String name) {
        return Optional.empty();
      }

      @Override
      public Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name) {
        return Optional.empty();
      }

      @Override
      public Optional<PersistentVolume> persistentVolume(String name) {
        return Optional.empty();
      }
    };
    FakeClock clock = new FakeClock();
    return new OsPodSandboxControl(ips, new PodSandboxFiles(data, "cluster.local", List.of("127.2.0.10"),
        HostResolvConf.parse("nameserver 1.1.1.1\n"), "127.0.0.1 localhost\n"), new PodVolumes(data, clock, nothing, Map.of()),
        new ContainerLogs(data, clock));
  }

  private static Pod pod(String uid) {
    return new PodBuilder().withNewMetadata().withName("web-0").withNamespace("default").withUid(uid).endMetadata().withNewSpec()
        .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewVolume().withName("cfg").withNewConfigMap().withName("missing").endConfigMap().endVolume()
        .withContainers(container()).endSpec().build();
  }

  private static Container container() {
    return new ContainerBuilder().withName("app").addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount().build();
  }

  @Test
  void ensureGivesAnAddressFilesAndVolumesAndMountsThem() throws Exception {
    OsPodSandboxControl c = control();
    Pod pod = new PodBuilder(pod("u1")).editSpec().withVolumes(pod("u1").getSpec().getVolumes().get(0)).endSpec().build();
    PodSandbox sb = c.ensure(pod);
    assertThat(sb.podIps()).containsExactly("127.1.0.2");
    assertThat(sb.hostname()).isEqualTo("web-0");
    assertThat(c.ensure(pod).podIps()).as("the same address on every sync").containsExactly("127.1.0.2");
    assertThat(Files.readString(data.resolve("pods/u1/etc-hosts"))).contains("127.1.0.2\tweb-0");
    assertThat(sb.volumes().get("scratch")).isDirectory();

    List<ContainerLaunch.Mount> mounts = c.mounts(pod, container(), sb, Map.of());
    assertThat(mounts).extracting(ContainerLaunch.Mount::target).containsExactly("/scratch", "/etc/hosts", "/etc/resolv.conf",
        "/etc/hostname");
    assertThat(c.logFile(pod, container(), 3).toString()).isEqualTo(ContainerLogs.logFile(data, "u1", "app", 3).toString());

    c.tearDown(pod);
    assertThat(sb.volumes().get("scratch")).doesNotExist();
    assertThat(ips.addressOf("u1")).as("kept until release").contains("127.1.0.2");
    c.release("u1");
    assertThat(ips.addressOf("u1")).isEmpty();
  }

  @Test
  void aVolumeThatCannotBeSetUpIsFailedMount() {
    assertThatThrownBy(() -> control().ensure(pod("u1"))).isInstanceOfSatisfying(PodSandboxException.class, e -> {
      assertThat(e.eventReason()).isEqualTo("FailedMount");
      assertThat(e.getMessage()).contains("configmap \"missing\" not found");
    });
  }

  @Test
  void restoreTakesBackTheAddressInTheStatus() throws Exception {
    OsPodSandboxControl c = control();
    Pod pod = new PodBuilder(pod("u1")).editSpec().withVolumes(List.of()).endSpec().withNewStatus().withPodIP("127.1.0.9").endStatus()
        .build();
    c.restore(pod);
    assertThat(c.ensure(new PodBuilder(pod).editMetadata().withUid("u2").endMetadata().build()).podIp()).isEqualTo("127.1.0.10");
    assertThat(c.ensure(pod).podIp()).isEqualTo("127.1.0.9");
  }
}
