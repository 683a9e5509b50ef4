package dev.berth.node.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * berth's {@code containerID}s ({@code spec/kubelet.md} §1.2): {@code process://} and 64 hex
 * digits, the SHA-256 of {@code <pod uid>/<container name>/<attempt>}. Derived, not random, so the
 * id a berth published for an instance is the id a later berth gives the same process when it
 * adopts it; every attempt has its own, which is how probe workers notice a new instance.
 */
final class ContainerIds {
  static final String SCHEME = "process://";

  private ContainerIds() {}

  static String of(String podUid, String containerName, int attempt) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest((podUid + "/" + containerName + "/" + attempt).getBytes(StandardCharsets.UTF_8));
      return SCHEME + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
