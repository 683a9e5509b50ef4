package dev.berth.cli.up;

import dev.berth.api.ResourceRegistry;
import dev.berth.client.http.HttpApiClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The kubeconfig berth writes ({@code DIR/kubeconfig}: one cluster with the CA embedded, one user
 * with a bearer token, the current context), read back to talk to that server.
 *
 * @param server e.g. {@code https://127.0.0.1:6443}
 */
public record KubeconfigFile(URI server, String caPem, String token) {

  public static KubeconfigFile read(Path file) throws IOException {
    JsonNode root = YAMLMapper.builder().build().readTree(Files.readString(file));
    String context = root.path("current-context").asString("");
    String clusterName = "";
    String userName = "";
    for (JsonNode c : root.path("contexts")) {
      if (c.path("name").asString("").equals(context)) {
        clusterName = c.path("context").path("cluster").asString("");
        userName = c.path("context").path("user").asString("");
      }
    }
    JsonNode cluster = named(root.path("clusters"), clusterName).path("cluster");
    JsonNode user = named(root.path("users"), userName).path("user");
    String server = cluster.path("server").asString("");
    String ca = cluster.path("certificate-authority-data").asString("");
    String token = user.path("token").asString("");
    if (server.isEmpty() || ca.isEmpty() || token.isEmpty()) {
      throw new IOException(file + " is not a kubeconfig berth wrote (no server, CA or token in its current context)");
    }
    return new KubeconfigFile(URI.create(server), new String(Base64.getDecoder().decode(ca), java.nio.charset.StandardCharsets.UTF_8), token);
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode n : list) {
      if (n.path("name").asString("").equals(name)) {
        return n;
      }
    }
    return tools.jackson.databind.node.MissingNode.getInstance();
  }

  /** A client for this server that trusts only its CA. */
  public HttpApiClient client(String fieldManager) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    int i = 0;
    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(caPem.getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
      trust.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return new HttpApiClient(server, ssl, token, fieldManager, ResourceRegistry.standard());
  }
}
