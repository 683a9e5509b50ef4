package dev.berth.dns;

import java.util.List;
import org.xbill.DNS.Record;

/** What {@link DnsRecords} decides for one question: a closed set. */
public sealed interface DnsAnswer {

  /**
   * berth owns the name (the cluster zone, or a reverse name of a Service or endpoint IP) and
   * answers it with the AA bit.
   *
   * @param rcode {@link org.xbill.DNS.Rcode#NOERROR} (with an empty answer: NODATA),
   *     {@link org.xbill.DNS.Rcode#NXDOMAIN} or {@link org.xbill.DNS.Rcode#SERVFAIL}
   * @param authority the zone's SOA for negative answers
   * @param additional addresses of SRV targets and of {@code ns.dns.<zone>}
   */
  record Authoritative(int rcode, List<Record> answer, List<Record> authority, List<Record> additional) implements DnsAnswer {
    public Authoritative {
      answer = List.copyOf(answer);
      authority = List.copyOf(authority);
      additional = List.copyOf(additional);
    }
  }

  /** Not a cluster name: the host's resolvers answer it. */
  record Forward() implements DnsAnswer {}
}
