package dev.berth.dns;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One DNS exchange, wire bytes in, wire bytes out, without sockets: parses the query, asks
 * {@link DnsRecords} (cluster names) or the {@link DnsUpstream} (everything else), and encodes
 * the response for its transport.
 *
 * <ul>
 *   <li>Cluster answers carry AA; every response carries RA (berth recurses by forwarding).
 *   <li>Before the informers have synced ({@code snapshots} yields null), cluster names get
 *       SERVFAIL, as CoreDNS does until its caches are ready.
 *   <li>An ExternalName CNAME to a name outside the zone is followed through the upstream, and
 *       the upstream's answer records are appended after the CNAME.
 *   <li>UDP responses fit in 512 bytes, or in the EDNS0 buffer size the query advertised (at most
 *       {@value #MAX_EDNS_PAYLOAD}); larger ones are cut at an RRset boundary with TC set, and the
 *       client retries over TCP.
 *   <li>A query with a malformed body gets FORMERR; a non-QUERY opcode NOTIMP; zone transfers
 *       and non-IN classes REFUSED; an upstream failure SERVFAIL. Garbage shorter than a header,
 *       and responses, are dropped (null).
 * </ul>
 */
public final class DnsResponder {
  /** The EDNS0 payload size berth advertises and the most it honours (the 2020 DNS flag day value). */
  public static final int MAX_EDNS_PAYLOAD = 1232;

  /** How the answer travels: UDP is size-limited, TCP carries up to 64 KiB. */
  public enum Transport { UDP, TCP }

  private final DnsRecords records;
  private final Supplier<DnsSnapshot> snapshots;
  private final DnsUpstream upstream;

  /** @param snapshots the current cluster state, null until the informers have synced */
  public DnsResponder(DnsRecords records, Supplier<DnsSnapshot> snapshots, DnsUpstream upstream) {
    this.records = records;
    this.snapshots = snapshots;
    this.upstream = upstream;
  }

  /** The response to {@code query}, or null when nothing should be sent back. */
  public byte[] respond(byte[] query, Transport transport) {
    Message request;
    try {
      request = new Message(query);
    } catch (IOException e) {
      return query.length >= Header.LENGTH ? formErr(query) : null;
    }
    Header h = request.getHeader();
    if (h.getFlag(Flags.QR)) {
      return null;
    }
    Message response = respond(request);
    int limit = transport == Transport.TCP ? 65535 : udpLimit(request);
    return encode(response, limit);
  }

  /**
   * The response within {@code limit} bytes. When it does not fit, like CoreDNS: the additional
   * section goes first, then answer records from the end, as few as needed, and TC is set (a
   * resolver then asks again over TCP; one that ignores TC still gets the records that fit).
   */
  static byte[] encode(Message response, int limit) {
    byte[] wire = response.toWire();
    if (wire.length <= limit) {
      return wire;
    }
    List<Record> answers = response.getSection(Section.ANSWER);
    // binary search for the most answer records that fit: lo always fits (or is 0), hi does not
    int lo = 0;
    int hi = answers.size() + 1;
    wire = truncated(response, answers, 0);
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      byte[] w = truncated(response, answers, mid);
      if (w.length <= limit) {
        lo = mid;
        wire = w;
      } else {
        hi = mid;
      }
    }
    return wire.length <= limit ? wire : response.toWire(limit);
  }

  /** {@code response} with TC, its first {@code keep} answers, its authority and OPT only. */
  private static byte[] truncated(Message response, List<Record> answers, int keep) {
    Message cut = response.clone();
    cut.getHeader().setFlag(Flags.TC);
    cut.removeAllRecords(Section.ANSWER);
    cut.removeAllRecords(Section.ADDITIONAL);
    for (Record r : answers.subList(0, Math.min(keep, answers.size()))) {
      cut.addRecord(r, Section.ANSWER);
    }
    if (response.getOPT() != null) {
      cut.addRecord(response.getOPT(), Section.ADDITIONAL);
    }
    return cut.toWire();
  }

  private Message respond(Message request) {
    Header h = request.getHeader();
    Record question = request.getQuestion();
    if (h.getOpcode() != Opcode.QUERY) {
      return reply(request, Rcode.NOTIMP);
    }
    if (question == null || request.getSection(Section.QUESTION).size() != 1) {
      return reply(request, Rcode.FORMERR);
    }
    int qtype = question.getType();
    if (qtype == Type.AXFR || qtype == Type.IXFR || (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY)) {
      return reply(request, Rcode.REFUSED);
    }
    Name qname = question.getName();
    DnsSnapshot snapshot = snapshots.get();
    DnsAnswer answer = snapshot == null
        ? (records.inZone(qname) ? new DnsAnswer.Authoritative(Rcode.SERVFAIL, List.of(), List.of(), List.of()) : new DnsAnswer.Forward())
        : records.answer(qname, qtype, snapshot);
    return switch (answer) {
      case DnsAnswer.Forward f -> forward(request);
      case DnsAnswer.Authoritative a -> authoritative(request, a);
    };
  }

  private Message authoritative(Message request, DnsAnswer.Authoritative a) {
    Message response = reply(request, a.rcode());
    response.getHeader().setFlag(Flags.AA);
    for (Record r : a.answer()) {
      response.addRecord(r, Section.ANSWER);
    }
    for (Record r : a.authority()) {
      response.addRecord(r, Section.AUTHORITY);
    }
    for (Record r : a.additional()) {
      response.addRecord(r, Section.ADDITIONAL);
    }
    Record last = a.answer().isEmpty() ? null : a.answer().get(a.answer().size() - 1);
    int qtype = request.getQuestion().getType();
    if (a.rcode() == Rcode.NOERROR && last != null && last.getType() == Type.CNAME && qtype != Type.CNAME
        && !records.inZone(((CNAMERecord) last).getTarget())) {
      followUpstream(request, response, ((CNAMERecord) last).getTarget(), qtype);
    }
    return response;
  }

  /** Appends the upstream's answer for an ExternalName target; on failure the CNAME stands alone. */
  private void followUpstream(Message request, Message response, Name target, int qtype) {
    Message query = Message.newQuery(Record.newRecord(target, qtype, DClass.IN));
    try {
      Message upstreamResponse = upstream.exchange(query);
      for (Record r : upstreamResponse.getSection(Section.ANSWER)) {
        response.addRecord(r, Section.ANSWER);
      }
      if (upstreamResponse.getRcode() == Rcode.NXDOMAIN) {
        response.getHeader().setRcode(Rcode.NXDOMAIN);
      }
    } catch (IOException e) {
      System.getLogger(DnsResponder.class.getName()).log(System.Logger.Level.DEBUG,
          "following " + target + " for " + request.getQuestion().getName() + ": " + e.getMessage());
    }
  }

  private Message forward(Message request) {
    Message query = request.clone();
    query.getHeader().setFlag(Flags.RD);
    try {
      Message upstreamResponse = upstream.exchange(query);
      Message response = upstreamResponse.clone();
      Header h = response.getHeader();
      h.setID(request.getHeader().getID());
      h.setFlag(Flags.QR);
      h.setFlag(Flags.RA);
      h.unsetFlag(Flags.AA);
      if (!request.getHeader().getFlag(Flags.RD)) {
        h.unsetFlag(Flags.RD);
      }
      h.unsetFlag(Flags.TC);
      response.removeAllRecords(Section.ADDITIONAL);
      copyNonOpt(upstreamResponse, response);
      addOpt(request, response);
      return response;
    } catch (IOException e) {
      System.getLogger(DnsResponder.class.getName()).log(System.Logger.Level.DEBUG,
          "forwarding " + request.getQuestion().getName() + ": " + e.getMessage());
      return reply(request, Rcode.SERVFAIL);
    }
  }

  /** The upstream's additional records without its OPT: berth speaks EDNS for itself. */
  private static void copyNonOpt(Message from, Message to) {
    for (Record r : from.getSection(Section.ADDITIONAL)) {
      if (r.getType() != Type.OPT) {
        to.addRecord(r, Section.ADDITIONAL);
      }
    }
  }

  /** A response header for {@code request}: same ID, opcode, RD and question; QR and RA set. */
  private static Message reply(Message request, int rcode) {
    Header rh = request.getHeader();
    Message response = new Message(rh.getID());
    Header h = response.getHeader();
    h.setFlag(Flags.QR);
    h.setFlag(Flags.RA);
    if (rh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    h.setOpcode(rh.getOpcode());
    h.setRcode(rcode);
    Record q = request.getQuestion();
    if (q != null && rcode != Rcode.FORMERR) {
      response.addRecord(q, Section.QUESTION);
    }
    addOpt(request, response);
    return response;
  }

  private static void addOpt(Message request, Message response) {
    if (request.getOPT() != null) {
      response.addRecord(new OPTRecord(MAX_EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
  }

  private static int udpLimit(Message request) {
    OPTRecord opt = request.getOPT();
    if (opt == null) {
      return 512;
    }
    return Math.max(512, Math.min(opt.getPayloadSize(), MAX_EDNS_PAYLOAD));
  }

  /** FORMERR echoing the ID of a query whose body could not be parsed. */
  private static byte[] formErr(byte[] query) {
    int id = ((query[0] & 0xff) << 8) | (query[1] & 0xff);
    Message response = new Message(id);
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setRcode(Rcode.FORMERR);
    return response.toWire();
  }
}
