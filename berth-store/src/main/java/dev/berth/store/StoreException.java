package dev.berth.store;

/** Why a store operation did not happen. The API layer maps each to its Status. */
public sealed class StoreException extends RuntimeException {
  StoreException(String message) {
    super(message);
  }

  public static final class NotFound extends StoreException {
    public NotFound(String key) {
      super(key + " not found");
    }
  }

  public static final class AlreadyExists extends StoreException {
    public AlreadyExists(String key) {
      super(key + " already exists");
    }
  }

  public static final class Conflict extends StoreException {
    public Conflict(String key, long expected, long actual) {
      super(key + ": expected revision " + expected + ", found " + actual);
    }
  }

  /** e.g. {@code too old resource version: 12 (345)} */
  public static final class Expired extends StoreException {
    public Expired(String message) {
      super(message);
    }
  }

  /** The store could not make a write durable; nothing was acknowledged. */
  public static final class Unavailable extends StoreException {
    public Unavailable(String message) {
      super(message);
    }

    public Unavailable(String message, Throwable cause) {
      super(message);
      initCause(cause);
    }
  }
}
