package dev.berth.controllers.statefulset;

import dev.berth.api.ApiException;
import dev.berth.client.ApiClient;
import dev.berth.client.Lister;
import dev.berth.client.record.EventRecorder;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link StatefulPodControl} over the {@link ApiClient}, upstream's {@code
 * StatefulPodControl}: claims are read from the claim informer's cache and written through the
 * client; events go to the set with upstream's reasons and messages:
 *
 * <pre>
 * SuccessfulCreate  create Pod web-0 in StatefulSet web successful
 * FailedCreate      create Pod web-0 in StatefulSet web failed error: …
 * SuccessfulCreate  create Claim www-web-0 Pod web-0 in StatefulSet web success
 * FailedCreate      create Claim www-web-0 for Pod web-0 in StatefulSet web failed error: …
 * SuccessfulDelete  delete Pod web-2 in StatefulSet web successful
 * SuccessfulUpdate  update Pod web-1 in StatefulSet web successful
 * ConflictingController (Warning) PersistentVolumeClaim www-web-1 has a conflicting OwnerReference …
 * </pre>
 */
public final class ClientStatefulPodControl implements StatefulPodControl {
  private static final int UPDATE_ATTEMPTS = 5;

  private final ApiClient client;
  private final Lister<PersistentVolumeClaim> claims;
  private final EventRecorder recorder;

  public ClientStatefulPodControl(ApiClient client, Lister<PersistentVolumeClaim> claims, EventRecorder recorder) {
    this.client = Objects.requireNonNull(client);
    this.claims = Objects.requireNonNull(claims);
    this.recorder = Objects.requireNonNull(recorder);
  }

  @Override
  public void createStatefulPod(StatefulSet set, Pod pod) {
    createPersistentVolumeClaims(set, pod);
    Pod created;
    try {
      created = client.create(pod);
    } catch (ApiException e) {
      if (e.code() != 409) {
        podEvent("create", set, pod, e);
      }
      throw e;
    }
    podEvent("create", set, pod, null);
    updatePodClaimForRetentionPolicy(set, created);
  }

