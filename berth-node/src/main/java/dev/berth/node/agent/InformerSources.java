package dev.berth.node.agent;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.client.Informer;
import dev.berth.client.ResourceEventHandler;
import dev.berth.node.env.EnvSources;
import dev.berth.node.volume.VolumeSourceLookup;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The objects containers and volumes are made from — ConfigMaps, Secrets, Services,
 * PersistentVolumeClaims, PersistentVolumes — from informer caches over all namespaces, as the
 * kubelet's listers and watch-based managers hold them. Lookups are cache reads: a ConfigMap created
 * after a pod is seen by the pod's next sync.
 *
 * <p>{@link #start()} runs the informers on virtual threads; tests call {@link #processPending()}.
 */
public final class InformerSources implements EnvSources, VolumeSourceLookup {
  private final Informer<ConfigMap> configMaps;
  private final Informer<Secret> secrets;
  private final Informer<Service> services;
  private final Informer<PersistentVolumeClaim> claims;
  private final Informer<PersistentVolume> volumes;

  public InformerSources(ApiClient client, Clock clock) {
    this.configMaps = new Informer<>(client, ConfigMap.class, clock);
    this.secrets = new Informer<>(client, Secret.class, clock);
    this.services = new Informer<>(client, Service.class, clock);
    this.claims = new Informer<>(client, PersistentVolumeClaim.class, clock);
    this.volumes = new Informer<>(client, PersistentVolume.class, clock);
  }

  /**
   * Calls {@code handler} with each claim added or changed, on the informer's thread: a pod whose
   * volume waits for its claim to be bound looks again at once instead of after the error back-off
   * (the kubelet's volume manager polls its desired state every 100 ms).
   */
  public void onClaimChange(Consumer<PersistentVolumeClaim> handler) {
    claims.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PersistentVolumeClaim claim) {
        handler.accept(claim);
      }

      @Override
      public void onUpdate(PersistentVolumeClaim oldClaim, PersistentVolumeClaim newClaim) {
        handler.accept(newClaim);
      }
    });
  }

  private List<Informer<?>> all() {
    return List.of(configMaps, secrets, services, claims, volumes);
  }

  public void start() {
    all().forEach(Informer::start);
  }

  public void stop() {
    all().forEach(Informer::stop);
  }

  /** True once every informer delivered its first list. */
  public boolean hasSynced() {
    return all().stream().allMatch(Informer::hasSynced);
  }

  /** Blocks until every informer delivered its first list. */
  public void awaitSynced() throws InterruptedException {
    for (Informer<?> i : all()) {
      i.awaitSynced();
    }
  }

  /** For tests: applies what the API has, synchronously; true if anything changed. */
  public boolean processPending() {
    boolean any = false;
    for (Informer<?> i : all()) {
      any |= i.processPending();
    }
    return any;
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(configMaps.lister().get(namespace, name));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(secrets.lister().get(namespace, name));
  }

  @Override
  public List<Service> services() {
    return services.lister().list();
  }

  @Override
  public boolean servicesSynced() {
    return services.hasSynced();
  }

  @Override
  public Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name) {
    return Optional.ofNullable(claims.lister().get(namespace, name));
  }

  @Override
  public Optional<PersistentVolume> persistentVolume(String name) {
    return Optional.ofNullable(volumes.lister().get(null, name));
  }
}
