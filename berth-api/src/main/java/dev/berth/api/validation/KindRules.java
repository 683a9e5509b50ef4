package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * Defaulting and validation of one kind, as the kube-apiserver's {@code SetDefaults_*} and
 * {@code Validate*} functions do them. Objects are fabric8 model instances decoded from the
 * request; {@link #applyDefaults} mutates its argument, the validators do not.
 */
public interface KindRules<T extends HasMetadata> {
  /** Fills defaults in place (also inside pod templates), before validation. */
  void applyDefaults(T object);

  /** Errors for a new object (metadata included). Empty means valid. */
  List<FieldError> validateCreate(T object);

  /** Errors for an update of {@code old} to {@code object}, immutable fields included. */
  List<FieldError> validateUpdate(T object, T old);

  /**
   * Warnings for what berth accepts but cannot honour on one machine (an {@code image}, say),
   * sent as {@code Warning: 299 - "..."} headers. Never errors.
   */
  default List<String> warnings(T object) {
    return List.of();
  }
}
