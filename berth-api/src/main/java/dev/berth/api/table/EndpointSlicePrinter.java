package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code NAME ADDRESSTYPE PORTS ENDPOINTS AGE}. PORTS: up to three port numbers (the port name
 * when no number, {@code *} when neither); ENDPOINTS: up to three addresses over all endpoints.
 * Both end in {@code  + N more...} when longer and are {@code <unset>} when empty.
 */
final class EndpointSlicePrinter implements TablePrinter {
  private static final int MAX = 3;
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("AddressType", "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type."),
      Column.string("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice."),
      Column.string("Endpoints", "endpoints is a list of unique endpoints in this slice."),
      Columns.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    EndpointSlice slice = Cells.as(EndpointSlice.class, object);
    List<String> ports = new ArrayList<>();
    for (EndpointPort p : Cells.list(slice.getPorts())) {
      ports.add(p.getPort() != null ? p.getPort().toString() : p.getName() != null ? p.getName() : "*");
    }
    List<String> addresses = new ArrayList<>();
    for (Endpoint e : Cells.list(slice.getEndpoints())) {
      addresses.addAll(Cells.list(e.getAddresses()));
    }
    return List.of(
        Cells.name(slice),
        Cells.text(slice.getAddressType()),
        withMore(ports),
        withMore(addresses),
        Cells.age(slice, now));
  }

  /** Upstream {@code listWithMoreString}. */
  static String withMore(List<String> all) {
    if (all.isEmpty()) {
      return Cells.UNSET;
    }
    String joined = String.join(",", all.subList(0, Math.min(MAX, all.size())));
    return all.size() > MAX ? joined + " + " + (all.size() - MAX) + " more..." : joined;
  }
}
