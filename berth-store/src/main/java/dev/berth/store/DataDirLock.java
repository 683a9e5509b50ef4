package dev.berth.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on {@code DIR/store.lock}, held for as long as a store is open, so that two
 * berth servers never share one data directory. The lock is the kernel's ({@code fcntl}): it goes
 * away with the process, also on {@code kill -9}, so a stale file never blocks a restart. The file
 * holds the owner's pid, for the message the next process prints.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE_NAME = "store.lock";

  private final FileChannel channel;

  private DataDirLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Takes the lock without waiting.
   *
   * @throws StoreException.Unavailable naming {@code dir} and the holder when another store (in
   *     this or another process) has it
   */
  static DataDirLock acquire(Path dir) {
    var path = dir.resolve(FILE_NAME);
    FileChannel channel;
    try {
      channel = FileChannel.open(
          path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException.Unavailable("cannot create the lock file " + path + ": " + e, e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // a store of this JVM holds it
      }
      if (lock == null) {
        var holder = holder(path);
        channel.close();
        throw new StoreException.Unavailable(
            "the data directory " + dir + " is in use by another berth server ("
                + (holder.isEmpty() ? "unknown process" : "process " + holder) + " holds " + path
                + "); two servers must never share a data directory: stop the other one or choose another data directory");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      return new DataDirLock(channel);
    } catch (IOException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StoreException.Unavailable("cannot lock " + path + ": " + e, e);
    }
  }

  private static String holder(Path path) {
    try {
      return Files.readString(path, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    try {
      channel.close(); // releases the lock
    } catch (IOException e) {
      throw new StoreException.Unavailable("cannot release " + FILE_NAME + ": " + e, e);
    }
  }
}
