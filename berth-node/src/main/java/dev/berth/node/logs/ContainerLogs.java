package dev.berth.node.logs;

import dev.berth.api.time.Clock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Container log files and {@code pods/log} reading ({@code spec/kubelet.md} §6.5).
 *
 * <p>Layout: {@code DATA/pods/<uid>/logs/<container>/<attempt>.log}, one file per container
 * instance (attempt = restartCount), in the CRI format {@code <RFC3339Nano> <stdout|stderr> <F|P>
 * <text>}. The writer is the container's shim ({@code OsProcessLauncher}), not berth: it renames a
 * file that would grow past the size limit to {@code <attempt>.log.1} (one rotated file kept) and
 * goes on in a new {@code <attempt>.log}.
 *
 * <p>Reading follows the kubelet's {@code ReadLogs}: {@code tailLines} counts records from the end,
 * {@code since} drops older records, {@code timestamps} prefixes each record with its time in
 * RFC 3339 with nine fraction digits, {@code limitBytes} cuts the output, {@code previous} reads
 * the instance before the current one, and {@code follow} keeps delivering until the instance has
 * ended and its file is drained, across rotations. Unlike the kubelet, which reads only the
 * newest file, berth also serves the rotated file before it.
 */
public final class ContainerLogs {
  private static final Duration FOLLOW_POLL_INTERVAL = Duration.ofMillis(100);
  private static final int CHUNK = 64 * 1024;

  private final Path dataDir;
  private final Clock clock;

  public ContainerLogs(Path dataDir, Clock clock) {
    this.dataDir = Objects.requireNonNull(dataDir).toAbsolutePath();
    this.clock = Objects.requireNonNull(clock);
  }

  /** {@code DATA/pods/<uid>/logs/<container>/<attempt>.log}: where an instance's shim writes. */
  public Path logFile(String podUid, String containerName, int attempt) {
    return logFile(dataDir, podUid, containerName, attempt);
  }

  public static Path logFile(Path dataDir, String podUid, String containerName, int attempt) {
    return dataDir.resolve("pods").resolve(podUid).resolve("logs").resolve(containerName).resolve(attempt + ".log");
  }

