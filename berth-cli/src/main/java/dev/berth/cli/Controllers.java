package dev.berth.cli;

import dev.berth.api.time.Clock;
import dev.berth.client.ApiClient;
import dev.berth.controllers.gc.GarbageCollectorController;
import dev.berth.controllers.namespace.NamespaceController;

/** The controllers that run inside {@code berth server}: started after bootstrap, stopped before the API. */
final class Controllers implements AutoCloseable {
  private final GarbageCollectorController gc;
  private final NamespaceController namespaces;

  private Controllers(GarbageCollectorController gc, NamespaceController namespaces) {
    this.gc = gc;
    this.namespaces = namespaces;
  }

  static Controllers start(ApiClient client, Clock clock) {
    GarbageCollectorController gc = new GarbageCollectorController(client, clock);
    NamespaceController namespaces = new NamespaceController(client, clock);
    gc.start();
    namespaces.start();
    return new Controllers(gc, namespaces);
  }

  @Override
  public void close() {
    namespaces.stop();
    gc.stop();
  }
}
