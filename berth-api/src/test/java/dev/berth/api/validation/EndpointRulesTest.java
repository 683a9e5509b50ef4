package dev.berth.api.validation;

import static dev.berth.api.validation.Manifests.lines;
import static dev.berth.api.validation.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Endpoints and EndpointSlices, with berth's loopback pod addresses. */
class EndpointRulesTest {

  static final EndpointsRules ENDPOINTS = new EndpointsRules();
  static final EndpointSliceRules SLICES = new EndpointSliceRules();

  static Endpoints endpoints() {
    Endpoints ep = parse("""
        {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"nginx","namespace":"default"},
         "subsets":[{"addresses":[{"ip":"127.1.0.7","hostname":"web-0","nodeName":"berth",
           "targetRef":{"kind":"Pod","name":"web-0","namespace":"default"}}],"ports":[{"name":"web","port":80}]}]}
        """, Endpoints.class);
    ENDPOINTS.applyDefaults(ep);
    return ep;
  }

  static EndpointSlice slice() {
    EndpointSlice s = parse("""
        {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"nginx-abcde","namespace":"default",
          "labels":{"kubernetes.io/service-name":"nginx"}},
         "addressType":"IPv4","ports":[{"name":"web","port":80}],
         "endpoints":[{"addresses":["127.1.0.7"],"conditions":{"ready":true},"hostname":"web-0","nodeName":"berth"}]}
        """, EndpointSlice.class);
    SLICES.applyDefaults(s);
    return s;
  }

  @Test
  void loopbackPodAddressesAreAccepted() {
    assertThat(endpoints().getSubsets().get(0).getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(ENDPOINTS.validateCreate(endpoints())).as("upstream rejects 127.0.0.0/8; berth's pods live there").isEmpty();
    assertThat(slice().getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(SLICES.validateCreate(slice())).isEmpty();
  }

  record EndpointsCase(String name, Consumer<Endpoints> change, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<EndpointsCase> invalidEndpoints() {
    return Stream.of(
        new EndpointsCase("link-local", e -> e.getSubsets().get(0).getAddresses().get(0).setIp("169.254.1.1"),
            List.of("subsets[0].addresses[0].ip: Invalid value: \"169.254.1.1\": may not be in the link-local range (169.254.0.0/16, fe80::/10)")),
        new EndpointsCase("not an IP", e -> e.getSubsets().get(0).getAddresses().get(0).setIp("web-0"),
            List.of("subsets[0].addresses[0].ip: Invalid value: \"web-0\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                "subsets[0].addresses[0].ip: Invalid value: \"web-0\": must be a valid IP address")),
        new EndpointsCase("unspecified", e -> e.getSubsets().get(0).getAddresses().get(0).setIp("0.0.0.0"),
            List.of("subsets[0].addresses[0].ip: Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)")),
        new EndpointsCase("no addresses", e -> e.getSubsets().get(0).setAddresses(List.of()),
            List.of("subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`")),
        new EndpointsCase("unnamed second port", e -> e.getSubsets().get(0).getPorts().add(
            new io.fabric8.kubernetes.api.model.EndpointPort(null, null, 81, "TCP")),
            List.of("subsets[0].ports[1].name: Required value")));
  }

  @ParameterizedTest
  @MethodSource("invalidEndpoints")
  void rejectsBadEndpoints(EndpointsCase c) {
    Endpoints ep = endpoints();
    ep.getSubsets().get(0).setPorts(new ArrayList<>(ep.getSubsets().get(0).getPorts()));
    c.change().accept(ep);
    assertThat(lines(ENDPOINTS.validateCreate(ep))).as("errors for %s", c).isEqualTo(c.expected());
  }

  record SliceCase(String name, Consumer<EndpointSlice> change, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<SliceCase> invalidSlices() {
    return Stream.of(
        new SliceCase("address type", s -> s.setAddressType("IPv5"),
            List.of("addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")),
        new SliceCase("too many endpoints", s -> {
          List<Endpoint> many = new ArrayList<>();
          for (int i = 0; i < 1001; i++) {
            many.add(new EndpointBuilder().withAddresses("127.1.0." + (i % 250 + 1)).build());
          }
          s.setEndpoints(many);
        }, List.of("endpoints: Too many: 1001: must have at most 1000 items")),
        new SliceCase("IPv6 address in an IPv4 slice", s -> s.getEndpoints().get(0).setAddresses(List.of("::1")),
            List.of("endpoints[0].addresses[0]: Invalid value: \"::1\": must be a valid IPv4 address")),
        new SliceCase("endpoint without addresses", s -> s.getEndpoints().get(0).setAddresses(List.of()),
            List.of("endpoints[0].addresses: Required value: must contain at least 1 address")),
        new SliceCase("duplicate port names", s -> {
          s.setPorts(new ArrayList<>(s.getPorts()));
          s.getPorts().add(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort(null, "web", 81, "TCP"));
        }, List.of("ports[1].name: Duplicate value: \"web\"")),
        new SliceCase("FQDN", s -> {
          s.setAddressType("FQDN");
          s.getEndpoints().get(0).setAddresses(List.of("localhost"));
        }, List.of("endpoints[0].addresses[0]: Invalid value: \"localhost\": should be a domain with at least two segments separated by dots")));
  }

  @ParameterizedTest
  @MethodSource("invalidSlices")
  void rejectsBadSlices(SliceCase c) {
    EndpointSlice s = slice();
    c.change().accept(s);
    assertThat(lines(SLICES.validateCreate(s))).as("errors for %s", c).isEqualTo(c.expected());
  }

  @Test
  void theAddressTypeIsImmutable() {
    EndpointSlice old = slice();
    EndpointSlice s = slice();
    s.setAddressType("IPv6");
    s.setEndpoints(List.of());
    assertThat(lines(SLICES.validateUpdate(s, old))).containsExactly("addressType: Invalid value: \"IPv6\": field is immutable");
  }
}
