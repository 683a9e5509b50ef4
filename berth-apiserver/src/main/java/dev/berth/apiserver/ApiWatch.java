package dev.berth.apiserver;

import dev.berth.api.ApiException;
import dev.berth.api.ResourceType;
import dev.berth.api.selector.FieldSelector;
import dev.berth.api.selector.LabelSelector;
import dev.berth.store.Watch;
import dev.berth.store.WatchEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One API watch: the store's change stream of one resource, filtered by namespace and selectors,
 * in the external form, with selector transitions turned into ADDED/DELETED
 * ({@code spec/api-server.md} §10.2). Starting from "0" it first yields a synthetic ADDED per
 * current object.
 */
public final class ApiWatch implements AutoCloseable {

  /** What a watch yields: an event, or the end of a watch that fell behind (410). */
  public sealed interface Item {
    record Event(String type, ObjectNode object) implements Item {}

    record Expired(ApiException error) implements Item {}
  }

  private final ResourceService service;
  private final ResourceType type;
  private final Watch watch;
  private final LabelSelector labels;
  private final FieldSelector fields;
  private final Deque<Item> pending = new ArrayDeque<>();
  private volatile boolean over;

  ApiWatch(ResourceService service, ResourceType type, List<ObjectNode> initial, Watch watch, LabelSelector labels, FieldSelector fields) {
    this.service = service;
    this.type = type;
    this.watch = watch;
    this.labels = labels;
    this.fields = fields;
    for (ObjectNode o : initial) {
      pending.add(new Item.Event("ADDED", service.external(type, o)));
    }
  }

  /**
   * The next item, or null after {@code timeout} without one; {@link Duration#ZERO} returns what
   * is already there without waiting (as {@link Watch#poll} does). After {@link Item.Expired}
   * the watch is over.
   */
  public Item next(Duration timeout) throws InterruptedException {
    if (!pending.isEmpty()) {
      return pending.poll();
    }
    if (over) {
      return null;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // always ask the store at least once: events already buffered are returned even when no time is left
      long left = Math.max(0, deadline - System.nanoTime());
      WatchEvent e = watch.poll(Duration.ofNanos(left));
      if (e == null) {
        return null;
      }
      Item item = translate(e);
      if (item != null) {
        return item;
      }
    }
  }

  private Item translate(WatchEvent e) {
    return switch (e) {
      case WatchEvent.Expired x -> {
        over = true;
        yield new Item.Expired(ApiException.gone(x.message()));
      }
      case WatchEvent.Change c -> {
        boolean now = service.matches(type, c.object(), labels, fields);
        boolean before = c.previous() != null && service.matches(type, c.previous(), labels, fields);
        String t = switch (c.type()) {
          case ADDED -> now ? "ADDED" : null;
          case DELETED -> now ? "DELETED" : null;
          case MODIFIED -> now && before ? "MODIFIED" : now ? "ADDED" : before ? "DELETED" : null;
        };
        yield t == null ? null : new Item.Event(t, service.external(type, c.object()));
      }
    };
  }

  @Override
  public void close() {
    over = true;
    watch.close();
  }
}
