package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code NAME ENDPOINTS AGE}. ENDPOINTS lists up to three {@code ip:port} (one per address and
 * port; bare IPs for a subset without ports; IPv6 in brackets), then {@code  + N more...} with N
 * the remaining count; {@code <none>} without subsets. Five addresses on one port: {@code
 * 10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...}.
 */
final class EndpointsPrinter implements TablePrinter {
  private static final int MAX = 3;
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Endpoints", "The set of all endpoints is the union of all subsets."),
      Columns.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    Endpoints ep = Cells.as(Endpoints.class, object);
    return List.of(Cells.name(ep), format(Cells.list(ep.getSubsets())), Cells.age(ep, now));
  }

  static String format(List<EndpointSubset> subsets) {
    if (subsets.isEmpty()) {
      return Cells.NONE;
    }
    List<String> list = new ArrayList<>();
    boolean more = false;
    int count = 0;
    for (EndpointSubset subset : subsets) {
      List<EndpointAddress> addresses = Cells.list(subset.getAddresses());
      List<EndpointPort> ports = Cells.list(subset.getPorts());
      if (ports.isEmpty()) {
        // Headless services may have no ports.
        count += addresses.size();
        for (EndpointAddress a : addresses) {
          if (list.size() == MAX) {
            more = true;
            break;
          }
          list.add(Cells.text(a.getIp()));
        }
        continue;
      }
      for (EndpointPort port : ports) {
        count += addresses.size();
        for (EndpointAddress a : addresses) {
          if (list.size() == MAX) {
            more = true;
            break;
          }
          list.add(joinHostPort(Cells.text(a.getIp()), Cells.number(port.getPort())));
        }
      }
    }
    String joined = String.join(",", list);
    return more ? joined + " + " + (count - MAX) + " more..." : joined;
  }

  /** Go's {@code net.JoinHostPort}: brackets around hosts that contain a colon. */
  static String joinHostPort(String host, long port) {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