  @Override
  public void updateStatefulPod(StatefulSet set, Pod pod) {
    boolean attempted = false;
    RuntimeException failure = null;
    for (int attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
      boolean consistent = true;
      if (!StatefulSetPods.identityMatches(set, pod)) {
        StatefulSetPods.updateIdentity(set, pod);
        consistent = false;
      }
      if (!StatefulSetPods.storageMatches(set, pod)) {
        StatefulSetPods.updateStorage(set, pod);
        consistent = false;
        createPersistentVolumeClaims(set, pod);
      }
      if (!claimsMatchRetentionPolicy(set, pod)) {
        updatePodClaimForRetentionPolicy(set, pod);
        consistent = false;
      }
      if (consistent) {
        return;
      }
      attempted = true;
      try {
        client.update(pod);
        failure = null;
        break;
      } catch (ApiException e) {
        failure = e;
        if (e.code() != 409) {
          break;
        }
        Pod fresh = client.get(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        if (fresh == null) {
          break;
        }
        pod = fresh;
      }
    }
    if (attempted) {
      podEvent("update", set, pod, failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void deleteStatefulPod(StatefulSet set, Pod pod) {
    try {
      client.delete(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), new DeleteOptions());
    } catch (ApiException e) {
      podEvent("delete", set, pod, e);
      throw e;
    }
    podEvent("delete", set, pod, null);
  }

  @Override
  public boolean claimsMatchRetentionPolicy(StatefulSet set, Pod pod) {
    for (PersistentVolumeClaim wanted : StatefulSetPods.claimsFor(set, StatefulSetPods.ordinalOf(pod)).values()) {
      PersistentVolumeClaim claim = claims.get(wanted.getMetadata().getNamespace(), wanted.getMetadata().getName());
      if (claim != null && !StatefulSetPods.isClaimOwnerUpToDate(claim, set, pod)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void updatePodClaimForRetentionPolicy(StatefulSet set, Pod pod) {
    for (PersistentVolumeClaim wanted : StatefulSetPods.claimsFor(set, StatefulSetPods.ordinalOf(pod)).values()) {
      PersistentVolumeClaim claim = claims.get(wanted.getMetadata().getNamespace(), wanted.getMetadata().getName());
      if (claim == null) {
        continue;
      }
      boolean retainAll = StatefulSetPods.RETAIN.equals(StatefulSetPods.whenScaled(set))
          && StatefulSetPods.RETAIN.equals(StatefulSetPods.whenDeleted(set));
      if (!retainAll && StatefulSetPods.hasUnexpectedController(claim, set, pod)) {
        recorder.event(set, null, EventRecorder.WARNING, "ConflictingController", "PersistentVolumeClaim " + claim.getMetadata().getName()
            + " has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim");
      }
      if (StatefulSetPods.isClaimOwnerUpToDate(claim, set, pod)) {
        continue;
      }
      PersistentVolumeClaim copy = new PersistentVolumeClaimBuilder(claim).build();
      if (StatefulSetPods.updateClaimOwnerRefs(copy, set, pod)) {
        client.update(copy);
      }
    }
  }

  @Override
  public boolean podClaimIsStale(StatefulSet set, Pod pod) {
    for (PersistentVolumeClaim wanted : StatefulSetPods.claimsFor(set, StatefulSetPods.ordinalOf(pod)).values()) {
      PersistentVolumeClaim claim = claims.get(wanted.getMetadata().getNamespace(), wanted.getMetadata().getName());
      if (claim != null && StatefulSetPods.isClaimStale(claim, set, pod)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void createMissingPersistentVolumeClaims(StatefulSet set, Pod pod) {
    createPersistentVolumeClaims(set, pod);
  }

  /** Creates each missing claim; throws the first failure after trying all (a claim being deleted is one). */
  private void createPersistentVolumeClaims(StatefulSet set, Pod pod) {
    List<RuntimeException> errors = new ArrayList<>();
    for (PersistentVolumeClaim claim : StatefulSetPods.claimsFor(set, StatefulSetPods.ordinalOf(pod)).values()) {
      PersistentVolumeClaim existing = claims.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
      if (existing == null) {
        existing = client.get(PersistentVolumeClaim.class, claim.getMetadata().getNamespace(), claim.getMetadata().getName());
      }
      if (existing == null) {
        try {
          client.create(claim);
          recorder.event(set, null, EventRecorder.NORMAL, "SuccessfulCreate", "create Claim " + claim.getMetadata().getName() + " Pod "
              + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " success");
        } catch (ApiException e) {
          if (e.code() != 409) {
            recorder.event(set, null, EventRecorder.WARNING, "FailedCreate", "create Claim " + claim.getMetadata().getName() + " for Pod "
                + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " failed error: " + e.getMessage());
          }
          errors.add(e);
        }
      } else if (existing.getMetadata().getDeletionTimestamp() != null) {
        errors.add(new IllegalStateException("pvc " + claim.getMetadata().getName() + " is being deleted"));
      }
    }
    if (!errors.isEmpty()) {
      RuntimeException first = errors.getFirst();
      errors.subList(1, errors.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private void podEvent(String verb, StatefulSet set, Pod pod, RuntimeException error) {
    String title = Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
    if (error == null) {
      recorder.event(set, null, EventRecorder.NORMAL, "Successful" + title, verb + " Pod " + pod.getMetadata().getName() + " in StatefulSet "
          + set.getMetadata().getName() + " successful");
    } else {
      recorder.event(set, null, EventRecorder.WARNING, "Failed" + title, verb + " Pod " + pod.getMetadata().getName() + " in StatefulSet "
          + set.getMetadata().getName() + " failed error: " + error.getMessage());
    }
  }
}
