package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ConfigMaps, Secrets and ServiceAccounts. */
class ConfigRulesTest {

  static final ConfigMapRules CONFIG_MAPS = new ConfigMapRules();
  static final SecretRules SECRETS = new SecretRules();

  static ConfigMap configMap() {
    return parse("""
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app-config","namespace":"default","uid":"u"},
         "data":{"app.properties":"a=b","LOG_LEVEL":"info"}}
        """, ConfigMap.class);
  }

  static final String KEY_MESSAGE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  "
      + "or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

  @Test
  void configMapKeysAndSize() {
    assertThat(CONFIG_MAPS.validateCreate(configMap())).isEmpty();
    ConfigMap bad = configMap();
    bad.setData(Map.of("a b", "x", "dup", "y"));
    bad.setBinaryData(Map.of("dup", "eQ=="));
    assertThat(lines(CONFIG_MAPS.validateCreate(bad))).containsExactly("data[a b]: Invalid value: \"a b\": " + KEY_MESSAGE,
        "data[dup]: Invalid value: \"dup\": duplicate of key present in binaryData");
    ConfigMap big = configMap();
    big.setData(Map.of("big", "x".repeat(1024 * 1024 + 1)));
    assertThat(lines(CONFIG_MAPS.validateCreate(big))).containsExactly("[]: Too long: may not be more than 1048576 bytes");
  }

  @Test
  void immutableConfigMapsKeepTheirData() {
    ConfigMap old = configMap();
    old.setImmutable(true);
    ConfigMap changed = Manifests.copy(old, ConfigMap.class);
    changed.setData(Map.of("LOG_LEVEL", "debug"));
    assertThat(lines(CONFIG_MAPS.validateUpdate(changed, old))).containsExactly("data: Forbidden: field is immutable when `immutable` is set");
    ConfigMap unset = Manifests.copy(old, ConfigMap.class);
    unset.setImmutable(false);
    assertThat(lines(CONFIG_MAPS.validateUpdate(unset, old))).containsExactly("immutable: Forbidden: field is immutable when `immutable` is set");
    ConfigMap emptied = Manifests.copy(old, ConfigMap.class);
    emptied.setData(Map.of("app.properties", "a=b", "LOG_LEVEL", "info", "EXTRA", ""));
    assertThat(lines(CONFIG_MAPS.validateUpdate(emptied, old))).as("a key with an empty value is still a change")
        .containsExactly("data: Forbidden: field is immutable when `immutable` is set");
    ConfigMap labelled = Manifests.copy(old, ConfigMap.class);
    labelled.getMetadata().setLabels(Map.of("a", "b"));
    assertThat(CONFIG_MAPS.validateUpdate(labelled, old)).isEmpty();
  }

  static Secret secret(String json) {
    Secret s = parse(json, Secret.class);
    SECRETS.applyDefaults(s);
    return s;
  }

  @Test
  void secretsDefaultToOpaqueAndFoldStringData() {
    Secret s = secret("""
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"default"},
         "data":{"user":"YWRtaW4="},"stringData":{"password":"s3cret"}}
        """);
    assertThat(s.getType()).isEqualTo("Opaque");
    assertThat(s.getStringData()).isNull();
    assertThat(s.getData()).containsEntry("user", "YWRtaW4=").containsEntry("password", "czNjcmV0");
    assertThat(SECRETS.validateCreate(s)).isEmpty();
  }

  @Test
  void secretTypesNeedTheirKeysAndStayTheSameType() {
    Secret tls = secret("""
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"cert","namespace":"default"},"type":"kubernetes.io/tls"}
        """);
    assertThat(lines(SECRETS.validateCreate(tls))).containsExactly("data[tls.crt]: Required value", "data[tls.key]: Required value");
    Secret opaque = secret("""
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"cert","namespace":"default"},"data":{"a":"Yg=="}}
        """);
    Secret retyped = Manifests.copy(opaque, Secret.class);
    retyped.setType("kubernetes.io/basic-auth");
    retyped.setData(Map.of("username", "YQ=="));
    assertThat(lines(SECRETS.validateUpdate(retyped, opaque))).containsExactly("type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable");
    opaque.setImmutable(true);
    Secret changed = Manifests.copy(opaque, Secret.class);
    changed.setData(Map.of("a", "Yw=="));
    assertThat(lines(SECRETS.validateUpdate(changed, opaque))).containsExactly("data: Forbidden: field is immutable when `immutable` is set");
  }

  @Test
  void serviceAccountsAreJustNamed() {
    ServiceAccountRules rules = new ServiceAccountRules();
    ServiceAccount sa = parse("{\"metadata\":{\"name\":\"default\",\"namespace\":\"default\"}}", ServiceAccount.class);
    assertThat(rules.validateCreate(sa)).isEmpty();
    sa.getMetadata().setName("Builder");
    assertThat(lines(rules.validateCreate(sa))).containsExactly("metadata.name: Invalid value: \"Builder\": " + NameValidationTest.SUBDOMAIN);
  }
}
