package dev.berth.cli.up;

/** A manifest that cannot be read: the message names the file (and document) and says why. */
public final class ManifestException extends Exception {
  public ManifestException(String message) {
    super(message);
  }
}
