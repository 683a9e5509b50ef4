package dev.berth.apiserver;

import dev.berth.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bound service-account tokens: JWTs signed (ES256) with the data dir's service-account key
 * ({@code DIR/pki/sa.key}), shaped as the kube-apiserver's TokenRequest issues them:
 *
 * <pre>
 * header  {"alg":"ES256","kid":"&lt;key id&gt;"}
 * claims  {"aud":["https://kubernetes.default.svc.cluster.local"],"exp":…,"iat":…,"nbf":…,
 *          "iss":"https://kubernetes.default.svc.cluster.local","jti":"&lt;uuid&gt;",
 *          "sub":"system:serviceaccount:&lt;ns&gt;:&lt;name&gt;",
 *          "kubernetes.io":{"namespace":…,"serviceaccount":{"name":…,"uid":…},
 *                           "pod":{"name":…,"uid":…},"node":{"name":…,"uid":…}}}
 * </pre>
 *
 * <p>This class signs and checks the signature and times only; whether the service account and the
 * bound pod still exist is the caller's question ({@link ResourceService#authenticateToken}).
 */
public final class ServiceAccountTokens {
  /** The issuer and the API server's own audience, upstream's default for kubeadm clusters. */
  public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  private static final String ALG = "SHA256withECDSAinP1363Format";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final KeyPair key;
  private final String keyId;

  public ServiceAccountTokens(KeyPair key) {
    this.key = key;
    try {
      // upstream's kid: the base64url SHA-256 of the public key's DER form
      this.keyId = B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Who a token is for and what it is bound to; {@code pod} and {@code node} may be null. */
  public record Subject(String namespace, String serviceAccount, String serviceAccountUid, Ref pod, Ref node) {}

  public record Ref(String name, String uid) {}

  /** What a valid token says. */
  public record Claims(Subject subject, List<String> audiences, Instant expiry) {
    public String username() {
      return "system:serviceaccount:" + subject.namespace() + ":" + subject.serviceAccount();
    }
  }

  /** A signed token valid from {@code now} for {@code expirationSeconds}. */
  public String issue(Subject s, List<String> audiences, long expirationSeconds, Instant now) {
    ObjectNode header = Json.MAPPER.createObjectNode();
    header.put("alg", "ES256");
    header.put("kid", keyId);
    ObjectNode c = Json.MAPPER.createObjectNode();
    ArrayNode aud = c.putArray("aud");
    audiences.forEach(aud::add);
    c.put("exp", now.getEpochSecond() + expirationSeconds);
    c.put("iat", now.getEpochSecond());
    c.put("iss", ISSUER);
    c.put("jti", UUID.randomUUID().toString());
    ObjectNode k8s = c.putObject("kubernetes.io");
    k8s.put("namespace", s.namespace());
    if (s.node() != null) {
      ref(k8s.putObject("node"), s.node());
    }
    if (s.pod() != null) {
      ref(k8s.putObject("pod"), s.pod());
    }
    ref(k8s.putObject("serviceaccount"), new Ref(s.serviceAccount(), s.serviceAccountUid()));
    c.put("nbf", now.getEpochSecond());
    c.put("sub", "system:serviceaccount:" + s.namespace() + ":" + s.serviceAccount());
    String signingInput = B64.encodeToString(Json.MAPPER.writeValueAsBytes(header)) + "."
        + B64.encodeToString(Json.MAPPER.writeValueAsBytes(c));
    try {
      Signature sig = Signature.getInstance(ALG);
      sig.initSign(key.getPrivate());
      sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(sig.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a service account token: " + e.getMessage(), e);
    }
  }

  /**
   * The claims of {@code token} if it is a JWT this key signed, issued by {@link #ISSUER}, not
   * expired or not yet valid at {@code now} (no leeway), for one of {@code audiences}; else empty.
   */
  public Optional<Claims> verify(String token, List<String> audiences, Instant now) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || !(key.getPublic() instanceof ECPublicKey)) {
      return Optional.empty();
    }
    try {
      Signature sig = Signature.getInstance(ALG);
      sig.initVerify(key.getPublic());
      sig.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!sig.verify(B64D.decode(parts[2]))) {
        return Optional.empty();
      }
      JsonNode header = Json.MAPPER.readTree(B64D.decode(parts[0]));
      JsonNode c = Json.MAPPER.readTree(B64D.decode(parts[1]));
      if (!"ES256".equals(header.path("alg").asString("")) || !ISSUER.equals(c.path("iss").asString(""))) {
        return Optional.empty();
      }
      long t = now.getEpochSecond();
      if (t >= c.path("exp").asLong(0) || t < c.path("nbf").asLong(0)) {
        return Optional.empty();
      }
      List<String> aud = c.path("aud").isArray() ? c.path("aud").valueStream().map(a -> a.asString("")).toList()
          : List.of(c.path("aud").asString(""));
      if (aud.stream().noneMatch(audiences::contains)) {
        return Optional.empty();
      }
      JsonNode k8s = c.path("kubernetes.io");
      Subject s = new Subject(k8s.path("namespace").asString(""), k8s.path("serviceaccount").path("name").asString(""),
          k8s.path("serviceaccount").path("uid").asString(""), ref(k8s.path("pod")), ref(k8s.path("node")));
      if (s.namespace().isEmpty() || s.serviceAccount().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Claims(s, aud, Instant.ofEpochSecond(c.path("exp").asLong())));
    } catch (GeneralSecurityException | IllegalArgumentException | tools.jackson.core.JacksonException e) {
      return Optional.empty();
    }
  }

  private static void ref(ObjectNode o, Ref r) {
    o.put("name", r.name());
    o.put("uid", r.uid());
  }

  private static Ref ref(JsonNode n) {
    return n.isObject() ? new Ref(n.path("name").asString(""), n.path("uid").asString("")) : null;
  }
}
