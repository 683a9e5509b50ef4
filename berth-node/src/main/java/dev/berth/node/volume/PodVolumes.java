package dev.berth.node.volume;

import dev.berth.api.time.Clock;
import dev.berth.node.runtime.ContainerLaunch;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.SecretVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pod's volumes on the node ({@code spec/kubelet.md} §7), under {@code DATA/pods/<uid>/}:
 *
 * <ul>
 *   <li>{@code emptyDir}: {@code volumes/kubernetes.io~empty-dir/<name>}, mode 0777, kept across
 *       container restarts. {@code medium: Memory} is a tmpfs mounted there by the {@link
 *       TmpfsControl} (as root; {@code sizeLimit} is its size), else a plain directory too.
 *   <li>{@code configMap}, {@code secret}, {@code downwardAPI}, {@code projected}: {@code
 *       volumes/kubernetes.io~configmap/<name>} (… {@code ~secret}, {@code ~downward-api},
 *       {@code ~projected}), written with the {@link AtomicWriter} and rewritten on every {@link
 *       #setUp} (call it on each pod sync for live updates). Secret and projected volumes are on a
 *       tmpfs of their own (as root), mounted before the first file is written.
 *   <li>{@code hostPath}: the path itself, after the {@code type} check.
 *   <li>{@code persistentVolumeClaim}: the bound PV's {@code local.path} or {@code hostPath.path};
 *       a local-path directory {@code DATA/volumes/pvc-<uid>_<ns>_<claim>} is created with mode
 *       0777 (parent 0700) if missing, as the local-path provisioner's setup script does.
 * </ul>
 *
 * <p>{@code securityContext.fsGroup} is applied as the kubelet does to emptyDir, the projected
 * volumes and local PVs (group ownership, group read/write, setgid directories), never to
 * hostPath.
 */
public final class PodVolumes {
  static final int DEFAULT_MODE = 0644;

  private final Path dataDir;
  private final Clock clock;
  private final VolumeSourceLookup lookup;
  private final Map<String, Quantity> nodeAllocatable;
  private final TmpfsControl tmpfs;
  private final Set<String> ownershipApplied = ConcurrentHashMap.newKeySet();

  /** Volumes that are plain directories only ({@link TmpfsControl#NONE}): rootless berth, tests. */
  public PodVolumes(Path dataDir, Clock clock, VolumeSourceLookup lookup, Map<String, Quantity> nodeAllocatable) {
    this(dataDir, clock, lookup, nodeAllocatable, TmpfsControl.NONE);
  }

  /**
   * @param nodeAllocatable what an unset limit means for a downward API {@code resourceFieldRef}
   * @param tmpfs mounts the tmpfs of secret, projected and memory-backed emptyDir volumes
   */
  public PodVolumes(Path dataDir, Clock clock, VolumeSourceLookup lookup, Map<String, Quantity> nodeAllocatable,
      TmpfsControl tmpfs) {
    this.dataDir = Objects.requireNonNull(dataDir).toAbsolutePath();
    this.clock = Objects.requireNonNull(clock);
    this.lookup = Objects.requireNonNull(lookup);
    this.nodeAllocatable = Map.copyOf(nodeAllocatable);
    this.tmpfs = Objects.requireNonNull(tmpfs);
  }

  /** {@code DATA/volumes/pvc-<uid>_<namespace>_<claim>}: the local-path provisioner's directory. */
  public static Path localPathVolume(Path dataDir, String claimUid, String namespace, String claimName) {
    return dataDir.toAbsolutePath().resolve("volumes").resolve("pvc-" + claimUid + "_" + namespace + "_" + claimName);
  }

  public Path podDir(String podUid) {
    return dataDir.resolve("pods").resolve(podUid);
  }

  /**
   * Sets up every volume of the pod, before any of its containers starts. Safe to repeat:
   * existing emptyDirs are kept, projected volumes are brought up to date.
   *
   * @return the host directory (or file) of each volume, by volume name
   * @throws MountFailedException for the first volume that cannot be set up
   */
  public Map<String, Path> setUp(Pod pod) throws MountFailedException {
    Map<String, Path> out = new LinkedHashMap<>();
    Long fsGroup = pod.getSpec().getSecurityContext() == null ? null : pod.getSpec().getSecurityContext().getFsGroup();
    List<Volume> volumes = pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    try {
      Files.createDirectories(podDir(pod.getMetadata().getUid()));
      Files.setAttribute(podDir(pod.getMetadata().getUid()), "unix:mode", 0750);
    } catch (IOException e) {
      throw new MountFailedException("", "cannot create the pod directory: " + e.getMessage());
    }
    for (Volume v : volumes) {
      try {
        out.put(v.getName(), setUp(pod, v, fsGroup));
      } catch (IOException e) {
        throw MountFailedException.setUp(v.getName(), e.getMessage());
      } catch (IllegalArgumentException e) {
        throw MountFailedException.setUp(v.getName(), e.getMessage());
      }
    }
    return out;
  }

  private Path setUp(Pod pod, Volume v, Long fsGroup) throws IOException, MountFailedException {
    String uid = pod.getMetadata().getUid();
    String ns = pod.getMetadata().getNamespace();
    Path volumes = podDir(uid).resolve("volumes");
    if (v.getEmptyDir() != null) {
      Path dir = volumes.resolve("kubernetes.io~empty-dir").resolve(v.getName());
      boolean created = !Files.isDirectory(dir);
      if (created) {
        Files.createDirectories(dir);
        Files.setAttribute(dir, "unix:mode", 0777);
      }
      if ("Memory".equals(v.getEmptyDir().getMedium())) {
        Quantity limit = v.getEmptyDir().getSizeLimit();
        tmpfs.ensureMounted(dir, limit == null ? 0 : Quantity.getAmountInBytes(limit).longValue(), 0777);
      }
      if (created && fsGroup != null) {
        applyOwnership(dir, fsGroup, false);
      }
      return dir;
    }
    if (v.getConfigMap() != null) {
      return project(volumes.resolve("kubernetes.io~configmap").resolve(v.getName()),
          configMapPayload(ns, v.getConfigMap(), mode(v.getConfigMap().getDefaultMode())), fsGroup, false);
    }
    if (v.getSecret() != null) {
      return project(volumes.resolve("kubernetes.io~secret").resolve(v.getName()),
          secretPayload(ns, v.getSecret(), mode(v.getSecret().getDefaultMode())), fsGroup, true);
    }
    if (v.getDownwardAPI() != null) {
      return project(volumes.resolve("kubernetes.io~downward-api").resolve(v.getName()),
          downwardApiPayload(pod, v.getDownwardAPI().getItems(), mode(v.getDownwardAPI().getDefaultMode())), fsGroup, false);
    }
    if (v.getProjected() != null) {
      int defaultMode = mode(v.getProjected().getDefaultMode());
      Map<String, AtomicWriter.FileProjection> payload = new LinkedHashMap<>();
      for (VolumeProjection s : v.getProjected().getSources()) {
        if (s.getConfigMap() != null) {
          ConfigMapVolumeSource cm = new ConfigMapVolumeSourceBuilder().withName(s.getConfigMap().getName())
              .withItems(s.getConfigMap().getItems()).withOptional(s.getConfigMap().getOptional()).build();
          payload.putAll(configMapPayload(ns, cm, defaultMode));
        } else if (s.getSecret() != null) {
          SecretVolumeSource sec = new SecretVolumeSourceBuilder().withSecretName(s.getSecret().getName())
              .withItems(s.getSecret().getItems()).withOptional(s.getSecret().getOptional()).build();
          payload.putAll(secretPayload(ns, sec, defaultMode));
        } else if (s.getDownwardAPI() != null) {
          payload.putAll(downwardApiPayload(pod, s.getDownwardAPI().getItems(), defaultMode));
        } else if (s.getServiceAccountToken() != null) {
          String token = lookup.serviceAccountToken(pod, s.getServiceAccountToken()).orElseThrow(() ->
              new IllegalArgumentException("failed to fetch token: berth cannot issue a service account token for audience \""
                  + Objects.requireNonNullElse(s.getServiceAccountToken().getAudience(), "") + "\""));
          payload.put(s.getServiceAccountToken().getPath(),
              new AtomicWriter.FileProjection(token.getBytes(StandardCharsets.UTF_8), defaultMode));
        } else {
          throw new IllegalArgumentException("projected volume source not supported by berth: " + s);
        }
      }
      return project(volumes.resolve("kubernetes.io~projected").resolve(v.getName()), payload, fsGroup, true);
    }
    if (v.getHostPath() != null) {
      return hostPath(v.getHostPath());
    }
    if (v.getPersistentVolumeClaim() != null) {
      Path dir = claimPath(ns, v.getPersistentVolumeClaim().getClaimName());
      if (fsGroup != null && dir.startsWith(dataDir.resolve("volumes")) && ownershipApplied.add(uid + "/" + v.getName())) {
        applyOwnership(dir, fsGroup, Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly()));
      }
      return dir;
    }
    throw new IllegalArgumentException("volume type not supported by berth (emptyDir, configMap, secret, downwardAPI,"
        + " projected, hostPath and persistentVolumeClaim are)");
  }

  /** Writes {@code payload} into {@code dir} atomically; on a tmpfs of its own when {@code inMemory}. */
  private Path project(Path dir, Map<String, AtomicWriter.FileProjection> payload, Long fsGroup, boolean inMemory)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Files.setAttribute(dir, "unix:mode", 0777);
    }
    if (inMemory) {
      tmpfs.ensureMounted(dir, 0, 0777);
    }
    Map<String, AtomicWriter.FileProjection> owned = payload;
    if (fsGroup != null) {
      owned = new LinkedHashMap<>();
      for (Map.Entry<String, AtomicWriter.FileProjection> e : payload.entrySet()) {
        owned.put(e.getKey(), new AtomicWriter.FileProjection(e.getValue().data(), e.getValue().mode() | 0440, fsGroup));
      }
    }
    new AtomicWriter(dir).write(owned, clock.now());
    return dir;
  }

  private Map<String, AtomicWriter.FileProjection> configMapPayload(String ns, ConfigMapVolumeSource src, int defaultMode) {
    boolean optional = Boolean.TRUE.equals(src.getOptional());
    Optional<ConfigMap> found = lookup.configMap(ns, src.getName());
    if (found.isEmpty()) {
      if (optional) {
        return Map.of();
      }
      throw new IllegalArgumentException("configmap \"" + src.getName() + "\" not found");
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (found.get().getData() != null) {
      found.get().getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (found.get().getBinaryData() != null) {
      found.get().getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    return keyPayload(data, src.getItems(), defaultMode, optional, "configmap references non-existent config key: ");
  }

  private Map<String, AtomicWriter.FileProjection> secretPayload(String ns, SecretVolumeSource src, int defaultMode) {
    boolean optional = Boolean.TRUE.equals(src.getOptional());
    Optional<Secret> found = lookup.secret(ns, src.getSecretName());
    if (found.isEmpty()) {
      if (optional) {
        return Map.of();
      }
      throw new IllegalArgumentException("secret \"" + src.getSecretName() + "\" not found");
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (found.get().getData() != null) {
      found.get().getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    if (found.get().getStringData() != null) {
      found.get().getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return keyPayload(data, src.getItems(), defaultMode, optional, "secret references non-existent secret key: ");
  }

  /** The kubelet's {@code MakePayload}: every key, or only the listed {@code items} at their paths. */
  private static Map<String, AtomicWriter.FileProjection> keyPayload(Map<String, byte[]> data, List<KeyToPath> items,
      int defaultMode, boolean optional, String missingKey) {
    Map<String, AtomicWriter.FileProjection> out = new LinkedHashMap<>();
    if (items == null || items.isEmpty()) {
      data.forEach((k, v) -> out.put(k, new AtomicWriter.FileProjection(v, defaultMode)));
      return out;
    }
    for (KeyToPath item : items) {
      byte[] v = data.get(item.getKey());
      if (v == null) {
        if (optional) {
          continue;
        }
        throw new IllegalArgumentException(missingKey + item.getKey());
      }
      out.put(item.getPath(), new AtomicWriter.FileProjection(v, item.getMode() != null ? item.getMode() : defaultMode));
    }
    return out;
  }

  private Map<String, AtomicWriter.FileProjection> downwardApiPayload(Pod pod, List<DownwardAPIVolumeFile> items,
      int defaultMode) {
    Map<String, AtomicWriter.FileProjection> out = new LinkedHashMap<>();
    for (DownwardAPIVolumeFile f : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
      String value;
      if (f.getFieldRef() != null) {
        value = DownwardApiValues.field(pod, f.getFieldRef().getFieldPath()).orElseThrow(() ->
            new IllegalArgumentException("unsupported fieldPath: " + f.getFieldRef().getFieldPath()));
      } else if (f.getResourceFieldRef() != null) {
        value = DownwardApiValues.resource(pod, f.getResourceFieldRef(), nodeAllocatable).orElseThrow(() ->
            new IllegalArgumentException("unsupported resourceFieldRef: " + f.getResourceFieldRef().getResource()
                + " of container \"" + f.getResourceFieldRef().getContainerName() + "\""));
      } else {
        continue;
      }
      out.put(f.getPath(), new AtomicWriter.FileProjection(value.getBytes(StandardCharsets.UTF_8),
          f.getMode() != null ? f.getMode() : defaultMode));
    }
    return out;
  }

  /** {@code spec/kubelet.md} §7.7: the {@code type} check, creating where the type says so. */
  private static Path hostPath(HostPathVolumeSource src) throws IOException {
    Path p = Path.of(src.getPath());
    String type = src.getType() == null ? "" : src.getType();
    switch (type) {
      case "" -> {
        return p;
      }
      case "DirectoryOrCreate" -> {
        if (!Files.exists(p)) {
          Files.createDirectories(p);
          Files.setAttribute(p, "unix:mode", 0755);
        }
        check(Files.isDirectory(p), p, "a directory");
      }
      case "Directory" -> check(Files.isDirectory(p), p, "a directory");
      case "FileOrCreate" -> {
        if (!Files.exists(p)) {
          Files.createFile(p);
          Files.setAttribute(p, "unix:mode", 0644);
        }
        check(Files.isRegularFile(p), p, "a file");
      }
      case "File" -> check(Files.isRegularFile(p), p, "a file");
      case "Socket" -> check(fileType(p) == 0140000, p, "a socket file");
      case "CharDevice" -> check(fileType(p) == 0020000, p, "a character device");
      case "BlockDevice" -> check(fileType(p) == 0060000, p, "a block device");
      default -> throw new IllegalArgumentException("invalid HostPathType: " + type);
    }
    return p;
  }

  private static void check(boolean ok, Path p, String what) {
    if (!ok) {
      throw new IllegalArgumentException("hostPath type check failed: " + p + " is not " + what);
    }
  }

  private static int fileType(Path p) throws IOException {
    if (!Files.exists(p)) {
      return -1;
    }
    return ((Integer) Files.getAttribute(p, "unix:mode")) & 0170000;
  }

  private Path claimPath(String ns, String claimName) throws MountFailedException, IOException {
    String what = "error processing PVC " + ns + "/" + claimName + ": ";
    PersistentVolumeClaim pvc = lookup.persistentVolumeClaim(ns, claimName).orElseThrow(() ->
        new MountFailedException(claimName, what + "failed to fetch PVC from API server: persistentvolumeclaims \""
            + claimName + "\" not found"));
    String pvName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
    boolean bound = pvc.getStatus() != null && "Bound".equals(pvc.getStatus().getPhase());
    if (pvName == null || pvName.isEmpty() || !bound) {
      throw new MountFailedException(claimName, what + "PVC is not bound");
    }
    PersistentVolume pv = lookup.persistentVolume(pvName).orElseThrow(() -> new MountFailedException(claimName,
        what + "failed to fetch PV " + pvName + " from API server: persistentvolumes \"" + pvName + "\" not found"));
    String path = pv.getSpec().getLocal() != null ? pv.getSpec().getLocal().getPath()
        : pv.getSpec().getHostPath() != null ? pv.getSpec().getHostPath().getPath() : null;
    if (path == null) {
      throw new MountFailedException(claimName, what + "PersistentVolume " + pvName
          + " is neither local nor hostPath; berth mounts only those");
    }
    Path dir = Path.of(path).toAbsolutePath();
    Path base = dataDir.resolve("volumes");
    if (!Files.exists(dir) && dir.startsWith(base)) {
      if (!Files.isDirectory(base)) {
        Files.createDirectories(base);
        Files.setAttribute(base, "unix:mode", 0700);
      }
      Files.createDirectories(dir);
      Files.setAttribute(dir, "unix:mode", 0777);
    }
    if (!Files.exists(dir)) {
      if (pv.getSpec().getHostPath() != null && "DirectoryOrCreate".equals(pv.getSpec().getHostPath().getType())) {
        Files.createDirectories(dir);
      } else {
        throw MountFailedException.setUp(pvName, "path \"" + dir + "\" does not exist");
      }
    }
    return dir;
  }

  /**
   * The bind mounts for a container's {@code volumeMounts}, parents before children ({@code
   * spec/kubelet.md} §7.2). {@code subPath} (or {@code subPathExpr}, expanded with the
   * container's environment) binds a path inside the volume, created as a directory when missing
   * and never outside the volume. A {@code subPath} into a configMap, secret, downwardAPI or
   * projected volume is a copy made at container start, so, as upstream, it gets no updates.
   * Those four are always read-only.
   *
   * @param volumes what {@link #setUp} returned
   * @param env the container's environment, for {@code subPathExpr}
   * @throws MountFailedException for an unknown volume or a bad subPath (the kubelet reports those
   *     as {@code CreateContainerConfigError})
   */
  public List<ContainerLaunch.Mount> mounts(Pod pod, Container container, Map<String, Path> volumes,
      Map<String, String> env) throws MountFailedException {
    List<ContainerLaunch.Mount> out = new ArrayList<>();
    List<VolumeMount> vms = container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts();
    for (int i = 0; i < vms.size(); i++) {
      VolumeMount vm = vms.get(i);
      Path volDir = volumes.get(vm.getName());
      Volume v = pod.getSpec().getVolumes().stream().filter(x -> x.getName().equals(vm.getName())).findFirst().orElse(null);
      if (volDir == null || v == null) {
        throw new MountFailedException(vm.getName(), "cannot find volume \"" + vm.getName() + "\" to mount into container \""
            + container.getName() + "\"");
      }
      boolean projected = v.getConfigMap() != null || v.getSecret() != null || v.getDownwardAPI() != null
          || v.getProjected() != null;
      boolean readOnly = Boolean.TRUE.equals(vm.getReadOnly()) || projected
          || (v.getPersistentVolumeClaim() != null && Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly()));
      String sub = vm.getSubPath();
      if (vm.getSubPathExpr() != null && !vm.getSubPathExpr().isEmpty()) {
        sub = expandSubPath(vm.getSubPathExpr(), env, vm.getName(), container.getName());
      }
      Path source = volDir;
      if (sub != null && !sub.isEmpty()) {
        try {
          source = subPath(pod, container, i, vm.getName(), volDir, sub, projected);
        } catch (IOException e) {
          throw new MountFailedException(vm.getName(), "failed to prepare subPath for volumeMount \"" + vm.getName()
              + "\" of container \"" + container.getName() + "\": " + e.getMessage());
        }
      }
      out.add(new ContainerLaunch.Mount(source, vm.getMountPath(), readOnly));
    }
    out.sort(Comparator.comparingInt(m -> Path.of(m.target()).normalize().getNameCount()));
    return out;
  }

  private Path subPath(Pod pod, Container container, int index, String volume, Path volDir, String sub, boolean projected)
      throws IOException, MountFailedException {
    Path rel = Path.of(sub);
    if (rel.isAbsolute() || sub.startsWith("/")) {
      throw new MountFailedException(volume, "subPath \"" + sub + "\" must be a relative path");
    }
    for (Path part : rel) {
      if (part.toString().equals("..")) {
        throw new MountFailedException(volume, "subPath \"" + sub + "\" must not contain '..'");
      }
    }
    Path candidate = volDir.resolve(rel);
    if (!Files.exists(candidate)) {
      Files.createDirectories(candidate);
      Files.setAttribute(candidate, "unix:mode", ((Integer) Files.getAttribute(volDir, "unix:mode")) & 07777);
    }
    Path real = candidate.toRealPath();
    Path root = volDir.toRealPath();
    if (!real.startsWith(root)) {
      throw new MountFailedException(volume, "subpath \"" + real + "\" not within volume path \"" + root + "\"");
    }
    if (!projected) {
      return real;
    }
    Path copy = podDir(pod.getMetadata().getUid()).resolve("volume-subpaths").resolve(volume).resolve(container.getName())
        .resolve(Integer.toString(index));
    AtomicWriter.deleteTree(copy);
    Files.createDirectories(copy.getParent());
    copyTree(real, copy);
    return copy;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.copy(dir, to.resolve(from.relativize(dir).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
            LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** {@code $(VAR)} in a subPathExpr; unlike elsewhere, an undefined or empty variable is an error. */
  static String expandSubPath(String expr, Map<String, String> env, String volume, String container)
      throws MountFailedException {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '$' && i + 1 < expr.length() && expr.charAt(i + 1) == '$') {
        out.append('$');
        i++;
      } else if (c == '$' && i + 1 < expr.length() && expr.charAt(i + 1) == '(' && expr.indexOf(')', i) > 0) {
        int close = expr.indexOf(')', i);
        String name = expr.substring(i + 2, close);
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
          throw new MountFailedException(volume, "failed to prepare subPath for volumeMount \"" + volume + "\" of container \""
              + container + "\": missing value for " + name);
        }
        out.append(value);
        i = close;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The kubelet's {@code SetVolumeOwnership}: group {@code gid}, files {@code |0660} (read-only
   * volumes {@code |0440}), directories also setgid and group-searchable. Symbolic links are
   * neither followed nor changed.
   */
  static void applyOwnership(Path root, long gid, boolean readOnly) throws IOException {
    int fileMask = readOnly ? 0440 : 0660;
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        own(dir, fileMask | 02000 | 0110);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isSymbolicLink()) {
          own(file, fileMask);
        }
        return FileVisitResult.CONTINUE;
      }

      private void own(Path p, int mask) throws IOException {
        Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:mode", (mode & 07777) | mask, LinkOption.NOFOLLOW_LINKS);
      }
    });
  }

  /**
   * Removes the pod's emptyDirs, projected volumes and subPath copies (never hostPath or PV data),
   * unmounting their tmpfs first.
   */
  public void tearDown(String podUid) throws IOException {
    tmpfs.unmountAll(podDir(podUid).resolve("volumes"));
    AtomicWriter.deleteTree(podDir(podUid).resolve("volumes"));
    AtomicWriter.deleteTree(podDir(podUid).resolve("volume-subpaths"));
    ownershipApplied.removeIf(k -> k.startsWith(podUid + "/"));
  }

  private static int mode(Integer defaultMode) {
    return defaultMode == null ? DEFAULT_MODE : defaultMode;
  }
}
