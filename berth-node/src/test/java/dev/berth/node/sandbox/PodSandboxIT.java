package dev.berth.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.SystemClock;
import dev.berth.node.logs.ContainerLogs;
import dev.berth.node.logs.LogOptions;
import dev.berth.node.runtime.ContainerLaunch;
import dev.berth.node.runtime.ContainerProcess;
import dev.berth.node.runtime.OsProcessLauncher;
import dev.berth.node.volume.PodVolumes;
import dev.berth.node.volume.VolumeSourceLookup;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One pod put together as the pod worker will: an address, the sandbox files, its volumes and
 * their mounts, then the container; what the container sees is checked from inside.
 */
class PodSandboxIT {
  @TempDir Path data;

  @Test
  void theContainerSeesItsPodsHostnameFilesAndVolumes() throws Exception {
    Pod pod = new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").withUid("uid-web-0").endMetadata()
        .withNewSpec().withSubdomain("nginx")
        .addNewContainer().withName("app")
        .addNewVolumeMount().withName("scratch").withMountPath("/data").endVolumeMount()
        .addNewVolumeMount().withName("cfg").withMountPath("/config").endVolumeMount()
        .addNewVolumeMount().withName("scratch").withMountPath("/var/lib/app").withSubPath("state").endVolumeMount()
        .endContainer()
        .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewVolume().withName("cfg").withNewConfigMap().withName("app").endConfigMap().endVolume()
        .endSpec().build();
    ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("app").endMetadata().addToData("app.properties", "color=blue")
        .build();

    String ip = new PodIpAllocator().allocate(pod.getMetadata().getUid());
    PodSandboxFiles sandbox = new PodSandboxFiles(data, "cluster.local", List.of("127.2.0.10"),
        HostResolvConf.parse("search corp.example\nnameserver 10.0.0.2\n"), "");
    PodSandboxFiles.Written files = sandbox.write(pod, List.of(ip));
    PodVolumes volumes = new PodVolumes(data, SystemClock.INSTANCE, new VolumeSourceLookup() {
      @Override
      public Optional<ConfigMap> configMap(String namespace, String name) {
        return namespace.equals("shop") && name.equals("app") ? Optional.of(cm) : Optional.empty();
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
    }, Map.of());
    Container c = pod.getSpec().getContainers().get(0);
    Map<String, Path> vols = volumes.setUp(pod);
    List<ContainerLaunch.Mount> mounts = new ArrayList<>(volumes.mounts(pod, c, vols, Map.of()));
    mounts.addAll(sandbox.mounts(pod, c));
    ContainerLogs logs = new ContainerLogs(data, SystemClock.INSTANCE);
    ContainerLaunch launch = new ContainerLaunch(pod.getMetadata().getUid(), "shop", "web-0", "app", 0,
        List.of("sh", "-c", """
            hostname; echo ---; cat /etc/hosts; echo ---; cat /etc/resolv.conf; echo ---; cat /etc/hostname; echo ---
            cat /config/app.properties; echo
            if (echo x > /config/new) 2>/dev/null; then echo config-writable; else echo config-read-only; fi
            echo written-inside > /data/out.txt; echo state > /var/lib/app/marker
            """),
        Map.of("PATH", "/usr/bin:/bin", "HOSTNAME", "web-0"), null, PodSandboxFiles.kernelHostname(pod, "cluster.local"), ip,
        mounts, logs.logFile(pod.getMetadata().getUid(), "app", 0), null);
    ContainerProcess p = new OsProcessLauncher(data, SystemClock.INSTANCE).start(launch);
    try {
      assertThat(p.exit().get(10, TimeUnit.SECONDS)).isEqualTo(0);
    } finally {
      p.signal(true);
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    logs.read(pod.getMetadata().getUid(), "app", 0, LogOptions.all(), CompletableFuture.completedFuture(null), out);
    String[] parts = out.toString(StandardCharsets.UTF_8).split("---\n");
    assertThat(parts[0]).isEqualTo("web-0\n");
    assertThat(parts[1]).isEqualTo(Files.readString(files.hosts()))
        .endsWith("127.1.0.2\tweb-0.nginx.shop.svc.cluster.local\tweb-0\n");
    assertThat(parts[2]).isEqualTo("search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\n"
        + "nameserver 127.2.0.10\noptions ndots:5\n");
    assertThat(parts[3]).isEqualTo("web-0\n");
    assertThat(parts[4]).isEqualTo("color=blue\nconfig-read-only\n");
    assertThat(vols.get("scratch").resolve("out.txt")).hasContent("written-inside");
    assertThat(vols.get("scratch").resolve("state/marker")).hasContent("state");
  }
}
