package dev.berth.apiserver.http;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the API layer sees it: no Netty types, so handlers are testable without a
 * socket.
 *
 * @param path the decoded path without the query, e.g. {@code /api/v1/namespaces/default/pods}
 * @param query every query parameter with all its values
 * @param headers lower-case header names
 */
public record HttpCall(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {

  public String param(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return v == null || v.isEmpty() ? null : String.join(", ", v);
  }

  public boolean flag(String name) {
    String v = param(name);
    return v != null && (v.equals("true") || v.equals("1"));
  }
}
