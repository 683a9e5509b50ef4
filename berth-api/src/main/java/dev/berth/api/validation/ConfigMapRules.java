package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ConfigMaps: keys of {@code data} and {@code binaryData} match {@code [-._a-zA-Z0-9]+} and do not
 * collide, 1 MiB in total; once {@code immutable: true} is stored, neither the data nor the flag may
 * change. No visible defaults.
 */
public final class ConfigMapRules implements KindRules<ConfigMap> {

  static final int MAX_SIZE = 1024 * 1024;
  static final String IMMUTABLE = "field is immutable when `immutable` is set";

  @Override
  public void applyDefaults(ConfigMap cm) {}

  @Override
  public List<FieldError> validateCreate(ConfigMap cm) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(cm.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    Map<String, String> data = cm.getData() == null ? Map.of() : new TreeMap<>(cm.getData());
    Map<String, String> binary = cm.getBinaryData() == null ? Map.of() : new TreeMap<>(cm.getBinaryData());
    long total = 0;
    for (Map.Entry<String, String> e : data.entrySet()) {
      FieldPath p = FieldPath.of("data").key(e.getKey());
      for (String msg : NameValidation.configMapKey(e.getKey())) {
        errs.add(FieldError.invalid(p.toString(), e.getKey(), msg));
      }
      if (binary.containsKey(e.getKey())) {
        errs.add(FieldError.invalid(p.toString(), e.getKey(), "duplicate of key present in binaryData"));
      }
      total += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    for (Map.Entry<String, String> e : binary.entrySet()) {
      for (String msg : NameValidation.configMapKey(e.getKey())) {
        errs.add(FieldError.invalid(FieldPath.of("binaryData").key(e.getKey()).toString(), e.getKey(), msg));
      }
      total += decodedLength(e.getValue());
    }
    if (total > MAX_SIZE) {
      // Upstream reports this on field.NewPath(""), which prints as "[]".
      errs.add(FieldError.tooLong("[]", "", MAX_SIZE));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(ConfigMap cm, ConfigMap old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(cm.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    if (Boolean.TRUE.equals(old.getImmutable())) {
      if (!Boolean.TRUE.equals(cm.getImmutable())) {
        errs.add(FieldError.forbidden("immutable", IMMUTABLE));
      }
      if (!sameMap(cm.getData(), old.getData())) {
        errs.add(FieldError.forbidden("data", IMMUTABLE));
      }
      if (!sameMap(cm.getBinaryData(), old.getBinaryData())) {
        errs.add(FieldError.forbidden("binaryData", IMMUTABLE));
      }
    }
    errs.addAll(validateCreate(cm));
    return errs;
  }

  /** {@code reflect.DeepEqual} of two maps, a missing map being an empty one: an empty value still counts. */
  static boolean sameMap(Map<String, String> a, Map<String, String> b) {
    return (a == null ? Map.of() : a).equals(b == null ? Map.of() : b);
  }

  static long decodedLength(String base64) {
    if (base64 == null) {
      return 0;
    }
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return base64.length();
    }
  }
}
