package dev.berth.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.time.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data dir's PKI: what in-cluster clients need of it. */
class PkiTest {
  @TempDir
  Path dir;

  @Test
  void theServingCertificateNamesTheKubernetesServiceAndTheSigningKeyOutlivesARestart() throws Exception {
    FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    Pki first = Pki.loadOrCreate(dir, "127.2.0.1", clock);
    X509Certificate cert;
    try (var in = Files.newInputStream(dir.resolve("pki/apiserver.crt"))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    Set<String> sans = cert.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).collect(Collectors.toSet());
    assertThat(sans).as("in-cluster clients dial 127.2.0.1:443 and verify kubernetes.default.svc")
        .contains("127.2.0.1", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "kubernetes", "127.0.0.1");

    Pki second = Pki.loadOrCreate(dir, "127.2.0.1", clock);
    assertThat(second.serviceAccountKey().getPublic()).isEqualTo(first.serviceAccountKey().getPublic());
    ServiceAccountTokens.Subject s = new ServiceAccountTokens.Subject("default", "default", "uid-1", null, null);
    String token = new ServiceAccountTokens(first.serviceAccountKey()).issue(s, List.of(ServiceAccountTokens.ISSUER), 600, clock.now());
    assertThat(new ServiceAccountTokens(second.serviceAccountKey()).verify(token, List.of(ServiceAccountTokens.ISSUER), clock.now()))
        .as("tokens issued before a restart stay valid").isPresent();
    assertThat(Files.getPosixFilePermissions(dir.resolve("pki/sa.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
  }
}
