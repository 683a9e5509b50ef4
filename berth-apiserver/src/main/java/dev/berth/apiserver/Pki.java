package dev.berth.apiserver;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import dev.berth.api.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The data dir's PKI ({@code DIR/pki/}): a CA, a serving certificate for the API server signed by
 * it (SANs: loopback, {@code localhost}, the host name, and the {@code kubernetes} Service names
 * and ClusterIP so pods can reach the API), the bearer token, and the key pair that signs
 * service-account tokens ({@code sa.key}, {@code sa.pub}). Generated at first start (EC
 * P-256, fast), then reused, so kubeconfigs stay valid across restarts.
 */
public final class Pki {
  private final X509Certificate caCert;
  private final X509Certificate serverCert;
  private final PrivateKey serverKey;
  private final String token;
  private final KeyPair serviceAccountKey;

  private Pki(X509Certificate caCert, X509Certificate serverCert, PrivateKey serverKey, String token, KeyPair serviceAccountKey) {
    this.caCert = caCert;
    this.serverCert = serverCert;
    this.serverKey = serverKey;
    this.token = token;
    this.serviceAccountKey = serviceAccountKey;
  }

  /** Loads {@code dir/pki}, creating what is missing. */
  public static Pki loadOrCreate(Path dataDir, String kubernetesServiceIp, Clock clock) throws IOException {
    Path pki = dataDir.resolve("pki");
    Files.createDirectories(pki);
    Path caCrt = pki.resolve("ca.crt");
    Path caKey = pki.resolve("ca.key");
    Path crt = pki.resolve("apiserver.crt");
    Path key = pki.resolve("apiserver.key");
    Path tok = pki.resolve("token");
    Path saKey = pki.resolve("sa.key");
    Path saPub = pki.resolve("sa.pub");
    try {
      if (!Files.exists(caCrt) || !Files.exists(caKey)) {
        KeyPair ca = newKeyPair();
        X509Certificate cert = caCertificate(ca, clock.now());
        writePrivate(caKey, pem(ca.getPrivate()));
        Files.writeString(caCrt, pem(cert));
        Files.deleteIfExists(crt);
      }
      X509Certificate ca = readCert(caCrt);
      PrivateKey caPrivate = readKey(caKey);
      if (!Files.exists(crt) || !Files.exists(key)) {
        KeyPair kp = newKeyPair();
        X509Certificate cert = servingCertificate(kp, ca, caPrivate, kubernetesServiceIp, clock.now());
        writePrivate(key, pem(kp.getPrivate()));
        Files.writeString(crt, pem(cert));
      }
      if (!Files.exists(tok)) {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        writePrivate(tok, HexFormat.of().formatHex(b) + "\n");
      }
      if (!Files.exists(saKey) || !Files.exists(saPub)) {
        KeyPair sa = newKeyPair();
        writePrivate(saKey, pem(sa.getPrivate()));
        Files.writeString(saPub, pem(sa.getPublic()));
      }
      return new Pki(ca, readCert(crt), readKey(key), Files.readString(tok).trim(), new KeyPair(readPublicKey(saPub), readKey(saKey)));
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot set up the PKI in " + pki + ": " + e.getMessage(), e);
    }
  }

  public String token() {
    return token;
  }

  /** The key pair that signs service-account tokens ({@code sa.key}, {@code sa.pub}), as upstream's {@code --service-account-key-file}. */
  public KeyPair serviceAccountKey() {
    return serviceAccountKey;
  }

  public String caPem() {
    try {
      return pem(caCert);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate caCertificate() {
    return caCert;
  }

  public SslContext serverContext() throws IOException {
    return SslContextBuilder.forServer(serverKey, serverCert, caCert)
        .sslProvider(SslProvider.JDK)
        .protocols("TLSv1.3", "TLSv1.2")
        .build();
  }

  private static KeyPair newKeyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate caCertificate(KeyPair kp, Instant now) throws Exception {
    X500Name name = new X500Name("CN=berth-ca");
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
    return sign(b, kp.getPrivate());
  }

  private static X509Certificate servingCertificate(KeyPair kp, X509Certificate ca, PrivateKey caKey, String serviceIp, Instant now)
      throws Exception {
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(3650))), new X500Name("CN=berth-apiserver"), kp.getPublic());
    List<GeneralName> sans = new ArrayList<>();
    for (String dns : List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local")) {
      sans.add(new GeneralName(GeneralName.dNSName, dns));
    }
    try {
      String host = InetAddress.getLocalHost().getHostName();
      if (!host.isBlank() && !host.equals("localhost")) {
        sans.add(new GeneralName(GeneralName.dNSName, host));
      }
    } catch (IOException e) {
      // no resolvable host name: loopback names suffice
    }
    for (String ip : List.of("127.0.0.1", "::1", serviceIp)) {
      sans.add(new GeneralName(GeneralName.iPAddress, ip));
    }
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
    b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
    return sign(b, caKey);
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key) throws Exception {
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
  }

  private static String pem(Object o) throws IOException {
    if (o instanceof PrivateKey k) {
      // PKCS#8 ("PRIVATE KEY"), which carries the EC curve, so it reads back on any JDK
      String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(k.getEncoded());
      return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }

  private static void writePrivate(Path p, String content) throws IOException {
    Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    Files.move(tmp, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static X509Certificate readCert(Path p) throws Exception {
    try (PEMParser r = new PEMParser(new StringReader(Files.readString(p)))) {
      return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) r.readObject());
    }
  }

  private static java.security.PublicKey readPublicKey(Path p) throws Exception {
    try (PEMParser r = new PEMParser(new StringReader(Files.readString(p)))) {
      return new JcaPEMKeyConverter().getPublicKey((org.bouncycastle.asn1.x509.SubjectPublicKeyInfo) r.readObject());
    }
  }

  private static PrivateKey readKey(Path p) throws Exception {
    try (PEMParser r = new PEMParser(new StringReader(Files.readString(p)))) {
      Object o = r.readObject();
      JcaPEMKeyConverter c = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return c.getPrivateKey(kp.getPrivateKeyInfo());
      }
      return c.getPrivateKey((PrivateKeyInfo) o);
    }
  }
}
