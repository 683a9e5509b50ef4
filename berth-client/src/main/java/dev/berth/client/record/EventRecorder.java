package dev.berth.client.record;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records core/v1 Events about an object ({@code spec/kubelet.md} §8.1), like client-go's {@code
 * EventRecorder}. Best effort: an event that cannot be written is logged and dropped, never thrown —
 * a failed event must not fail the pod sync that caused it.
 */
public interface EventRecorder {
  String NORMAL = "Normal";
  String WARNING = "Warning";

  /**
   * @param object the involved object, e.g. the pod; read only
   * @param fieldPath {@code spec.containers{app}} for a container's event, null for the object itself
   * @param type {@link #NORMAL} or {@link #WARNING}
   * @param reason e.g. {@code Started}
   * @param message e.g. {@code Started container app}
   */
  void event(HasMetadata object, String fieldPath, String type, String reason, String message);
}