  /**
   * Writes an instance's log to {@code out} as {@code pods/log} serves it, flushing as it goes.
   * Returns when everything asked for is written; with {@code follow}, only once {@code ended}
   * has completed and the file is drained (or {@code out} fails, or the thread is interrupted).
   *
   * @param attempt the container's current instance; {@code previous} reads {@code attempt - 1}
   * @param ended completes when the current instance's process has ended (and its shim with it)
   * @throws NoSuchFileException when there is no such instance or it wrote no log file
   */
  public void read(String podUid, String containerName, int attempt, LogOptions options, CompletionStage<?> ended,
      OutputStream out) throws IOException {
    int target = options.previous() ? attempt - 1 : attempt;
    if (target < 0) {
      throw new NoSuchFileException(logFile(podUid, containerName, 0).toString(), null,
          "previous terminated container \"" + containerName + "\" not found");
    }
    Path current = logFile(podUid, containerName, target);
    Path rotated = current.resolveSibling(current.getFileName() + ".1");
    if (!Files.exists(current) && !Files.exists(rotated)) {
      throw new NoSuchFileException(current.toString());
    }
    boolean follow = options.follow() && !options.previous();
    Instant since = Instant.MIN;
    if (options.sinceSeconds().isPresent()) {
      since = clock.now().minusSeconds(options.sinceSeconds().getAsLong());
    }
    if (options.sinceTime().isPresent() && options.sinceTime().get().isAfter(since)) {
      since = options.sinceTime().get();
    }
    Sink sink = new Sink(out, options, since, options.tailLines().isPresent() && !follow
        ? options.tailLines().getAsLong() : Long.MAX_VALUE);

    List<Source> sources = new ArrayList<>();
    try {
      Source cur = Source.open(current);
      Source rot = Source.open(rotated);
      if (options.tailLines().isPresent()) {
        long want = Math.max(0, options.tailLines().getAsLong());
        long found = cur == null ? 0 : cur.seekToTail(want);
        if (rot != null && found < want) {
          rot.seekToTail(want - found);
          sources.add(rot);
        } else if (rot != null) {
          rot.close();
        }
      } else if (rot != null) {
        sources.add(rot);
      }
      if (cur != null) {
        sources.add(cur);
      }
      for (Source s : sources) {
        // While following, an unterminated last record of the current file may still be written.
        s.copyTo(sink, !follow || s != cur);
        if (sink.done()) {
          return;
        }
      }
      if (!follow) {
        return;
      }
      Source tailing = cur;
      boolean lastPass = false;
      while (true) {
        if (tailing == null || tailing.isReplacedBy(current)) {
          // Rotated (or not created yet): finish the old file, then go on in the new one.
          if (tailing != null) {
            tailing.copyTo(sink, true);
          }
          Source next = Source.open(current);
          if (next != null) {
            sources.add(next);
            tailing = next;
          }
        }
        if (tailing != null) {
          tailing.copyTo(sink, lastPass);
        }
        if (lastPass || sink.done()) {
          return;
        }
        if (ended.toCompletableFuture().isDone()) {
          // The shim drained the container's output before it ended: one more pass reads it all.
          lastPass = true;
          continue;
        }
        try {
          Thread.sleep(FOLLOW_POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while following " + current);
        }
      }
    } finally {
      for (Source s : sources) {
        s.close();
      }
    }
  }

  /** Applies the options to records and writes them. */
  private static final class Sink {
    private final OutputStream out;
    private final LogOptions options;
    private final Instant since;
    private long linesLeft;
    private long bytesLeft;

    Sink(OutputStream out, LogOptions options, Instant since, long lines) {
      this.out = out;
      this.options = options;
      this.since = since;
      this.linesLeft = lines;
      this.bytesLeft = options.limitBytes().orElse(Long.MAX_VALUE);
    }

    boolean done() {
      return linesLeft <= 0 || bytesLeft <= 0;
    }

    void accept(byte[] buf, int from, int to) throws IOException {
      if (done()) {
        return;
      }
      CriLogLine line = CriLogLine.parse(buf, from, to).orElse(null);
      if (line == null) {
        return;
      }
      boolean wanted = switch (options.stream()) {
        case ALL -> true;
        case STDOUT -> !line.stderr();
        case STDERR -> line.stderr();
      };
      if (wanted && !line.timestamp().isBefore(since)) {
        byte[] r = line.render(options.timestamps());
        int n = (int) Math.min(r.length, bytesLeft);
        out.write(r, 0, n);
        bytesLeft -= n;
      }
      linesLeft--;
    }
  }

  /** One open log file and the reader's position in it. */
  private static final class Source {
    private final FileChannel channel;
    private final Object fileKey;
    private final ByteBuffer buf = ByteBuffer.allocate(CHUNK);

    private Source(FileChannel channel, Object fileKey) {
      this.channel = channel;
      this.fileKey = fileKey;
    }

    static Source open(Path p) throws IOException {
      try {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
        Object key = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        return new Source(ch, key);
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    boolean isReplacedBy(Path p) {
      try {
        return !Objects.equals(fileKey, Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
      } catch (IOException e) {
        return false;
      }
    }

    /**
     * Positions the reader at the start of the last {@code n} records; returns how many records
     * that is (fewer when the file holds fewer). The final line feed ends the last record.
     */
    long seekToTail(long n) throws IOException {
      long size = channel.size();
      if (n <= 0 || size == 0) {
        channel.position(size);
        return 0;
      }
      ByteBuffer b = ByteBuffer.allocate(CHUNK);
      long end = size;
      long count = 0;
      boolean skipFinal = true;
      while (end > 0) {
        long start = Math.max(0, end - CHUNK);
        b.clear().limit((int) (end - start));
        channel.read(b, start);
        for (int i = (int) (end - start) - 1; i >= 0; i--) {
          if (b.get(i) == '\n') {
            if (skipFinal && start + i == size - 1) {
              continue;
            }
            if (++count == n) {
              channel.position(start + i + 1);
              return n;
            }
          }
        }
        skipFinal = false;
        end = start;
      }
      channel.position(0);
      return count + 1;
    }

    /**
     * Copies whole records from the current position to the end of the file (or until the sink
     * has all it wants). An unterminated last record is kept for later unless {@code takeIncomplete}.
     */
    void copyTo(Sink sink, boolean takeIncomplete) throws IOException {
      while (!sink.done()) {
        int n = channel.read(buf);
        if (n <= 0 && buf.position() == 0) {
          break;
        }
        byte[] a = buf.array();
        int len = buf.position();
        int start = 0;
        for (int i = 0; i < len && !sink.done(); i++) {
          if (a[i] == '\n') {
            sink.accept(a, start, i);
            start = i + 1;
          }
        }
        if (n <= 0) {
          if (takeIncomplete && start < len && !sink.done()) {
            sink.accept(a, start, len);
            start = len;
          }
          compact(start, len);
          break;
        }
        if (start == 0 && len == a.length) {
          // A record longer than the buffer (the shim never writes one): take it as it is.
          sink.accept(a, 0, len);
          start = len;
        }
        compact(start, len);
      }
      sink.out.flush();
    }

    private void compact(int consumed, int len) {
      byte[] a = buf.array();
      System.arraycopy(a, consumed, a, 0, len - consumed);
      buf.clear().position(len - consumed);
    }

    void close() throws IOException {
      channel.close();
    }
  }
}
