package dev.berth.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The line {@code berth-shim} writes to {@code <attempt>.exit} (by rename, so it is whole or
 * absent) when a container has ended and its output is drained: {@code "<exitCode> <finishedAt>"},
 * e.g. {@code "137 2026-11-25T17:32:03.996642Z"}. It outlives berth: a container that ends while
 * no berth runs is reported with this code and time by the next one ({@link
 * ProcessLauncher#exitRecord}).
 *
 * @param exitCode 128 + signal for a signal death
 */
public record ExitRecord(int exitCode, Instant finishedAt) {

  /**
   * The exit code reported for a container whose end nobody recorded (its shim was killed, or
   * the machine rebooted): upstream reports such containers as {@code ContainerStatusUnknown}
   * with exit code 137.
   */
  static final int UNKNOWN_EXIT_CODE = 137;

  static Optional<ExitRecord> read(Path file) {
    String s;
    try {
      s = Files.readString(file).trim();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    return parse(s);
  }

  static Optional<ExitRecord> parse(String s) {
    String[] f = s.trim().split(" ");
    try {
      return Optional.of(new ExitRecord(Integer.parseInt(f[0]), f.length > 1 ? Instant.parse(f[1]) : Instant.EPOCH));
    } catch (NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
