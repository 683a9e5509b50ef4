package dev.berth.controllers.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records core/v1 Events about an object, like client-go's {@code EventRecorder}. Best effort: an
 * event that cannot be written is logged and dropped, never thrown, so a failed event never fails
 * the reconcile that caused it.
 */
public interface EventRecorder {
  String NORMAL = "Normal";
  String WARNING = "Warning";

  /**
   * @param object the involved object; read only
   * @param type {@link #NORMAL} or {@link #WARNING}
   * @param reason e.g. {@code SuccessfulCreate}
   * @param message e.g. {@code create Pod web-0 in StatefulSet web successful}
   */
  void event(HasMetadata object, String type, String reason, String message);
}
