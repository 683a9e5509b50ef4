package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules for a kind berth has no specific rules for: no defaults, and only the generic metadata
 * checks every kube-apiserver resource gets ({@code rest.BeforeCreate}): a name (or generateName)
 * usable in a URL path, valid labels, annotations, owner references and finalizers. Namespace
 * scope is the caller's business and is not checked.
 */
public final class PermissiveRules<T extends HasMetadata> implements KindRules<T> {

  @Override
  public void applyDefaults(T object) {}

  @Override
  public List<FieldError> validateCreate(T object) {
    List<FieldError> errs = new ArrayList<>();
    var meta = object.getMetadata();
    String ns = meta == null ? null : meta.getNamespace();
    for (FieldError e : ObjectMetaValidation.validate(meta, ns != null && !ns.isEmpty(), NameValidation.PATH_SEGMENT, FieldPath.of("metadata"))) {
      errs.add(e);
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(T object, T old) {
    return ObjectMetaValidation.validateUpdate(object.getMetadata(), old.getMetadata(), FieldPath.of("metadata"));
  }
}
