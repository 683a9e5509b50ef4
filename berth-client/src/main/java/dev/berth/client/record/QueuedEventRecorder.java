package dev.berth.client.record;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An {@link EventRecorder} that hands events to another one on a thread of its own, in the order
 * they were recorded, as client-go's event broadcaster does: recording an event never waits for
 * the API, so a pod's start does not wait for its {@code Scheduled}, {@code Created} and {@code
 * Started} Events to be written. Like the broadcaster (1000 queued events), it holds at most
 * {@code capacity} events; one recorded while that many wait is logged and dropped, which the
 * {@link EventRecorder} contract (best effort) allows.
 *
 * <p>{@link #close} writes what is queued, for at most the given time, then stops the thread.
 */
public final class QueuedEventRecorder implements EventRecorder, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(QueuedEventRecorder.class.getName());
  /** client-go's {@code maxQueuedEvents}. */
  public static final int DEFAULT_CAPACITY = 1000;

  private record Recorded(HasMetadata object, String fieldPath, String type, String reason, String message) {}

  private static final Recorded END = new Recorded(null, null, null, null, null);

  private final EventRecorder delegate;
  private final BlockingQueue<Recorded> queue;
  private final Thread writer;
  private volatile boolean closed;

  /** @param delegate writes the events, e.g. a {@link ClientEventRecorder}; called from one thread only */
  public QueuedEventRecorder(EventRecorder delegate, int capacity, String name) {
    this.delegate = Objects.requireNonNull(delegate);
    this.queue = new ArrayBlockingQueue<>(capacity + 1);
    this.writer = Thread.ofVirtual().name("berth-events-" + name).start(this::drain);
  }

  @Override
  public void event(HasMetadata object, String fieldPath, String type, String reason, String message) {
    if (closed || queue.remainingCapacity() <= 1 || !queue.offer(new Recorded(object, fieldPath, type, reason, message))) {
      LOG.log(System.Logger.Level.WARNING, "event dropped (" + (closed ? "recorder closed" : "too many queued") + "): " + reason
          + " \"" + message + "\" on " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName());
    }
  }

  private void drain() {
    try {
      for (Recorded r = queue.take(); r != END; r = queue.take()) {
        try {
          delegate.event(r.object(), r.fieldPath(), r.type(), r.reason(), r.message());
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "cannot record event " + r.reason() + ": " + e.getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops taking events, writes the queued ones for at most {@code timeout}, then stops. */
  public void close(Duration timeout) {
    closed = true;
    queue.offer(END);
    try {
      if (!writer.join(timeout)) {
        writer.interrupt();
      }
    } catch (InterruptedException e) {
      writer.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }
}
