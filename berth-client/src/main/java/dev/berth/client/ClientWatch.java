package dev.berth.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;

/** A stream of typed watch events; close it to stop. */
public interface ClientWatch<T extends HasMetadata> extends AutoCloseable {

  /** The next event, or null after {@code timeout}; after {@link Event.Expired} the watch is over. */
  Event<T> poll(Duration timeout) throws InterruptedException;

  @Override
  void close();

  sealed interface Event<T extends HasMetadata> {
    record Added<T extends HasMetadata>(T object) implements Event<T> {}

    record Modified<T extends HasMetadata>(T object) implements Event<T> {}

    record Deleted<T extends HasMetadata>(T object) implements Event<T> {}

    record Expired<T extends HasMetadata>(String message) implements Event<T> {}
  }
}
