package dev.berth.node.logs;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code pods/log} query parameters the node serves ({@code kubectl logs} flags): {@code
 * tailLines} ({@code --tail}), {@code sinceSeconds} / {@code sinceTime} ({@code --since}, {@code
 * --since-time}; the later of the two wins, as in the kubelet), {@code timestamps}, {@code
 * limitBytes}, {@code previous} ({@code -p}), {@code follow} ({@code -f}) and {@code stream}.
 */
public record LogOptions(
    OptionalLong tailLines,
    OptionalLong sinceSeconds,
    Optional<Instant> sinceTime,
    boolean timestamps,
    OptionalLong limitBytes,
    boolean previous,
    boolean follow,
    LogStream stream) {

  /** Which of the container's streams to serve. */
  public enum LogStream {
    ALL,
    STDOUT,
    STDERR
  }

  /** Everything, once, without timestamps: plain {@code kubectl logs}. */
  public static LogOptions all() {
    return new LogOptions(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), false, OptionalLong.empty(),
        false, false, LogStream.ALL);
  }

  public LogOptions withTailLines(long n) {
    return new LogOptions(OptionalLong.of(n), sinceSeconds, sinceTime, timestamps, limitBytes, previous, follow, stream);
  }

  public LogOptions withSinceSeconds(long s) {
    return new LogOptions(tailLines, OptionalLong.of(s), sinceTime, timestamps, limitBytes, previous, follow, stream);
  }

  public LogOptions withSinceTime(Instant t) {
    return new LogOptions(tailLines, sinceSeconds, Optional.of(t), timestamps, limitBytes, previous, follow, stream);
  }

  public LogOptions withTimestamps(boolean on) {
    return new LogOptions(tailLines, sinceSeconds, sinceTime, on, limitBytes, previous, follow, stream);
  }

  public LogOptions withLimitBytes(long n) {
    return new LogOptions(tailLines, sinceSeconds, sinceTime, timestamps, OptionalLong.of(n), previous, follow, stream);
  }

  public LogOptions withPrevious(boolean on) {
    return new LogOptions(tailLines, sinceSeconds, sinceTime, timestamps, limitBytes, on, follow, stream);
  }

  public LogOptions withFollow(boolean on) {
    return new LogOptions(tailLines, sinceSeconds, sinceTime, timestamps, limitBytes, previous, on, stream);
  }

  public LogOptions withStream(LogStream s) {
    return new LogOptions(tailLines, sinceSeconds, sinceTime, timestamps, limitBytes, previous, follow, s);
  }
}
