package dev.berth.api.validation;

import dev.berth.api.FieldError;
import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Secrets: {@code type: Opaque} by default, and {@code stringData} merged into {@code data}
 * (base64, {@code stringData} wins) as upstream's v1 conversion does, so the stored object has
 * {@code data} only. Keys as for ConfigMaps, 1 MiB in total, the keys each built-in type needs;
 * {@code type} is immutable, and so are data and the flag once {@code immutable: true} is stored.
 */
public final class SecretRules implements KindRules<Secret> {

  @Override
  public void applyDefaults(Secret secret) {
    if (secret.getType() == null || secret.getType().isEmpty()) {
      secret.setType("Opaque");
    }
    if (secret.getStringData() != null && !secret.getStringData().isEmpty()) {
      Map<String, String> data = secret.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secret.getData());
      secret.getStringData().forEach((k, v) ->
          data.put(k, Base64.getEncoder().encodeToString((v == null ? "" : v).getBytes(StandardCharsets.UTF_8))));
      secret.setData(data);
    }
    secret.setStringData(null);
  }

  @Override
  public List<FieldError> validateCreate(Secret secret) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(secret.getMetadata(), true, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    FieldPath dataPath = FieldPath.of("data");
    Map<String, String> data = secret.getData() == null ? Map.of() : new TreeMap<>(secret.getData());
    long total = 0;
    for (Map.Entry<String, String> e : data.entrySet()) {
      for (String msg : NameValidation.configMapKey(e.getKey())) {
        errs.add(FieldError.invalid(dataPath.key(e.getKey()).toString(), e.getKey(), msg));
      }
      try {
        total += e.getValue() == null ? 0 : Base64.getDecoder().decode(e.getValue()).length;
      } catch (IllegalArgumentException bad) {
        errs.add(FieldError.invalid(dataPath.key(e.getKey()).toString(), "<secret contents redacted>", "illegal base64 data"));
      }
    }
    if (total > ConfigMapRules.MAX_SIZE) {
      errs.add(FieldError.tooLong(dataPath.toString(), "", ConfigMapRules.MAX_SIZE));
    }
    Map<String, String> annotations = secret.getMetadata() == null || secret.getMetadata().getAnnotations() == null ? Map.of()
        : secret.getMetadata().getAnnotations();
    switch (secret.getType() == null ? "" : secret.getType()) {
      case "kubernetes.io/service-account-token" -> {
        String sa = annotations.get("kubernetes.io/service-account.name");
        if (sa == null || sa.isEmpty()) {
          errs.add(FieldError.required(FieldPath.of("metadata", "annotations").key("kubernetes.io/service-account.name").toString(), ""));
        }
      }
      case "kubernetes.io/dockercfg" -> errs.addAll(jsonKey(data, ".dockercfg", dataPath));
      case "kubernetes.io/dockerconfigjson" -> errs.addAll(jsonKey(data, ".dockerconfigjson", dataPath));
      case "kubernetes.io/basic-auth" -> {
        if (!data.containsKey("username") && !data.containsKey("password")) {
          errs.add(FieldError.required(dataPath.key("username").toString(), ""));
          errs.add(FieldError.required(dataPath.key("password").toString(), ""));
        }
      }
      case "kubernetes.io/ssh-auth" -> {
        String key = data.get("ssh-privatekey");
        if (key == null || key.isEmpty()) {
          errs.add(FieldError.required(dataPath.key("ssh-privatekey").toString(), ""));
        }
      }
      case "kubernetes.io/tls" -> {
        if (!data.containsKey("tls.crt")) {
          errs.add(FieldError.required(dataPath.key("tls.crt").toString(), ""));
        }
        if (!data.containsKey("tls.key")) {
          errs.add(FieldError.required(dataPath.key("tls.key").toString(), ""));
        }
      }
      default -> {
      }
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Secret secret, Secret old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(secret.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    String type = secret.getType() == null ? "" : secret.getType();
    String oldType = old.getType() == null ? "" : old.getType();
    if (!type.equals(oldType)) {
      errs.add(FieldError.invalid("type", type, ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    if (Boolean.TRUE.equals(old.getImmutable())) {
      if (!Boolean.TRUE.equals(secret.getImmutable())) {
        errs.add(FieldError.forbidden("immutable", ConfigMapRules.IMMUTABLE));
      }
      if (!ConfigMapRules.sameMap(secret.getData(), old.getData())) {
        errs.add(FieldError.forbidden("data", ConfigMapRules.IMMUTABLE));
      }
    }
    errs.addAll(validateCreate(secret));
    return errs;
  }

  private static List<FieldError> jsonKey(Map<String, String> data, String key, FieldPath dataPath) {
    String value = data.get(key);
    if (value == null) {
      return List.of(FieldError.required(dataPath.key(key).toString(), ""));
    }
    try {
      Json.MAPPER.readTree(Base64.getDecoder().decode(value));
      return List.of();
    } catch (RuntimeException e) {
      return List.of(FieldError.invalid(dataPath.key(key).toString(), "<secret contents redacted>", "invalid character in JSON"));
    }
  }
}
