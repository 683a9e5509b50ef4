package dev.berth.apiserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Writes {@code DIR/kubeconfig}: cluster, user and context named {@code berth}, the CA embedded,
 * the bearer token, the real port ({@code spec/api-server.md} §4.1). Written atomically, so a
 * reader never sees half a file.
 */
public final class Kubeconfig {
  private Kubeconfig() {}

  public static String render(String server, String caPem, String token) {
    String ca = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: berth
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: berth
          user:
            token: %s
        contexts:
        - name: berth
          context:
            cluster: berth
            user: berth
            namespace: default
        current-context: berth
        preferences: {}
        """.formatted(server, ca, token);
  }

  public static Path write(Path dataDir, String server, String caPem, String token) throws IOException {
    Path target = dataDir.resolve("kubeconfig");
    Path tmp = dataDir.resolve("kubeconfig.tmp");
    Files.writeString(tmp, render(server, caPem, token), StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }
}
