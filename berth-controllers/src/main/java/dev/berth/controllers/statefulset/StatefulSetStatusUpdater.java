package dev.berth.controllers.statefulset;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;

/** Writes a StatefulSet's status through {@code /status}, retrying on conflict with a fresh copy. */
@FunctionalInterface
public interface StatefulSetStatusUpdater {
  void updateStatefulSetStatus(StatefulSet set, StatefulSetStatus status);
}
