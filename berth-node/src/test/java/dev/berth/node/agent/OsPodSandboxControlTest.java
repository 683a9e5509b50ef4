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

  @Test
  void theTerminationMessageFileIsWritableByAnyoneAndItsLast4096BytesAreTheMessage() throws Exception {
    OsPodSandboxControl c = control();
    Pod pod = pod("u3");
    Container app = new ContainerBuilder(container()).withTerminationMessagePath("/tmp/why").build();
    ContainerLaunch.Mount m = c.terminationMessageMount(pod, app, 2);
    assertThat(m.target()).isEqualTo("/tmp/why");
    assertThat(m.optional()).isTrue();
    assertThat(m.source()).isEqualTo(data.resolve("pods/u3/containers/app/2.termination-log"));
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(m.source()))).isEqualTo("rw-rw-rw-");
    assertThat(Files.size(m.source())).isZero();
    assertThat(c.terminationMessageMount(pod, container(), 3).target()).isEqualTo("/dev/termination-log");

    Files.writeString(m.source(), "x".repeat(5000) + "the end");
    String message = c.terminationMessage(pod, app, 2, 1);
    assertThat(message).hasSize(4096).endsWith("the end");
  }

  @Test
  void fallbackToLogsOnErrorReadsTheLast80LinesOfTheLogCutToTheLast2048Bytes() throws Exception {
    OsPodSandboxControl c = control();
    Pod pod = pod("u4");
    Container app = new ContainerBuilder(container()).withTerminationMessagePolicy("FallbackToLogsOnError").build();
    c.terminationMessageMount(pod, app, 0);
    Path log = c.logFile(pod, app, 0);
    Files.createDirectories(log.getParent());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      sb.append("2026-01-01T00:00:00.000000000Z stdout F line ").append(i).append('\n');
    }
    Files.writeString(log, sb);
    String tail = c.terminationMessage(pod, app, 0, 1);
    assertThat(tail).startsWith("line 20\n").endsWith("line 99\n");
    assertThat(c.terminationMessage(pod, app, 0, 0)).as("only on error").isEmpty();

    Files.writeString(log, ("2026-01-01T00:00:00.000000000Z stdout F " + "y".repeat(100) + "\n").repeat(80));
    assertThat(c.terminationMessage(pod, app, 0, 1).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(2048);
  }

  @Test
  void releaseRemovesThePodsFilesButNotWhatLinksPointTo() throws Exception {
    OsPodSandboxControl c = control();
    Pod pod = new PodBuilder(pod("u5")).editSpec().withVolumes(pod("u5").getSpec().getVolumes().get(0)).endSpec().build();
    c.ensure(pod);
    Path outside = Files.createDirectories(data.resolve("volumes/pv-data"));
    Files.writeString(outside.resolve("keep"), "precious");
    Files.createSymbolicLink(data.resolve("pods/u5/volumes/kubernetes.io~empty-dir/scratch/link"), outside);
    assertThat(c.podUidsOnDisk()).containsExactly("u5");
    c.release("u5");
    assertThat(data.resolve("pods/u5")).doesNotExist();
    assertThat(outside.resolve("keep")).hasContent("precious");
    assertThat(c.podUidsOnDisk()).isEmpty();
    c.release("u5");
  }
}
