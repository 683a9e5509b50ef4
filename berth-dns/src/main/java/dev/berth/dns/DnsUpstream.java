package dev.berth.dns;

import java.io.IOException;
import org.xbill.DNS.Message;

/**
 * Where names outside the cluster zone go: the host's resolvers in production
 * ({@link HostDnsUpstream}), a scripted fake in tests.
 */
public interface DnsUpstream {

  /**
   * Sends {@code query} (one question, recursion desired) and returns the upstream's response,
   * whatever its rcode. Bounded in time: throws when no upstream answered in time, or when
   * there is no upstream at all; the caller then answers SERVFAIL.
   */
  Message exchange(Message query) throws IOException;
}
