package dev.berth.controllers.volume;

import dev.berth.api.ApiException;
import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.ResourceKey;
import dev.berth.client.record.ClientEventRecorder;
import dev.berth.client.record.EventRecorder;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * {@link PersistentVolumeControl} over an {@link ApiClient} and the local file system. Writes are
 * read-modify-write on a fresh GET; a 409 reads again, up to {@value #CONFLICT_ATTEMPTS} attempts
 * (client-go's {@code retry.RetryOnConflict}). Events go through one {@link ClientEventRecorder}
 * per component, so repeated ones are aggregated.
 */
public final class ClientPersistentVolumeControl implements PersistentVolumeControl {
  static final int CONFLICT_ATTEMPTS = 5;

  private final ApiClient client;
  private final Clock clock;
  private final Map<String, EventRecorder> recorders = new ConcurrentHashMap<>();

  public ClientPersistentVolumeControl(ApiClient client, Clock clock) {
    this.client = Objects.requireNonNull(client);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public PersistentVolumeClaim getClaim(String namespace, String name) {
    return client.get(PersistentVolumeClaim.class, namespace, name);
  }

  @Override
  public void annotateClaim(ResourceKey claim, String uid, Map<String, String> annotations) {
    update(PersistentVolumeClaim.class, claim, uid, false, c -> {
      Map<String, String> a = c.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
          : new LinkedHashMap<>(c.getMetadata().getAnnotations());
      if (a.entrySet().containsAll(annotations.entrySet())) {
        return false;
      }
      a.putAll(annotations);
      c.getMetadata().setAnnotations(a);
      return true;
    });
  }

  @Override
  public boolean provision(PersistentVolume volume, Path directory) throws IOException {
    if (client.get(PersistentVolume.class, null, volume.getMetadata().getName()) != null) {
      return false;
    }
    Path parent = directory.getParent();
    if (!Files.isDirectory(parent)) {
      Files.createDirectories(parent);
      Files.setAttribute(parent, "unix:mode", 0700);
    }
    if (!Files.isDirectory(directory)) {
      Files.createDirectory(directory);
    }
    Files.setAttribute(directory, "unix:mode", 0777);
    try {
      client.create(volume);
      return true;
    } catch (ApiException e) {
      if (e.code() == 409) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void bindVolume(String volume, PersistentVolumeClaim claim) {
    ResourceKey key = ResourceKey.clusterScoped(volume);
    update(PersistentVolume.class, key, null, false, pv -> {
      if (pv.getSpec().getClaimRef() != null && claim.getMetadata().getUid().equals(pv.getSpec().getClaimRef().getUid())) {
        return false;
      }
      if (pv.getSpec().getClaimRef() == null) {
        Map<String, String> a = pv.getMetadata().getAnnotations() == null ? new HashMap<>()
            : new HashMap<>(pv.getMetadata().getAnnotations());
        a.put(VolumeBindings.BOUND_BY_CONTROLLER, "yes");
        pv.getMetadata().setAnnotations(a);
      } else if (!VolumeBindings.isVolumeBoundToClaim(pv, claim)) {
        throw new IllegalStateException("volume " + volume + " is bound to another claim: " + pv.getSpec().getClaimRef().getNamespace()
            + "/" + pv.getSpec().getClaimRef().getName());
      }
      pv.getSpec().setClaimRef(new ObjectReferenceBuilder().withKind("PersistentVolumeClaim").withApiVersion("v1")
          .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
          .withUid(claim.getMetadata().getUid()).withResourceVersion(claim.getMetadata().getResourceVersion()).build());
      return true;
    });
    update(PersistentVolume.class, key, null, true, pv -> {
      if ("Bound".equals(VolumeBindings.phase(pv))) {
        return false;
      }
      PersistentVolumeStatus s = pv.getStatus() == null ? new PersistentVolumeStatus() : pv.getStatus();
      s.setPhase("Bound");
      s.setMessage(null);
      s.setReason(null);
      pv.setStatus(s);
      return true;
    });
  }

  @Override
  public void bindClaim(ResourceKey claim, String uid, PersistentVolume volume) {
    String name = volume.getMetadata().getName();
    update(PersistentVolumeClaim.class, claim, uid, false, c -> {
      Map<String, String> a = c.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
          : new LinkedHashMap<>(c.getMetadata().getAnnotations());
      boolean changed = false;
      if (VolumeBindings.volumeName(c).isEmpty()) {
        c.getSpec().setVolumeName(name);
        a.put(VolumeBindings.BOUND_BY_CONTROLLER, "yes");
        changed = true;
      } else if (!name.equals(c.getSpec().getVolumeName())) {
        throw new IllegalStateException("claim " + claim + " names volume " + c.getSpec().getVolumeName() + ", not " + name);
      }
      if (!"yes".equals(a.get(VolumeBindings.BIND_COMPLETED))) {
        a.put(VolumeBindings.BIND_COMPLETED, "yes");
        changed = true;
      }
      c.getMetadata().setAnnotations(a);
      return changed;
    });
    Map<String, Quantity> capacity = volume.getSpec().getCapacity() == null ? Map.of() : volume.getSpec().getCapacity();
    List<String> modes = volume.getSpec().getAccessModes() == null ? List.of() : volume.getSpec().getAccessModes();
    update(PersistentVolumeClaim.class, claim, uid, true, c -> {
      PersistentVolumeClaimStatus s = c.getStatus() == null ? new PersistentVolumeClaimStatus() : c.getStatus();
      if ("Bound".equals(s.getPhase()) && capacity.equals(s.getCapacity()) && modes.equals(s.getAccessModes())) {
        return false;
      }
      s.setPhase("Bound");
      s.setCapacity(new LinkedHashMap<>(capacity));
      s.setAccessModes(new ArrayList<>(modes));
      c.setStatus(s);
      return true;
    });
  }

  @Override
  public void setVolumePhase(String volume, String uid, String phase, String message) {
    update(PersistentVolume.class, ResourceKey.clusterScoped(volume), uid, true, pv -> {
      PersistentVolumeStatus s = pv.getStatus() == null ? new PersistentVolumeStatus() : pv.getStatus();
      if (phase.equals(s.getPhase()) && Objects.equals(message, s.getMessage())) {
        return false;
      }
      s.setPhase(phase);
      s.setMessage(message);
      s.setLastPhaseTransitionTime(timestamp());
      pv.setStatus(s);
      return true;
    });
  }

  @Override
  public void setClaimPhase(ResourceKey claim, String uid, String phase) {
    update(PersistentVolumeClaim.class, claim, uid, true, c -> {
      PersistentVolumeClaimStatus s = c.getStatus() == null ? new PersistentVolumeClaimStatus() : c.getStatus();
      if (phase.equals(s.getPhase())) {
        return false;
      }
      s.setPhase(phase);
      c.setStatus(s);
      return true;
    });
  }

  @Override
  public void deleteVolume(PersistentVolume volume, Path directory) throws IOException {
    if (directory != null) {
      deleteTree(directory);
    }
    try {
      client.delete(PersistentVolume.class, null, volume.getMetadata().getName(), new DeleteOptionsBuilder()
          .withNewPreconditions().withUid(volume.getMetadata().getUid()).endPreconditions().build());
    } catch (ApiException e) {
      if (e.code() != 404 && e.code() != 409) {
        throw e;
      }
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void removeFinalizer(ResourceKey object, String uid, String finalizer) {
    Class<? extends HasMetadata> type = object.isClusterScoped() ? PersistentVolume.class : PersistentVolumeClaim.class;
    update((Class<HasMetadata>) type, object, uid, false, o -> {
      List<String> f = o.getMetadata().getFinalizers();
      if (f == null || !f.contains(finalizer)) {
        return false;
      }
      List<String> kept = new ArrayList<>(f);
      kept.removeIf(finalizer::equals);
      o.getMetadata().setFinalizers(kept);
      return true;
    });
  }

  @Override
  public void event(String component, HasMetadata object, String type, String reason, String message) {
    recorders.computeIfAbsent(component, c -> new ClientEventRecorder(client, clock, c, null))
        .event(object, null, type, reason, message);
  }

  private String timestamp() {
    return java.time.format.DateTimeFormatter.ISO_INSTANT.format(clock.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  /**
   * GET, apply {@code change} (false: nothing to write), PUT (or PUT status); again on 409. The
   * object being gone, or having another uid than {@code uid} (null: any), ends it.
   */
  private <T extends HasMetadata> void update(Class<T> type, ResourceKey key, String uid, boolean status, Predicate<T> change) {
    for (int attempt = 1; ; attempt++) {
      T live = client.get(type, key.namespace(), key.name());
      if (live == null || (uid != null && !uid.equals(live.getMetadata().getUid())) || !change.test(live)) {
        return;
      }
      try {
        if (status) {
          client.updateStatus(live);
        } else {
          client.update(live);
        }
        return;
      } catch (ApiException e) {
        if (e.code() == 404) {
          return;
        }
        if (e.code() != 409 || attempt >= CONFLICT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** {@code rm -rf}: the local-path provisioner's teardown script. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        // a directory a pod took write or search permission from still has to go
        try {
          Files.setAttribute(dir, "unix:mode", 0700 | ((Integer) Files.getAttribute(dir, "unix:mode") & 07777));
        } catch (IOException e) {
          // not ours to chmod: the deletes below say whether it matters
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
