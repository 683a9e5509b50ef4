package dev.berth.node.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet's AtomicWriter layout and its atomic swap (spec/kubelet.md §7.4). */
class AtomicWriterTest {
  @TempDir Path vol;

  private static AtomicWriter.FileProjection file(String content, int mode) {
    return new AtomicWriter.FileProjection(content.getBytes(StandardCharsets.UTF_8), mode);
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void layoutIsATimestampedDirectoryADataLinkAndOneLinkPerTopLevelName() throws Exception {
    Map<String, AtomicWriter.FileProjection> payload = new LinkedHashMap<>();
    payload.put("app.properties", file("a=1\n", 0644));
    payload.put("conf/nested/app.yaml", file("x: 1\n", 0400));
    assertThat(new AtomicWriter(vol).write(payload, Instant.parse("2026-11-25T12:00:00Z"))).isTrue();

    String ts = Files.readSymbolicLink(vol.resolve("..data")).toString();
    assertThat(ts).matches("\\.\\.2026_11_25_12_00_00\\.\\d+");
    assertThat(AtomicWriter.visibleEntries(vol)).containsExactlyInAnyOrder("..data", ts, "app.properties", "conf");
    assertThat(Files.readSymbolicLink(vol.resolve("app.properties"))).isEqualTo(Path.of("..data/app.properties"));
    assertThat(Files.readSymbolicLink(vol.resolve("conf"))).isEqualTo(Path.of("..data/conf"));
    assertThat(vol.resolve("conf/nested/app.yaml")).hasContent("x: 1");
    assertThat(perms(vol.resolve(ts))).isEqualTo("rwxr-xr-x");
    assertThat(perms(vol.resolve(ts).resolve("conf/nested"))).isEqualTo("rwxr-xr-x");
    assertThat(perms(vol.resolve(ts).resolve("app.properties"))).isEqualTo("rw-r--r--");
    assertThat(perms(vol.resolve(ts).resolve("conf/nested/app.yaml"))).as("chmod'ed, umask ignored").isEqualTo("r--------");
  }

  @Test
  void anIdenticalPayloadChangesNothingAndAnUpdateSwapsTheDataLink() throws Exception {
    AtomicWriter w = new AtomicWriter(vol);
    w.write(Map.of("a", file("1", 0644), "b", file("2", 0644)), Instant.parse("2026-11-25T12:00:00Z"));
    String first = Files.readSymbolicLink(vol.resolve("..data")).toString();

    assertThat(w.write(Map.of("a", file("1", 0644), "b", file("2", 0644)), Instant.parse("2026-11-25T12:01:00Z"))).isFalse();
    assertThat(Files.readSymbolicLink(vol.resolve("..data")).toString()).isEqualTo(first);

    assertThat(w.write(Map.of("a", file("1 changed", 0644), "c", file("3", 0644)), Instant.parse("2026-11-25T12:02:00Z")))
        .isTrue();
    String second = Files.readSymbolicLink(vol.resolve("..data")).toString();
    assertThat(second).startsWith("..2026_11_25_12_02_00.");
    assertThat(AtomicWriter.visibleEntries(vol)).as("b's link removed, the old directory deleted, no ..data_tmp left")
        .containsExactlyInAnyOrder("..data", second, "a", "c");
    assertThat(vol.resolve("a")).hasContent("1 changed");

    assertThat(w.write(Map.of("a", file("1 changed", 0600), "c", file("3", 0644)), Instant.parse("2026-11-25T12:03:00Z")))
        .as("a mode change is a change").isTrue();
    assertThat(w.write(Map.of("a", file("1 changed", 0600)), Instant.parse("2026-11-25T12:04:00Z")))
        .as("a path that disappeared is a change").isTrue();
    assertThat(AtomicWriter.visibleEntries(vol)).hasSize(3);
  }

  @Test
  void emptyPayloadStillHasADataLink() throws Exception {
    new AtomicWriter(vol).write(Map.of(), Instant.parse("2026-11-25T12:00:00Z"));
    assertThat(AtomicWriter.visibleEntries(vol)).hasSize(2).contains("..data");
  }

  @Test
  void invalidPathsAreRejected() {
    for (String bad : List.of("", "/etc/passwd", "a/../../b", "..hidden", "../x", "x".repeat(256))) {
      assertThatThrownBy(() -> AtomicWriter.validate(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("invalid path");
    }
    assertThat(AtomicWriter.validate("a/./b")).isEqualTo("a/b");
    assertThatThrownBy(() -> AtomicWriter.validate("..")).hasMessage("invalid path: must not contain '..': ..");
  }
}
