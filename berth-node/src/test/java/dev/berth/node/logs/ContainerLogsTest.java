package dev.berth.node.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.time.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading CRI log files the way the kubelet serves pods/log. */
class ContainerLogsTest {
  @TempDir Path data;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T12:00:10Z"));
  private ContainerLogs logs;

  @BeforeEach
  void writeLogs() throws IOException {
    logs = new ContainerLogs(data, clock);
    Path attempt0 = logs.logFile("uid-1", "app", 0);
    Files.createDirectories(attempt0.getParent());
    Files.writeString(attempt0, "2026-11-25T11:00:00Z stdout F first instance\n");
    Path attempt1 = logs.logFile("uid-1", "app", 1);
    Files.writeString(attempt1.resolveSibling("1.log.1"), """
        2026-11-25T12:00:01.5Z stdout F one
        2026-11-25T12:00:02Z stderr F two
        """);
    Files.writeString(attempt1, """
        2026-11-25T12:00:03.123456Z stdout P thr
        2026-11-25T12:00:03.123456Z stdout F ee
        not a cri line
        2026-11-25T12:00:04Z stderr F four
        2026-11-25T12:00:05Z stdout F five
        """);
  }

  private String read(int attempt, LogOptions o) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    logs.read("uid-1", "app", attempt, o, CompletableFuture.completedFuture(null), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  record Case(LogOptions options, String expected, String meaning) {}

  @Test
  void optionsAsTheKubeletAppliesThem() throws IOException {
    LogOptions all = LogOptions.all();
    List<Case> cases = List.of(
        new Case(all, "one\ntwo\nthree\nfour\nfive\n",
            "the rotated file first, partial records joined, unparseable lines skipped"),
        new Case(all.withTimestamps(true), """
            2026-11-25T12:00:01.500000000Z one
            2026-11-25T12:00:02.000000000Z two
            2026-11-25T12:00:03.123456000Z thr2026-11-25T12:00:03.123456000Z ee
            2026-11-25T12:00:04.000000000Z four
            2026-11-25T12:00:05.000000000Z five
            """, "timestamps: RFC 3339 with nine fraction digits, one per record"),
        new Case(all.withTailLines(2), "four\nfive\n", "tail counts records from the end"),
        new Case(all.withTailLines(6), "two\nthree\nfour\nfive\n",
            "a tail longer than the current file reaches into the rotated one (the garbage line counts)"),
        new Case(all.withTailLines(0), "", "tail 0 is nothing"),
        new Case(all.withTailLines(100), "one\ntwo\nthree\nfour\nfive\n", "tail beyond everything is everything"),
        new Case(all.withSinceTime(Instant.parse("2026-11-25T12:00:04Z")), "four\nfive\n", "since is inclusive"),
        new Case(all.withSinceSeconds(7), "three\nfour\nfive\n", "sinceSeconds counts back from now (12:00:10)"),
        new Case(all.withSinceSeconds(7).withSinceTime(Instant.parse("2026-11-25T12:00:05Z")), "five\n",
            "the later of sinceSeconds and sinceTime wins"),
        new Case(all.withLimitBytes(6), "one\ntw", "limitBytes cuts inside a line"),
        new Case(all.withStream(LogOptions.LogStream.STDERR), "two\nfour\n", "only stderr"),
        new Case(all.withPrevious(true), "first instance\n", "previous is the instance before the current one"),
        new Case(all.withFollow(true), "one\ntwo\nthree\nfour\nfive\n", "follow of an ended instance drains and stops"));
    for (Case c : cases) {
      assertThat(read(1, c.options())).as(c.meaning()).isEqualTo(c.expected());
    }
  }

  @Test
  void previousOfTheFirstInstanceDoesNotExist() {
    assertThatThrownBy(() -> read(0, LogOptions.all().withPrevious(true)))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("previous terminated container \"app\" not found");
    assertThatThrownBy(() -> read(5, LogOptions.all())).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void anUnterminatedLastRecordIsServedWhenTheInstanceHasEnded() throws IOException {
    Path f = logs.logFile("uid-2", "app", 0);
    Files.createDirectories(f.getParent());
    Files.writeString(f, "2026-11-25T12:00:01Z stdout F done\n2026-11-25T12:00:02Z stdout F cut sh");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    logs.read("uid-2", "app", 0, LogOptions.all().withFollow(true), CompletableFuture.completedFuture(null), out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("done\ncut sh\n");
  }

  @Test
  void criRecordsParseAndRender() {
    byte[] line = "2026-11-25T12:00:03.1Z stderr P abc def".getBytes(StandardCharsets.UTF_8);
    CriLogLine l = CriLogLine.parse(line, 0, line.length).orElseThrow();
    assertThat(l.stderr()).isTrue();
    assertThat(l.partial()).isTrue();
    assertThat(new String(l.render(false), StandardCharsets.UTF_8)).isEqualTo("abc def");
    byte[] empty = "2026-11-25T12:00:03Z stdout F".getBytes(StandardCharsets.UTF_8);
    assertThat(new String(CriLogLine.parse(empty, 0, empty.length).orElseThrow().render(false), StandardCharsets.UTF_8))
        .as("an empty line").isEqualTo("\n");
    byte[] bad = "yesterday stdout F x".getBytes(StandardCharsets.UTF_8);
    assertThat(CriLogLine.parse(bad, 0, bad.length)).isEmpty();
  }
}
