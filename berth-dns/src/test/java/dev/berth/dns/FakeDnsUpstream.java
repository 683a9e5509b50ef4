package dev.berth.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A scripted upstream resolver: answers the records given for a question, NXDOMAIN for anything
 * else, or fails every exchange after {@link #fail}. Remembers the questions it was asked.
 */
final class FakeDnsUpstream implements DnsUpstream {
  private final Map<String, List<Record>> answers = new HashMap<>();
  private final List<String> asked = new ArrayList<>();
  private IOException failure;

  /** Answers {@code record}'s name and type with it (several calls add records). */
  synchronized FakeDnsUpstream add(Record record) {
    answers.computeIfAbsent(key(record), k -> new ArrayList<>()).add(record);
    return this;
  }

  synchronized void fail(IOException e) {
    failure = e;
  }

  /** The questions asked so far, as {@code name type}. */
  synchronized List<String> asked() {
    return List.copyOf(asked);
  }

  @Override
  public synchronized Message exchange(Message query) throws IOException {
    Record q = query.getQuestion();
    asked.add(q.getName() + " " + org.xbill.DNS.Type.string(q.getType()));
    if (failure != null) {
      throw failure;
    }
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.RA);
    response.addRecord(q, Section.QUESTION);
    List<Record> records = answers.get(key(q));
    if (records == null) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    } else {
      records.forEach(r -> response.addRecord(r, Section.ANSWER));
    }
    return response;
  }

  private static String key(Record r) {
    return r.getName().toString().toLowerCase(java.util.Locale.ROOT) + " " + r.getType();
  }
}
