package dev.berth.proxy;

import java.time.Duration;

/** {@code spec.sessionAffinity} of a Service, with its timeout (spec/services-dns.md §1.5). */
public sealed interface SessionAffinity {
  SessionAffinity NONE = new None();

  /** Each new connection (or UDP flow) is balanced afresh. */
  record None() implements SessionAffinity {}

  /**
   * New connections from one client key go to the endpoint its last one went to, while that
   * endpoint is usable and less than {@code timeout} has passed since that last connection.
   */
  record ClientIp(Duration timeout) implements SessionAffinity {}
}
