package dev.berth.controllers.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hashing and naming as {@code pkg/controller/history} does them ({@code spec/statefulset.md} §8.2). */
class ControllerRevisionsTest {

  record HashCase(String data, Integer collisionCount, long fnv1, String hash) {}

  @Test
  void fnv1NotFnv1aThenSafeEncoded() {
    // FNV-1 32-bit test vectors: "" = 0x811c9dc5, "a" = 0x050c5d7e (FNV-1a of "a" would be 0xe40c292c).
    // SafeEncodeString maps each decimal digit by code mod 27: '8'(56)→d, '4'(52)→8, '6'(54)→b, '9'(57)→f.
    List<HashCase> cases = List.of(
        new HashCase("", null, 0x811c9dc5L, ControllerRevisions.safeEncode("2166136261")),
        new HashCase("a", null, 0x050c5d7eL, "d8bfb88b"),
        new HashCase("", 0, ControllerRevisions.fnv1("0".getBytes(StandardCharsets.US_ASCII)), null),
        new HashCase("a", 1, ControllerRevisions.fnv1("a1".getBytes(StandardCharsets.US_ASCII)), null));
    for (HashCase c : cases) {
      byte[] data = c.data().getBytes(StandardCharsets.UTF_8);
      byte[] probe = c.collisionCount() == null ? new byte[0] : c.collisionCount().toString().getBytes(StandardCharsets.US_ASCII);
      assertThat(ControllerRevisions.fnv1(data, probe)).as("FNV-1 of %s + %s", c.data(), c.collisionCount()).isEqualTo(c.fnv1());
      String expected = c.hash() != null ? c.hash() : ControllerRevisions.safeEncode(Long.toString(c.fnv1()));
      assertThat(ControllerRevisions.hash(data, c.collisionCount())).as("hash of %s + %s", c.data(), c.collisionCount())
          .isEqualTo(expected);
    }
    assertThat(ControllerRevisions.safeEncode("0123456789")).isEqualTo(encodeByHand("0123456789"));
  }

  private static String encodeByHand(String s) {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(alphabet.charAt(c % 27));
    }
    return b.toString();
  }

  @Test
  void aCollisionCountChangesTheName() {
    byte[] data = "{\"spec\":{}}".getBytes(StandardCharsets.UTF_8);
    assertThat(ControllerRevisions.hash(data, 0)).isNotEqualTo(ControllerRevisions.hash(data, 1));
    assertThat(ControllerRevisions.hash(data, 0)).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
  }

  @Test
  void namesArePrefixDashHashWithThePrefixCutTo223() {
    assertThat(ControllerRevisions.name("web", "7b8d9c6f5")).isEqualTo("web-7b8d9c6f5");
    assertThat(ControllerRevisions.name("x".repeat(300), "h")).hasSize(225);
  }

  @Test
  void canonicalJsonIsGoMarshalOfAMap() {
    var tree = Json.MAPPER.readTree("{\"b\":1,\"a\":{\"z\":\"<x&y>\",\"c\":[true,null,\"\\u2028\\n\"]},\"$patch\":\"replace\"}");
    assertThat(new String(ControllerRevisions.canonicalJson(tree), StandardCharsets.UTF_8))
        .isEqualTo("{\"$patch\":\"replace\",\"a\":{\"c\":[true,null,\"\\u2028\\n\"],\"z\":\"\\u003cx\\u0026y\\u003e\"},\"b\":1}");
  }
}
