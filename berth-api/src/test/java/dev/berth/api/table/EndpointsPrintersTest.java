package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EndpointsPrintersTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  static EndpointAddress[] addresses(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(i -> new EndpointAddressBuilder().withIp("10.0.0." + i).build())
        .toArray(EndpointAddress[]::new);
  }

  static EndpointSubset subset(int addresses, int... ports) {
    var b = new EndpointSubsetBuilder().withAddresses(addresses(addresses));
    for (int p : ports) {
      b.addNewPort().withPort(p).withName("p" + p).withProtocol("TCP").endPort();
    }
    return b.build();
  }

  record EndpointsCase(String why, List<EndpointSubset> subsets, String expected) {
    @Override
    public String toString() {
      return why;
    }
  }

  static Stream<EndpointsCase> endpointsCases() {
    return Stream.of(
        new EndpointsCase("no subsets", List.of(), "<none>"),
        new EndpointsCase("one address", List.of(subset(1, 80)), "10.0.0.1:80"),
        new EndpointsCase("exactly three", List.of(subset(3, 80)), "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80"),
        new EndpointsCase("five addresses", List.of(subset(5, 80)),
            "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more..."),
        new EndpointsCase("two ports multiply", List.of(subset(2, 80, 443)),
            "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more..."),
        new EndpointsCase("headless without ports prints bare IPs", List.of(subset(2)), "10.0.0.1,10.0.0.2"),
        new EndpointsCase("IPv6 in brackets",
            List.of(new EndpointSubsetBuilder().addNewAddress().withIp("fd00::1").endAddress()
                .addNewPort().withPort(8080).endPort().build()),
            "[fd00::1]:8080"),
        new EndpointsCase("over several subsets",
            List.of(subset(2, 80), subset(2, 81)), "10.0.0.1:80,10.0.0.2:80,10.0.0.1:81 + 1 more..."));
  }

  @ParameterizedTest
  @MethodSource("endpointsCases")
  void endpoints(EndpointsCase c) {
    var ep = new EndpointsBuilder().withNewMetadata().withName("web").withCreationTimestamp("2026-01-01T11:00:00Z")
        .endMetadata().withSubsets(c.subsets()).build();
    assertThat(new EndpointsPrinter().cells(ep, NOW)).as(c.why()).containsExactly("web", c.expected(), "60m");
  }

  record SliceCase(String why, EndpointSlice slice, List<Object> cells) {
    @Override
    public String toString() {
      return why;
    }
  }

  static EndpointSliceBuilder slice() {
    return new EndpointSliceBuilder()
        .withNewMetadata().withName("web-abc12").withCreationTimestamp("2026-01-01T11:00:00Z").endMetadata()
        .withAddressType("IPv4");
  }

  static Stream<SliceCase> sliceCases() {
    return Stream.of(
        new SliceCase("empty slice", slice().build(), List.of("web-abc12", "IPv4", "<unset>", "<unset>", "60m")),
        new SliceCase("ports by number, name or *; addresses across endpoints",
            slice().withPorts(new EndpointPortBuilder().withPort(80).build(),
                    new EndpointPortBuilder().withName("metrics").build(), new EndpointPortBuilder().build())
                .withEndpoints(new EndpointBuilder().withAddresses("10.0.0.1").build(),
                    new EndpointBuilder().withAddresses("10.0.0.2", "10.0.0.3").build())
                .build(),
            List.of("web-abc12", "IPv4", "80,metrics,*", "10.0.0.1,10.0.0.2,10.0.0.3", "60m")),
        new SliceCase("more than three",
            slice().withPorts(IntStream.rangeClosed(1, 5).mapToObj(i -> new EndpointPortBuilder().withPort(8000 + i).build()).toList())
                .withEndpoints(IntStream.rangeClosed(1, 4).mapToObj(i -> new EndpointBuilder().withAddresses("10.0.0." + i).build()).toList())
                .build(),
            List.of("web-abc12", "IPv4", "8001,8002,8003 + 2 more...", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...", "60m")));
  }

  @ParameterizedTest
  @MethodSource("sliceCases")
  void endpointSlices(SliceCase c) {
    assertThat(new EndpointSlicePrinter().cells(c.slice(), NOW)).as(c.why()).containsExactlyElementsOf(c.cells());
  }
}
